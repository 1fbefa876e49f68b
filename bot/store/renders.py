"""Serialised VEVENTs kept by event version, so exports and feeds never render twice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, select

from bot.store.database import Database
from bot.store.tables import RenderRow

_BATCH = 500


class RenderStore:
    """The `renders` table: one block per event, replaced when the event's version changes."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, numbers: Iterable[int]) -> dict[int, tuple[str, bytes]]:
        """Return the kept blocks of these events, with the version key each was made for."""
        wanted = list(numbers)
        found: dict[int, tuple[str, bytes]] = {}
        async with self._db.read() as session:
            for start in range(0, len(wanted), _BATCH):
                rows = await session.execute(
                    select(RenderRow).where(
                        RenderRow.event_number.in_(wanted[start : start + _BATCH])
                    )
                )
                for row in rows.scalars():
                    found[row.event_number] = (row.key, row.body)
        return found

    async def put(self, blocks: Mapping[int, tuple[str, bytes]]) -> None:
        """Keep these blocks, replacing older ones of the same events."""
        if not blocks:
            return
        numbers = list(blocks)
        async with self._db.transaction() as session:
            for start in range(0, len(numbers), _BATCH):
                chunk = numbers[start : start + _BATCH]
                await session.execute(delete(RenderRow).where(RenderRow.event_number.in_(chunk)))
                session.add_all(
                    RenderRow(event_number=n, key=blocks[n][0], body=blocks[n][1]) for n in chunk
                )
