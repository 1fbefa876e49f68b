"""Reading the change history of events: one event's, or many events' in one query each chunk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Event, EventChange, FieldChange
from bot.store.database import chunks
from bot.store.tables import EventHistoryRow


def _change(event_id: str, row: EventHistoryRow) -> EventChange:
    return EventChange(
        event_id=event_id,
        sequence=row.sequence,
        at=row.at,
        actor=row.actor,
        summary=row.summary,
        changes=tuple(FieldChange(**c) for c in row.changes),
    )


async def read_history(session: AsyncSession, number: int, event_id: str) -> list[EventChange]:
    """One event's changes, oldest first."""
    rows = await _rows(session, [number])
    return [_change(event_id, h) for h in rows]


async def read_histories(
    session: AsyncSession, events: Sequence[Event]
) -> dict[int, list[EventChange]]:
    """The changes of each event, oldest first, by event number (every event has a list)."""
    ids = {e.number: e.id for e in events}
    found: dict[int, list[EventChange]] = {number: [] for number in ids}
    for h in await _rows(session, ids):
        found[h.event_number].append(_change(ids[h.event_number], h))
    return found


async def _rows(session: AsyncSession, numbers: Iterable[int]) -> list[EventHistoryRow]:
    rows: list[EventHistoryRow] = []
    for chunk in chunks(numbers):
        query = (
            select(EventHistoryRow)
            .where(EventHistoryRow.event_number.in_(chunk))
            .order_by(EventHistoryRow.event_number, EventHistoryRow.id)
        )
        rows += (await session.execute(query)).scalars()
    return rows
