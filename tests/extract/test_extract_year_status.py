"""The year of a date without one, and a session's status relative to the reference date."""

from __future__ import annotations

import pytest

from bot.models import ExtractedEvent, ExtractedStatus
from tests.extract.extract_helpers import (
    article,
    assert_past,
    assert_upcoming,
    day,
    events,
    extract_all,
    only,
    show,
)

# -- year inference -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "expected", "status"),
    [
        (
            "The NATO-Russia Council will meet in Brussels on January 12, the alliance's "
            "spokesperson said.",
            "2021-12-15",
            "2022-01-12",
            ExtractedStatus.UPCOMING,
        ),
        (
            "Iran nuclear talks were held in Vienna on November 29, the first round in five "
            "months.",
            "2021-12-05",
            "2021-11-29",
            ExtractedStatus.PAST,
        ),
        (
            "The NATO-Russia Council met in Brussels on December 20.",
            "2022-01-10",
            "2021-12-20",
            ExtractedStatus.PAST,
        ),
        (
            "The NATO-Russia Council will meet in Brussels on December 20.",
            "2022-01-10",
            "2022-12-20",
            ExtractedStatus.UPCOMING,
        ),
        (
            "The US-Russia talks were held in Geneva on December 29.",
            "2026-01-02",
            "2025-12-29",
            ExtractedStatus.PAST,
        ),
        (
            "The US-Russia talks will be held in Geneva on January 2.",
            "2025-12-29",
            "2026-01-02",
            ExtractedStatus.UPCOMING,
        ),
        (
            "The Normandy format foreign ministers meet in Berlin on January 5.",
            "2015-12-20",
            "2016-01-05",
            ExtractedStatus.UPCOMING,
        ),
        (
            "Iranian and European negotiators last met in Vienna on 12 December.",
            "2023-01-04",
            "2022-12-12",
            ExtractedStatus.PAST,
        ),
        # The present of a scheduled session: the nearest day, though a relative clause of
        # the same sentence speaks in the past.
        (
            "The OSCE Ministerial Council meets in Vilnius on 6 December, and Mr Smirnov, who "
            "has ruled the region since 1991, faces challengers.",
            "2011-11-29",
            "2011-12-06",
            ExtractedStatus.UPCOMING,
        ),
        # A day five days back is that day, though its clause looks ahead.
        (
            "The UN put the Geneva restart back to March 9, with meetings to begin by March 20.",
            "2016-03-14",
            "2016-03-09",
            ExtractedStatus.PAST,
        ),
        # "its last big event" is its final one, no sign of the past.
        (
            "After the round comes the chairmanship's last big event, the OSCE Ministerial "
            "Council, which convenes in Vilnius on 6 and 7 December.",
            "2011-11-29",
            "2011-12-06",
            ExtractedStatus.UPCOMING,
        ),
        # "Thursday's signing", written on a Friday: the day before, not a week on.
        (
            "For the contact group, Thursday's signing in Minsk is a second attempt.",
            "2015-02-13",
            "2015-02-12",
            ExtractedStatus.PAST,
        ),
        (
            "Monday's signing in Cartagena is a ceremony, not the last word.",
            "2016-09-24",
            "2016-09-26",
            ExtractedStatus.UPCOMING,
        ),
    ],
)
def test_year_from_the_reference_date_and_the_tense(
    sentence: str, published: str, expected: str, status: ExtractedStatus
) -> None:
    event = only(sentence, published)
    assert event.start_date == day(expected), show([event])
    assert event.status is status, show([event])


def test_written_year_wins() -> None:
    event = only(
        "The Security Council will meet on January 12, 2023, to discuss Mali.", "2022-01-03"
    )
    assert event.start_date == day("2023-01-12"), show([event])


# -- cancelled and postponed ----------------------------------------------------------------


def test_cancelled_keeps_its_date() -> None:
    event = only(
        "The OSCE Permanent Council meeting scheduled for February 24 in Vienna has been "
        "cancelled.",
        "2022-02-23",
    )
    assert event.start_date == day("2022-02-24")
    assert event.status is ExtractedStatus.CANCELLED
    assert event.track == "osce"


def test_called_off_in_the_past_tense_keeps_the_coming_date() -> None:
    # "was called off" is past tense, but what was called off is tomorrow's meeting.
    event = only(
        "The OSCE Permanent Council meeting in Vienna on February 24 was called off.",
        "2022-02-23",
    )
    assert event.start_date == day("2022-02-24"), show([event])
    assert event.status is ExtractedStatus.CANCELLED


def test_will_not_take_place_is_cancelled() -> None:
    event = only(
        "The Geneva International Discussions round planned for November 9 will not take "
        "place, the co-chairs said.",
        "2021-11-01",
    )
    assert event.start_date == day("2021-11-09")
    assert event.status is ExtractedStatus.CANCELLED
    assert event.track == "geneva-international-discussions"


def test_not_cancelled_is_not_cancelled() -> None:
    event = only(
        "Despite the strike, the Normandy format talks in Paris on January 26 have not been "
        "cancelled, a French diplomat said.",
        "2022-01-20",
    )
    assert event.start_date == day("2022-01-26")
    assert_upcoming(event)


def test_planned_for_a_date_then_postponed_without_a_new_date() -> None:
    event = only(
        "The Security Council meeting on Syria, planned for March 3, has been postponed until "
        "next week.",
        "2023-03-01",
    )
    assert event.start_date == day("2023-03-03"), show([event])
    assert event.status is ExtractedStatus.POSTPONED, show([event])


def test_scheduled_for_a_date_were_postponed() -> None:
    event = only(
        "Gaza ceasefire talks in Cairo scheduled for February 13 were postponed, Egyptian "
        "sources said.",
        "2024-02-10",
    )
    assert event.start_date == day("2024-02-13"), show([event])
    assert event.status is ExtractedStatus.POSTPONED, show([event])
    assert event.location == "Cairo"


def test_postponed_to_a_new_date_is_one_session_at_the_new_date() -> None:
    found = events(
        "The Security Council meeting on Syria, planned for March 3, was postponed to March 10.",
        "2023-03-01",
    )
    event = only_one(found)
    assert event.start_date == day("2023-03-10"), show(found)
    assert_upcoming(event)
    assert event.track == "un-security-council", show(found)


def test_pushed_back_is_one_session_at_the_new_date() -> None:
    found = events(
        "The third round of Russia-Ukraine talks, originally scheduled for March 2, was pushed "
        "back to March 3.",
        "2022-03-01",
    )
    event = only_one(found)
    assert event.start_date == day("2022-03-03"), show(found)
    assert_upcoming(event)
    assert event.track == "russia-ukraine-talks", show(found)


def test_pushed_back_from_its_original_date_is_one_session() -> None:
    found = events(
        "UN-led talks are due to open in Geneva on Feb. 23, after being pushed back from Feb. 8.",
        "2017-02-15",
    )
    event = only_one(found)
    assert event.start_date == day("2017-02-23"), show(found)
    assert_upcoming(event)


def only_one(found: list[ExtractedEvent]) -> ExtractedEvent:
    """Return the one event found, failing with what was found otherwise."""
    assert len(found) == 1, show(found)
    return found[0]


def test_moved_to_a_new_date_keeps_its_place_in_the_right_year() -> None:
    found = events(
        "The ceasefire talks, set for Jan. 6 in Moscow, were moved to Jan. 13.", "2020-01-02"
    )
    event = only_one(found)
    assert event.start_date == day("2020-01-13"), show(found)
    assert event.location == "Moscow"
    assert_upcoming(event)


def test_later_article_postpones_the_session() -> None:
    result = extract_all(
        article(
            "a.txt",
            "Gaza ceasefire talks will resume in Doha on Thursday, officials said.",
            "2024-08-12",
        ),
        article(
            "b.txt",
            "The Gaza ceasefire talks in Doha, scheduled for Thursday, have been postponed.",
            "2024-08-14",
        ),
    )
    assert len(result.events) == 1, show(result.events)
    event = result.events[0]
    assert event.start_date == day("2024-08-15")
    assert event.status is ExtractedStatus.POSTPONED, show(result.events)
    assert {s.file for s in event.sources} == {"a.txt", "b.txt"}


def test_later_article_cancels_the_session() -> None:
    result = extract_all(
        article(
            "a.txt",
            "Gaza ceasefire talks will resume in Doha on Thursday, officials said.",
            "2024-08-12",
        ),
        article(
            "b.txt",
            "Gaza ceasefire talks in Doha scheduled for Thursday have been called off.",
            "2024-08-14",
        ),
    )
    assert len(result.events) == 1, show(result.events)
    assert result.events[0].start_date == day("2024-08-15")
    assert result.events[0].status is ExtractedStatus.CANCELLED


def test_past_and_upcoming_in_one_article() -> None:
    found = events(
        "The last round of the Iran nuclear talks ended in Vienna on December 3. The next "
        "round of the Iran nuclear talks will open in Vienna on December 9.",
        "2021-12-05",
    )
    assert [(e.start_date, e.status) for e in found] == [
        (day("2021-12-03"), ExtractedStatus.PAST),
        (day("2021-12-09"), ExtractedStatus.UPCOMING),
    ], show(found)
    assert {e.track for e in found} == {"iran-nuclear"}


def test_reported_session_is_past() -> None:
    event = only(
        "The NATO-Russia Council talks, which took place in Brussels on Wednesday, lasted four "
        "hours, NATO Secretary-General Jens Stoltenberg told a news conference afterwards.",
        "2022-01-13",
    )
    assert event.start_date == day("2022-01-12")
    assert_past(event)


def test_a_weekday_in_a_change_of_plan_is_the_nearest_one() -> None:
    # Written on a Friday: the plenary called for Thursday was yesterday's, not next week's.
    event = only(
        "A closing plenary of the treaty talks in Geneva called for Thursday was put off again "
        "and again.",
        "2025-08-15",
    )
    assert event.start_date == day("2025-08-14"), show([event])
    assert event.status is ExtractedStatus.POSTPONED, show([event])


def test_was_supposed_to_speaks_of_the_past() -> None:
    found = events(
        "The plastics treaty talks opened in Geneva on Aug. 5 and were supposed to end on "
        "Thursday.",
        "2025-08-15",
    )
    assert [(e.start_date, e.end_date) for e in found] == [
        (day("2025-08-05"), day("2025-08-14"))
    ], show(found)


def test_an_original_slot_is_the_nearest_weekday() -> None:
    # Written on a Thursday: "originally meant to begin on Monday" is three days back.
    found = events(
        "The Yemen talks in Kuwait City were originally meant to begin on Monday, but the "
        "delegations refused to travel.",
        "2016-04-21",
    )
    assert all(e.start_date != day("2016-04-25") for e in found), show(found)


def test_a_session_pushed_back_by_some_hours_keeps_its_day_and_is_not_postponed() -> None:
    event = only(
        "The opening of the Yemen peace talks in Kuwait City on Thursday has been pushed back "
        "to 7 p.m., the United Nations said.",
        "2016-04-20",
    )
    assert event.start_date == day("2016-04-21"), show([event])
    assert event.status is ExtractedStatus.UPCOMING, show([event])
