"""Turn date mentions into calendar days, given a reference date and the clause's tense."""

from __future__ import annotations

import dataclasses
import datetime as dtm

from bot.extract.cues import Tense
from bot.extract.dates import DateKind, DateMention, DayRef
from bot.models import MAX_SESSION_DAYS

Span = tuple[dtm.date, dtm.date]
_CLOSE_DAYS = 10  # a day this near the reference date is read there, whatever the tense


def _valid(year: int, month: int, day: int) -> dtm.date | None:
    try:
        return dtm.date(year, month, day)
    except ValueError:
        return None


def _pick(candidates: list[dtm.date], reference: dtm.date, tense: Tense | None) -> dtm.date | None:
    """Choose among readings: forward for what is coming, backward for what has been."""
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: (abs((c - reference).days), c < reference))
    if abs((nearest - reference).days) <= _CLOSE_DAYS and tense in {Tense.FUTURE, Tense.PAST}:
        # "…put the restart back to March 9", written on March 14 in a clause that also looks
        # ahead: a day a few days off is that day, not the same day a year away; news gives
        # such a day its year ("March 9 next year").
        return nearest
    if tense is Tense.FUTURE:
        ahead = [c for c in candidates if c >= reference]
        return min(ahead) if ahead else max(candidates)
    if tense is Tense.PAST:
        behind = [c for c in candidates if c <= reference]
        return max(behind) if behind else min(candidates)
    return min(candidates, key=lambda c: (abs((c - reference).days), c < reference))


def resolve_day(ref: DayRef, reference: dtm.date, tense: Tense | None) -> dtm.date | None:
    """Return the day a written month and day stand for, or None if no such day exists."""
    if ref.day is None:
        return None
    if ref.month is None:
        return _month_from_weekday(ref, reference, tense)
    if ref.year is not None:
        return _valid(ref.year, ref.month, ref.day)
    readings = [
        d
        for y in (reference.year - 1, reference.year, reference.year + 1)
        if (d := _valid(y, ref.month, ref.day)) is not None
    ]
    if ref.weekday is not None:
        matching = [d for d in readings if d.weekday() == ref.weekday]
        readings = matching or readings
    return _pick(readings, reference, tense)


def _month_from_weekday(ref: DayRef, reference: dtm.date, tense: Tense | None) -> dtm.date | None:
    """Find the month of "Thursday 3": the nearby month whose 3rd is a Thursday."""
    if ref.weekday is None or ref.day is None:
        return None
    readings = []
    first = reference.replace(day=1)
    for shift in range(-6, 7):
        month_index = first.year * 12 + first.month - 1 + shift
        day = _valid(month_index // 12, month_index % 12 + 1, ref.day)
        if day is not None and day.weekday() == ref.weekday:
            readings.append(day)
    return _pick(readings, reference, tense)


def resolve_weekday(
    mention: DateMention, weekday: int, reference: dtm.date, tense: Tense | None
) -> dtm.date:
    """Return the day a weekday phrase names, seen from the reference date."""
    monday = reference - dtm.timedelta(days=reference.weekday())
    if mention.week_shift:
        # Written on a Sunday, "this week" is the one that starts tomorrow, and "next week" the
        # one after: the week-ahead letters of a Sunday say so.
        week = monday + dtm.timedelta(days=7) if reference.weekday() == 6 else monday
        return week + dtm.timedelta(days=7 * mention.week_shift + weekday)
    if mention.direction == 2:  # this Wednesday
        return monday + dtm.timedelta(days=weekday)
    if mention.direction == 1:  # next Wednesday: the Wednesday of next week
        return monday + dtm.timedelta(days=7 + weekday)
    back = (reference.weekday() - weekday) % 7
    if mention.direction == -1:  # last Wednesday: the latest one before today
        return reference - dtm.timedelta(days=back or 7)
    if tense is Tense.PAST:
        return reference - dtm.timedelta(days=back)
    ahead = (weekday - reference.weekday()) % 7
    if (tense is Tense.NEAREST or (tense is None and mention.possessive)) and back < ahead:
        return reference - dtm.timedelta(days=back)  # "Thursday's signing is…", on a Friday
    # "The council meets (will meet) on Thursday" in a Thursday article is that day: news names
    # the day of writing by its weekday; a week on is "next Thursday".
    ahead = (weekday - reference.weekday()) % 7
    return reference + dtm.timedelta(days=ahead)


def resolve(
    mention: DateMention,
    reference: dtm.date,
    tense: Tense | None,
    anchor: Span | None,
) -> list[Span]:
    """Return the day spans a mention stands for (two for "12 and 19 January"), or none."""
    if mention.kind is DateKind.VAGUE:
        return []
    if mention.kind is DateKind.DEICTIC:
        day = reference + dtm.timedelta(days=mention.offset_days)
        return [(day, day + dtm.timedelta(days=mention.extra_days))]
    if mention.kind is DateKind.ANCHORED:
        if mention.same_day:
            return [anchor] if anchor else []
        if anchor is None:
            if not mention.words.lower().startswith(("in ", "within ")):
                return []
            base = reference
        else:
            base = anchor[1] if mention.offset_days > 0 else anchor[0]
        day = base + dtm.timedelta(days=mention.offset_days)
        return [(day, day)]
    first_ref, last_ref = mention.first, mention.last
    if first_ref is None or last_ref is None:
        return []
    if mention.year_shift is not None and first_ref.year is None:
        year = reference.year + mention.year_shift  # "on Nov. 15 last year"
        first_ref = dataclasses.replace(first_ref, year=year)
        last_ref = dataclasses.replace(last_ref, year=last_ref.year or year)
    if mention.kind is DateKind.WEEKDAY:
        if first_ref.weekday is None or last_ref.weekday is None:
            return []
        first = resolve_weekday(mention, first_ref.weekday, reference, tense)
        gap = (last_ref.weekday - first_ref.weekday) % 7
        return [(first, first + dtm.timedelta(days=gap))]
    first_day = resolve_day(first_ref, reference, tense)
    if first_day is None:
        return []
    if last_ref == first_ref:
        return [(first_day, first_day)]
    if last_ref.year is None and last_ref.month is not None:
        year = first_day.year + (1 if last_ref.month < first_day.month else 0)
        last_day = _valid(year, last_ref.month, last_ref.day or 0)
    else:
        last_day = resolve_day(last_ref, first_day, Tense.FUTURE)
    if last_day is None or last_day < first_day:
        return []
    if mention.listed and (last_day - first_day).days > 1:
        return [(first_day, first_day), (last_day, last_day)]  # "the rounds of 16 May and 2 June"
    if (last_day - first_day).days > MAX_SESSION_DAYS:
        return []
    return [(first_day, last_day)]
