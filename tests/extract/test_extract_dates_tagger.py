"""The date tagger (bot.extract.dates.find_dates): what it finds, and what it does not."""

from __future__ import annotations

import itertools

import pytest

from bot.extract.dates import DateKind, DateMention, DayRef, find_dates
from bot.extract.text import fold


def _dates(text: str) -> list[DateMention]:
    return find_dates(fold(text))


def _absolute(text: str) -> list[tuple[DayRef | None, DayRef | None, bool]]:
    return [(m.first, m.last, m.listed) for m in _dates(text) if m.kind is DateKind.ABSOLUTE]


def _md(month: int, day: int, year: int | None = None, weekday: int | None = None) -> DayRef:
    return DayRef(month, day, year, weekday)


@pytest.mark.parametrize(
    ("text", "month", "day", "year"),
    [
        ("on 12 January", 1, 12, None),
        ("on January 12th", 1, 12, None),
        ("on Jan. 12", 1, 12, None),
        ("on Jan 12", 1, 12, None),
        ("on Sept. 5", 9, 5, None),
        ("on 5 Sept", 9, 5, None),
        ("on the 12th of January", 1, 12, None),
        ("JANUARY 12", 1, 12, None),
        ("on January 12, 2022", 1, 12, 2022),
        ("on 12 January 2022", 1, 12, 2022),
        ("on 12.01.2022", 1, 12, 2022),
        ("on 2022-01-12", 1, 12, 2022),
        ("on 13/01/2022", 1, 13, 2022),
    ],
)
def test_single_day_forms(text: str, month: int, day: int, year: int | None) -> None:
    found = _absolute(text)
    assert len(found) == 1, _dates(text)
    first, last, _listed = found[0]
    assert first is not None
    assert (first.month, first.day, first.year) == (month, day, year)
    assert last == first


@pytest.mark.parametrize(
    "text",
    [
        "Wednesday, 12 January",
        "on Wednesday, 12 January",
        "on Wednesday 12 January",
        "on Wednesday, January 12",
        "on Wed., Jan. 12",
    ],
)
def test_weekday_before_a_date_is_one_absolute_mention(text: str) -> None:
    found = _dates(text)
    assert [m.kind for m in found] == [DateKind.ABSOLUTE], found
    assert found[0].first is not None
    assert (found[0].first.month, found[0].first.day, found[0].first.weekday) == (1, 12, 2)


def test_ambiguous_slashed_date_is_not_guessed() -> None:
    assert _absolute("on 03/04/2022") == []


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("January 9-10", _md(1, 9), _md(1, 10)),
        ("9–10 January", _md(1, 9), _md(1, 10)),
        ("from 15 to 17 January", _md(1, 15), _md(1, 17)),
        ("from January 15 to 17", _md(1, 15), _md(1, 17)),
        ("21-22 June", _md(6, 21), _md(6, 22)),
        ("January 9 and 10", _md(1, 9), _md(1, 10)),
        ("January 30 - February 2", _md(1, 30), _md(2, 2)),
        ("31 March-2 April", _md(3, 31), _md(4, 2)),
        ("Dec. 30-Jan. 2", _md(12, 30), _md(1, 2)),
        ("between 15 and 17 January", _md(1, 15), _md(1, 17)),
        ("Thursday 3 and Friday 4 March", _md(3, 3, weekday=3), _md(3, 4, weekday=4)),
        ("on Thursday 3 and Friday 4 March", _md(3, 3, weekday=3), _md(3, 4, weekday=4)),
    ],
)
def test_ranges(text: str, first: DayRef, last: DayRef) -> None:
    found = _absolute(text)
    assert found == [(first, last, False)], _dates(text)


def test_two_listed_days() -> None:
    assert _absolute("on 12 and 19 January") == [(_md(1, 12), _md(1, 19), True)]


@pytest.mark.parametrize(
    ("text", "weekday", "direction", "week_shift"),
    [
        ("on Monday", 0, 0, 0),
        ("next Wednesday", 2, 1, 0),
        ("last Friday", 4, -1, 0),
        ("this Friday", 4, 2, 0),
        ("next week, on Thursday", 3, 0, 1),
    ],
)
def test_weekday_phrases(text: str, weekday: int, direction: int, week_shift: int) -> None:
    found = _dates(text)
    assert len(found) == 1, found
    mention = found[0]
    assert mention.kind is DateKind.WEEKDAY
    assert mention.first is not None
    assert mention.first.weekday == weekday
    assert (mention.direction, mention.week_shift) == (direction, week_shift)


def test_weekday_pair() -> None:
    found = _dates("on Tuesday and Wednesday")
    assert len(found) == 1
    assert found[0].first is not None
    assert found[0].last is not None
    assert (found[0].first.weekday, found[0].last.weekday) == (1, 2)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("tomorrow", 1),
        ("yesterday", -1),
        ("today", 0),
        ("the day after tomorrow", 2),
    ],
)
def test_deictic(text: str, offset: int) -> None:
    found = _dates(text)
    assert [(m.kind, m.offset_days) for m in found] == [(DateKind.DEICTIC, offset)]


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("in a couple of days", 2),
        ("two days later", 2),
        ("the next day", 1),
        ("a week later", 7),
        ("three days earlier", -3),
    ],
)
def test_anchored(text: str, offset: int) -> None:
    found = _dates(text)
    assert [(m.kind, m.offset_days) for m in found] == [(DateKind.ANCHORED, offset)]


@pytest.mark.parametrize(
    "text",
    ["in February", "in mid-January", "next week", "in May 2022", "by the end of March"],
)
def test_vague_mentions_have_no_day(text: str) -> None:
    assert all(m.kind is DateKind.VAGUE for m in _dates(text)), _dates(text)


@pytest.mark.parametrize(
    "text",
    [
        "the 2022 budget",
        "version 3.2.1",
        "a 10-12 vote",
        "may 12 people",
        "the score was 12-10",
        "99999999999999 January",
        "January 99999999999999",
    ],
)
def test_not_dates(text: str) -> None:
    assert _absolute(text) == [], _dates(text)


def test_mentions_do_not_overlap_and_are_in_order() -> None:
    text = (
        "Talks on January 9-10 in Geneva, then on Wednesday, January 12, in Brussels, and "
        "on 13 January in Vienna; in a couple of days, next week, on Thursday."
    )
    found = _dates(text)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start
    for mention in found:
        assert fold(text)[mention.start : mention.end] == mention.words
