"""Deliveries: each planned message, claimed with a lease before it is sent, so it is sent once."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Delivery, DeliveryKind, DeliveryStatus
from bot.store.database import CHUNK, Database, chunks
from bot.store.tables import DeliveryRow
from bot.store.types import UTCDateTime

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
    tag: str | None = None  # a delivery tied to no event (a digest): unique per chat and tag

    @property
    def key(self) -> str:
        """Return the unique key: one delivery per event version, chat, offset and kind.

        A tagged delivery (the weekly digest, tagged with its ISO week) is unique per chat and tag.
        """
        if self.tag is not None:
            return f"{self.kind.value}:{self.tag}:{self.chat_id}"
        return (
            f"{self.kind.value}:{self.event_number}:{self.event_sequence}:"
            f"{self.chat_id}:{self.offset_minutes}"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryScope:
    """The deliveries a reconciliation owns: one kind, some events and chats, due from a moment.

    None means "any"; `due_from` leaves older history out of the comparison.
    """

    kind: DeliveryKind
    event_numbers: Collection[int] | None = None
    chat_ids: Collection[int] | None = None
    due_from: dtm.datetime | None = None


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What a reconciliation changed."""

    added: int = 0
    moved: int = 0
    revived: int = 0
    cancelled: int = 0

    @property
    def changed(self) -> bool:
        """Tell whether anything changed (and the next due time may have moved)."""
        return bool(self.added or self.moved or self.revived or self.cancelled)

    def __add__(self, other: Reconciled) -> Reconciled:
        return Reconciled(
            added=self.added + other.added,
            moved=self.moved + other.moved,
            revived=self.revived + other.revived,
            cancelled=self.cancelled + other.cancelled,
        )


@dataclass(frozen=True, slots=True)
class _Existing:
    id: int
    key: str
    status: str
    due_at: dtm.datetime
    event_number: int | None
    chat_id: int
    payload: str | None

    @property
    def instant(self) -> tuple[int | None, int, dtm.datetime]:
        return (self.event_number, self.chat_id, self.due_at)


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
        async with self._db.transaction() as session:
            return await self._insert(session, planned)

    async def _insert(self, session: AsyncSession, planned: Sequence[PlannedDelivery]) -> int:
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
        added = 0
        for start in range(0, len(rows), CHUNK):
            statement = self._db.insert(DeliveryRow).values(rows[start : start + CHUNK])
            statement = statement.on_conflict_do_nothing(index_elements=["key"])
            result = await session.execute(statement.returning(DeliveryRow.id))
            added += len(result.all())
        return added

    async def reconcile(
        self,
        scope: DeliveryScope,
        desired: Sequence[PlannedDelivery],
        *,
        now: dtm.datetime | None = None,
        reason: str = "no longer wanted",
    ) -> Reconciled:
        """Make the open deliveries in `scope` match `desired`, in one transaction.

        Desired deliveries missing are inserted, cancelled ones revived, pending ones whose due
        time changed moved; pending ones not desired any more are cancelled, except those already
        due (at or before `now`): whether they still go out is the dispatcher's call, made when it
        claims them (it skips them as superseded, too late or for a session that started).

        Reminders are deduplicated by instant: a desired reminder is dropped when a reminder for
        the same event and chat at the same due time was sent, is being sent, or is already due
        under another key (an older version of the event). Sent, failed and skipped deliveries
        are never touched. Every change is conditional on the row's status, so a dispatcher
        claiming rows meanwhile wins and is taken into account.
        """
        at = now or self._db.clock.now()
        wanted = {p.key: p for p in desired}
        async with self._db.transaction() as session:
            rows = await self._existing(session, scope)
            by_key = {row.key: row for row in rows}
            blocked: set[tuple[int | None, int, dtm.datetime]] = set()
            if scope.kind is DeliveryKind.REMINDER:
                for row in rows:
                    in_flight = row.status in (DeliveryStatus.SENT, DeliveryStatus.SENDING)
                    frozen = row.status == DeliveryStatus.PENDING and row.due_at <= at
                    if in_flight or (frozen and row.key not in wanted):
                        blocked.add(row.instant)

            def keep(p: PlannedDelivery) -> bool:
                return (p.event_number, p.chat_id, p.due_at) not in blocked or (
                    p.key in by_key
                    and by_key[p.key].instant == (p.event_number, p.chat_id, p.due_at)
                )

            kept = {k: p for k, p in wanted.items() if keep(p)}
            unwanted = [
                row
                for row in rows
                if row.status == DeliveryStatus.PENDING
                and row.key not in kept
                and (row.due_at > at or row.key in wanted)
            ]
            cancelled = await self._cancel_rows(session, [r.id for r in unwanted], reason)
            lost = [r for r in unwanted if r.id not in cancelled]
            if lost and scope.kind is DeliveryKind.REMINDER:
                # Claimed while we looked: those are going out; do not add twins of them.
                blocked.update(r.instant for r in lost)
                kept = {k: p for k, p in kept.items() if keep(p)}
            moves: list[dict[str, Any]] = []
            revivals: list[dict[str, Any]] = []
            missing: list[PlannedDelivery] = []
            for key, planned in kept.items():
                found = by_key.get(key)
                change = {"row_id": 0, "new_due": planned.due_at, "new_payload": planned.payload}
                if found is None:
                    missing.append(planned)
                elif found.status == DeliveryStatus.PENDING and (
                    found.due_at != planned.due_at or found.payload != planned.payload
                ):
                    moves.append(change | {"row_id": found.id})
                elif found.status == DeliveryStatus.CANCELLED:
                    revivals.append(change | {"row_id": found.id})
            # Row order keeps the locks of two planners at work at once in the same order.
            moves.sort(key=lambda change: int(change["row_id"]))
            revivals.sort(key=lambda change: int(change["row_id"]))
            moved = await self._reschedule(session, moves, DeliveryStatus.PENDING)
            revived = await self._reschedule(session, revivals, DeliveryStatus.CANCELLED)
            added = await self._insert(session, missing)
        return Reconciled(added=added, moved=moved, revived=revived, cancelled=len(cancelled))

    async def _existing(self, session: AsyncSession, scope: DeliveryScope) -> list[_Existing]:
        base: Select[tuple[Any, ...]] = select(  # type: ignore[assignment]
            DeliveryRow.id,
            DeliveryRow.key,
            DeliveryRow.status,
            DeliveryRow.due_at,
            DeliveryRow.event_number,
            DeliveryRow.chat_id,
            DeliveryRow.payload,
        ).where(DeliveryRow.kind == scope.kind.value)
        if scope.due_from is not None:
            base = base.where(DeliveryRow.due_at >= scope.due_from)
        queries: list[Select[tuple[Any, ...]]] = []
        if scope.event_numbers is not None:
            if scope.chat_ids is not None:
                base = base.where(DeliveryRow.chat_id.in_(sorted(set(scope.chat_ids))))
            queries = [
                base.where(DeliveryRow.event_number.in_(chunk))
                for chunk in chunks(scope.event_numbers)
            ]
        elif scope.chat_ids is not None:
            queries = [base.where(DeliveryRow.chat_id.in_(c)) for c in chunks(scope.chat_ids)]
        else:
            queries = [base]
        found: list[_Existing] = []
        for query in queries:
            for row in await session.execute(query):
                found.append(_Existing(*row))
        return found

    async def _cancel_rows(
        self, session: AsyncSession, ids: Sequence[int], reason: str
    ) -> set[int]:
        cancelled: set[int] = set()
        for chunk in chunks(ids):
            result = await session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id.in_(chunk))
                .where(DeliveryRow.status == DeliveryStatus.PENDING.value)
                .values(status=DeliveryStatus.CANCELLED.value, last_error=reason[:500])
                .returning(DeliveryRow.id)
                .execution_options(synchronize_session=False)
            )
            cancelled.update(result.scalars())
        return cancelled

    async def _reschedule(
        self, session: AsyncSession, changes: list[dict[str, Any]], status: DeliveryStatus
    ) -> int:
        """Set new due times (and payloads) on rows still in `status`, making them pending."""
        if not changes:
            return 0
        table = cast(Table, DeliveryRow.__table__)
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .where(table.c.status == status.value)
            .values(
                status=DeliveryStatus.PENDING.value,
                due_at=bindparam("new_due", type_=UTCDateTime()),
                payload=bindparam("new_payload"),
                last_error=None,
                lease_until=None,
                lease_owner=None,
            )
        )
        result = await session.execute(statement, changes)
        return int(getattr(result, "rowcount", 0) or 0)

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

        `owner` is the claim's fencing token (the dispatcher makes a fresh one per claim): the
        renewals, the fence before each send and every outcome written later must name it.

        The claim is one conditional UPDATE … RETURNING; on PostgreSQL the rows are picked
        with FOR UPDATE SKIP LOCKED, so instances claiming at once get different rows.
        """
        at = now or self._db.clock.now()
        due = (
            select(DeliveryRow.id)
            .where(
                (
                    (DeliveryRow.status == DeliveryStatus.PENDING.value)
                    & (DeliveryRow.due_at <= at)
                    # A deferred delivery waits for its back-off (see defer()).
                    & (DeliveryRow.lease_until.is_(None) | (DeliveryRow.lease_until <= at))
                )
                | (
                    # A claim holds while lease_until > now (see renew_many), no longer.
                    (DeliveryRow.status == DeliveryStatus.SENDING.value)
                    & (DeliveryRow.lease_until <= at)
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

    async def defer(
        self, delivery_id: int, until: dtm.datetime, error: str, owner: str | None = None
    ) -> bool:
        """Put a claimed delivery back to pending, to be claimed again from `until` on.

        Unlike retry(), the planned due time stays as it was, so lateness, the grace period
        and the deduplication of reminders by due instant keep measuring from the plan. While
        pending, `lease_until` (unused then) holds the back-off: no claim before it.
        """
        return await self._finish(
            delivery_id,
            owner,
            status=DeliveryStatus.PENDING.value,
            lease_until=until,
            lease_owner=None,
            last_error=error[:500],
        )

    async def renew(
        self, delivery_id: int, owner: str, lease: dtm.timedelta, now: dtm.datetime | None = None
    ) -> bool:
        """Fence a send: extend the claim `owner` (its token) holds on a delivery, in one
        statement that also checks the claim still holds (still 'sending', still this token,
        the lease not run out). False: do not send; the delivery is someone else's, or anyone's.
        """
        at = now or self._db.clock.now()
        query = (
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id)
            .where(DeliveryRow.status == DeliveryStatus.SENDING.value)
            .where(DeliveryRow.lease_owner == owner)
            .where(DeliveryRow.lease_until > at)
            .values(lease_until=at + lease)
        )
        async with self._db.transaction() as session:
            # No RETURNING: a send cancelled here must not leave SQLite's write lock behind.
            result = await session.execute(query)
            return bool(getattr(result, "rowcount", 0))

    async def renew_many(
        self,
        delivery_ids: Collection[int],
        owner: str,
        lease: dtm.timedelta,
        now: dtm.datetime | None = None,
    ) -> set[int]:
        """Extend `owner`'s claims on these deliveries (a heartbeat); return those still its own.

        A claim whose lease ran out is not renewed even if nobody took it yet: the instance
        learns it lost the lease, and the delivery is free for any instance's next claim.
        """
        if not delivery_ids:
            return set()
        at = now or self._db.clock.now()
        renewed: set[int] = set()
        async with self._db.transaction() as session:
            for chunk in chunks(sorted(delivery_ids)):
                result = await session.execute(
                    update(DeliveryRow)
                    .where(DeliveryRow.id.in_(chunk))
                    .where(DeliveryRow.status == DeliveryStatus.SENDING.value)
                    .where(DeliveryRow.lease_owner == owner)
                    .where(DeliveryRow.lease_until > at)
                    .values(lease_until=at + lease)
                    .returning(DeliveryRow.id)
                    .execution_options(synchronize_session=False)
                )
                renewed.update(result.scalars())
        return renewed

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

    async def cancel(self, delivery_id: int, reason: str, owner: str | None = None) -> bool:
        """Record a claimed delivery as cancelled (its chat went away while it was claimed)."""
        return await self._finish(
            delivery_id,
            owner,
            status=DeliveryStatus.CANCELLED.value,
            last_error=reason[:500],
            lease_until=None,
            lease_owner=None,
        )

    async def cancel_pending(self, delivery_ids: Collection[int], reason: str) -> set[int]:
        """Cancel these deliveries if they are still pending; return the ids cancelled."""
        async with self._db.transaction() as session:
            return await self._cancel_rows(session, list(delivery_ids), reason)

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
        ready = case(
            (DeliveryRow.lease_until > DeliveryRow.due_at, DeliveryRow.lease_until),
            else_=DeliveryRow.due_at,
        )
        async with self._db.read() as session:
            pending = (
                await session.execute(
                    select(func.min(ready)).where(
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
        kinds: Sequence[DeliveryKind] | None = None,
    ) -> list[Delivery]:
        """Return deliveries, by due time."""
        query = select(DeliveryRow).order_by(DeliveryRow.due_at, DeliveryRow.id)
        if kinds is not None:
            query = query.where(DeliveryRow.kind.in_([k.value for k in kinds]))
        if chat_id is not None:
            query = query.where(DeliveryRow.chat_id == chat_id)
        if event_number is not None:
            query = query.where(DeliveryRow.event_number == event_number)
        if statuses is not None:
            query = query.where(DeliveryRow.status.in_([s.value for s in statuses]))
        async with self._db.read() as session:
            return [_delivery(r) for r in (await session.execute(query)).scalars()]

    async def get(self, delivery_id: int) -> Delivery | None:
        """Return one delivery, if it still exists."""
        async with self._db.read() as session:
            row = await session.get(DeliveryRow, delivery_id)
            return _delivery(row) if row is not None else None

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


__all__ = ["OPEN", "DeliveryScope", "DeliveryStore", "PlannedDelivery", "Reconciled"]
