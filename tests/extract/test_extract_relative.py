"""Weekdays and relative phrases, resolved from the article's reference date."""

from __future__ import annotations

import pytest

from tests.extract.extract_helpers import (
    assert_past,
    assert_upcoming,
    day,
    events,
    on,
    only,
    show,
)

# Reference dates used below: 2022-01-05 is a Wednesday, 2022-01-07 a Friday, 2022-01-10 a
# Monday, 2021-12-28 a Tuesday, 2015-02-06 a Friday, 2016-10-17 a Monday.


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        (
            "The NATO-Russia Council will meet in Brussels on Monday, officials said.",
            "2022-01-05",
            "2022-01-10",
        ),
        (
            "The NATO-Russia Council will meet in Brussels next Wednesday, the alliance said.",
            "2022-01-05",
            "2022-01-12",
        ),
        (
            "Iran nuclear talks will resume in Vienna tomorrow, the EU's coordinator said.",
            "2022-01-05",
            "2022-01-06",
        ),
        (
            "The Security Council is expected to meet the day after tomorrow in an emergency "
            "session.",
            "2022-01-05",
            "2022-01-07",
        ),
        (
            "The OSCE Permanent Council will meet next week, on Thursday, in Vienna.",
            "2022-01-05",
            "2022-01-13",
        ),
        (
            "The Security Council will meet this Friday to discuss Kazakhstan.",
            "2022-01-10",
            "2022-01-14",
        ),
        (
            "Leaders of the Normandy format will meet in Minsk on Wednesday, the Kremlin said.",
            "2015-02-06",
            "2015-02-11",
        ),
        (
            "The Normandy format summit will take place in Berlin on Wednesday evening, German "
            "Chancellor Angela Merkel's spokesman said.",
            "2016-10-17",
            "2016-10-19",
        ),
    ],
)
def test_announced_weekday_or_relative_day(sentence: str, published: str, expected: str) -> None:
    event = only(sentence, published)
    assert event.start_date == day(expected), show([event])
    assert event.end_date == day(expected)
    assert event.track is not None, show([event])
    assert_upcoming(event)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("The Security Council met on Friday to discuss Kazakhstan.", "2022-01-10", "2022-01-07"),
        ("The Security Council met last Friday to discuss Kazakhstan.", "2022-01-10", "2022-01-07"),
        (
            "The Security Council held an emergency session yesterday on Kazakhstan.",
            "2022-01-05",
            "2022-01-04",
        ),
        (
            "The Security Council met on Friday to discuss Kazakhstan.",
            "2022-01-07",
            "2022-01-07",
        ),
    ],
)
def test_reported_weekday_or_relative_day(sentence: str, published: str, expected: str) -> None:
    event = only(sentence, published)
    assert event.start_date == day(expected), show([event])
    assert event.track == "un-security-council"
    assert_past(event)


def test_today_keeps_the_tense() -> None:
    held = only("The NATO-Russia Council met in Brussels today.", "2022-01-10")
    assert held.start_date == day("2022-01-10")
    assert_past(held)
    coming = only("The NATO-Russia Council will meet in Brussels today.", "2022-01-10")
    assert coming.start_date == day("2022-01-10")
    assert_upcoming(coming)


def test_regular_past_verb_reads_the_weekday_backward() -> None:
    # Wednesday 5 January 2022: talks that "resumed on Monday" resumed on 3 January.
    event = only(
        "The Iran nuclear talks resumed in Vienna on Monday after a break for the holidays.",
        "2022-01-05",
    )
    assert event.start_date == day("2022-01-03"), show([event])
    assert_past(event)


def test_reported_clause_with_would_does_not_make_the_weekday_future() -> None:
    # A Reuters lead published on Monday 10 January 2022 about talks held that day.
    event = only(
        "GENEVA, Jan 10 (Reuters) - Russia and the United States held security talks on Monday "
        "as Moscow demanded guarantees that NATO would not expand further east.",
        "2022-01-10",
    )
    assert event.start_date == day("2022-01-10"), show([event])
    assert_past(event)


def test_in_a_couple_of_days_counts_from_the_date_named_before() -> None:
    found = events(
        "Negotiators will meet in Geneva on January 10 for US-Russia talks. In a couple of "
        "days, a meeting of the NATO-Russia Council will take place in Brussels.",
        "2022-01-05",
    )
    assert len(found) == 2, show(found)
    geneva = on(found, "2022-01-10")
    assert geneva.track == "us-russia-security"
    nrc = on(found, "2022-01-12")
    assert nrc.track == "nato-russia-council"
    assert nrc.location == "Brussels"
    assert nrc.sources[0].quote.startswith("In a couple of days")


def test_two_days_later_counts_from_the_end_of_a_range() -> None:
    found = events(
        "The Iran nuclear talks will be held in Vienna on 9-10 February. Two days later, the "
        "OSCE Permanent Council will meet in the same city.",
        "2022-02-01",
    )
    assert on(found, "2022-02-09").end_date == day("2022-02-10"), show(found)
    osce = on(found, "2022-02-12")
    assert osce.track == "osce", show(found)


def test_weekday_range_from_monday_to_wednesday() -> None:
    event = only(
        "The Astana talks on Syria will be held from Monday to Wednesday in Astana, "
        "Kazakhstan's foreign ministry said.",
        "2017-05-05",
    )
    # Friday 5 May 2017: Monday 8 to Wednesday 10 May.
    assert (event.start_date, event.end_date) == (day("2017-05-08"), day("2017-05-10")), show(
        [event]
    )
    assert event.track == "astana-format"
