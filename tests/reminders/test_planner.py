"""The planner: reminders, change notices and digests reconciled with the calendar and chats."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event as sa_event

from bot.clock import ManualClock
from bot.messages import change_notice
from bot.models import ALL_TRACKS, Delivery, DeliveryKind, DeliveryStatus, EventStatus
from bot.reminders import Dispatcher, Planner
from bot.store import Store
from bot.store.deliveries import Reconciled
from tests.reminders.conftest import FakeSender, follower, session

UTC = dtm.UTC
PENDING, SENT, CANCELLED = DeliveryStatus.PENDING, DeliveryStatus.SENT, DeliveryStatus.CANCELLED
REMINDER, CHANGE, DIGEST = DeliveryKind.REMINDER, DeliveryKind.CHANGE, DeliveryKind.DIGEST


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dtm.datetime:
    return dtm.datetime(year, month, day, hour, minute, tzinfo=UTC)


def dues(deliveries: list[Delivery]) -> list[tuple[int, int, dtm.datetime]]:
    return sorted((d.chat_id, d.offset_minutes, d.due_at) for d in deliveries)


@pytest.fixture
def planner(store: Store, clock: ManualClock) -> Planner:
    return Planner(store, clock)


@pytest.fixture
def sender() -> FakeSender:
    return FakeSender()


@pytest.fixture
def dispatcher(store: Store, clock: ManualClock, sender: FakeSender) -> Dispatcher:
    return Dispatcher(store, sender, clock, "test", per_chat_interval=0)


async def test_followers_get_their_offsets_and_planning_twice_changes_nothing(
    store: Store, planner: Planner
) -> None:
    await follower(store, 1, offsets=(1440, 60))
    await follower(store, 2, ALL_TRACKS, timezone="Asia/Tokyo", offsets=(120,))
    await follower(store, 3, "osce", offsets=(60,))
    event = await session(store, utc(2022, 1, 12, 9))
    assert await planner.plan_event(event) == Reconciled(added=3)
    assert await planner.plan_event(event) == Reconciled()
    planned = await store.deliveries.find(statuses=[PENDING])
    assert dues(planned) == [
        (1, 60, utc(2022, 1, 12, 8)),
        (1, 1440, utc(2022, 1, 11, 9)),
        (2, 120, utc(2022, 1, 12, 7)),
    ]
    assert {d.key for d in planned} == {
        f"reminder:{event.number}:0:1:60",
        f"reminder:{event.number}:0:1:1440",
        f"reminder:{event.number}:0:2:120",
    }


async def test_nothing_too_late_started_or_beyond_the_horizon_is_planned(
    store: Store, planner: Planner, clock: ManualClock
) -> None:
    await follower(store, 1, offsets=(1440, 180, 60))
    now = clock.now()  # 31 December 2021, 08:00 UTC
    soon = await session(store, now + dtm.timedelta(hours=2))
    started = await session(store, now - dtm.timedelta(hours=1))
    far = await session(store, now + dtm.timedelta(days=60))
    for event in (soon, started, far):
        await planner.plan_event(event)
    # 1440: due 22 hours ago, beyond the 6-hour grace; 180: an hour ago, within it.
    assert dues(await store.deliveries.find()) == [
        (1, 60, now + dtm.timedelta(hours=1)),
        (1, 180, now - dtm.timedelta(hours=1)),
    ]


async def test_a_moved_session_replans_and_tells_each_follower_once(
    store: Store, planner: Planner, dispatcher: Dispatcher, sender: FakeSender, clock: ManualClock
) -> None:
    await follower(store, 1, offsets=(1440, 60))
    await follower(store, 2, timezone="Europe/Moscow", offsets=(60,))
    await follower(store, 3, "osce")
    before = await session(store, utc(2022, 1, 12, 9))
    await planner.plan_event(before)
    after, changed = await store.events.update(
        before.number,
        {"start_date": dtm.date(2022, 1, 13), "end_date": dtm.date(2022, 1, 13)}
        | {"start_at": utc(2022, 1, 13, 9)},
        "editor",
        "moved a day",
    )
    assert changed
    assert after.sequence == 1
    assert await planner.event_changed(before, after) == 2
    assert await planner.event_changed(before, after) == 0  # asked again: nothing new

    reminders = await store.deliveries.find(kinds=[REMINDER])
    assert {d.status for d in reminders if d.event_sequence == 0} == {CANCELLED}
    assert dues([d for d in reminders if d.status is PENDING]) == [
        (1, 60, utc(2022, 1, 13, 8)),
        (1, 1440, utc(2022, 1, 12, 9)),
        (2, 60, utc(2022, 1, 13, 8)),
    ]
    notices = await store.deliveries.find(kinds=[CHANGE])
    assert sorted(d.chat_id for d in notices) == [1, 2]
    assert all(d.due_at == clock.now() and d.event_sequence == 1 for d in notices)

    report = await dispatcher.run_once()
    assert (report.sent, report.skipped) == (2, 0)
    [to_moscow] = sender.to(2)
    moscow = await store.chats.get(2)
    assert moscow is not None
    assert to_moscow.html == change_notice(before, after, moscow)
    assert "🔁 Moved" in to_moscow.html
    assert "was: <s>Wed 12 Jan 2022, 12:00 MSK" in to_moscow.html
    assert "now: Thu 13 Jan 2022, 12:00 MSK" in to_moscow.html
    assert sender.to(3) == []
    assert await dispatcher.run_once() == await dispatcher.run_once()  # nothing more due


async def test_a_cancelled_session_cancels_its_reminders_and_tells_followers(
    store: Store, planner: Planner, dispatcher: Dispatcher, sender: FakeSender, clock: ManualClock
) -> None:
    await follower(store, 1, offsets=(1440, 60))
    before = await session(store, utc(2022, 1, 3, 9))
    await planner.plan_event(before)
    after, _ = await store.events.update(
        before.number, {"status": EventStatus.CANCELLED}, "editor", "cancelled"
    )
    assert await planner.event_changed(before, after) == 1
    assert {d.status for d in await store.deliveries.find(kinds=[REMINDER])} == {CANCELLED}
    await dispatcher.run_once()
    [notice] = sender.sent
    assert notice.html.startswith("❌ Cancelled: <b>NATO–Russia Council meeting</b>")
    clock.set(utc(2022, 1, 3, 8, 30))
    assert (await dispatcher.run_once()).claimed == 0
    assert len(sender.sent) == 1


async def test_a_sent_reminder_is_not_repeated_after_a_new_version(
    store: Store, planner: Planner, dispatcher: Dispatcher, sender: FakeSender, clock: ManualClock
) -> None:
    await follower(store, 1, offsets=(1440, 60))
    before = await session(store, utc(2022, 1, 1, 9))
    await planner.plan_event(before)
    clock.set(utc(2021, 12, 31, 9) + dtm.timedelta(seconds=30))
    assert (await dispatcher.run_once()).sent == 1  # the day-before reminder
    after, _ = await store.events.update(before.number, {"title": "NRC"}, "editor", "renamed")
    assert await planner.event_changed(before, after) == 0  # not a schedule change
    pending = await store.deliveries.find(statuses=[PENDING])
    assert [(d.event_sequence, d.offset_minutes) for d in pending] == [(1, 60)]
    clock.set(utc(2022, 1, 1, 8))
    assert (await dispatcher.run_once()).sent == 1
    assert [s.html.splitlines()[0] for s in sender.sent] == [
        "⏰ Reminder: in 1 day",
        "⏰ Reminder: in 1 hour",
    ]
    assert "<b>NRC</b>" in sender.sent[1].html


async def test_changes_not_sent_yet_fold_into_one_notice(
    store: Store, planner: Planner, dispatcher: Dispatcher, sender: FakeSender
) -> None:
    await follower(store, 1)
    first = await session(store, utc(2022, 1, 12, 9))
    second, _ = await store.events.update(first.number, {"start_at": utc(2022, 1, 12, 11)}, "e", "")
    assert await planner.event_changed(first, second) == 1
    third, _ = await store.events.update(first.number, {"start_at": utc(2022, 1, 12, 15)}, "e", "")
    assert await planner.event_changed(second, third) == 1
    [notice] = await store.deliveries.find(kinds=[CHANGE], statuses=[PENDING])
    assert notice.event_sequence == 2
    await dispatcher.run_once()
    [sent] = sender.sent
    assert "was: <s>Wed 12 Jan 2022, 09:00 UTC · 10:00 Brussels time</s>" in sent.html
    assert "now: Wed 12 Jan 2022, 15:00 UTC · 16:00 Brussels time" in sent.html
    # Moved away and back before anyone heard: nothing to tell.
    fourth, _ = await store.events.update(first.number, {"start_at": utc(2022, 1, 12, 17)}, "e", "")
    assert await planner.event_changed(third, fourth) == 1
    fifth, _ = await store.events.update(first.number, {"start_at": utc(2022, 1, 12, 15)}, "e", "")
    assert await planner.event_changed(fourth, fifth) == 0
    assert await store.deliveries.find(kinds=[CHANGE], statuses=[PENDING]) == []


async def test_a_chats_settings_and_subscriptions_replan_its_reminders(
    store: Store, planner: Planner
) -> None:
    await follower(store, 1, offsets=(1440,))
    event = await session(store)  # all day on 12 January 2022
    await planner.plan_event(event)
    assert dues(await store.deliveries.find()) == [(1, 1440, utc(2022, 1, 11, 9))]

    await store.chats.change(1, timezone="Asia/Tokyo")
    assert await planner.chat_changed(1) == Reconciled(moved=1)
    assert dues(await store.deliveries.find()) == [(1, 1440, utc(2022, 1, 11, 0))]

    await store.chats.change(1, reminder_offsets=[1440, 60], allday_time=dtm.time(8, 0))
    assert await planner.chat_changed(1) == Reconciled(added=1, moved=1)
    assert dues(await store.deliveries.find(statuses=[PENDING])) == [
        (1, 60, utc(2022, 1, 11, 23)),
        (1, 1440, utc(2022, 1, 10, 23)),
    ]

    await store.chats.unsubscribe(1, "nato-russia-council")
    assert await planner.chat_changed(1) == Reconciled(cancelled=2)
    await store.chats.subscribe(1, ALL_TRACKS)
    assert await planner.chat_changed(1) == Reconciled(revived=2)
    await store.chats.deactivate(1)
    assert await planner.chat_changed(1) == Reconciled(cancelled=2)
    assert await store.deliveries.find(statuses=[PENDING]) == []


@pytest.fixture
def statements(store: Store) -> Iterator[list[str]]:
    """Collect the SQL statements the store runs."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    engine = store.db.engine.sync_engine
    sa_event.listen(engine, "before_cursor_execute", count)
    yield seen
    sa_event.remove(engine, "before_cursor_execute", count)


async def test_the_sweep_plans_everything_in_a_few_queries(
    store: Store, planner: Planner, clock: ManualClock, statements: list[str]
) -> None:
    tracks = ["nato-russia-council", "osce", "us-russia-security"]
    for chat_id in range(1, 13):
        chosen = (tracks[chat_id % 3],) if chat_id % 4 else (ALL_TRACKS,)
        await follower(store, chat_id, *chosen, offsets=(1440, 60))
    events = []
    for day in range(30):
        start = utc(2022, 1, 2, 9) + dtm.timedelta(days=day)
        events.append(await session(store, start, track=tracks[day % 3]))
    await session(store, utc(2022, 3, 1, 9))  # beyond the 45-day horizon
    await session(store, utc(2022, 1, 5, 9), status=EventStatus.CANCELLED)

    first = await planner.plan_all()
    expected = Reconciled()
    for event in events:  # the same, one session at a time
        expected += await planner.plan_event(event)
    assert expected == Reconciled()
    # Chats 4, 8, 12 follow everything (30 sessions); the other 9 follow a track (10 each).
    assert first == Reconciled(added=(3 * 30 + 9 * 10) * 2)

    # A page of chats costs two queries (the chats, what they follow) and the sweep ends on an
    # empty page; the count depends on the number of pages of chats, not on the sessions.
    statements.clear()
    assert await planner.plan_all() == Reconciled()
    assert len(statements) <= 10, statements
    clock.advance(dtm.timedelta(days=20))  # a batch's worth of sessions is over now
    statements.clear()
    await planner.plan_all()
    assert len(statements) <= 10, statements


async def test_a_weekly_digest_per_chat_and_week(
    store: Store, planner: Planner, dispatcher: Dispatcher, sender: FakeSender, clock: ManualClock
) -> None:
    await follower(store, 7, timezone="Asia/Tokyo", offsets=(), digest=True)
    await follower(store, 8, offsets=())  # no digest
    await session(store, start_date=dtm.date(2022, 1, 5), end_date=dtm.date(2022, 1, 5))
    await session(store, start_date=dtm.date(2022, 1, 12), end_date=dtm.date(2022, 1, 12))
    await session(
        store, start_date=dtm.date(2022, 1, 6), end_date=dtm.date(2022, 1, 6), track="osce"
    )
    assert await planner.plan_all() == Reconciled(added=1)
    assert await planner.plan_all() == Reconciled()
    [digest] = await store.deliveries.find(kinds=[DIGEST])
    assert digest.key == "digest:2022-W01:7"
    assert digest.due_at == utc(2022, 1, 3, 0, 0)  # Monday, 09:00 in Tokyo

    clock.set(utc(2022, 1, 3, 0, 0))
    assert (await dispatcher.run_once()).sent == 1
    [sent] = sender.sent
    assert sent.html.startswith("<b>🗓 Your week, 3–9 Jan 2022</b>")
    assert "Wed 5 Jan 2022 (all day)" in sent.html
    assert "12 Jan" not in sent.html
    assert "6 Jan" not in sent.html

    clock.advance(dtm.timedelta(minutes=1))
    assert await planner.plan_all() == Reconciled(added=1)
    [_, following] = await store.deliveries.find(kinds=[DIGEST])
    assert (following.key, following.status) == ("digest:2022-W02:7", PENDING)
    await store.chats.change(7, digest=False)
    assert await planner.chat_changed(7) == Reconciled(cancelled=1)


async def test_an_all_day_reminder_says_which_day_the_session_begins(
    store: Store, planner: Planner, dispatcher: Dispatcher, sender: FakeSender, clock: ManualClock
) -> None:
    """All-day reminders fire at the chat's all-day time, so "in 1 day" would be wrong by
    hours; they name the day instead, counted in the chat's timezone."""
    # Tokyo is UTC+9: the 09:00 reminders are due at 00:00 UTC.
    await follower(store, 1, timezone="Asia/Tokyo", offsets=(3 * 1440, 1440, 60))
    event = await session(store)  # all day on 12 January 2022
    await planner.plan_event(event)
    for day in (9, 11, 12):
        clock.set(utc(2022, 1, day) + dtm.timedelta(seconds=30))
        assert (await dispatcher.run_once()).sent == 1
    assert [s.html.splitlines()[0] for s in sender.sent] == [
        "⏰ Reminder: in 3 days",
        "⏰ Reminder: tomorrow",
        "⏰ Reminder: today",
    ]
