"""Clock times, zones and durations (bot.extract.times)."""

from __future__ import annotations

import pytest

from bot.extract.text import fold
from bot.extract.times import TimeMention, Zone, find_duration, find_times


def _times(text: str) -> list[TimeMention]:
    return find_times(fold(text))


def _one(text: str) -> TimeMention:
    found = _times(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "hour", "minute", "zone"),
    [
        ("at 09:00 GMT", 9, 0, Zone(iana="UTC", offset_minutes=0)),
        ("at 14:00 Paris time", 14, 0, Zone(city="Paris")),
        ("at 10:00 Moscow time", 10, 0, Zone(city="Moscow")),
        ("half an hour before midnight Moscow time", 23, 30, Zone(city="Moscow")),
        ("at 3 p.m. EST", 15, 0, Zone(iana="America/New_York", offset_minutes=-300)),
        ("at 2:30 p.m. ET", 14, 30, Zone(iana="America/New_York")),
        ("at 10 a.m. local time", 10, 0, Zone(local=True)),
        ("at 10 a.m. Eastern Time", 10, 0, Zone(iana="America/New_York")),
        ("at 20:00 UTC+3", 20, 0, Zone(offset_minutes=180)),
        ("at 9.30 CET", 9, 30, Zone(iana="Europe/Paris", offset_minutes=60)),
        ("at 18:00 Kyiv time", 18, 0, Zone(city="Kyiv")),
        ("at 9:30 a.m. New York time", 9, 30, Zone(city="New York")),
        ("at 1500 GMT", 15, 0, Zone(iana="UTC", offset_minutes=0)),
        ("a quarter to midnight Moscow time", 23, 45, Zone(city="Moscow")),
    ],
)
def test_time_and_zone(text: str, hour: int, minute: int, zone: Zone) -> None:
    mention = _one(text)
    assert (mention.hour, mention.minute, mention.zone) == (hour, minute, zone)


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("at 3pm", 15, 0),
        ("at noon", 12, 0),
        ("at midnight", 0, 0),
        ("at 14h00", 14, 0),
        ("at half past four in the evening", 16, 30),
        ("at 10 o'clock in the morning", 10, 0),
        ("at 12 a.m.", 0, 0),
        ("at 12 p.m.", 12, 0),
    ],
)
def test_time_without_zone(text: str, hour: int, minute: int) -> None:
    mention = _one(text)
    assert (mention.hour, mention.minute, mention.zone) == (hour, minute, None)


def test_time_range_has_an_end_and_one_zone() -> None:
    mention = _one("from 10:00 to 13:00 CET")
    assert (mention.hour, mention.minute, mention.until) == (10, 0, (13, 0))
    assert mention.zone == Zone(iana="Europe/Paris", offset_minutes=60)


@pytest.mark.parametrize(
    "text",
    ["at 25:00", "in the 2022 season", "a 3-2 vote", "the 1990s", "Resolution 2231", "et al."],
)
def test_not_times(text: str) -> None:
    assert _times(text) == []


def test_lower_case_et_is_a_word_not_a_zone() -> None:
    mention = _one("at 10:00 et al.")
    assert mention.zone is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The conversation lasted exactly 50 minutes.", 50),
        ("The call lasted more than two hours.", 120),
        ("The talks lasted for an hour and a half.", 90),
        ("the 90-minute phone call", 90),
        ("a two-hour video call", 120),
        ("The meeting lasted 2 hours 30 minutes.", 150),
        ("The talks lasted about four hours.", 240),
    ],
)
def test_duration(text: str, minutes: int) -> None:
    assert find_duration(fold(text)) == minutes


@pytest.mark.parametrize(
    "text",
    ["The talks lasted 0 minutes.", "The siege lasted 999 hours.", "They talked for days."],
)
def test_no_duration(text: str) -> None:
    assert find_duration(fold(text)) is None
