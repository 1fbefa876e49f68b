"""Moments to send at, handed out from the database so that instances share the bot's limit."""

from __future__ import annotations

import datetime as dtm

from sqlalchemy import select, text, update

from bot.store.database import Database
from bot.store.tables import SendPaceRow


class PaceStore:
    """The `send_pace` row: the next free moment for a message, for every instance at once."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def reserve(self, count: int, interval: float) -> tuple[dtm.datetime, dtm.datetime]:
        """Reserve `count` moments `interval` seconds apart; return the first and the time now.

        Both come from the database's clock on PostgreSQL, so that instances on hosts whose
        clocks differ still space their messages correctly.
        """
        span = count * interval
        async with self._db.transaction() as session:
            if self._db.dialect == "postgresql":
                row = (
                    await session.execute(
                        text(
                            "UPDATE send_pace SET next_at = GREATEST(COALESCE(next_at, "
                            "clock_timestamp()), clock_timestamp()) + make_interval(secs => :span) "
                            "WHERE id = 1 RETURNING next_at, clock_timestamp()"
                        ),
                        {"span": span},
                    )
                ).one()
                end, now = row[0], row[1]
            else:
                now = dtm.datetime.now(dtm.UTC)
                stored = (
                    await session.execute(select(SendPaceRow.next_at).where(SendPaceRow.id == 1))
                ).scalar_one_or_none()
                end = max(stored or now, now) + dtm.timedelta(seconds=span)
                await session.execute(
                    update(SendPaceRow).where(SendPaceRow.id == 1).values(next_at=end)
                )
        return end - dtm.timedelta(seconds=span), now
