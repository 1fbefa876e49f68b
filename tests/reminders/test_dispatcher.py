"""The dispatcher: late and skipped reminders, pacing, flood control, errors, shutdown."""

from __future__ import annotations

import asyncio
import datetime as dtm
import itertools
import logging

import pytest

from bot.clock import ManualClock, ManualMonotonic
from bot.models import Delivery, DeliveryStatus
from bot.reminders import (
    ChatGone,
    Dispatcher,
    MessageRejected,
    Planner,
    RetryLater,
    TransientSendError,
)
from bot.reminders.dispatcher import backoff
from bot.store import Store
from tests.reminders.conftest import FakeSender, follower, session

HOUR = dtm.timedelta(hours=1)
PENDING, SENDING, SENT = DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT


def dispatcher_for(
    store: Store,
    clock: ManualClock,
    sender: FakeSender,
    mono: ManualMonotonic | None = None,
    **options: float,
) -> Dispatcher:
    """A dispatcher on the test's clocks: the wall clock, and a monotonic one that stands still."""
    interval = options.pop("per_chat_interval", 0.0)
    concurrency = int(options.pop("concurrency", 16))
    return Dispatcher(
        store,
        sender,
        clock,
        "test",
        per_chat_interval=interval,
        concurrency=concurrency,
        monotonic=mono or ManualMonotonic(),
    )


async def by_chat(store: Store) -> dict[int, Delivery]:
    return {d.chat_id: d for d in await store.deliveries.find()}


async def due_now(store: Store, clock: ManualClock, chats: int, per_chat: int = 1) -> None:
    """Plan `per_chat` reminders for each of `chats` chats, all due at the clock's time."""
    planner = Planner(store, clock)
    for chat_id in range(1, chats + 1):
        await follower(store, chat_id, offsets=(60,))
    for n in range(per_chat):
        start = clock.now() + HOUR + dtm.timedelta(minutes=n)
        await planner.plan_event(await session(store, start, title=f"Session {n}"))
    clock.advance(dtm.timedelta(minutes=per_chat - 1))


async def test_after_downtime_late_reminders_go_out_marked_and_stale_ones_are_skipped(
    store: Store, clock: ManualClock
) -> None:
    planner = Planner(store, clock)
    back = clock.now() + dtm.timedelta(hours=8)  # when negbot runs again
    await follower(store, 1, offsets=(1440,))
    await follower(store, 2, "osce", offsets=(1440,))
    await follower(store, 3, "osce", offsets=(60,))
    late = await session(store, back + dtm.timedelta(hours=21))  # due 3 hours before `back`
    stale = await session(store, back + dtm.timedelta(hours=17), track="osce")  # 7 hours
    started = await session(store, back - dtm.timedelta(minutes=30), track="osce")
    for event in (late, stale, started):
        await planner.plan_event(event)

    clock.set(back)
    sender = FakeSender()
    report = await dispatcher_for(store, clock, sender).run_once()
    assert (report.claimed, report.sent, report.late, report.skipped) == (3, 1, 1, 2)
    [message] = sender.sent
    assert message.chat_id == 1
    assert message.html.startswith("⏰ Reminder: in 1 day")
    assert "Sent late" in message.html
    outcomes = {(d.chat_id, d.event_number): d for d in await store.deliveries.find()}
    assert outcomes[1, late.number].late
    assert outcomes[1, late.number].status is SENT
    assert outcomes[2, stale.number].last_error == "too late"
    assert outcomes[3, started.number].last_error == "session started"
    assert outcomes[3, stale.number].status is PENDING  # due in 16 hours
    del outcomes[3, stale.number]
    assert {d.status for d in outcomes.values()} == {SENT, DeliveryStatus.SKIPPED}


async def test_a_reminder_a_few_seconds_late_is_not_marked_late(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=1)
    clock.advance(dtm.timedelta(seconds=30))
    sender = FakeSender()
    report = await dispatcher_for(store, clock, sender).run_once()
    assert (report.sent, report.late) == (1, 0)
    assert "Sent late" not in sender.sent[0].html


async def test_a_reminder_the_calendar_no_longer_wants_is_skipped(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=2)
    # The session moved without a replan (another instance is about to do it): stale text.
    [event] = await store.events.find()
    await store.events.update(event.number, {"start_at": clock.now() + 3 * HOUR}, "e", "moved")
    await store.chats.unsubscribe(2, "nato-russia-council")
    report = await dispatcher_for(store, clock, FakeSender()).run_once()
    assert (report.sent, report.skipped) == (0, 2)
    reasons = {d.chat_id: d.last_error for d in await store.deliveries.find()}
    assert reasons == {
        1: "superseded: the session or the chat's settings changed",
        2: "no longer followed",
    }


async def test_each_chat_gets_one_message_at_a_time_and_one_per_interval(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=4, per_chat=3)
    mono = ManualMonotonic()
    sender = FakeSender(monotonic=mono)
    dispatcher = dispatcher_for(store, clock, sender, mono, per_chat_interval=0.2)
    run = asyncio.create_task(dispatcher.run_once())
    async with asyncio.timeout(10):  # a safety net: the steps below wait on progress
        for rounds in (1, 2):
            # Every chat had its message of this round and sleeps out its interval, beside
            # the heartbeat; the clock stands still, so nothing more goes out.
            await mono.sleeping(4 + 1)
            assert len(sender.sent) == 4 * rounds
            assert {s.started for s in sender.sent[-4:]} == {mono.now()}  # side by side
            mono.advance(0.1)
            await asyncio.sleep(0)
            assert len(sender.sent) == 4 * rounds  # half an interval is not enough
            mono.advance(0.1)
        report = await run
    assert report.sent == 12
    assert sender.most_per_chat == 1
    for chat_id in range(1, 5):
        times = [s.started for s in sender.to(chat_id)]
        assert [b - a for a, b in itertools.pairwise(times)] == pytest.approx([0.2, 0.2])
        assert [s.html.count("Session") for s in sender.to(chat_id)] == [1, 1, 1]
    titles = [s.html.split("<b>")[1][:9] for s in sender.to(1)]
    assert titles == ["Session 0", "Session 1", "Session 2"]


async def test_sends_run_concurrently_up_to_the_bound(store: Store, clock: ManualClock) -> None:
    await due_now(store, clock, chats=12)
    sender = FakeSender()
    sender.gate = asyncio.Event()
    run = asyncio.create_task(dispatcher_for(store, clock, sender, concurrency=4).run_once())
    async with asyncio.timeout(10):
        while sum(sender.in_flight.values()) < 4:  # bounded by the timeout; each send enters once
            sender.entered.clear()
            await sender.entered.wait()
        sender.gate.set()
        report = await run
    assert report.sent == 12
    assert sender.most_in_flight == 4


async def test_flood_control_pauses_every_send_and_puts_the_delivery_back(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=3)
    mono = ManualMonotonic()
    sender = FakeSender(monotonic=mono)
    sender.fail(1, RetryLater(0.3))
    dispatcher = dispatcher_for(store, clock, sender, mono, concurrency=1)
    run = asyncio.create_task(dispatcher.run_once())
    async with asyncio.timeout(10):
        await mono.sleeping(2 + 1)  # chats 2 and 3 wait out the pause, beside the heartbeat
        assert sender.sent == []
        assert dispatcher.paused_for() == pytest.approx(0.3)
        mono.advance(0.29)
        await asyncio.sleep(0)
        assert sender.sent == []
        mono.advance(0.01)
        report = await run
    assert (report.sent, report.retried) == (2, 1)
    assert all(s.started >= 0.3 for s in sender.sent)
    waiting = (await by_chat(store))[1]
    assert waiting.status is PENDING
    assert waiting.due_at == clock.now()  # the planned time stays: lateness counts from it
    assert waiting.lease_until == clock.now() + dtm.timedelta(seconds=0.3)  # not before
    assert (await dispatcher.run_once()).claimed == 0  # not due yet on the store's clock
    clock.advance(dtm.timedelta(seconds=1))
    assert (await dispatcher.run_once()).sent == 1
    assert sorted(s.chat_id for s in sender.sent) == [1, 2, 3]


async def test_a_long_pause_hands_claimed_deliveries_back(store: Store, clock: ManualClock) -> None:
    await due_now(store, clock, chats=3)
    sender = FakeSender()
    sender.fail(1, RetryLater(3600))
    dispatcher = dispatcher_for(store, clock, sender, concurrency=1)
    report = await dispatcher.run_once()
    assert (report.sent, report.retried) == (0, 3)
    assert {d.status for d in await store.deliveries.find()} == {PENDING}
    for delivery in await store.deliveries.find():
        assert delivery.lease_until is not None
        assert HOUR - dtm.timedelta(seconds=5) < delivery.lease_until - clock.now() <= HOUR
    clock.advance(2 * HOUR)
    assert (await dispatcher.run_once()).paused > 3000  # still paused: claims nothing
    assert sender.sent == []


async def test_a_chat_that_blocked_the_bot_is_deactivated(store: Store, clock: ManualClock) -> None:
    await due_now(store, clock, chats=2, per_chat=2)
    planner = Planner(store, clock)
    later = await session(store, clock.now() + 5 * HOUR, title="Later")
    await planner.plan_event(later)
    sender = FakeSender()
    sender.fail(1, ChatGone("Forbidden: bot was blocked by the user"))
    report = await dispatcher_for(store, clock, sender).run_once()
    assert (report.sent, report.failed, report.skipped, report.gone) == (2, 1, 1, (1,))
    chat = await store.chats.get(1)
    assert chat is not None
    assert not chat.active
    statuses = sorted(d.status.value for d in await store.deliveries.find(chat_id=1))
    assert statuses == ["cancelled", "cancelled", "failed"]
    assert [s.chat_id for s in sender.sent] == [2, 2]


async def test_a_rejected_message_fails_for_good(store: Store, clock: ManualClock) -> None:
    await due_now(store, clock, chats=1)
    sender = FakeSender()
    sender.fail(1, MessageRejected("Bad Request: message is too long"))
    report = await dispatcher_for(store, clock, sender).run_once()
    assert report.failed == 1
    [delivery] = await store.deliveries.find()
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.last_error == "Bad Request: message is too long"


async def test_errors_retry_with_growing_backoff_and_are_logged_once(
    store: Store, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    await due_now(store, clock, chats=1)
    sender = FakeSender()
    sender.fail(1, TransientSendError("Bad Gateway"), RuntimeError("boom"))
    dispatcher = dispatcher_for(store, clock, sender)
    with caplog.at_level(logging.WARNING, logger="bot.reminders"):
        first = await dispatcher.run_once()
    assert first.retried == 1
    [delivery] = await store.deliveries.find()
    assert (delivery.status, delivery.attempts) == (PENDING, 1)
    assert (
        delivery.lease_until == clock.now() + backoff(1) == clock.now() + dtm.timedelta(seconds=10)
    )
    assert (await dispatcher.run_once()).claimed == 0
    clock.advance(backoff(1))
    with caplog.at_level(logging.WARNING, logger="bot.reminders"):
        second = await dispatcher.run_once()
    assert second.retried == 1
    [delivery] = await store.deliveries.find()
    assert delivery.lease_until == clock.now() + dtm.timedelta(seconds=20)
    assert await store.deliveries.next_due() == delivery.lease_until
    assert delivery.last_error == "unexpected: RuntimeError('boom')"
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1
    clock.advance(backoff(2))
    assert (await dispatcher.run_once()).sent == 1
    assert backoff(20) == dtm.timedelta(minutes=5)


async def test_stopping_lets_the_send_in_flight_finish_and_gives_back_the_rest(
    store: Store, clock: ManualClock
) -> None:
    await due_now(store, clock, chats=1, per_chat=3)
    sender = FakeSender()
    sender.gate = asyncio.Event()
    dispatcher = dispatcher_for(store, clock, sender)
    run = asyncio.create_task(dispatcher.run_once())
    async with asyncio.timeout(2):
        await sender.entered.wait()
        stopping = asyncio.create_task(dispatcher.stop())
        for _ in range(20):
            await asyncio.sleep(0)
        assert not stopping.done()  # waits for the message in flight
        sender.gate.set()
        await stopping
        report = await run
    assert (report.sent, report.released) == (1, 2)
    counts = await store.deliveries.counts()
    assert (counts["sent"], counts["pending"], counts["sending"]) == (1, 2, 0)
    assert (await dispatcher.run_once()).claimed == 0  # stopped for good


async def test_a_cancelled_run_releases_what_it_claimed(store: Store, clock: ManualClock) -> None:
    await due_now(store, clock, chats=3)
    sender = FakeSender()
    sender.gate = asyncio.Event()
    run = asyncio.create_task(dispatcher_for(store, clock, sender).run_once())
    async with asyncio.timeout(2):
        await sender.entered.wait()
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
    counts = await store.deliveries.counts()
    assert (counts["pending"], counts["sending"]) == (3, 0)
    assert {d.attempts for d in await store.deliveries.find()} == {0}


async def test_a_slow_instance_does_not_send_what_another_one_claimed(
    store: Store, clock: ManualClock
) -> None:
    """Fencing: while the first reminder is slow to send, the lease runs out and another
    instance claims the second; the slow instance must not send it too."""
    await due_now(store, clock, chats=2)
    lease = dtm.timedelta(seconds=5)

    class SlowSender(FakeSender):
        async def send(self, chat_id: int, html: str) -> int:
            if not self.sent:  # the first send stalls past the lease
                clock.advance(lease + dtm.timedelta(seconds=1))
                taken = await store.deliveries.claim("other", lease, 10, now=clock.now())
                # The one on its way holds a longer lease (no repeat after a pause); the
                # other one's ran out.
                assert [d.chat_id for d in taken] == [2], "the other instance takes the second"
            return await super().send(chat_id, html)

    sender = SlowSender()
    # The monotonic clock stands still: no heartbeat renews the claims during the stall.
    dispatcher = Dispatcher(
        store, sender, clock, "test", lease=lease, concurrency=1, monotonic=ManualMonotonic()
    )
    report = await dispatcher.run_once()
    # The one already in flight went (at most the sends in flight repeat); the other did not.
    assert (report.claimed, report.sent, report.lost) == (2, 1, 1), report
    assert [m.chat_id for m in sender.sent] == [1]
    second = (await by_chat(store))[2]
    assert second.status is SENDING  # the other instance's to send now
    assert not await store.deliveries.sent(second.id, 1, owner="test"), "no longer ours"
