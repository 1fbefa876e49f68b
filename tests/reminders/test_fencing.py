"""Fencing: a claim's token and lease decide who sends; a paused or stopped instance repeats
nothing it had not already put on its way."""

from __future__ import annotations

import asyncio
import collections
import datetime as dtm

import pytest

from bot.clock import ManualClock, ManualMonotonic
from bot.models import DeliveryStatus
from bot.reminders import Dispatcher
from bot.reminders.dispatcher import DispatchReport, claim_size
from bot.store import Store
from tests.reminders.conftest import FakeSender
from tests.reminders.test_dispatcher import due_now

LEASE = dtm.timedelta(seconds=5)


def dispatcher(
    store: Store,
    sender: FakeSender,
    clock: ManualClock,
    owner: str,
    batch: int = 60,
    concurrency: int = 16,
) -> Dispatcher:
    """A dispatcher on the test's wall clock and the sender's monotonic clock."""
    mono = sender.mono if isinstance(sender.mono, ManualMonotonic) else ManualMonotonic()
    return Dispatcher(
        store,
        sender,
        clock,
        owner,
        lease=LEASE,
        per_chat_interval=0,
        concurrency=concurrency,
        batch=batch,
        monotonic=mono,
    )


def sends(*senders: FakeSender) -> collections.Counter[int]:
    """Return how many messages each chat got from these senders together."""
    return collections.Counter(s.chat_id for sender in senders for s in sender.sent)


async def statuses(store: Store) -> set[DeliveryStatus]:
    return {d.status for d in await store.deliveries.find()}


class PausingSender(FakeSender):
    """The first send is where the process stops (SIGSTOP): the wall clock runs past the lease
    while nothing of this instance runs; its monotonic clock stands still, as its timers do."""

    def __init__(self, clock: ManualClock, meanwhile: Dispatcher | None = None) -> None:
        super().__init__(monotonic=ManualMonotonic())
        self.clock = clock
        self.meanwhile = meanwhile
        self.reports: list[DispatchReport] = []

    async def send(self, chat_id: int, html: str) -> int:
        if self.calls == 0:
            self.clock.advance(LEASE + dtm.timedelta(seconds=1))
            if self.meanwhile is not None:  # the other instance works on during the pause
                self.reports.append(await self.meanwhile.run_once())
        return await super().send(chat_id, html)


async def test_an_instance_paused_past_its_lease_repeats_nothing(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=4)
    other_sender = FakeSender(monotonic=ManualMonotonic())
    other = dispatcher(store, other_sender, clock, "other")
    sender = PausingSender(clock, meanwhile=other)
    paused = dispatcher(store, sender, clock, "paused", concurrency=1)
    report = await paused.run_once()
    # The other instance took the three waiting ones, whose lease ran out, but not the one
    # already on its way: that one holds an in-flight lease.
    [meanwhile] = sender.reports
    assert (meanwhile.claimed, meanwhile.sent) == (3, 3)
    # Back from the pause, the first instance finds its claim gone at the fence: it sends none.
    assert (report.claimed, report.sent, report.lost, report.released) == (4, 1, 3, 0)
    assert sends(sender, other_sender) == {1: 1, 2: 1, 3: 1, 4: 1}  # 0 repeats
    assert await statuses(store) == {DeliveryStatus.SENT}


async def test_a_lapsed_claim_is_not_sent_even_when_nobody_took_it(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=3)
    sender = PausingSender(clock)
    paused = dispatcher(store, sender, clock, "paused", concurrency=1)
    report = await paused.run_once()
    assert (report.sent, report.lost) == (1, 2)  # its lease ran out: it learns so and stops
    assert {d.status for d in await store.deliveries.find()} == {
        DeliveryStatus.SENT,
        DeliveryStatus.SENDING,
    }
    # The lapsed claims are anyone's at once (this instance's too), under a new token.
    again = await paused.run_once()
    assert (again.claimed, again.sent) == (2, 2)
    assert sends(sender) == {1: 1, 2: 1, 3: 1}
    assert await statuses(store) == {DeliveryStatus.SENT}


class StallingSender(FakeSender):
    """Answers the first `passing` sends; every later one hangs, as if the instance froze."""

    def __init__(self, passing: int, stalls: int) -> None:
        super().__init__(monotonic=ManualMonotonic())
        self.passing = passing
        self.stalls = stalls
        self.stalled = asyncio.Event()  # set once `stalls` sends hang

    async def send(self, chat_id: int, html: str) -> int:
        if self.calls >= self.passing:
            self.gate = self.gate or asyncio.Event()
            if self.calls - self.passing + 1 == self.stalls:
                self.stalled.set()
        return await super().send(chat_id, html)


async def test_an_instance_stopped_mid_batch_repeats_at_most_what_it_had_in_flight(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=30)
    first_sender = StallingSender(passing=5, stalls=4)
    first = dispatcher(store, first_sender, clock, "first", batch=10, concurrency=4)
    second_sender = FakeSender(monotonic=ManualMonotonic())
    second = dispatcher(store, second_sender, clock, "second", batch=10)

    async def drain() -> int:
        claimed = 0
        for _ in range(10):  # bounded: three claims of ten at most
            report = await second.run_once()
            if not report.claimed:
                break
            claimed += report.claimed
        return claimed

    run = asyncio.create_task(first.run_once())
    async with asyncio.timeout(30):  # a safety net: every step waits on progress
        await first_sender.stalled.wait()
        assert await drain() == 20  # all but the first instance's claim of ten
        in_flight = {chat for chat, n in first_sender.in_flight.items() if n}
        run.cancel()  # stopped mid-batch: five sent, four on their way, one waiting
        with pytest.raises(asyncio.CancelledError):
            await run
        assert await drain() == 5  # what it gave back: the four in flight and the waiting one
    assert len(in_flight) == 4
    assert sends(first_sender, second_sender) == dict.fromkeys(range(1, 31), 1)
    # Had the four on their way arrived, they are the only repeats.
    arrived = sends(first_sender, second_sender) + collections.Counter(in_flight)
    assert max(arrived.values()) == 2
    assert {chat for chat, n in arrived.items() if n > 1} == in_flight
    assert await statuses(store) == {DeliveryStatus.SENT}


async def test_a_claim_takes_about_two_seconds_of_sending_not_all_that_is_due(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=150)
    size = claim_size(30.0)  # Telegram's rate: 60
    seen: list[int] = []

    class CountingSender(FakeSender):
        async def send(self, chat_id: int, html: str) -> int:
            if not self.entered.is_set():  # the first send of all, before any answer
                self.entered.set()
                counts = await store.deliveries.counts()
                seen.extend((counts["sending"], counts["pending"]))
            return await super().send(chat_id, html)

    sender = CountingSender(monotonic=ManualMonotonic())
    first = dispatcher(store, sender, clock, "first", batch=size)
    report = await first.run_once()
    assert report.claimed == size == 60
    assert seen == [60, 90]  # while it sent, the rest stayed free for any instance
    reports = [await first.run_once() for _ in range(3)]
    assert [r.claimed for r in reports] == [60, 30, 0]
    assert sends(sender) == dict.fromkeys(range(1, 151), 1)


class SlowSender(FakeSender):
    """Answers each chat after its own latency on the monotonic clock: a slow Bot API."""

    def __init__(self, latency: dict[int, float]) -> None:
        super().__init__(monotonic=ManualMonotonic())
        self.latencies = latency

    async def send(self, chat_id: int, html: str) -> int:
        await self.mono.sleep(self.latencies[chat_id])
        return await super().send(chat_id, html)


async def test_a_slow_but_alive_instance_keeps_its_claim_through_a_long_batch(
    store: Store, clock: ManualClock
) -> None:
    """Three sends one after the other take two leases: the heartbeat keeps the whole claim,
    so the other instance takes nothing meanwhile, and nothing is lost or sent twice."""
    await due_now(store, clock, chats=3)
    lease = dtm.timedelta(seconds=3)
    sender = SlowSender({1: 2.25, 2: 3.25, 3: 0.0})
    mono = sender.mono
    assert isinstance(mono, ManualMonotonic)
    slow = Dispatcher(
        store,
        sender,
        clock,
        "slow",
        lease=lease,
        concurrency=1,
        per_chat_interval=0,
        monotonic=mono,
    )
    other_sender = FakeSender(monotonic=ManualMonotonic())
    other = dispatcher(store, other_sender, clock, "other")
    run = asyncio.create_task(slow.run_once())
    step = 0.5
    async with asyncio.timeout(30):  # a safety net: every step waits on progress
        for _ in range(12):  # six seconds: two leases
            idle = asyncio.ensure_future(mono.sleeping(2))  # the send and the heartbeat
            await asyncio.wait({idle, run}, return_when=asyncio.FIRST_COMPLETED)
            idle.cancel()
            assert (await other.run_once()).claimed == 0
            clock.advance(dtm.timedelta(seconds=step))
            mono.advance(step)
        report = await run
    assert (report.claimed, report.sent, report.lost, report.released) == (3, 3, 0, 0)
    assert (await other.run_once()).claimed == 0
    assert sends(sender) == {1: 1, 2: 1, 3: 1}
    assert not other_sender.sent
    assert await statuses(store) == {DeliveryStatus.SENT}
