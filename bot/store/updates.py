"""Telegram updates already taken by an instance, so none is handled twice."""

from __future__ import annotations

import datetime as dtm

from sqlalchemy import delete

from bot.store.database import Database
from bot.store.tables import HandledUpdateRow


class UpdateStore:
    """The `handled_updates` table: an update id is taken once, by one instance."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def take(self, update_id: int, instance: str) -> bool:
        """Take an update for handling; False when another instance (or this one) took it."""
        statement = (
            self._db.insert(HandledUpdateRow)
            .values(update_id=update_id, instance=instance, handled_at=self._db.clock.now())
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(HandledUpdateRow.update_id)
        )
        async with self._db.transaction() as session:
            return (await session.execute(statement)).first() is not None

    async def forget_before(self, moment: dtm.datetime) -> int:
        """Drop the record of updates handled before `moment` (Telegram keeps them 24 hours)."""
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(HandledUpdateRow).where(HandledUpdateRow.handled_at < moment)
            )
            return int(getattr(result, "rowcount", 0) or 0)
