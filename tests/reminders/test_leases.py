"""Leases: claims sized to the send rate, kept alive while an instance works, free when it dies."""

from __future__ import annotations

import asyncio
import datetime as dtm

from bot.clock import ManualClock, ManualMonotonic
from bot.config import Settings
from bot.models import DeliveryStatus
from bot.reminders import Dispatcher
from bot.reminders.dispatcher import LEASE, claim_size
from bot.store import Store
from tests.reminders.conftest import FakeSender
from tests.reminders.test_dispatcher import due_now

SENT = DeliveryStatus.SENT


def test_a_claim_holds_about_two_seconds_of_sending() -> None:
    assert claim_size(30.0) == 60
    assert claim_size(400.0) == 800
    assert claim_size(0.2) == 1  # at least one
    assert claim_size(0.7) == 2  # rounded up


def test_the_configured_lease_is_seconds_not_minutes() -> None:
    default = Settings.model_fields["lease_seconds"].default
    assert default == LEASE.total_seconds() <= 15  # issue 15: taken over within 15 s


async def test_a_dead_instances_claims_go_to_another_one_a_lease_after_it_died(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=70)
    # What a SIGKILLed instance leaves: its claim, in 'sending', never renewed again.
    dead = await store.deliveries.claim("dead", LEASE, claim_size(30.0), now=clock.now())
    assert len(dead) == 60
    mono = ManualMonotonic()
    sender = FakeSender(monotonic=mono)
    survivor = Dispatcher(
        store, sender, clock, "survivor", per_chat_interval=0, batch=60, monotonic=mono
    )
    assert (await survivor.run_once()).sent == 10  # what nobody held
    assert (await survivor.run_once()).claimed == 0  # the dead one's lease still holds
    # The survivor's alarm is armed at the moment the lease runs out, not at the next sweep.
    assert await store.deliveries.next_due() == clock.now() + LEASE
    clock.advance(LEASE - dtm.timedelta(milliseconds=1))
    assert (await survivor.run_once()).claimed == 0
    clock.advance(dtm.timedelta(milliseconds=2))
    report = await survivor.run_once()
    assert (report.claimed, report.sent) == (60, 60)
    assert sorted(s.chat_id for s in sender.sent) == list(range(1, 71))  # each once
    assert {d.status for d in await store.deliveries.find()} == {SENT}


async def test_a_slow_send_keeps_its_claims_and_nothing_is_sent_twice(
    store: Store, clock: ManualClock
) -> None:
    """A send that takes twice the lease (a slow Bot API, a starved CPU): the heartbeat
    renews the claims, so another instance takes none of them meanwhile."""
    await due_now(store, clock, chats=2)
    lease = dtm.timedelta(seconds=3)
    step = lease / 2
    mono = ManualMonotonic()

    class SlowSender(FakeSender):
        async def send(self, chat_id: int, html: str) -> int:
            if not self.sent:
                await self.mono.sleep(2 * lease.total_seconds())
            return await super().send(chat_id, html)

    sender = SlowSender(monotonic=mono)
    # One send at a time: chat 2's reminder waits, claimed, behind the slow one.
    dispatcher = Dispatcher(
        store, sender, clock, "slow", lease=lease, concurrency=1, monotonic=mono
    )
    other = Dispatcher(
        store, FakeSender(), clock, "other", lease=lease, monotonic=ManualMonotonic()
    )
    run = asyncio.create_task(dispatcher.run_once())
    async with asyncio.timeout(10):  # a safety net: every step waits on progress
        await mono.sleeping(2)  # the slow send is under way, beside the heartbeat
        for _ in range(3):  # 1.5 leases in all: without renewals both claims would be free
            clock.advance(step)
            mono.advance(step.total_seconds())
            await mono.sleeping(2)  # the heartbeat renewed and sleeps again, beside the send
            assert (await other.run_once()).claimed == 0
        clock.advance(step)
        mono.advance(step.total_seconds())  # the slow send answers
        report = await run
    assert (report.claimed, report.sent, report.lost, report.released) == (2, 2, 0, 0)
    assert [s.chat_id for s in sender.sent] == [1, 2]
    assert (await other.run_once()).claimed == 0
    assert {d.status for d in await store.deliveries.find()} == {SENT}
