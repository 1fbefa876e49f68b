"""Deliveries: each planned message, claimed with a lease before it is sent, so it is sent once."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.models import Delivery, DeliveryKind, DeliveryStatus
from bot.store.database import Database
from bot.store.tables import DeliveryRow

OPEN = (DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value)


@dataclass(frozen=True, slots=True)
class PlannedDelivery:
    """A message that should go out at `due_at`, unless it is already planned."""

    kind: DeliveryKind
    event_number: int | None
    event_sequence: int
    chat_id: int
    offset_minutes: int
    due_at: dtm.datetime
    payload: str | None = None

    @property
    def key(self) -> str:
        """Return the unique key: one delivery per event version, chat, offset and kind."""
        return (
            f"{self.kind.value}:{self.event_number}:{self.event_sequence}:"
            f"{self.chat_id}:{self.offset_minutes}"
        )


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        key=row.key,
        event_number=row.event_number,
        event_sequence=row.event_sequence,
        chat_id=row.chat_id,
        offset_minutes=row.offset_minutes,
        kind=DeliveryKind(row.kind),
        due_at=row.due_at,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        lease_until=row.lease_until,
        sent_at=row.sent_at,
        late=row.late,
        last_error=row.last_error,
        payload=row.payload,
        message_id=row.message_id,
    )


class DeliveryStore:
    """The deliveries table: the truth about what was, is being, and will be sent."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def plan(self, planned: Sequence[PlannedDelivery]) -> int:
        """Insert the deliveries not planned yet; return how many were new."""
        if not planned:
            return 0
        now = self._db.clock.now()
        rows = [
            {
                "key": p.key,
                "event_number": p.event_number,
                "event_sequence": p.event_sequence,
                "chat_id": p.chat_id,
                "offset_minutes": p.offset_minutes,
                "kind": p.kind.value,
                "due_at": p.due_at,
                "status": DeliveryStatus.PENDING.value,
                "attempts": 0,
                "late": False,
                "payload": p.payload,
                "created_at": now,
            }
            for p in planned
        ]
        builder = pg_insert if self._db.dialect == "postgresql" else sqlite_insert
        added = 0
        async with self._db.transaction() as session:
            for start in range(0, len(rows), 500):
                statement = builder(DeliveryRow).values(rows[start : start + 500])
                statement = statement.on_conflict_do_nothing(index_elements=["key"])
                result = await session.execute(statement.returning(DeliveryRow.id))
                added += len(result.all())
        return added

    async def supersede(self, event_number: int, sequence: int, reason: str) -> int:
        """Cancel the reminders still pending for older versions of an event."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.event_number == event_number)
                .where(DeliveryRow.event_sequence < sequence)
                .where(DeliveryRow.kind == DeliveryKind.REMINDER.value)
                .where(DeliveryRow.status == DeliveryStatus.PENDING.value)
                .values(status=DeliveryStatus.CANCELLED.value, last_error=reason)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def claim(
        self,
        owner: str,
        lease: dtm.timedelta,
        limit: int = 100,
        now: dtm.datetime | None = None,
    ) -> list[Delivery]:
        """Claim due deliveries (and ones whose lease ran out) for `owner`, oldest first.

        The claim is one conditional UPDATE … RETURNING; on PostgreSQL the rows are picked
        with FOR UPDATE SKIP LOCKED, so instances claiming at once get different rows.
        """
        at = now or self._db.clock.now()
        due = (
            select(DeliveryRow.id)
            .where(
                ((DeliveryRow.status == DeliveryStatus.PENDING.value) & (DeliveryRow.due_at <= at))
                | (
                    (DeliveryRow.status == DeliveryStatus.SENDING.value)
                    & (DeliveryRow.lease_until < at)
                )
            )
            .order_by(DeliveryRow.due_at, DeliveryRow.id)
            .limit(limit)
        )
        if self._db.dialect == "postgresql":
            due = due.with_for_update(skip_locked=True)
        async with self._db.transaction() as session:
            result = await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id.in_(due.scalar_subquery()))
                .values(
                    status=DeliveryStatus.SENDING.value,
                    lease_owner=owner,
                    lease_until=at + lease,
                    attempts=DeliveryRow.attempts + 1,
                )
                .returning(DeliveryRow)
                .execution_options(synchronize_session=False)
            )
            claimed = [_delivery(r) for r in result.scalars()]
        return sorted(claimed, key=lambda d: (d.due_at, d.id))

    async def sent(
        self,
        delivery_id: int,
        message_id: int | None,
        late: bool = False,
        owner: str | None = None,
    ) -> bool:
        """Record a delivery as sent; False if this owner no longer held it."""
        return await self._finish(
            delivery_id,
            owner,
            status=DeliveryStatus.SENT.value,
            sent_at=self._db.clock.now(),
            message_id=message_id,
            late=late,
            lease_until=None,
        )

    async def retry(
        self, delivery_id: int, due_at: dtm.datetime, error: str, owner: str | None = None
    ) -> bool:
        """Put a delivery back to pending, due again at `due_at`."""
        return await self._finish(
            delivery_id,
            owner,
            status=DeliveryStatus.PENDING.value,
            due_at=due_at,
            last_error=error[:500],
            lease_until=None,
            lease_owner=None,
        )

    async def release(self, delivery_id: int, owner: str | None = None) -> bool:
        """Give a claimed delivery back untouched (shutting down before sending it)."""
        return await self._finish(
            delivery_id,
            owner,
            status=DeliveryStatus.PENDING.value,
            lease_until=None,
            lease_owner=None,
            attempts=DeliveryRow.attempts - 1,
        )

    async def fail(self, delivery_id: int, error: str, owner: str | None = None) -> bool:
        """Record a delivery that cannot be sent."""
        return await self._finish(
            delivery_id,
            owner,
            status=DeliveryStatus.FAILED.value,
            last_error=error[:500],
            lease_until=None,
        )

    async def skip(self, delivery_id: int, reason: str, owner: str | None = None) -> bool:
        """Record a delivery that must not be sent any more (too late, session started)."""
        return await self._finish(
            delivery_id,
            owner,
            status=DeliveryStatus.SKIPPED.value,
            last_error=reason[:500],
            lease_until=None,
        )

    async def _finish(self, delivery_id: int, owner: str | None, **values: object) -> bool:
        query = update(DeliveryRow).where(DeliveryRow.id == delivery_id)
        query = query.where(DeliveryRow.status == DeliveryStatus.SENDING.value)
        if owner is not None:
            query = query.where(DeliveryRow.lease_owner == owner)
        async with self._db.transaction() as session:
            result = await session.execute(query.values(**values))
            return bool(getattr(result, "rowcount", 0))

    async def cancel_for_chat(self, chat_id: int, reason: str) -> int:
        """Cancel every open delivery to a chat."""
        async with self._db.transaction() as session:
            result = await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.chat_id == chat_id)
                .where(DeliveryRow.status == DeliveryStatus.PENDING.value)
                .values(status=DeliveryStatus.CANCELLED.value, last_error=reason)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def next_due(self) -> dtm.datetime | None:
        """Return when the next pending delivery (or running lease) falls due."""
        async with self._db.read() as session:
            pending = (
                await session.execute(
                    select(func.min(DeliveryRow.due_at)).where(
                        DeliveryRow.status == DeliveryStatus.PENDING.value
                    )
                )
            ).scalar_one()
            leased = (
                await session.execute(
                    select(func.min(DeliveryRow.lease_until)).where(
                        DeliveryRow.status == DeliveryStatus.SENDING.value
                    )
                )
            ).scalar_one()
        moments = [m for m in (pending, leased) if m is not None]
        return min(moments) if moments else None

    async def counts(self) -> dict[str, int]:
        """Return how many deliveries are in each status."""
        async with self._db.read() as session:
            rows = await session.execute(
                select(DeliveryRow.status, func.count(DeliveryRow.id)).group_by(DeliveryRow.status)
            )
            found = {status: int(n) for status, n in rows}
        return {s.value: found.get(s.value, 0) for s in DeliveryStatus}

    async def find(
        self,
        *,
        chat_id: int | None = None,
        event_number: int | None = None,
        statuses: Sequence[DeliveryStatus] | None = None,
    ) -> list[Delivery]:
        """Return deliveries, by due time."""
        query = select(DeliveryRow).order_by(DeliveryRow.due_at, DeliveryRow.id)
        if chat_id is not None:
            query = query.where(DeliveryRow.chat_id == chat_id)
        if event_number is not None:
            query = query.where(DeliveryRow.event_number == event_number)
        if statuses is not None:
            query = query.where(DeliveryRow.status.in_([s.value for s in statuses]))
        async with self._db.read() as session:
            return [_delivery(r) for r in (await session.execute(query)).scalars()]

    async def already_sent(self, event_number: int, chat_id: int, due_at: dtm.datetime) -> bool:
        """Tell whether a reminder for this event and chat at this due time went out already."""
        async with self._db.read() as session:
            found = (
                await session.execute(
                    select(DeliveryRow.id)
                    .where(DeliveryRow.event_number == event_number)
                    .where(DeliveryRow.chat_id == chat_id)
                    .where(DeliveryRow.kind == DeliveryKind.REMINDER.value)
                    .where(DeliveryRow.due_at == due_at)
                    .where(
                        DeliveryRow.status.in_(
                            [DeliveryStatus.SENT.value, DeliveryStatus.SENDING.value]
                        )
                    )
                    .limit(1)
                )
            ).first()
            return found is not None


__all__ = ["OPEN", "DeliveryStore", "PlannedDelivery"]
