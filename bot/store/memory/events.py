"""The events port in memory: the same rules as the SQLAlchemy store, for fast service tests."""

from __future__ import annotations

import datetime as dtm
import enum
from collections.abc import Iterable, Mapping, Sequence

from bot.clock import Clock
from bot.errors import InputError
from bot.models import (
    MAX_SESSION_DAYS,
    MILESTONE_KINDS,
    Event,
    EventChange,
    EventDraft,
    EventSource,
    EventStatus,
    FieldChange,
)
from bot.store.rules import EDITABLE, display, free_slug, slug_base


def _order(event: Event) -> tuple[dtm.date, dtm.datetime, int]:
    # The SQL store orders by (start_date, start_at, number); an all-day session (no time)
    # comes first among those of its day, as NULLs do on SQLite.
    earliest = dtm.datetime.min.replace(tzinfo=dtm.UTC)
    return event.start_date, event.start_at or earliest, event.number


def _value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


class MemoryEvents:
    """Events, their sources and their history, in dictionaries."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._events: dict[int, Event] = {}
        self._history: dict[int, list[EventChange]] = {}

    def _find_ref(self, ref: str | int) -> Event | None:
        text = str(ref).strip().lstrip("#")
        if text.isdigit():
            return self._events.get(int(text))
        return next((e for e in self._events.values() if e.id == text.lower()), None)

    async def get(self, ref: str | int) -> Event | None:
        """The event with this slug or number, if any."""
        return self._find_ref(ref)

    async def find(
        self,
        *,
        tracks: Iterable[str] | None = None,
        start: dtm.date | None = None,
        end: dtm.date | None = None,
        statuses: Iterable[EventStatus] | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        sources: bool = True,
        milestones: bool = True,
    ) -> list[Event]:
        """The events that match every filter given, in start order unless `newest_first`."""
        wanted = None if tracks is None else set(tracks)
        kept = None if statuses is None else set(statuses)
        found = [
            e
            for e in sorted(self._events.values(), key=_order, reverse=newest_first)
            if (milestones or e.kind not in MILESTONE_KINDS)
            and (wanted is None or e.track in wanted)
            and (start is None or e.end_date >= start)
            and (end is None or e.start_date <= end)
            and (kept is None or e.status in kept)
        ]
        found = found[:limit] if limit is not None else found
        return found if sources else [e.model_copy(update={"sources": ()}) for e in found]

    async def by_source(self, article_id: str, quote: str) -> Event | None:
        """The event this sentence of this article already announced, if any."""
        for event in sorted(self._events.values(), key=lambda e: e.number):
            if any(s.article_id == article_id and s.quote == quote for s in event.sources):
                return event
        return None

    async def history(self, ref: str | int) -> list[EventChange]:
        """The changes of one event, oldest first."""
        event = self._find_ref(ref)
        if event is None:
            raise InputError(f"no event {ref!r}")
        return list(self._history[event.number])

    async def histories(self, events: Sequence[Event]) -> dict[int, list[EventChange]]:
        """The changes of each event by number, oldest first."""
        return {e.number: list(self._history.get(e.number, ())) for e in events}

    async def create(self, draft: EventDraft, actor: str, summary: str = "created") -> Event:
        """Store a new event with sequence 0 and its first history entry."""
        now = self._clock.now()
        number = max(self._events, default=0) + 1
        event_id = free_slug(slug_base(draft), {e.id for e in self._events.values()})
        fields = draft.model_dump(exclude={"sources", "discrepancies"})
        event = Event(
            **fields,
            id=event_id,
            number=number,
            sequence=0,
            sources=draft.sources,
            discrepancies=draft.discrepancies,
            created_at=now,
            updated_at=now,
        )
        self._events[number] = event
        self._history[number] = [
            EventChange(event_id=event_id, sequence=0, at=now, actor=actor, summary=summary)
        ]
        return event

    async def update(
        self,
        ref: str | int,
        changes: Mapping[str, object],
        actor: str,
        summary: str,
        sources: Sequence[EventSource] = (),
    ) -> tuple[Event, bool]:
        """Apply changes and new sources; the event after, and whether anything changed."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InputError(f"cannot change {', '.join(sorted(unknown))}")
        event = self._find_ref(ref)
        if event is None:
            raise InputError(f"no event {ref!r}")
        diff: list[FieldChange] = []
        for name, value in changes.items():
            old = _value(getattr(event, name))
            new = _value(value.value if isinstance(value, enum.Enum) else value)
            old = old.value if isinstance(old, enum.Enum) else old
            if old != new:
                diff.append(FieldChange(field=name, old=display(old), new=display(new)))
        known = {(s.article_id, s.quote) for s in event.sources}
        added = [s for s in sources if (s.article_id, s.quote) not in known]
        if not diff and not added:
            return event, False
        if added:
            names = "; ".join(s.file or s.article_id or "manual" for s in added)
            diff.append(FieldChange(field="sources", old=None, new=names))
        values = event.model_dump()
        values.update(changes)
        values.update(sequence=event.sequence + 1, updated_at=self._clock.now())
        values["sources"] = (*event.sources, *added)
        first, last = values["start_date"], values["end_date"]
        if last < first:
            raise InputError("the end date cannot be before the start date")
        if (last - first).days > MAX_SESSION_DAYS:
            raise InputError(f"a session lasts {MAX_SESSION_DAYS + 1} days at most")
        after = Event(**values)
        self._events[event.number] = after
        self._history[event.number].append(
            EventChange(
                event_id=after.id,
                sequence=after.sequence,
                at=after.updated_at,
                actor=actor,
                summary=summary,
                changes=tuple(diff),
            )
        )
        return after, True

    async def with_sources(self, events: Sequence[Event]) -> list[Event]:
        """The same events with their sources filled in."""
        return [self._events[e.number] for e in events]
