"""The rendered feed read back by two independent parsers: vobject and ics."""

from __future__ import annotations

import datetime as dtm

import ics
import pytest
import vobject

from bot.ical import render_calendar, render_event
from tests.helpers.events import at, make_event, seed_events, track_map

HOSTILE = 'Talks, "round 2"; </script> \\ back\\slash\r\nnext line'
ONE_LINE = 'Talks, "round 2"; </script> \\ back\\slash next line'
WITH_BREAK = 'Talks, "round 2"; </script> \\ back\\slash\nnext line'

# UID: (start, end, summary, location) as a reader must see them.
EXPECTED: dict[str, tuple[dtm.date, dtm.date, str, str]] = {
    "us-russia-security-2022-01-09@negbot": (
        dtm.date(2022, 1, 9),
        dtm.date(2022, 1, 11),
        "US–Russia security talks",
        "Geneva",
    ),
    "nato-russia-council-2022-01-12@negbot": (
        dtm.date(2022, 1, 12),
        dtm.date(2022, 1, 13),
        "NATO–Russia Council meeting",
        "Brussels",
    ),
    "osce-2022-01-13@negbot": (
        at(2022, 1, 13, 10, 0, "Europe/Vienna"),
        at(2022, 1, 13, 11, 0, "Europe/Vienna"),
        "OSCE Permanent Council session",
        "Vienna",
    ),
    "russia-us-consultations-2022-01-18@negbot": (
        at(2022, 1, 18, 15, 0, "Europe/Moscow"),
        at(2022, 1, 18, 17, 0, "Europe/Moscow"),
        "Russia–US consultations",
        "Moscow",
    ),
    "normandy-format-2022-01-20@negbot": (
        dtm.date(2022, 1, 20),
        dtm.date(2022, 1, 21),
        "Cancelled: Normandy format talks",
        "Paris",
    ),
}


def seed_feed() -> str:
    """Render the seed-like sessions as a feed, decoded."""
    return render_calendar(seed_events(), name="Negotiation tracks", tracks=track_map()).decode()


def same_moment(seen: dtm.date, expected: dtm.date) -> bool:
    """Tell whether a parsed start or end is the expected day, or instant at the same offset."""
    if isinstance(expected, dtm.datetime):
        return (
            isinstance(seen, dtm.datetime)
            and seen == expected
            and seen.utcoffset() == expected.utcoffset()
        )
    return not isinstance(seen, dtm.datetime) and seen == expected


def test_vobject_reads_every_event() -> None:
    calendar = vobject.readOne(seed_feed())
    seen = {
        event.uid.value: (
            event.dtstart.value,
            event.dtend.value,
            event.summary.value,
            event.location.value,
        )
        for event in calendar.vevent_list
    }
    assert seen.keys() == EXPECTED.keys()
    for uid, (start, end, summary, location) in EXPECTED.items():
        assert same_moment(seen[uid][0], start), uid
        assert same_moment(seen[uid][1], end), uid
        assert seen[uid][2:] == (summary, location)


def test_vobject_reads_one_calendar_per_file() -> None:
    components = list(vobject.readComponents(render_event(seed_events()[2]).decode()))
    assert [component.name for component in components] == ["VCALENDAR"]
    assert [event.uid.value for event in components[0].vevent_list] == ["osce-2022-01-13@negbot"]
    assert [zone.tzid.value for zone in components[0].vtimezone_list] == ["Europe/Vienna"]


def test_vobject_unescapes_every_text() -> None:
    event = make_event(title=HOSTILE, description=HOSTILE, location=HOSTILE)
    text = render_calendar([event], name=HOSTILE, description=HOSTILE).decode()
    calendar = vobject.readOne(text)
    parsed = calendar.vevent
    assert parsed.summary.value == ONE_LINE
    assert parsed.location.value == ONE_LINE
    assert parsed.description.value.startswith(WITH_BREAK + "\n\n")
    assert calendar.contents["name"][0].value == ONE_LINE
    assert calendar.contents["x-wr-calname"][0].value == ONE_LINE
    assert calendar.contents["x-wr-caldesc"][0].value == WITH_BREAK
    assert calendar.contents["description"][0].value == WITH_BREAK


def test_ics_reads_every_event() -> None:
    calendar = ics.Calendar(seed_feed())
    seen = {event.uid: event for event in calendar.events}
    assert seen.keys() == EXPECTED.keys()
    for uid, (start, end, summary, location) in EXPECTED.items():
        event = seen[uid]
        all_day = not isinstance(start, dtm.datetime)
        assert event.all_day is all_day, uid
        if all_day:
            assert (event.begin.date(), event.end.date()) == (start, end), uid
        else:
            assert same_moment(event.begin.datetime, start), uid
            assert same_moment(event.end.datetime, end), uid
        assert (event.name, event.location) == (summary, location)


@pytest.mark.parametrize(
    ("uid", "status"),
    [
        ("us-russia-security-2022-01-09@negbot", "CONFIRMED"),
        ("russia-us-consultations-2022-01-18@negbot", "TENTATIVE"),
        ("normandy-format-2022-01-20@negbot", "CANCELLED"),
    ],
)
def test_ics_reads_the_status(uid: str, status: str) -> None:
    events = {event.uid: event for event in ics.Calendar(seed_feed()).events}
    assert events[uid].status == status


def test_ics_unescapes_every_text() -> None:
    event = make_event(title=HOSTILE, description=HOSTILE, location=HOSTILE)
    calendar = ics.Calendar(render_calendar([event], name="x", tracks=None).decode())
    (parsed,) = calendar.events
    assert parsed.name == ONE_LINE
    assert parsed.location == ONE_LINE
    assert parsed.description is not None
    assert parsed.description.startswith(WITH_BREAK + "\n\n")
    assert parsed.categories == {"us-russia-security"}
