"""When reminders and digests fall due: pure functions of a session, a chat and the time."""

from __future__ import annotations

import datetime as dtm
import zoneinfo
from collections.abc import Collection

from bot.models import ALL_TRACKS, Chat, Event, EventStatus

QUIET = frozenset({EventStatus.CANCELLED, EventStatus.POSTPONED})  # nothing to remind of


def _zone(chat: Chat) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(chat.timezone)


def _local(day: dtm.date, clock: dtm.time, chat: Chat) -> dtm.datetime:
    # A wall time skipped by a DST change reads with the offset before the change (fold=0),
    # i.e. one hour later on the clock; converting to UTC makes the instant unambiguous.
    return dtm.datetime.combine(day, clock, tzinfo=_zone(chat)).astimezone(dtm.UTC)


def reminder_times(event: Event, chat: Chat) -> list[tuple[int, dtm.datetime]]:
    """Return the chat's reminders for a session as (offset in minutes, due instant), by time.

    Timed sessions: due = start − offset, an exact duration (a "1 day" reminder comes 24 hours
    before, even across a DST change). All-day sessions have no start instant, so a reminder
    comes at the chat's all-day time (chat-local) on the day the offset reaches, counted in
    whole days: day = start_date − offset_minutes // 1440. Offsets under a day therefore remind
    on the session's first day; 1d and 1d 2h both remind the day before. Offsets that land on
    the same instant make one reminder, carrying the largest offset. Cancelled and postponed
    sessions have none.
    """
    if event.status in QUIET:
        return []
    largest: dict[dtm.datetime, int] = {}
    for offset in chat.reminder_offsets:
        if offset <= 0:
            continue
        if event.start_at is not None:
            due = event.start_at.astimezone(dtm.UTC) - dtm.timedelta(minutes=offset)
        else:
            day = event.start_date - dtm.timedelta(days=offset // 1440)
            due = _local(day, chat.allday_time, chat)
        largest[due] = max(largest.get(due, offset), offset)
    return sorted(((offset, due) for due, offset in largest.items()), key=lambda item: item[1])


def reminder_deadline(event: Event, chat: Chat) -> dtm.datetime:
    """Return the moment after which reminding of the session makes no sense: it has started.

    A timed session starts at its start time. An all-day session counts as started once its
    first day is over in the chat's timezone, not at midnight UTC: a reminder at 09:00 on the
    day of an all-day session is the point of the all-day rule, wherever the chat is.
    """
    if event.start_at is not None:
        return event.start_at.astimezone(dtm.UTC)
    return _local(event.start_date + dtm.timedelta(days=1), dtm.time(), chat)


def follows(tracks: Collection[str], track: str | None) -> bool:
    """Tell whether a chat following `tracks` follows sessions of `track`."""
    return ALL_TRACKS in tracks or (track is not None and track in tracks)


def digest_slot(chat: Chat, now: dtm.datetime) -> tuple[dtm.date, dtm.datetime]:
    """Return the next weekly digest: its week's Monday and when it is due (at or after now).

    The digest comes on Monday at the chat's all-day time, chat-local.
    """
    today = now.astimezone(_zone(chat)).date()
    monday = today - dtm.timedelta(days=today.weekday())
    due = _local(monday, chat.allday_time, chat)
    if due < now:
        monday += dtm.timedelta(weeks=1)
        due = _local(monday, chat.allday_time, chat)
    return monday, due


def week_tag(monday: dtm.date) -> str:
    """Return the ISO week of a Monday, e.g. "2022-W02": a digest's part of its unique key."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
