"""The texts negbot sends, as Telegram HTML: every value from users or articles is escaped here."""

from __future__ import annotations

import datetime as dtm
import html
import zoneinfo
from collections.abc import Sequence

from bot.models import Chat, Event, EventChange, EventStatus, Track

_STATUS = {
    EventStatus.TENTATIVE: "tentative",
    EventStatus.POSTPONED: "⏸ postponed",
    EventStatus.CANCELLED: "❌ cancelled",
}


def e(text: object) -> str:
    """Escape any text for Telegram's HTML parse mode."""
    return html.escape(str(text), quote=False)


def offset_text(minutes: int) -> str:
    """Return "1 day 2 hours" for 1560 minutes."""
    if minutes <= 0:
        return "now"
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    for amount, unit in ((days, "day"), (hours, "hour"), (mins, "minute")):
        if amount:
            parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}")
    return " ".join(parts)


def day_text(day: dtm.date) -> str:
    """Return a day as "Thu 9 Dec 2021"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _days(event: Event) -> str:
    if event.end_date == event.start_date:
        return day_text(event.start_date)
    if (event.start_date.month, event.start_date.year) == (
        event.end_date.month,
        event.end_date.year,
    ):
        return f"{event.start_date:%a} {event.start_date.day} – {day_text(event.end_date)}"
    return f"{day_text(event.start_date)} – {day_text(event.end_date)}"


def _clock(moment: dtm.datetime, zone: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{local:%H:%M} {local.tzname()}"


def when(event: Event, chat_zone: str) -> str:
    """Return when a session is: in the chat's zone, with the venue's local time beside."""
    if event.start_at is None:
        return f"{_days(event)} (all day)"
    local = event.start_at.astimezone(zoneinfo.ZoneInfo(chat_zone))
    text = f"{day_text(local.date())}, {_clock(event.start_at, chat_zone)}"
    if event.end_at is not None:
        text += f"–{_clock(event.end_at, chat_zone).split()[0]}"
    venue_zone = event.timezone
    if zoneinfo.ZoneInfo(venue_zone).utcoffset(event.start_at.replace(tzinfo=None)) != (
        zoneinfo.ZoneInfo(chat_zone).utcoffset(event.start_at.replace(tzinfo=None))
    ):
        place = event.location or venue_zone.split("/")[-1].replace("_", " ")
        venue_local = event.start_at.astimezone(zoneinfo.ZoneInfo(venue_zone))
        text += f" · {venue_local:%H:%M} {e(place)} time"
        if venue_local.date() != local.date():
            text += f" ({day_text(venue_local.date())})"
    return text


def event_line(event: Event, chat_zone: str) -> str:
    """Return one session as a list entry."""
    status = f" <i>({_STATUS[event.status]})</i>" if event.status in _STATUS else ""
    where = f" · {e(event.location)}" if event.location else ""
    return (
        f"<b>{e(event.title)}</b>{status}\n{when(event, chat_zone)}{where} · /event_{event.number}"
    )


def event_list(
    title: str, events: Sequence[Event], chat_zone: str, empty: str = "Nothing here."
) -> str:
    """Return a titled list of sessions."""
    if not events:
        return f"<b>{e(title)}</b>\n{e(empty)}"
    body = "\n\n".join(event_line(ev, chat_zone) for ev in events)
    return f"<b>{e(title)}</b>\n\n{body}"


def event_detail(
    event: Event, chat_zone: str, history: Sequence[EventChange], track: Track | None
) -> str:
    """Return everything about a session: when, where, sources, discrepancies, history."""
    lines = [f"<b>{e(event.title)}</b>"]
    if event.status in _STATUS:
        lines.append(f"<i>{_STATUS[event.status]}</i>")
    lines.append(f"🗓 {when(event, chat_zone)}")
    if event.location:
        lines.append(f"📍 {e(event.location)}")
    if track is not None:
        lines.append(f"🧭 {e(track.name)} (<code>{e(track.id)}</code>)")
    lines.append(f"id <code>{e(event.id)}</code> · #{event.number} · version {event.sequence}")
    if event.url:
        lines.append(f'🔗 <a href="{html.escape(event.url, quote=True)}">more</a>')
    if event.sources:
        lines.append("\n<b>Sources</b>")
        for source in event.sources:
            origin = source.outlet or (source.file or "editor").rsplit("/", 1)[-1]
            day = f", {source.published:%d %b %Y}" if source.published else ""
            quote = _clip(source.quote.strip(" \"'“”«»"), 300)
            lines.append(f"• <i>{e(origin)}{day}</i>: “{e(quote)}”")
    if event.discrepancies:
        lines.append("\n<b>Sources disagree</b>")
        lines.extend(f"• {e(d)}" for d in event.discrepancies)
    changes = [h for h in history if h.sequence > 0]
    if changes:
        lines.append("\n<b>History</b>")
        for change in changes[-5:]:
            lines.append(f"• {change.at:%d %b %Y %H:%M} UTC — {e(change.summary)}")
    return "\n".join(lines)


def reminder(
    event: Event,
    chat: Chat,
    offset_minutes: int,
    late: bool,
    due_at: dtm.datetime | None = None,
) -> str:
    """Return the reminder sent `offset_minutes` before a session, due at `due_at`.

    A timed session says how long until it starts; an all-day one, which day it begins counted
    from the day the reminder is due in the chat's timezone (today, tomorrow, in 3 days).
    """
    lead = "⏰ Reminder"
    if event.start_at is not None and offset_minutes > 0:
        lead += f": in {offset_text(offset_minutes)}"
    elif event.start_at is None and due_at is not None:
        lead += f": {days_ahead(event.start_date, due_at, chat.timezone)}"
    lines = [f"{lead}", "", event_line(event, chat.timezone)]
    if late:
        lines.append("\n<i>Sent late: negbot was not running when this reminder was due.</i>")
    if event.discrepancies:
        lines.append(f"\n<i>Note: sources disagree — {e(event.discrepancies[0])}</i>")
    return "\n".join(lines)


def days_ahead(day: dtm.date, moment: dtm.datetime, zone: str) -> str:
    """Say when `day` comes, seen from `moment` in `zone`: today, tomorrow, in N days."""
    days = (day - moment.astimezone(zoneinfo.ZoneInfo(zone)).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


SCHEDULE_FIELDS = ("start_date", "end_date", "start_at", "end_at", "location", "timezone", "status")


def schedule_changed(before: Event, after: Event) -> bool:
    """Tell whether a change is one followers must hear about: day, time, place or status."""
    return any(getattr(before, f) != getattr(after, f) for f in SCHEDULE_FIELDS)


def change_notice(before: Event, after: Event, chat: Chat) -> str:
    """Return the message telling followers what changed in a session (old → new)."""
    if after.status is EventStatus.CANCELLED:
        head = "❌ Cancelled"
    elif after.status is EventStatus.POSTPONED:
        head = "⏸ Postponed"
    elif after.status is EventStatus.CONFIRMED and before.status in {
        EventStatus.CANCELLED,
        EventStatus.POSTPONED,
    }:
        head = "✅ On again"
    else:
        head = "🔁 Moved" if before.start_date != after.start_date else "🔁 Changed"
    lines = [f"{head}: <b>{e(after.title)}</b>"]
    old_when, new_when = when(before, chat.timezone), when(after, chat.timezone)
    if old_when != new_when:
        lines.append(f"was: <s>{old_when}</s>")
        lines.append(f"now: {new_when}")
    else:
        lines.append(new_when)
    if before.location != after.location:
        lines.append(f"place: <s>{e(before.location or '—')}</s> → {e(after.location or '—')}")
    elif after.location:
        lines.append(f"place: {e(after.location)}")
    lines.append(f"/event_{after.number}")
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
