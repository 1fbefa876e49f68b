"""Clock times with zones, end to end: aware start (and end) datetimes in the right zone."""

from __future__ import annotations

import datetime as dtm

import pytest

from tests.extract.extract_helpers import UTC, at, day, events, only, show


def _offset(event_start: dtm.datetime | None) -> dtm.timedelta | None:
    return event_start.utcoffset() if event_start is not None else None


@pytest.mark.parametrize(
    ("sentence", "published", "instant"),
    [
        (
            "The UN Security Council will meet at 15:00 GMT on January 7 to discuss Kazakhstan.",
            "2022-01-05",
            "2022-01-07T15:00",
        ),
        (
            "The UN Security Council will meet on January 7 at 09:00 GMT to discuss Kazakhstan.",
            "2022-01-05",
            "2022-01-07T09:00",
        ),
        (
            "The Normandy format summit will begin on December 9 at 14:00 Paris time at the "
            "Elysee Palace.",
            "2019-12-02",
            "2019-12-09T13:00",
        ),
        (
            "US and Russian negotiators will meet in Geneva for strategic stability talks on "
            "July 28 at 10:00 Moscow time.",
            "2021-07-20",
            "2021-07-28T07:00",
        ),
        (
            "The NATO-Russia Council will convene in Brussels on January 12 at 10 a.m. local time.",
            "2021-12-10",
            "2022-01-12T09:00",
        ),
        (
            "The Security Council will vote on the resolution on November 22 at 3 p.m. EST.",
            "2023-11-20",
            "2023-11-22T20:00",
        ),
        (
            "The Security Council will vote on the resolution on November 22 at 3 p.m. ET.",
            "2023-11-20",
            "2023-11-22T20:00",
        ),
        (
            "The Russia-Ukraine talks will begin in Istanbul on November 20 at 10:30 Kyiv time.",
            "2022-11-15",
            "2022-11-20T08:30",
        ),
        (
            "The strategic stability talks will begin in Geneva on July 28 at 08:00 GMT.",
            "2021-06-10",
            "2021-07-28T08:00",
        ),
        (
            "The next round of Gaza ceasefire talks will begin in Doha on August 15 at 20:00 "
            "UTC+3.",
            "2024-08-10",
            "2024-08-15T17:00",
        ),
    ],
)
def test_time_with_a_written_zone(sentence: str, published: str, instant: str) -> None:
    event = only(sentence, published)
    assert event.start_at is not None, show([event])
    assert event.start_at == at(instant, "UTC"), show([event])
    assert event.start_at.tzinfo is not None


def test_half_an_hour_before_midnight_moscow_time() -> None:
    event = only(
        "Presidents Putin and Biden spoke by phone on June 8, half an hour before midnight "
        "Moscow time.",
        "2021-06-10",
    )
    assert event.start_at == at("2021-06-08T23:30", "Europe/Moscow"), show([event])
    assert event.timezone == "Europe/Moscow"
    assert event.location is None
    assert event.kind == "call"


@pytest.mark.parametrize(
    ("sentence", "published", "local", "zone"),
    [
        (
            "The Strategic Security Dialogue will be held in Geneva on July 28 at 10:00.",
            "2021-06-10",
            "2021-07-28T10:00",
            "Europe/Zurich",
        ),
        (
            "The Russia-Ukraine talks will start in Istanbul on March 29 at 10:00, Vladimir "
            "Medinsky said.",
            "2022-03-25",
            "2022-03-29T10:00",
            "Europe/Istanbul",
        ),
        (
            "The Security Council will vote on the Gaza resolution on Friday at 10 a.m.",
            "2024-03-20",
            "2024-03-22T10:00",
            "America/New_York",
        ),
        (
            "The Trump-Kim summit will take place in Singapore on June 12 at 9 a.m. local time, "
            "the White House said.",
            "2018-06-05",
            "2018-06-12T09:00",
            "Asia/Singapore",
        ),
        (  # British style: a dot between hours and minutes, then "pm"
            "The Assembly will meet in Belfast at 1.00pm on Saturday 3 February 2024.",
            "2024-02-02",
            "2024-02-03T13:00",
            "Europe/London",
        ),
    ],
)
def test_time_without_zone_is_read_in_the_venue_zone(
    sentence: str, published: str, local: str, zone: str
) -> None:
    event = only(sentence, published)
    assert event.start_at == at(local, zone), show([event])
    assert _offset(event.start_at) == _offset(at(local, zone)), "shown in the venue's zone"
    assert event.timezone == zone


def test_display_is_the_venue_zone_when_the_text_uses_another() -> None:
    event = only(
        "US and Russian negotiators will meet in Geneva for strategic stability talks on "
        "July 28 at 10:00 Moscow time.",
        "2021-07-20",
    )
    assert event.start_at is not None
    assert event.start_at.utcoffset() == dtm.timedelta(hours=2), show([event])
    assert event.timezone == "Europe/Zurich"


def test_time_range_gives_an_end() -> None:
    event = only(
        "The NATO-Russia Council will convene in Brussels on January 12 from 10:00 to 13:00 CET.",
        "2021-12-10",
    )
    assert event.start_at == at("2022-01-12T09:00", "UTC"), show([event])
    assert event.end_at == at("2022-01-12T12:00", "UTC"), show([event])
    assert event.start_date == event.end_date == day("2022-01-12")


def test_time_and_duration_in_the_next_sentence_join_the_call() -> None:
    event = only(
        "Emmanuel Macron and Vladimir Putin spoke by phone on Sunday. The conversation began "
        "at 21:00 Moscow time and lasted an hour and a half.",
        "2022-02-21",
    )
    assert event.start_at == at("2022-02-20T21:00", "Europe/Moscow"), show([event])
    assert event.end_at == at("2022-02-20T22:30", "Europe/Moscow"), show([event])
    assert event.location is None
    assert len(event.sources) == 2


def test_time_in_the_next_sentence_uses_the_venue_zone() -> None:
    event = only(
        "The Russia-Ukraine talks in Istanbul will begin on Tuesday. The talks will start at "
        "10:30 local time.",
        "2022-03-28",
    )
    assert event.start_at == at("2022-03-29T10:30", "Europe/Istanbul"), show([event])


def test_reuters_four_digit_gmt_time() -> None:
    # Reuters writes times as "1500 GMT".
    event = only(
        "The Security Council will vote on the draft resolution on Friday at 1500 GMT, "
        "diplomats said.",
        "2022-02-23",
    )
    assert event.start_at == at("2022-02-25T15:00", "UTC"), show([event])


def test_local_time_with_gmt_in_brackets() -> None:
    event = only(
        "The Security Council will vote on the draft on February 25 at 3 p.m. (2000 GMT).",
        "2022-02-23",
    )
    assert event.start_at == at("2022-02-25T20:00", "UTC"), show([event])


@pytest.mark.parametrize(
    "zone_text",
    ["UTC-24", "UTC+24", "UTC+99", "GMT-25", "GMT+14:30", "UTC-1200"],
)
def test_out_of_range_offset_does_not_raise(zone_text: str) -> None:
    found = events(
        f"The Security Council will meet on January 7 at 20:00 {zone_text} in New York.",
        "2022-01-05",
    )
    for event in found:
        if event.start_at is not None:
            assert event.start_at.tzinfo is not None


def test_utc_offsets_stay_aware_and_ordered() -> None:
    for event in events(
        "The Iran nuclear talks will run in Vienna on February 8 from 10:00 to 18:00 CET.",
        "2022-02-01",
    ):
        assert event.start_at is not None
        assert event.end_at is not None
        assert event.start_at < event.end_at
        assert event.start_at.astimezone(UTC) == at("2022-02-08T09:00", "UTC")
