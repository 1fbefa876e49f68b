"""Date forms and ranges, end to end: one written session, its days, track and venue."""

from __future__ import annotations

import pytest

from tests.extract.extract_helpers import NEW_YORK, assert_upcoming, day, events, on, only, show

# -- single days in every written form ------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The UN Security Council will meet on 12 January to discuss the situation in Mali.",
        "The UN Security Council will meet on January 12th to discuss the situation in Mali.",
        "The U.N. Security Council is scheduled to vote on Jan. 12 on a resolution on Mali.",
        "The Security Council will hold its next meeting on Mali on the 12th of January.",
        "The Security Council will meet on January 12, 2022, to discuss the situation in Mali.",
        "The emergency session of the Security Council is set for Wednesday, 12 January.",
        "The Security Council's session on Mali is set for Wed., Jan. 12, diplomats said.",
    ],
)
def test_day_forms_name_january_12(sentence: str) -> None:
    event = only(sentence, "2022-01-03")
    assert (event.start_date, event.end_date) == (day("2022-01-12"), day("2022-01-12")), show(
        [event]
    )
    assert event.track == "un-security-council"
    assert event.location in NEW_YORK
    assert event.timezone == "America/New_York"
    assert_upcoming(event)


@pytest.mark.parametrize(
    "sentence",
    [
        # AFP/Reuters style: "on" before a weekday-dated day.
        "Diplomats said the Security Council would hold an emergency session on Wednesday, "
        "12 January.",
        # AP style.
        "The Security Council will meet on Wednesday, Jan. 12, to discuss Mali, diplomats said.",
        "The Security Council will meet on Wednesday 12 January to discuss Mali.",
    ],
)
def test_on_weekday_comma_date_is_the_written_date(sentence: str) -> None:
    # Published Monday 3 January 2022: "Wednesday" alone would be 5 January; the written
    # date (12 January, a Wednesday) must win.
    event = only(sentence, "2022-01-03")
    assert event.start_date == day("2022-01-12"), show([event])
    assert event.end_date == day("2022-01-12")


def test_dotted_european_date() -> None:
    event = only(
        "The next round of the Normandy format talks will take place in Berlin on 12.01.2022, "
        "the German foreign ministry said.",
        "2022-01-03",
    )
    assert event.start_date == day("2022-01-12")
    assert event.track == "normandy-format"
    assert event.location == "Berlin"
    assert event.timezone == "Europe/Berlin"


def test_iso_date() -> None:
    event = only(
        "The Security Council held a meeting on Kazakhstan on 2022-01-07.",
        "2022-01-10",
    )
    assert event.start_date == day("2022-01-07")
    assert event.track == "un-security-council"


# -- ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "first", "last", "track", "city"),
    [
        (
            "Gaza ceasefire talks will resume in Cairo on May 9-10, two Egyptian officials said.",
            "2023-05-02",
            "2023-05-09",
            "2023-05-10",
            "gaza-ceasefire",
            "Cairo",
        ),
        (
            "The Normandy format talks will be held in Paris on 9–10 February.",
            "2021-01-25",
            "2021-02-09",
            "2021-02-10",
            "normandy-format",
            "Paris",
        ),
        (
            "The OSCE Permanent Council will hold a special meeting in Vienna on 21-22 June.",
            "2024-06-10",
            "2024-06-21",
            "2024-06-22",
            "osce",
            "Vienna",
        ),
        (
            "Russian and Ukrainian delegations will hold a new round of Russia-Ukraine talks in "
            "Istanbul from 28 to 30 March, Turkish officials said.",
            "2022-03-20",
            "2022-03-28",
            "2022-03-30",
            "russia-ukraine-talks",
            "Istanbul",
        ),
        (
            "The Istanbul talks between Russian and Ukrainian delegations will run from March 28 "
            "to 30, Turkish officials said.",
            "2022-03-20",
            "2022-03-28",
            "2022-03-30",
            "russia-ukraine-talks",
            "Istanbul",
        ),
        (
            "US-China trade talks will take place in Beijing on Tuesday and Wednesday, the "
            "commerce ministry said.",
            "2019-11-18",
            "2019-11-19",
            "2019-11-20",
            "us-china",
            "Beijing",
        ),
        (
            "The Normandy format talks are scheduled for Thursday 3 and Friday 4 February in "
            "Paris.",
            "2022-01-05",
            "2022-02-03",
            "2022-02-04",
            "normandy-format",
            "Paris",
        ),
        (
            "The Iran nuclear talks will resume in Vienna on January 30 - February 2, the EU said.",
            "2022-01-25",
            "2022-01-30",
            "2022-02-02",
            "iran-nuclear",
            "Vienna",
        ),
        (
            "The Iran nuclear talks will resume in Vienna from 31 January to 2 February, the EU "
            "said.",
            "2022-01-25",
            "2022-01-31",
            "2022-02-02",
            "iran-nuclear",
            "Vienna",
        ),
        (
            "Iran nuclear talks will be held in Vienna from Dec. 30 to Jan. 2, diplomats said.",
            "2021-12-20",
            "2021-12-30",
            "2022-01-02",
            "iran-nuclear",
            "Vienna",
        ),
        (
            "The OSCE Permanent Council will meet from January 13 through January 15 in Vienna.",
            "2022-01-05",
            "2022-01-13",
            "2022-01-15",
            "osce",
            "Vienna",
        ),
        (
            "The US-Russia talks will be held in Geneva on January 9 and 10, officials said.",
            "2022-01-03",
            "2022-01-09",
            "2022-01-10",
            "us-russia-security",
            "Geneva",
        ),
    ],
)
def test_range_is_one_event(
    sentence: str, published: str, first: str, last: str, track: str, city: str
) -> None:
    event = only(sentence, published)
    assert (event.start_date, event.end_date) == (day(first), day(last)), show([event])
    assert event.track == track
    assert event.location == city
    assert_upcoming(event)


def test_weekday_day_and_weekday_day_after_on_is_one_range() -> None:
    # Published Friday 25 February 2022: Thursday 3 and Friday 4 March.
    event = only(
        "Ministers of the Normandy Four will meet in Paris on Thursday 3 and Friday 4 March, "
        "the Elysee announced.",
        "2022-02-25",
    )
    assert (event.start_date, event.end_date) == (day("2022-03-03"), day("2022-03-04")), show(
        [event]
    )
    assert event.track == "normandy-format"
    assert event.location == "Paris"


def test_weekday_day_pair_without_month_finds_the_month() -> None:
    # The issue's own example: "Thursday 3 and Friday 4", no month written.
    event = only(
        "The Normandy format advisers will meet in Berlin on Thursday 3 and Friday 4, the "
        "Elysee said.",
        "2022-02-25",
    )
    assert (event.start_date, event.end_date) == (day("2022-03-03"), day("2022-03-04")), show(
        [event]
    )
    assert event.track == "normandy-format"
    assert event.location == "Berlin"


def test_between_two_days_is_a_range_not_two_days() -> None:
    event = only(
        "The OSCE Permanent Council will meet between 13 and 15 January in Vienna.", "2022-01-05"
    )
    assert (event.start_date, event.end_date) == (day("2022-01-13"), day("2022-01-15")), show(
        [event]
    )


def test_two_listed_days_are_two_sessions() -> None:
    found = events(
        "The OSCE Permanent Council will meet on 13 and 20 January in Vienna.", "2022-01-05"
    )
    assert [(e.start_date, e.end_date) for e in found] == [
        (day("2022-01-13"), day("2022-01-13")),
        (day("2022-01-20"), day("2022-01-20")),
    ], show(found)
    assert {e.track for e in found} == {"osce"}


def test_two_weekday_dated_days_cover_both_days() -> None:
    found = events(
        "The Security Council will meet on Tuesday, January 11, and Wednesday, January 12.",
        "2022-01-05",
    )
    covered = {
        d.isoformat()
        for e in found
        for d in (e.start_date, e.end_date)
        if e.track == "un-security-council"
    }
    assert covered == {"2022-01-11", "2022-01-12"}, show(found)


def test_second_date_takes_the_track_named_before_it() -> None:
    found = events(
        "The NATO-Russia Council will meet on January 12, ahead of the OSCE Permanent Council "
        "session on January 13.",
        "2022-01-06",
    )
    assert on(found, "2022-01-12").track == "nato-russia-council", show(found)
    osce = on(found, "2022-01-13")
    assert osce.track == "osce", show(found)
    assert osce.location == "Vienna", show(found)
