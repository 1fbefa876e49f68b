"""Deliveries: planned once, claimed once with a lease, recovered when a lease runs out."""

from __future__ import annotations

import asyncio
import datetime as dtm

import pytest

from bot.clock import ManualClock
from bot.models import ChatKind, DeliveryKind, DeliveryStatus
from bot.store import Store
from bot.store.deliveries import PlannedDelivery
from tests.helpers.drafts import draft

LEASE = dtm.timedelta(minutes=2)


async def _setup(store: Store, chats: int = 3) -> int:
    event = await store.events.create(draft(), "t")
    for chat_id in range(1, chats + 1):
        await store.chats.ensure(chat_id, ChatKind.PRIVATE, None, "UTC")
    return event.number


def _planned(event: int, chat: int, due: dtm.datetime, offset: int = 60) -> PlannedDelivery:
    return PlannedDelivery(DeliveryKind.REMINDER, event, 0, chat, offset, due)


async def test_planning_twice_plans_once(store: Store, clock: ManualClock) -> None:
    event = await _setup(store)
    due = clock.now() + dtm.timedelta(hours=1)
    batch = [_planned(event, c, due) for c in (1, 2, 3)]
    assert await store.deliveries.plan(batch) == 3
    assert await store.deliveries.plan(batch) == 0
    assert len(await store.deliveries.find()) == 3
    assert await store.deliveries.next_due() == due


async def test_only_due_deliveries_are_claimed_and_only_once(
    store: Store, clock: ManualClock
) -> None:
    event = await _setup(store)
    now = clock.now()
    await store.deliveries.plan(
        [
            _planned(event, 1, now - dtm.timedelta(minutes=1)),
            _planned(event, 2, now + dtm.timedelta(hours=1)),
        ]
    )
    first = await store.deliveries.claim("a", LEASE)
    assert [d.chat_id for d in first] == [1]
    assert first[0].status is DeliveryStatus.SENDING
    assert first[0].attempts == 1
    assert await store.deliveries.claim("b", LEASE) == []
    assert await store.deliveries.sent(first[0].id, 777, owner="a")
    assert not await store.deliveries.sent(first[0].id, 777, owner="a")
    sent = await store.deliveries.find(statuses=[DeliveryStatus.SENT])
    assert [(d.chat_id, d.message_id) for d in sent] == [(1, 777)]


async def test_an_expired_lease_is_claimed_again_by_another_owner(
    store: Store, clock: ManualClock
) -> None:
    event = await _setup(store)
    await store.deliveries.plan([_planned(event, 1, clock.now())])
    claimed = await store.deliveries.claim("crashed", LEASE)
    assert len(claimed) == 1
    clock.advance(LEASE + dtm.timedelta(seconds=1))
    again = await store.deliveries.claim("survivor", LEASE)
    assert [d.id for d in again] == [claimed[0].id]
    assert again[0].attempts == 2
    assert not await store.deliveries.sent(claimed[0].id, 1, owner="crashed")
    assert await store.deliveries.sent(claimed[0].id, 1, owner="survivor")


async def test_the_fence_holds_only_for_the_claims_token_within_its_lease(
    store: Store, clock: ManualClock
) -> None:
    event = await _setup(store)
    await store.deliveries.plan([_planned(event, 1, clock.now())])
    [claimed] = await store.deliveries.claim("a/1", LEASE)
    short = dtm.timedelta(seconds=5)
    assert await store.deliveries.renew(claimed.id, "a/1", short, clock.now())
    assert not await store.deliveries.renew(claimed.id, "a/2", short, clock.now())  # not its token
    clock.advance(short)  # the renewed lease runs out, and nobody claimed the delivery meanwhile
    assert not await store.deliveries.renew(claimed.id, "a/1", LEASE, clock.now())
    assert not await store.deliveries.renew_many([claimed.id], "a/1", LEASE, clock.now())
    # It is anyone's again; the new claim's token is the only one that holds.
    [again] = await store.deliveries.claim("b/1", LEASE)
    assert again.id == claimed.id
    assert await store.deliveries.renew_many([claimed.id], "b/1", LEASE, clock.now()) == {again.id}
    assert not await store.deliveries.sent(claimed.id, 1, owner="a/1")
    assert await store.deliveries.sent(claimed.id, 1, owner="b/1")
    assert not await store.deliveries.renew(claimed.id, "b/1", LEASE, clock.now())  # settled


async def test_retry_puts_it_back_for_later(store: Store, clock: ManualClock) -> None:
    event = await _setup(store)
    await store.deliveries.plan([_planned(event, 1, clock.now())])
    (claimed,) = await store.deliveries.claim("a", LEASE)
    later = clock.now() + dtm.timedelta(seconds=30)
    assert await store.deliveries.retry(claimed.id, later, "429: retry after 30", owner="a")
    assert await store.deliveries.claim("a", LEASE) == []
    clock.set(later)
    assert [d.id for d in await store.deliveries.claim("a", LEASE)] == [claimed.id]


async def test_superseding_cancels_pending_reminders_of_older_versions(
    store: Store, clock: ManualClock
) -> None:
    event = await _setup(store)
    await store.deliveries.plan([_planned(event, 1, clock.now() + dtm.timedelta(hours=1))])
    assert await store.deliveries.supersede(event, 1, "moved") == 1
    (cancelled,) = await store.deliveries.find()
    assert cancelled.status is DeliveryStatus.CANCELLED


@pytest.mark.parametrize("claimers", [4])
async def test_concurrent_claimers_never_share_a_delivery(
    store: Store, clock: ManualClock, claimers: int
) -> None:
    event = await _setup(store, chats=50)
    due = clock.now() - dtm.timedelta(seconds=1)
    await store.deliveries.plan(
        [_planned(event, c, due, offset) for c in range(1, 51) for offset in (60, 1440)]
    )

    async def claim_all(owner: str) -> list[int]:
        got: list[int] = []
        for _ in range(100):
            batch = await store.deliveries.claim(owner, LEASE, limit=7)
            if not batch:
                return got
            got.extend(d.id for d in batch)
        return got

    results = await asyncio.gather(*(claim_all(f"owner-{i}") for i in range(claimers)))
    every = [i for r in results for i in r]
    assert len(every) == 100
    assert len(set(every)) == 100
