"""Tests of the iCalendar renderer: RFC 5545 properties, stable bytes and escaping."""

from __future__ import annotations

import datetime as dtm
import itertools
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot.ical import render_calendar, render_event
from bot.models import Event, EventStatus, Track
from tests.helpers.events import UPDATED, at, make_event, seed_events, track_map

ROOT = Path(__file__).resolve().parents[2]
NAME = "Negotiation tracks"
TRACKS = track_map()
HOSTILE = 'Talks, "round 2"; </script> \\ back\\slash\r\nnext line'


def feed(
    events: Sequence[Event],
    *,
    name: str = NAME,
    tracks: Mapping[str, Track] | None = TRACKS,
    description: str | None = None,
    url: str | None = None,
    refresh: dtm.timedelta = dtm.timedelta(hours=1),
    domain: str = "negbot",
) -> bytes:
    """Render a feed with the shipped tracks, unless told otherwise."""
    return render_calendar(
        events,
        name=name,
        description=description,
        tracks=tracks,
        url=url,
        refresh=refresh,
        domain=domain,
    )


def vevent(data: bytes, uid: str) -> bytes:
    """Return the raw BEGIN:VEVENT … END:VEVENT block with this UID."""
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, flags=re.DOTALL):
        if f"\r\nUID:{uid}\r\n".encode() in block:
            return bytes(block)
    raise AssertionError(f"no VEVENT with UID {uid}")


def parsed_event(data: bytes, uid: str) -> icalendar.Event:
    """Parse the calendar with icalendar and return the event with this UID."""
    events = {str(event["UID"]): event for event in icalendar.Calendar.from_ical(data).events}
    return events[uid]


def test_same_input_gives_the_same_bytes() -> None:
    assert feed(seed_events()) == feed(seed_events())


def test_input_order_does_not_change_the_bytes() -> None:
    events = seed_events()
    shuffled = [events[3], events[0], events[4], events[2], events[1]]
    assert feed(shuffled) == feed(events) == feed(events[::-1])


def test_bytes_do_not_depend_on_the_hash_seed() -> None:
    script = (
        "import sys\n"
        "from bot.ical import render_calendar\n"
        "from tests.helpers.events import seed_events, track_map\n"
        f"data = render_calendar(seed_events(), name={NAME!r}, tracks=track_map())\n"
        "sys.stdout.buffer.write(data)\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert outputs == [feed(seed_events())] * 3


def test_a_changed_event_changes_only_its_own_vevent() -> None:
    before = seed_events()
    moved = before[2].model_copy(
        update={
            "start_date": dtm.date(2022, 1, 14),
            "end_date": dtm.date(2022, 1, 14),
            "start_at": at(2022, 1, 14, 10, 0, "Europe/Vienna"),
            "sequence": before[2].sequence + 1,
            "updated_at": UPDATED + dtm.timedelta(days=2),
        }
    )
    after = [*before[:2], moved, *before[3:]]
    old, new = feed(before), feed(after)
    assert old != new
    uid = "osce-2022-01-13@negbot"
    assert b"DTSTART;TZID=Europe/Vienna:20220114T100000\r\n" in vevent(new, uid)
    assert b"SEQUENCE:2\r\n" in vevent(new, uid)
    assert b"DTSTAMP:20220107T183000Z\r\n" in vevent(new, uid)
    for event in before:
        if event.id != moved.id:
            assert vevent(new, f"{event.id}@negbot") == vevent(old, f"{event.id}@negbot")


def test_uid_sequence_and_stamps_come_from_the_event() -> None:
    event = make_event(sequence=7)
    block = vevent(feed([event], domain="negbot.example"), f"{event.id}@negbot.example")
    assert b"UID:us-russia-security-2022-01-09@negbot.example\r\n" in block
    assert b"SEQUENCE:7\r\n" in block
    assert b"DTSTAMP:20220105T183000Z\r\n" in block
    assert b"LAST-MODIFIED:20220105T183000Z\r\n" in block
    assert b"CREATED:20220101T090000Z\r\n" in block


def test_stamps_are_written_in_utc_to_the_second() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    event = make_event(
        created_at=dtm.datetime(2022, 1, 1, 12, 0, tzinfo=moscow),
        updated_at=dtm.datetime(2022, 1, 5, 21, 30, 15, 123456, tzinfo=moscow),
    )
    block = vevent(feed([event]), f"{event.id}@negbot")
    assert b"DTSTAMP:20220105T183015Z\r\n" in block
    assert b"LAST-MODIFIED:20220105T183015Z\r\n" in block
    assert b"CREATED:20220101T090000Z\r\n" in block


def test_uid_does_not_depend_on_the_content() -> None:
    event = make_event()
    changed = event.model_copy(update={"title": "Renamed", "location": "Vienna", "sequence": 3})
    assert b"UID:us-russia-security-2022-01-09@negbot\r\n" in feed([changed])


def test_all_day_sessions_end_the_day_after_their_last_day() -> None:
    data = feed(seed_events())
    geneva = vevent(data, "us-russia-security-2022-01-09@negbot")
    assert b"DTSTART;VALUE=DATE:20220109\r\nDTEND;VALUE=DATE:20220111\r\n" in geneva
    brussels = vevent(data, "nato-russia-council-2022-01-12@negbot")
    assert b"DTSTART;VALUE=DATE:20220112\r\nDTEND;VALUE=DATE:20220113\r\n" in brussels


def test_timed_sessions_carry_the_venue_zone_and_a_narrow_vtimezone() -> None:
    data = feed(seed_events())
    osce = vevent(data, "osce-2022-01-13@negbot")
    assert b"DTSTART;TZID=Europe/Vienna:20220113T100000\r\n" in osce
    moscow = vevent(data, "russia-us-consultations-2022-01-18@negbot")
    assert b"DTSTART;TZID=Europe/Moscow:20220118T150000\r\n" in moscow
    assert b"DTEND;TZID=Europe/Moscow:20220118T170000\r\n" in moscow
    calendar = icalendar.Calendar.from_ical(data)
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Moscow", "Europe/Vienna"]
    assert calendar.get_missing_tzids() == set()
    assert data.index(b"BEGIN:VTIMEZONE") < data.index(b"BEGIN:VEVENT")
    zones = data[data.index(b"BEGIN:VTIMEZONE") : data.index(b"BEGIN:VEVENT")]
    years = {int(year) for year in re.findall(rb"(?:DTSTART|RDATE)[:;,]?(\d{4})", zones)}
    assert min(years) == 2021
    assert max(years) <= 2023
    assert b"1970" not in data
    assert b"2038" not in data


def test_all_day_calendars_need_no_vtimezone() -> None:
    assert b"BEGIN:VTIMEZONE" not in feed(seed_events()[:2])


def test_a_timed_session_without_an_end_lasts_an_hour() -> None:
    osce = vevent(feed(seed_events()), "osce-2022-01-13@negbot")
    assert b"DTEND;TZID=Europe/Vienna:20220113T110000\r\n" in osce


def test_a_multi_day_timed_session_without_an_end_runs_to_the_end_of_its_last_day() -> None:
    event = make_event(start_at=at(2022, 1, 9, 10, 0, "Europe/Zurich"))
    block = vevent(feed([event]), f"{event.id}@negbot")
    assert b"DTSTART;TZID=Europe/Zurich:20220109T100000\r\n" in block
    assert b"DTEND;TZID=Europe/Zurich:20220111T000000\r\n" in block


def test_an_end_before_the_start_is_replaced_by_the_default_length() -> None:
    start = at(2022, 1, 13, 10, 0, "Europe/Vienna")
    event = make_event(
        start_date=start.date(),
        end_date=start.date(),
        start_at=start,
        end_at=start,
        timezone="Europe/Vienna",
    )
    assert b"DTEND;TZID=Europe/Vienna:20220113T110000\r\n" in feed([event])


@pytest.mark.parametrize(
    ("status", "ical_status", "summary"),
    [
        (EventStatus.CONFIRMED, "CONFIRMED", "US–Russia security talks"),
        (EventStatus.TENTATIVE, "TENTATIVE", "US–Russia security talks"),
        (EventStatus.POSTPONED, "CANCELLED", "Postponed: US–Russia security talks"),
        (EventStatus.CANCELLED, "CANCELLED", "Cancelled: US–Russia security talks"),
    ],
)
def test_status_and_summary(status: EventStatus, ical_status: str, summary: str) -> None:
    event = make_event(status=status)
    parsed = parsed_event(feed([event]), f"{event.id}@negbot")
    assert str(parsed["STATUS"]) == ical_status
    assert str(parsed["SUMMARY"]) == summary
    assert str(parsed["TRANSP"]) == "TRANSPARENT"
    if status is not EventStatus.CONFIRMED:
        assert str(parsed["DESCRIPTION"]).startswith(f"{status.value.capitalize()}: ")


def test_feed_properties() -> None:
    data = feed(
        seed_events(),
        description="Sessions of diplomatic negotiation tracks",
        url="https://negbot.example/calendar.ics",
    )
    head = data[: data.index(b"BEGIN:VTIMEZONE")]
    for line in (
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//negbot//negotiation tracks//EN",
        b"CALSCALE:GREGORIAN",
        b"METHOD:PUBLISH",
        b"NAME:Negotiation tracks",
        b"X-WR-CALNAME:Negotiation tracks",
        b"DESCRIPTION:Sessions of diplomatic negotiation tracks",
        b"X-WR-CALDESC:Sessions of diplomatic negotiation tracks",
        b"REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        b"X-PUBLISHED-TTL:PT1H",
        b"URL:https://negbot.example/calendar.ics",
    ):
        assert line + b"\r\n" in head
    assert b"\r\nUID:" not in head


def test_refresh_interval_follows_the_argument() -> None:
    data = feed(seed_events(), refresh=dtm.timedelta(minutes=30))
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\n" in data
    assert b"X-PUBLISHED-TTL:PT30M\r\n" in data
    assert icalendar.Calendar.from_ical(data).refresh_interval == dtm.timedelta(minutes=30)


def test_location_categories_url_and_description() -> None:
    data = feed(seed_events())
    geneva = parsed_event(data, "us-russia-security-2022-01-09@negbot")
    assert str(geneva["LOCATION"]) == "Geneva"
    assert geneva.categories == ["US–Russia security and strategic stability talks"]
    assert str(geneva["URL"]) == "https://example.org/sessions/us-russia-security-2022-01-09"
    assert str(geneva["DESCRIPTION"]) == (
        "Sources disagree: RT says 9–10 January; TASS says 10 January.\n"
        "\n"
        "Sources:\n"
        "- RT (000_6d0122ac0ca97e75.txt), 2021-12-31:"
        " “The talks will be held in Geneva on January 9-10.”\n"
        "- TASS (001_22e714e69b9a5890.txt), 2022-01-03:"
        " “Russia and the US will hold talks in Geneva on January 10.”\n"
        "  https://tass.com/politics/1383000"
    )
    moscow = parsed_event(data, "russia-us-consultations-2022-01-18@negbot")
    assert "CATEGORIES" not in moscow
    assert "URL" not in moscow


def test_a_track_missing_from_the_catalogue_is_named_by_its_id() -> None:
    data = feed([make_event()], tracks=None)
    assert b"CATEGORIES:us-russia-security\r\n" in data


def test_lines_end_in_crlf_are_folded_and_never_split_an_escape_or_a_character() -> None:
    # Escapes and multi-byte characters at every offset from the fold. Backslashes are left
    # out: icalendar 7.3 may fold between the two characters of an escaped backslash (valid
    # RFC 5545, as unfolding comes before unescaping, but not what its own fix for split
    # escapes, collective/icalendar#1501, intends).
    text = 'Talks, "round 2"; in Genève – 9–10 January\r\nnext line'
    description = "\n".join("x" * offset + text for offset in range(80))
    data = feed([make_event(title="Long title " * 100, description=description)])
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    for line in lines:
        assert b"\n" not in line
        assert b"\r" not in line
        assert len(line) <= 75
        line.decode("utf-8")  # no character is cut in two
    for line, following in itertools.pairwise(lines):
        if following.startswith(b" "):
            trailing = len(line) - len(line.rstrip(b"\\"))
            assert trailing % 2 == 0, line


def test_text_survives_a_round_trip() -> None:
    tracks = {
        "us-russia-security": Track(
            id="us-russia-security",
            name="US, Russia; talks \\ x",
            session_title="US–Russia security talks",
            venue="Geneva",
            timezone="Europe/Zurich",
        )
    }
    event = make_event(
        title=HOSTILE,
        description=HOSTILE,
        location="Palais des Nations, Geneva; room \\ 1",
        discrepancies=("9; 10, or 11 January \\ unclear",),
    )
    data = feed([event], tracks=tracks, name=HOSTILE, description=HOSTILE)
    calendar = icalendar.Calendar.from_ical(data)
    parsed = calendar.events[0]
    one_line = 'Talks, "round 2"; </script> \\ back\\slash next line'
    with_break = 'Talks, "round 2"; </script> \\ back\\slash\nnext line'
    assert str(parsed["SUMMARY"]) == one_line
    assert str(parsed["DESCRIPTION"]).startswith(with_break + "\n\n")
    assert "Sources disagree: 9; 10, or 11 January \\ unclear" in str(parsed["DESCRIPTION"])
    assert str(parsed["LOCATION"]) == "Palais des Nations, Geneva; room \\ 1"
    assert parsed.categories == ["US, Russia; talks \\ x"]
    assert str(calendar["DESCRIPTION"]) == with_break
    # icalendar reads NAME and X-WR-* back raw; test_parsers.py reads them back unescaped.
    escaped = b'Talks\\, "round 2"\\; </script> \\\\ back\\\\slash'
    assert b"\r\nNAME:" + escaped + b" next line\r\n" in data
    assert b"\r\nX-WR-CALNAME:" + escaped + b" next line\r\n" in data
    assert b"\r\nX-WR-CALDESC:" + escaped + b"\\nnext line\r\n" in data


def test_render_event_gives_a_calendar_with_one_event() -> None:
    events = seed_events()
    data = render_event(events[2], tracks=track_map())
    calendar = icalendar.Calendar.from_ical(data)
    assert [str(event["UID"]) for event in calendar.events] == ["osce-2022-01-13@negbot"]
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Vienna"]
    assert b"METHOD:PUBLISH\r\n" in data
    assert b"PRODID:-//negbot//negotiation tracks//EN\r\n" in data
    for absent in (b"NAME", b"X-WR-CALNAME", b"REFRESH-INTERVAL", b"X-PUBLISHED-TTL"):
        assert b"\r\n" + absent not in data
    assert vevent(data, "osce-2022-01-13@negbot") == vevent(feed(events), "osce-2022-01-13@negbot")


def test_an_empty_feed_is_still_a_calendar() -> None:
    data = feed([])
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"BEGIN:VEVENT" not in data
    assert b"BEGIN:VTIMEZONE" not in data


def test_two_events_with_one_id_are_refused() -> None:
    event = make_event()
    with pytest.raises(ValueError, match="us-russia-security-2022-01-09"):
        feed([event, event.model_copy(update={"start_date": dtm.date(2022, 2, 1)})])
