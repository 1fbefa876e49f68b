"""When reminders fall due: timed and all-day sessions, across timezones and DST changes."""

from __future__ import annotations

import datetime as dtm
from typing import Any

import pytest

from bot.models import Chat, ChatKind, Event, EventStatus
from bot.reminders.planner import reminder_times
from bot.reminders.timing import digest_slot, reminder_deadline, week_tag
from tests.helpers.events import at, make_event

UTC = dtm.UTC
DAY, TWO_HOURS, QUARTER = 1440, 120, 15


def chat(timezone: str, *offsets: int, allday: dtm.time = dtm.time(9, 0)) -> Chat:
    stamp = dtm.datetime(2021, 12, 1, tzinfo=UTC)
    return Chat(
        id=1,
        kind=ChatKind.PRIVATE,
        timezone=timezone,
        reminder_offsets=offsets,
        allday_time=allday,
        created_at=stamp,
        updated_at=stamp,
    )


def timed(start: dtm.datetime, **overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "start_date": start.date(),
        "end_date": start.date(),
        "start_at": start.astimezone(UTC),
        "timezone": "Europe/Vienna",
        "location": "Vienna",
    }
    return make_event(**(fields | overrides))


def all_day(day: dtm.date, **overrides: Any) -> Event:
    fields: dict[str, Any] = {"start_date": day, "end_date": day, "timezone": "Europe/Vienna"}
    return make_event(**(fields | overrides))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dtm.datetime:
    return dtm.datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_timed_session_in_vienna_for_a_chat_in_tokyo() -> None:
    # 13 January 2022, 10:00 in Vienna (CET, UTC+1) is 09:00 UTC and 18:00 in Tokyo.
    event = timed(at(2022, 1, 13, 10, 0, "Europe/Vienna"))
    assert reminder_times(event, chat("Asia/Tokyo", DAY, TWO_HOURS, QUARTER)) == [
        (DAY, utc(2022, 1, 12, 9, 0)),
        (TWO_HOURS, utc(2022, 1, 13, 7, 0)),
        (QUARTER, utc(2022, 1, 13, 8, 45)),
    ]


def test_an_all_day_session_reminds_at_the_chats_all_day_time() -> None:
    # 09:00 in Tokyo is 00:00 UTC. Under a day, the offset reaches the session's own day, so
    # 2h and 15m land on the same instant: one reminder, carrying the larger offset.
    event = all_day(dtm.date(2022, 1, 13))
    assert reminder_times(event, chat("Asia/Tokyo", DAY, TWO_HOURS, QUARTER)) == [
        (DAY, utc(2022, 1, 12, 0, 0)),
        (TWO_HOURS, utc(2022, 1, 13, 0, 0)),
    ]


def test_offsets_count_whole_days_for_all_day_sessions() -> None:
    event = all_day(dtm.date(2022, 1, 13))
    tokyo = chat("Asia/Tokyo", 2 * DAY + 60, DAY + 120, DAY, allday=dtm.time(7, 30))
    assert reminder_times(event, tokyo) == [
        (2 * DAY + 60, utc(2022, 1, 10, 22, 30)),
        (DAY + 120, utc(2022, 1, 11, 22, 30)),  # 1d and 1d 2h: both the day before
    ]


def test_a_timed_offset_is_a_duration_across_a_dst_change() -> None:
    # Vienna moves to CEST at 02:00 on 27 March 2022: 12:00 that day is 10:00 UTC; one day
    # before is 10:00 UTC on the 26th, which reads 11:00 on Vienna's clocks.
    event = timed(at(2022, 3, 27, 12, 0, "Europe/Vienna"))
    [(offset, due)] = reminder_times(event, chat("Europe/Vienna", DAY))
    assert (offset, due) == (DAY, utc(2022, 3, 26, 10, 0))
    assert due.astimezone(at(2022, 3, 26, 0, 0, "Europe/Vienna").tzinfo).hour == 11


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # 09:00 on each side of Vienna's change: CET the day before, CEST on the day.
        ("Europe/Vienna", dtm.date(2022, 3, 27), [utc(2022, 3, 26, 8, 0), utc(2022, 3, 27, 7, 0)]),
        # New York changes two weeks earlier (13 March): EST then EDT.
        ("America/New_York", dtm.date(2022, 3, 13), [utc(2022, 3, 12, 14), utc(2022, 3, 13, 13)]),
        # Tokyo has no DST.
        ("Asia/Tokyo", dtm.date(2022, 3, 27), [utc(2022, 3, 26, 0, 0), utc(2022, 3, 27, 0, 0)]),
    ],
)
def test_the_all_day_time_is_wall_clock_time_across_dst(
    zone: str, day: dtm.date, expected: list[dtm.datetime]
) -> None:
    times = reminder_times(all_day(day), chat(zone, DAY, TWO_HOURS))
    assert [due for _, due in times] == expected


def test_a_wall_time_skipped_by_dst_still_gives_one_instant() -> None:
    # 02:30 does not exist in Vienna on 27 March 2022; it reads as 03:30 CEST (01:30 UTC).
    times = reminder_times(
        all_day(dtm.date(2022, 3, 27)), chat("Europe/Vienna", 60, allday=dtm.time(2, 30))
    )
    assert times == [(60, utc(2022, 3, 27, 1, 30))]


@pytest.mark.parametrize("status", [EventStatus.CANCELLED, EventStatus.POSTPONED])
def test_cancelled_and_postponed_sessions_have_no_reminders(status: EventStatus) -> None:
    assert reminder_times(all_day(dtm.date(2022, 1, 13), status=status), chat("UTC", DAY)) == []
    event = timed(utc(2022, 1, 13, 9), status=status)
    assert reminder_times(event, chat("UTC", DAY)) == []


def test_a_tentative_session_is_reminded() -> None:
    event = timed(utc(2022, 1, 13, 9), status=EventStatus.TENTATIVE)
    assert reminder_times(event, chat("UTC", 60)) == [(60, utc(2022, 1, 13, 8))]


def test_no_offsets_no_reminders() -> None:
    assert reminder_times(timed(utc(2022, 1, 13, 9)), chat("UTC")) == []


def test_an_all_day_session_starts_when_its_first_day_ends_for_the_chat() -> None:
    event = all_day(dtm.date(2022, 1, 13))
    new_york = chat("America/New_York", 60)
    [(_, due)] = reminder_times(event, new_york)
    assert due == utc(2022, 1, 13, 14, 0)  # 09:00 EST, after midnight UTC: still worth sending
    assert reminder_deadline(event, new_york) == utc(2022, 1, 14, 5, 0)
    assert due < reminder_deadline(event, new_york)
    timed_event = timed(utc(2022, 1, 13, 9))
    assert reminder_deadline(timed_event, new_york) == utc(2022, 1, 13, 9)


def test_the_digest_comes_on_monday_at_the_all_day_time() -> None:
    tokyo = chat("Asia/Tokyo", 60)
    friday = utc(2021, 12, 31, 8, 0)
    assert digest_slot(tokyo, friday) == (dtm.date(2022, 1, 3), utc(2022, 1, 3, 0, 0))
    # On Monday before 09:00 local it is today's; after, next week's.
    monday_early = utc(2022, 1, 2, 23, 30)  # 08:30 on Monday in Tokyo
    assert digest_slot(tokyo, monday_early) == (dtm.date(2022, 1, 3), utc(2022, 1, 3, 0, 0))
    monday_late = utc(2022, 1, 3, 0, 1)
    assert digest_slot(tokyo, monday_late) == (dtm.date(2022, 1, 10), utc(2022, 1, 10, 0, 0))
    assert week_tag(dtm.date(2022, 1, 3)) == "2022-W01"
    assert week_tag(dtm.date(2021, 12, 27)) == "2021-W52"
