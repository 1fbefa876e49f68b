"""Say, for each date expression of an article, what it became and why (`extract --explain`)."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.extract.candidates import Decision
from bot.extract.resolve import Span
from bot.models import MILESTONE_KINDS, ExtractedEvent


@dataclass(frozen=True, slots=True)
class Explanation:
    """One date expression of one article, and what became of it."""

    file: str
    sentence: int  # the sentence's number in the article, from 1
    words: str
    days: str  # the days it was read as, or "" when it names none
    outcome: str


def _days(spans: Sequence[Span]) -> str:
    return ", ".join(_span(s) for s in spans)


def _span(span: Span) -> str:
    first, last = span
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def _event_text(event: ExtractedEvent) -> str:
    when = _span((event.start_date, event.end_date))
    if event.start_at is not None:
        when = event.start_at.isoformat(timespec="minutes")
    where = f", {event.location}" if event.location else ""
    return f"“{event.title}” ({when}{where}, {event.status.value})"


def explain(
    decisions: Sequence[Decision], placed: Mapping[int, ExtractedEvent]
) -> list[Explanation]:
    """Return the explanations of the decisions, given the event each candidate went into."""
    found = []
    seen: dict[int, tuple[str, int]] = {}  # event id -> where it was first named
    for decision in decisions:
        outcomes = []
        for candidate in decision.candidates:
            if candidate.moved_to is not None:
                moved = candidate.moved_to
                event = placed.get(id(moved))
                outcomes.append(
                    f"the original day of a session moved to «{moved.date_words}»"
                    + (f": {_event_text(event)}" if event is not None else "")
                )
                continue
            if candidate.absorbed_by is not None:
                opening = candidate.absorbed_by
                event = placed.get(id(opening))
                words = opening.date_words or "its first day"
                outcomes.append(
                    f"the last day of the session that begins «{words}»"
                    + (f": {_event_text(event)}" if event is not None else "")
                )
                continue
            event = placed.get(id(candidate))
            if event is None:
                outcomes.append("no session (dropped while merging)")
                continue
            where = (candidate.article.file, candidate.facts.sentence.index)
            first = seen.setdefault(id(event), where)
            is_new = first == where
            what = "a milestone" if event.kind in MILESTONE_KINDS else "a session"
            if is_new:
                outcomes.append(f"{what}: {_event_text(event)}")
            else:
                outcomes.append(
                    f"the same {what.removeprefix('a ')} as sentence {first[1] + 1}: "
                    f"{_event_text(event)}"
                )
        if decision.reason is not None:
            outcomes.append(f"dropped: {decision.reason}")
        found.append(
            Explanation(
                file=decision.file,
                sentence=decision.facts.sentence.index + 1,
                words=decision.mention.words,
                days=_days(decision.spans),
                outcome="; ".join(outcomes),
            )
        )
    return found


def reference_line(file: str, day: dtm.date | None, why: str | None) -> str:
    """Return the line that says as of which day an article was read."""
    if day is None:
        return f"{file}: not dated"
    return f"{file}: read as of {day.isoformat()} ({day:%A}), from {why or 'its text'}"
