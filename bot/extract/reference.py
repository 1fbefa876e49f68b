"""Infer an article's reference date (when it was written) from the dates in its text."""

from __future__ import annotations

import datetime as dtm
import re
from dataclasses import dataclass

from bot.extract.analysis import Facts
from bot.extract.cues import Tense
from bot.extract.dates import DateKind, DayRef
from bot.extract.page import Page
from bot.extract.resolve import resolve_day

_YEAR = re.compile(r"(?<![\w,.$€£-])((?:19|20)\d{2})(?![\w-]|,\d)")


@dataclass(frozen=True, slots=True)
class _Clues:
    years: list[tuple[int, Tense | None]]
    full: list[tuple[dtm.date, Tense | None]]
    days: list[tuple[DayRef, Tense | None]]


def _clause_tense(facts: Facts, pos: int) -> Tense | None:
    start, end = facts.clause_span(pos)
    return facts.lang.tense(facts.norm[start:end]) or facts.lang.tense(facts.norm)


def _collect(sentences: list[Facts]) -> _Clues:
    years: list[tuple[int, Tense | None]] = []
    full: list[tuple[dtm.date, Tense | None]] = []
    days: list[tuple[DayRef, Tense | None]] = []
    for facts in sentences:
        for mention in facts.dates:
            if mention.kind is not DateKind.ABSOLUTE or mention.first is None:
                continue
            tense = _clause_tense(facts, mention.start)
            ref = mention.first
            if ref.year is not None and ref.month is not None and ref.day is not None:
                try:
                    full.append((dtm.date(ref.year, ref.month, ref.day), tense))
                except ValueError:
                    continue
            elif ref.month is not None:
                days.append((ref, tense))
        for m in _YEAR.finditer(facts.norm):
            if any(
                d.start <= m.start() < d.end for d in facts.dates if d.kind is DateKind.ABSOLUTE
            ):
                continue
            years.append((int(m.group(1)), _clause_tense(facts, m.start())))
    return _Clues(years, full, days)


def _score(reference: dtm.date, clues: _Clues) -> float:
    score = 0.0
    future_years = {y for y, t in clues.years if t is Tense.FUTURE}
    for year, tense in clues.years:
        if tense is Tense.PAST:
            score += 1 if year <= reference.year else -2
        elif tense is Tense.FUTURE:
            score += 1 if year >= reference.year else -2
            score += 1 if year == reference.year + 1 else 0
        else:
            score += 0.5 if abs(year - reference.year) <= 1 else -0.5
    for day, tense in clues.full:
        if tense is Tense.PAST:
            score += 1 if day <= reference else -2
        elif tense is Tense.FUTURE:
            score += 1 if day >= reference else -2
        else:
            score += 0.5 if abs((day - reference).days) <= 366 else -0.5
    for ref, tense in clues.days:
        resolved = resolve_day(ref, reference, tense)
        if resolved is None:
            continue
        if tense is Tense.FUTURE and resolved.year in future_years:
            score += 1
        if ref.weekday is not None:
            score += 2 if resolved.weekday() == ref.weekday else -1
    return score


@dataclass(frozen=True, slots=True)
class Reference:
    """The day an article is read as of, and why."""

    day: dtm.date
    why: str


def page_reference(page: Page, sentences: list[Facts]) -> Reference | None:
    """Return the date an article's furniture or text gives it, with the reason.

    A publication line ("Published: Sat, February 09 2019") wins; then the dateline's day
    ("VIENNA, March 3 (Reuters) -") in the year the text agrees with best; then the dates of the
    text itself.
    """
    if page.published is not None:
        return Reference(page.published, _quoting("its publication line", page.published_line))
    dateline = page.dateline
    if dateline is not None and dateline.day is not None and dateline.day.month is not None:
        day = _dateline_day(dateline.day, sentences)
        if day is not None:
            return Reference(day, _quoting("its dateline", dateline.words))
    inferred = infer_reference(sentences)
    if inferred is None:
        return None
    return Reference(inferred, "the dates in its text")


_QUOTE_MAX = 80  # characters of a furniture line quoted in a reason


def _quoting(what: str, words: str | None) -> str:
    """Return a reason with the words it rests on: "its dateline 'VIENNA, Dec 9 (Reuters) -'"."""
    if not words:
        return what
    line = " ".join(words.split())
    if len(line) > _QUOTE_MAX:
        line = line[: _QUOTE_MAX - 1].rstrip() + "…"
    return f"{what} '{line}'"


def _dateline_day(ref: DayRef, sentences: list[Facts]) -> dtm.date | None:
    if ref.month is None or ref.day is None:
        return None
    if ref.year is not None:
        return _weekday_safe(ref.year, ref.month, ref.day)
    clues = _collect(sentences)
    years = {y for y, _ in clues.years} | {d.year for d, _ in clues.full}
    if not years:
        return None
    hypotheses = _days_in(ref, range(min(years) - 1, max(years) + 2))
    if not hypotheses:
        return None
    named = [y for y, _ in clues.years] + [d.year for d, _ in clues.full]
    # Between equally consistent years, the one the text names most is the dateline's.
    return max(hypotheses, key=lambda day: (_score(day, clues), named.count(day.year), day))


def infer_reference(sentences: list[Facts]) -> dtm.date | None:
    """Return the most consistent reference date for an article, or None if the text cannot say.

    Each day the text reports as done (or each written full date) is a hypothesis; it scores
    by how well the years, full dates and weekdays of the text agree with it, and the latest
    of the best is taken: an article is written after what it reports.
    """
    clues = _collect(sentences)
    years = {y for y, _ in clues.years} | {d.year for d, _ in clues.full}
    for ref, _ in clues.days:
        if ref.weekday is not None and ref.month is not None and ref.day is not None:
            years |= {
                y for y in range(1990, 2061) if _weekday_of(y, ref.month, ref.day) == ref.weekday
            }
    if not years:
        return None
    hypotheses: set[dtm.date] = set()
    for written, tense in clues.full:
        hypotheses.add(written if tense is not Tense.FUTURE else written - dtm.timedelta(days=1))
    span = range(min(years) - 1, max(years) + 2)
    for ref, tense in clues.days:
        if tense is not Tense.FUTURE:
            hypotheses.update(_days_in(ref, span))
    if not hypotheses:
        # Only announcements: the article was written before the first of them.
        for ref, _ in clues.days:
            hypotheses.update(day - dtm.timedelta(days=1) for day in _days_in(ref, span))
    if not hypotheses:
        return None
    return max(hypotheses, key=lambda day: (_score(day, clues), day))


def _days_in(ref: DayRef, years: range) -> list[dtm.date]:
    if ref.month is None or ref.day is None:
        return []
    return [d for y in years if (d := _weekday_safe(y, ref.month, ref.day)) is not None]


def _weekday_safe(year: int, month: int, day: int) -> dtm.date | None:
    try:
        return dtm.date(year, month, day)
    except ValueError:
        return None


def _weekday_of(year: int, month: int, day: int) -> int | None:
    found = _weekday_safe(year, month, day)
    return found.weekday() if found else None
