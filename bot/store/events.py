"""Calendar entries in the database: create, change (with history and SEQUENCE), query."""

from __future__ import annotations

import datetime as dtm
import enum
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

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
from bot.store.database import Database, chunks
from bot.store.history import read_histories, read_history
from bot.store.rules import EDITABLE, display, free_slug, slug_base
from bot.store.tables import ArticleRow, EventHistoryRow, EventRow, EventSourceRow

_EVENT_COLUMNS = tuple(EventRow.__table__.columns)

_COLUMN = {"track": "track_id"}
_MANY = 50  # drafts: beyond this, creation loads all ids once


def quote_hash(quote: str) -> str:
    """Return the key that tells two quotes apart in the unique index."""
    return hashlib.sha256(quote.encode("utf-8")).hexdigest()[:32]


class EventStore:
    """The calendar entries, their sources and their history."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -----------------------------------------------------------------------------

    async def get(self, ref: str | int) -> Event | None:
        """Return an event by its id ("osce-2022-01-13") or number (7, "7", "#7")."""
        async with self._db.read() as session:
            row = await self._row(session, ref)
            if row is None:
                return None
            return (await self._events(session, [row]))[0]

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
        """Return events overlapping [start, end], of some tracks and statuses, by start
        (without their sources when not needed: a listing of titles and dates; without the
        tracks' milestones when only sessions are wanted)."""
        query = select(EventRow)
        if not milestones:
            query = query.where(EventRow.kind.not_in(sorted(MILESTONE_KINDS)))
        if tracks is not None:
            query = query.where(EventRow.track_id.in_(list(tracks)))
        if start is not None:
            # The start bound is implied by the end one (sessions are short); it turns the
            # search into a range of the (start_date, end_date) index.
            earliest = start - dtm.timedelta(days=MAX_SESSION_DAYS)
            query = query.where(EventRow.end_date >= start, EventRow.start_date >= earliest)
        if end is not None:
            query = query.where(EventRow.start_date <= end)
        if statuses is not None:
            query = query.where(EventRow.status.in_([s.value for s in statuses]))
        order = (EventRow.start_date, EventRow.start_at, EventRow.number)
        if newest_first:
            query = query.order_by(*(c.desc() for c in order))
        else:
            query = query.order_by(*order)
        if limit is not None:
            query = query.limit(limit)
        return await self._query(query, sources=sources)

    async def many(self, numbers: Iterable[int]) -> dict[int, Event]:
        """Return these events, with their sources, by number."""
        found: dict[int, Event] = {}
        for chunk in chunks(numbers):
            query = select(EventRow).where(EventRow.number.in_(chunk))
            found.update((e.number, e) for e in await self._query(query))
        return found

    async def count(self) -> int:
        """Return how many events the calendar holds."""
        async with self._db.read() as session:
            return int((await session.execute(select(func.count(EventRow.number)))).scalar_one())

    async def by_source(self, article_id: str, quote: str) -> Event | None:
        """Return the event that already holds this article's sentence as a source."""
        query = (
            select(EventRow)
            .join(EventSourceRow, EventSourceRow.event_number == EventRow.number)
            .where(EventSourceRow.article_id == article_id)
            .where(EventSourceRow.quote_hash == quote_hash(quote))
        )
        found = await self._query(query.limit(1))
        return found[0] if found else None

    async def history(self, ref: str | int) -> list[EventChange]:
        """Return an event's changes, oldest first."""
        async with self._db.read() as session:
            row = await self._row(session, ref)
            if row is None:
                raise InputError(f"no event {ref!r}")
            return await read_history(session, row.number, row.id)

    async def histories(self, events: Sequence[Event]) -> dict[int, list[EventChange]]:
        """Return the changes of each event by number, oldest first, in one query."""
        async with self._db.read() as session:
            return await read_histories(session, events)

    async def last_change(self) -> dtm.datetime | None:
        """Return when any event last changed."""
        async with self._db.read() as session:
            value = (await session.execute(select(func.max(EventRow.updated_at)))).scalar_one()
            return value

    # -- writing -----------------------------------------------------------------------------

    async def create(self, draft: EventDraft, actor: str, summary: str = "created") -> Event:
        """Store a new event with sequence 0 and its first history entry."""
        return (await self.create_many([draft], actor, summary))[0]

    async def create_many(
        self, drafts: Sequence[EventDraft], actor: str, summary: str = "created"
    ) -> list[Event]:
        """Store new events in one transaction (all or none), each with its first history entry."""
        now = self._db.clock.now()
        async with self._db.write() as session:
            rows = []
            taken: set[str] = set()
            looked_up: set[str] = set()
            if len(drafts) > _MANY:
                # One query for every id beats one per slug when thousands arrive at once.
                taken = set((await session.execute(select(EventRow.id))).scalars())
            for draft in drafts:
                base = slug_base(draft)
                if len(drafts) <= _MANY and base not in looked_up:
                    taken |= await self._taken_slugs(session, base)
                    looked_up.add(base)
                event_id = free_slug(base, taken)
                taken.add(event_id)
                rows.append(self._new_row(draft, event_id, now))
            session.add_all(rows)
            await session.flush()
            for draft, row in zip(drafts, rows, strict=True):
                await self._add_sources(session, row, draft.sources, now)
                session.add(
                    EventHistoryRow(
                        event_number=row.number,
                        sequence=0,
                        at=now,
                        actor=actor,
                        summary=summary,
                        changes=[],
                    )
                )
            await session.flush()
            return await self._events(session, rows)

    @staticmethod
    def _new_row(draft: EventDraft, event_id: str, now: dtm.datetime) -> EventRow:
        return EventRow(
            id=event_id,
            title=draft.title,
            track_id=draft.track,
            start_date=draft.start_date,
            end_date=draft.end_date,
            start_at=draft.start_at,
            end_at=draft.end_at,
            location=draft.location,
            timezone=draft.timezone,
            status=draft.status.value,
            kind=draft.kind,
            confidence=draft.confidence,
            sequence=0,
            url=draft.url,
            description=draft.description,
            discrepancies=list(draft.discrepancies),
            created_at=now,
            updated_at=now,
        )

    async def update(
        self,
        ref: str | int,
        changes: Mapping[str, object],
        actor: str,
        summary: str,
        sources: Sequence[EventSource] = (),
    ) -> tuple[Event, bool]:
        """Apply changes and new sources; return the event and whether anything changed.

        A change bumps SEQUENCE, moves `updated_at` and is kept in the history; asking for
        what is already there changes nothing.
        """
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InputError(f"cannot change {', '.join(sorted(unknown))}")
        now = self._db.clock.now()
        async with self._db.write() as session:
            row = await self._row(session, ref, lock=True)
            if row is None:
                raise InputError(f"no event {ref!r}")
            diff: list[FieldChange] = []
            for name, value in changes.items():
                column = _COLUMN.get(name, name)
                stored = value.value if isinstance(value, enum.Enum) else value
                if isinstance(stored, tuple):
                    stored = list(stored)
                old = getattr(row, column)
                if old == stored:
                    continue
                diff.append(FieldChange(field=name, old=display(old), new=display(stored)))
                setattr(row, column, stored)
            added_sources = await self._add_sources(session, row, sources, now, skip_known=True)
            if not diff and not added_sources:
                session.info["unchanged"] = True
                return (await self._events(session, [row]))[0], False
            if added_sources:
                diff.append(
                    FieldChange(
                        field="sources",
                        old=None,
                        new="; ".join(s.file or s.article_id or "manual" for s in added_sources),
                    )
                )
            if row.end_date < row.start_date:
                raise InputError("the end date cannot be before the start date")
            if (row.end_date - row.start_date).days > MAX_SESSION_DAYS:
                raise InputError(f"a session lasts {MAX_SESSION_DAYS + 1} days at most")
            row.sequence += 1
            row.updated_at = now
            session.add(
                EventHistoryRow(
                    event_number=row.number,
                    sequence=row.sequence,
                    at=now,
                    actor=actor,
                    summary=summary,
                    changes=[c.model_dump() for c in diff],
                )
            )
            await session.flush()
            return (await self._events(session, [row]))[0], True

    # -- helpers -----------------------------------------------------------------------------

    async def _add_sources(
        self,
        session: AsyncSession,
        row: EventRow,
        sources: Sequence[EventSource],
        now: dtm.datetime,
        *,
        skip_known: bool = False,
    ) -> list[EventSource]:
        known: set[tuple[str | None, str]] = set()
        if skip_known and sources:
            existing = await session.execute(
                select(EventSourceRow.article_id, EventSourceRow.quote_hash).where(
                    EventSourceRow.event_number == row.number
                )
            )
            known = {(a, h) for a, h in existing}
        added = []
        for source in sources:
            key = (source.article_id, quote_hash(source.quote))
            if key in known:
                continue
            known.add(key)
            session.add(
                EventSourceRow(
                    event_number=row.number,
                    article_id=source.article_id,
                    quote=source.quote,
                    quote_hash=key[1],
                    date_words=source.date_words,
                    said_start=source.said_start,
                    said_end=source.said_end,
                    added_at=now,
                )
            )
            added.append(source)
        return added

    async def _taken_slugs(self, session: AsyncSession, base: str) -> set[str]:
        found = await session.execute(
            select(EventRow.id).where(or_(EventRow.id == base, EventRow.id.like(f"{base}-%")))
        )
        return set(found.scalars())

    async def _row(
        self, session: AsyncSession, ref: str | int, *, lock: bool = False
    ) -> EventRow | None:
        query: Select[EventRow]
        text = str(ref).strip().lstrip("#")
        if text.isdigit():
            query = select(EventRow).where(EventRow.number == int(text))
        else:
            query = select(EventRow).where(EventRow.id == text.lower())
        if lock and self._db.dialect == "postgresql":
            query = query.with_for_update()
        return (await session.execute(query)).scalar_one_or_none()

    async def _query(self, query: Select[EventRow], *, sources: bool = True) -> list[Event]:
        # Plain rows rather than ORM objects: feeds and listings read thousands at a time, and
        # building an ORM instance per row costs more than the query.
        async with self._db.read() as session:
            rows = (await session.execute(query.with_only_columns(*_EVENT_COLUMNS))).all()
            return await self._events(session, rows, sources=sources)

    async def with_sources(self, events: Sequence[Event]) -> list[Event]:
        """Return these events (listed without their sources) with their sources."""
        async with self._db.read() as session:
            found = await self._sources(session, [e.number for e in events])
        return [e.model_copy(update={"sources": tuple(found.get(e.number, ()))}) for e in events]

    async def _sources(
        self, session: AsyncSession, numbers: Sequence[int]
    ) -> dict[int, list[EventSource]]:
        """Return the sources of these events, in the order they were added, one query per
        500 events."""
        found: dict[int, list[EventSource]] = defaultdict(list)
        for chunk in chunks(numbers):
            result = await session.execute(
                select(
                    EventSourceRow.event_number,
                    EventSourceRow.article_id,
                    EventSourceRow.quote,
                    EventSourceRow.date_words,
                    EventSourceRow.said_start,
                    EventSourceRow.said_end,
                    ArticleRow.file,
                    ArticleRow.outlet,
                    ArticleRow.url,
                    ArticleRow.published,
                )
                .outerjoin(ArticleRow, ArticleRow.id == EventSourceRow.article_id)
                .where(EventSourceRow.event_number.in_(chunk))
                # Per event, in the order added; ordering by id alone lets PostgreSQL walk the
                # whole table in id order instead of looking the events up.
                .order_by(EventSourceRow.event_number, EventSourceRow.id)
            )
            for source in result:
                found[source.event_number].append(
                    EventSource.model_construct(
                        article_id=source.article_id,
                        file=source.file,
                        outlet=source.outlet,
                        url=source.url,
                        published=source.published,
                        quote=source.quote,
                        date_words=source.date_words,
                        said_start=source.said_start,
                        said_end=source.said_end,
                    )
                )
        return found

    async def _events(
        self, session: AsyncSession, rows: Sequence[Any], *, sources: bool = True
    ) -> list[Event]:
        """Turn rows (ORM objects or plain rows) into events, with their sources unless told
        not to load them."""
        found = await self._sources(session, [r.number for r in rows]) if sources else {}
        # The rows were validated on the way in: build the models without validating again.
        return [
            Event.model_construct(
                id=r.id,
                number=r.number,
                title=r.title,
                track=r.track_id,
                start_date=r.start_date,
                end_date=r.end_date,
                start_at=r.start_at,
                end_at=r.end_at,
                location=r.location,
                timezone=r.timezone,
                status=EventStatus(r.status),
                kind=r.kind,
                confidence=r.confidence,
                sequence=r.sequence,
                url=r.url,
                description=r.description,
                sources=tuple(found.get(r.number, ())),
                discrepancies=tuple(r.discrepancies or ()),
                created_at=r.created_at,
                updated_at=r.updated_at,
            )
            for r in rows
        ]
