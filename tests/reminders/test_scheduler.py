"""The alarm clock: PTB's JobQueue armed at the next due delivery, and a sweep that catches up."""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any, TypeAlias

import pytest
from telegram.ext import Application

from bot.clock import SystemClock
from bot.devtools.localapi import LocalBotApi
from bot.models import ALL_TRACKS, DeliveryKind, DeliveryStatus
from bot.reminders import Dispatcher, Planner, Reminders, ReminderScheduler
from bot.reminders.scheduler import ALARM, SWEEP
from bot.store import Store
from bot.store.deliveries import PlannedDelivery
from bot.tg.sender import TelegramSender
from tests.reminders.conftest import follower, session

App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
PRIVATE = 4242


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


@pytest.fixture
async def app(api: LocalBotApi) -> AsyncIterator[App]:
    """A started PTB application with its job queue (APScheduler 3), not polling."""
    application = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    async with application:
        await application.start()
        try:
            yield application
        finally:
            await application.stop()


@contextlib.asynccontextmanager
async def scheduling(
    app: App, store: Store, first_sweep: float = 600.0
) -> AsyncIterator[ReminderScheduler]:
    """Run a scheduler on real time: SystemClock for the dispatcher and the planner."""
    clock = SystemClock()
    assert app.job_queue is not None
    scheduler = ReminderScheduler(
        app.job_queue,
        Dispatcher(store, TelegramSender(app.bot), clock, "alarm-test", per_chat_interval=0),
        Planner(store, clock),
        store,
        sweep_seconds=600,
        first_sweep=first_sweep,
    )
    await scheduler.start()
    try:
        yield scheduler
    finally:
        await scheduler.stop()


def reminder_at(event_number: int, chat_id: int, due: dtm.datetime) -> PlannedDelivery:
    return PlannedDelivery(DeliveryKind.REMINDER, event_number, 0, chat_id, 60, due)


async def test_the_alarm_is_armed_at_the_next_due_delivery(app: App, store: Store) -> None:
    jobs = app.job_queue
    assert jobs is not None
    await follower(store, 1)
    event = await session(store)
    now = SystemClock().now()
    later, sooner = now + dtm.timedelta(hours=2), now + dtm.timedelta(minutes=30)
    await store.deliveries.plan([reminder_at(event.number, 1, later)])
    async with scheduling(app, store) as scheduler:
        alarm = scheduler.alarm
        assert alarm is not None
        assert alarm.next_t == later
        assert alarm.job.id == ALARM
        assert alarm.job.misfire_grace_time is None
        [sweep] = jobs.get_jobs_by_name(SWEEP)
        assert sweep.next_t is not None

        # Deliveries planned directly do not ring any bell; a change in the store re-arms.
        await store.deliveries.plan(
            [PlannedDelivery(DeliveryKind.REMINDER, event.number, 0, 1, 30, sooner)]
        )
        assert scheduler.alarm is not None
        assert scheduler.alarm.next_t == later
        await store.chats.subscribe(1, ALL_TRACKS)  # a committed change: listeners re-arm
        assert scheduler.alarm is not None
        assert scheduler.alarm.next_t == sooner
        assert len(jobs.get_jobs_by_name(ALARM)) == 1  # replaced, not added

        await store.deliveries.cancel_for_chat(1, "test")
        assert await scheduler.rearm() is None
        assert scheduler.alarm is None
    assert jobs.jobs() == ()


async def test_the_alarm_sends_a_reminder_when_it_falls_due(
    app: App, store: Store, api: LocalBotApi
) -> None:
    api.add_chat(PRIVATE)
    await follower(store, PRIVATE, offsets=(1,))
    start = SystemClock().now() + dtm.timedelta(minutes=1, seconds=1)
    event = await session(store, start)
    async with scheduling(app, store) as scheduler:
        await Planner(store, SystemClock()).plan_event(event)
        due = await scheduler.rearm()
        assert due == start - dtm.timedelta(minutes=1)
        [record] = await api.wait_for_sent(timeout=4)
    assert record.chat_id == PRIVATE
    assert record.time >= due.timestamp() - 0.01  # not before it was due
    assert record.time <= due.timestamp() + 2.0
    [delivery] = await store.deliveries.find()
    assert delivery.status.value == "sent"
    assert not delivery.late


async def test_the_sweep_catches_up_after_a_restart(
    app: App, store: Store, api: LocalBotApi
) -> None:
    # Planned by nobody (the process was down): the sweep plans it and sends it, late.
    api.add_chat(PRIVATE)
    await follower(store, PRIVATE, offsets=(60,))
    await session(store, SystemClock().now() + dtm.timedelta(minutes=50))
    async with scheduling(app, store, first_sweep=0.1):
        [record] = await api.wait_for_sent(timeout=4)
    assert record.text is not None
    assert "Sent late" in record.text
    [delivery] = await store.deliveries.find()
    assert delivery.late


async def test_the_facade_replans_and_rearms_after_each_change(
    app: App, store: Store, api: LocalBotApi
) -> None:
    assert app.job_queue is not None
    api.add_chat(PRIVATE)
    await follower(store, PRIVATE, offsets=(60,))
    clock = SystemClock()
    start = clock.now().replace(microsecond=0) + dtm.timedelta(hours=3)
    event = await session(store, start)
    reminders = Reminders(store, TelegramSender(app.bot), clock, per_chat_interval=0)
    await reminders.start(app.job_queue)
    try:
        assert reminders.scheduler is not None
        await reminders.event_created(event)
        assert reminders.scheduler.alarm is not None
        assert reminders.scheduler.alarm.next_t == start - dtm.timedelta(hours=1)

        await store.chats.change(PRIVATE, reminder_offsets=[120])
        await reminders.chat_changed(PRIVATE)
        assert reminders.scheduler.alarm is not None
        assert reminders.scheduler.alarm.next_t == start - dtm.timedelta(hours=2)

        moved, _ = await store.events.update(
            event.number, {"start_at": start + dtm.timedelta(hours=1)}, "editor", "later"
        )
        await reminders.event_changed(event, moved)  # the notice is due now: the alarm rings
        [notice] = await api.wait_for_sent(timeout=4)
        assert notice.text is not None
        assert notice.text.startswith("🔁 Changed")
    finally:
        await reminders.stop()
    assert len(api.sent) == 1
    [pending] = await store.deliveries.find(statuses=[DeliveryStatus.PENDING])
    assert pending.due_at == start - dtm.timedelta(hours=1)  # 2 hours before the new start


async def test_the_alarm_rings_when_a_dead_instances_lease_runs_out(app: App, store: Store) -> None:
    """A survivor must not wait for its next sweep to take over a dead instance's claims."""
    await follower(store, 1)
    event = await session(store)
    now = SystemClock().now()
    await store.deliveries.plan([reminder_at(event.number, 1, now - dtm.timedelta(seconds=5))])
    lease = dtm.timedelta(seconds=10)
    [claimed] = await store.deliveries.claim("dead", lease, 10, now=now)  # then SIGKILL
    assert claimed.lease_until == now + lease
    async with scheduling(app, store) as scheduler:
        alarm = scheduler.alarm
        assert alarm is not None
        assert alarm.next_t == now + lease  # the sweep is 600 s away
