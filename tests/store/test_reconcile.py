"""The delivery store's operations the reminders rely on: reconcile and defer.

They belong with tests/store/test_deliveries.py; they live here while that file is not ours.
"""

from __future__ import annotations

import datetime as dtm

from bot.clock import ManualClock
from bot.models import DeliveryKind, DeliveryStatus
from bot.store import Store
from bot.store.deliveries import DeliveryScope, PlannedDelivery, Reconciled
from tests.reminders.conftest import follower, session

LEASE = dtm.timedelta(minutes=2)
HOUR = dtm.timedelta(hours=1)


def reminder(
    event: int, sequence: int, chat: int, offset: int, due: dtm.datetime
) -> PlannedDelivery:
    return PlannedDelivery(DeliveryKind.REMINDER, event, sequence, chat, offset, due)


def scope(event: int) -> DeliveryScope:
    return DeliveryScope(kind=DeliveryKind.REMINDER, event_numbers=[event])


async def setup(store: Store) -> int:
    await follower(store, 1)
    await follower(store, 2)
    return (await session(store)).number


async def test_reconcile_inserts_moves_cancels_and_revives(
    store: Store, clock: ManualClock
) -> None:
    event = await setup(store)
    soon, later = clock.now() + HOUR, clock.now() + 2 * HOUR
    first = [reminder(event, 0, 1, 60, soon), reminder(event, 0, 2, 60, soon)]
    assert await store.deliveries.reconcile(scope(event), first) == Reconciled(added=2)
    assert await store.deliveries.reconcile(scope(event), first) == Reconciled()
    moved = [reminder(event, 0, 1, 60, later)]
    assert await store.deliveries.reconcile(scope(event), moved) == Reconciled(moved=1, cancelled=1)
    assert await store.deliveries.reconcile(scope(event), first) == Reconciled(moved=1, revived=1)
    rows = await store.deliveries.find()
    assert [(d.chat_id, d.due_at, d.status) for d in rows] == [
        (1, soon, DeliveryStatus.PENDING),
        (2, soon, DeliveryStatus.PENDING),
    ]


async def test_a_due_row_is_left_to_the_dispatcher(store: Store, clock: ManualClock) -> None:
    event = await setup(store)
    await store.deliveries.plan([reminder(event, 0, 1, 60, clock.now() - HOUR)])
    assert await store.deliveries.reconcile(scope(event), []) == Reconciled()
    [row] = await store.deliveries.find()
    assert row.status is DeliveryStatus.PENDING


async def test_no_twin_of_a_reminder_sent_or_due_under_an_older_version(
    store: Store, clock: ManualClock
) -> None:
    event = await setup(store)
    now = clock.now()
    await store.deliveries.plan(
        [reminder(event, 0, 1, 60, now), reminder(event, 0, 2, 60, now - HOUR)]
    )
    [claimed] = await store.deliveries.claim("a", LEASE, limit=1)  # chat 2's, the older
    assert claimed.chat_id == 2
    newer = [
        reminder(event, 1, 1, 60, now),  # chat 1's is due already: no twin
        reminder(event, 1, 2, 60, now - HOUR),  # chat 2's is being sent: no twin
        reminder(event, 1, 2, 30, now + HOUR),  # a new instant: planned
    ]
    assert await store.deliveries.reconcile(scope(event), newer, now=now) == Reconciled(added=1)
    assert await store.deliveries.sent(claimed.id, 1, owner="a")
    assert await store.deliveries.already_sent(event, 2, now - HOUR)


async def test_a_claim_between_reading_and_cancelling_leaves_no_twin(
    store: Store, clock: ManualClock
) -> None:
    event = await setup(store)
    soon = clock.now() + HOUR
    await store.deliveries.plan([reminder(event, 0, 1, 60, soon)])
    original = store.deliveries._cancel_rows

    async def claimed_meanwhile(*args: object, **kwargs: object) -> set[int]:
        await store.deliveries.claim("a", LEASE, now=soon)  # another instance, just then
        return await original(*args, **kwargs)  # type: ignore[arg-type]

    store.deliveries._cancel_rows = claimed_meanwhile  # type: ignore[method-assign]
    try:
        newer = [reminder(event, 1, 1, 60, soon)]
        assert await store.deliveries.reconcile(scope(event), newer) == Reconciled()
    finally:
        del store.deliveries._cancel_rows
    [row] = await store.deliveries.find()
    assert (row.event_sequence, row.status) == (0, DeliveryStatus.SENDING)


async def test_defer_keeps_the_planned_time_and_waits_out_the_back_off(
    store: Store, clock: ManualClock
) -> None:
    event = await setup(store)
    due = clock.now()
    await store.deliveries.plan([reminder(event, 0, 1, 60, due)])
    [claimed] = await store.deliveries.claim("a", LEASE)
    until = due + dtm.timedelta(seconds=30)
    assert await store.deliveries.defer(claimed.id, until, "502 Bad Gateway", owner="a")
    [row] = await store.deliveries.find()
    assert (row.status, row.due_at, row.lease_until) == (DeliveryStatus.PENDING, due, until)
    assert await store.deliveries.next_due() == until
    assert await store.deliveries.claim("a", LEASE) == []
    # Replanning the same instant leaves the back-off alone.
    planned = [reminder(event, 0, 1, 60, due)]
    assert await store.deliveries.reconcile(scope(event), planned) == Reconciled()
    clock.set(until)
    [again] = await store.deliveries.claim("a", LEASE)
    assert (again.id, again.attempts, again.due_at) == (claimed.id, 2, due)
