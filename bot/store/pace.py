"""Send moments and slots, handed out from the database so that instances share the bot's limit.

Two rules keep every instance of one bot under Telegram's limit together:
- spacing: the `send_pace` row holds the next free moment, and each message takes the one
  after it, so messages leave evenly whatever instance sends them;
- slots: the `send_slots` rows are the places in Telegram's rolling second. A message holds one
  from before it leaves until a window after its answer came back; a slot is taken again only
  once that time has passed. Telegram counts a request when it arrives, which is between its
  leaving and its answer, so however unevenly requests travel, no rolling window at Telegram
  holds more messages than there are slots.

Times come from the database's clock on PostgreSQL, so that instances on hosts whose clocks
differ still agree; SQLite serves one host and uses its clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dtm

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.database import Database
from bot.store.tables import SendPaceRow, SendSlotRow

_EPOCH = dtm.datetime(1970, 1, 1, tzinfo=dtm.UTC)


@dataclasses.dataclass(frozen=True)
class Grant:
    """A slot held for one message, which may leave at `start` (database time)."""

    slot: int
    holder: str
    start: dtm.datetime
    now: dtm.datetime


@dataclasses.dataclass(frozen=True)
class Wait:
    """Nothing granted: ask again in `seconds`."""

    seconds: float


class PaceStore:
    """The `send_pace` row and the `send_slots` rows, for every instance at once."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._slots_made = 0

    async def claim(
        self,
        holder: str,
        *,
        slots: int,
        interval: float,
        lead: float,
        lease: float,
    ) -> Grant | Wait:
        """Hold a slot and the next moment for one message, if it may leave within `lead` s.

        `interval` spaces consecutive messages; a slot held longer than `lease` seconds is
        taken to be abandoned by an instance that died with a message in flight.
        """
        await self._make_slots(slots)
        async with self._db.transaction() as session:
            next_at = (
                await session.execute(
                    select(SendPaceRow.next_at).where(SendPaceRow.id == 1).with_for_update()
                )
            ).scalar_one()
            now = await self._now(session)
            start = max(next_at or now, now)
            if start > now + dtm.timedelta(seconds=lead):
                return Wait((start - now).total_seconds() - lead)
            abandoned = now - dtm.timedelta(seconds=lease)
            free = (
                await session.execute(
                    select(SendSlotRow.id, SendSlotRow.free_at)
                    .where(
                        SendSlotRow.id < slots,
                        or_(SendSlotRow.holder.is_(None), SendSlotRow.held_since < abandoned),
                    )
                    .order_by(SendSlotRow.free_at, SendSlotRow.id)
                    .limit(1)
                )
            ).first()
            if free is None:
                return Wait(min(interval, lead))  # every slot is in flight: ask again soon
            start = max(start, free.free_at)
            if start > now + dtm.timedelta(seconds=lead):
                return Wait((start - now).total_seconds() - lead)
            await session.execute(
                update(SendSlotRow)
                .where(SendSlotRow.id == free.id)
                .values(holder=holder, held_since=now)
            )
            await session.execute(
                update(SendPaceRow)
                .where(SendPaceRow.id == 1)
                .values(next_at=start + dtm.timedelta(seconds=interval))
            )
        return Grant(slot=free.id, holder=holder, start=start, now=now)

    async def release(self, grant: Grant, answered_after: float, window: float) -> None:
        """Free the grant's slot a window after its message's answer.

        `answered_after` is the time in seconds from the grant to the answer, as measured by
        the instance: the answer's moment does not depend on how long this write takes.
        """
        free_at = grant.now + dtm.timedelta(seconds=answered_after + window)
        async with self._db.transaction() as session:
            await session.execute(
                update(SendSlotRow)
                .where(and_(SendSlotRow.id == grant.slot, SendSlotRow.holder == grant.holder))
                .values(holder=None, held_since=None, free_at=free_at)
            )

    async def _make_slots(self, count: int) -> None:
        """Create the slot rows up to `count` once; every instance may do it at the same time."""
        if count <= self._slots_made:
            return
        rows = [{"id": number, "free_at": _EPOCH} for number in range(count)]
        async with self._db.transaction() as session:
            statement = self._db.insert(SendSlotRow).values(rows).on_conflict_do_nothing()
            await session.execute(statement)
        self._slots_made = count

    async def _now(self, session: AsyncSession) -> dtm.datetime:
        if self._db.dialect == "postgresql":
            result = await session.execute(select(func.clock_timestamp()))
            value: dtm.datetime = result.scalar_one()
            return value
        return dtm.datetime.now(dtm.UTC)
