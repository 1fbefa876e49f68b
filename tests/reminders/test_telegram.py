"""Reminders through the real python-telegram-bot Bot against the local Bot API server."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any, TypeAlias

import pytest
from telegram import Bot
from telegram.ext import AIORateLimiter, Application

from bot.clock import ManualClock
from bot.devtools.localapi import Fault, LocalBotApi
from bot.messages import reminder
from bot.models import ChatKind, DeliveryStatus
from bot.reminders import Dispatcher, Planner, Reminders
from bot.reminders.dispatcher import backoff
from bot.services.editing import Editor
from bot.store import Store
from bot.tg.sender import TelegramSender
from tests.reminders.conftest import follower, session

App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
HOUR = dtm.timedelta(hours=1)
PRIVATE = 4242


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


def application(api: LocalBotApi) -> App:
    """A PTB application as negbot builds one: rate limited, 429s left to the dispatcher."""
    return (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=0))
        .read_timeout(0.5)
        .job_queue(None)
        .build()
    )


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[Bot]:
    async with application(api) as app:
        yield app.bot


def dispatcher_for(
    store: Store, clock: ManualClock, bot: Bot, owner: str = "a", concurrency: int = 16
) -> Dispatcher:
    return Dispatcher(
        store, TelegramSender(bot), clock, owner, per_chat_interval=0, concurrency=concurrency
    )


async def due_now(
    store: Store, clock: ManualClock, chat_ids: list[int], offsets: tuple[int, ...] = (60,)
) -> None:
    """Plan reminders for these chats of a session two days ahead; move the clock to the first."""
    for chat_id in chat_ids:
        kind = ChatKind.PRIVATE if chat_id > 0 else ChatKind.GROUP
        await follower(store, chat_id, offsets=offsets, kind=kind)
    start = clock.now() + dtm.timedelta(days=2)
    event = await session(store, start, title="NRC <Brussels> & co")
    await Planner(store, clock).plan_event(event)
    clock.set(start - dtm.timedelta(minutes=max(offsets)))


async def test_a_reminder_arrives_as_html_without_a_link_preview(
    store: Store, clock: ManualClock, api: LocalBotApi, bot: Bot
) -> None:
    api.add_chat(PRIVATE)
    await due_now(store, clock, [PRIVATE])
    report = await dispatcher_for(store, clock, bot).run_once()
    assert report.sent == 1
    [record] = api.sent_to(PRIVATE)
    [event] = await store.events.find()
    chat = await store.chats.get(PRIVATE)
    assert chat is not None
    assert record.text == reminder(event, chat, 60, late=False)
    assert record.parse_mode == "HTML"
    assert record.params["link_preview_options"] == {"is_disabled": True}
    assert record.plain_text is not None
    assert "NRC <Brussels> & co" in record.plain_text
    [delivery] = await store.deliveries.find()
    assert (delivery.status, delivery.message_id) == (DeliveryStatus.SENT, record.message_id)


async def test_a_429_is_obeyed_and_nothing_is_lost(
    store: Store, clock: ManualClock, api: LocalBotApi, bot: Bot
) -> None:
    for chat_id in (1, 2):
        api.add_chat(chat_id)
    await due_now(store, clock, [1, 2])
    api.inject_fault(Fault.too_many_requests(1), method="sendMessage", times=1)
    dispatcher = dispatcher_for(store, clock, bot, concurrency=1)
    began = api.world.clock()
    report = await dispatcher.run_once()
    # The first send got the 429; the second waited out the pause, then went.
    assert (report.sent, report.retried) == (1, 1)
    [first] = api.sent
    assert first.time - began >= 1.0
    refused = [d for d in await store.deliveries.find() if d.status is DeliveryStatus.PENDING]
    assert [d.last_error for d in refused] == ["flood control: retry after 1 s"]
    clock.advance(dtm.timedelta(seconds=1))
    assert (await dispatcher.run_once()).sent == 1
    assert sorted(r.chat_id for r in api.sent if r.chat_id is not None) == [1, 2]
    assert api.stats.too_many_requests == 1


async def test_a_blocked_bot_deactivates_the_chat(
    store: Store, clock: ManualClock, api: LocalBotApi, bot: Bot
) -> None:
    api.add_chat(PRIVATE)
    api.block_bot(PRIVATE)
    await due_now(store, clock, [PRIVATE], offsets=(1440, 60))  # the day-before one is due
    report = await dispatcher_for(store, clock, bot).run_once()
    assert (report.failed, report.gone) == (1, (PRIVATE,))
    chat = await store.chats.get(PRIVATE)
    assert chat is not None
    assert not chat.active
    deliveries = {d.offset_minutes: d for d in await store.deliveries.find()}
    assert deliveries[1440].status is DeliveryStatus.FAILED
    assert deliveries[1440].last_error == "chat unreachable: Forbidden: bot was blocked by the user"
    assert deliveries[60].status is DeliveryStatus.CANCELLED
    assert api.sent == []


async def test_a_migrated_group_is_followed_to_its_new_id(
    store: Store, clock: ManualClock, api: LocalBotApi, bot: Bot
) -> None:
    old, new = -555, -1005550000000
    api.add_chat(old, chat_type="group", title="Desk")
    api.migrate_chat(old, new)
    await due_now(store, clock, [old], offsets=(1440, 60))
    report = await dispatcher_for(store, clock, bot).run_once()
    assert (report.sent, report.migrated) == (1, ((old, new),))
    assert api.sent_to(old) == []
    [record] = api.sent_to(new)
    assert record.text is not None
    assert record.text.startswith("⏰ Reminder: in 1 day")
    assert await store.chats.get(old) is None
    moved = await store.chats.get(new)
    assert moved is not None
    assert moved.kind is ChatKind.SUPERGROUP
    assert [s.track for s in await store.chats.subscriptions(new)] == ["nato-russia-council"]
    deliveries = {d.offset_minutes: d for d in await store.deliveries.find()}
    assert (deliveries[1440].chat_id, deliveries[1440].status) == (new, DeliveryStatus.SENT)
    assert (deliveries[60].chat_id, deliveries[60].status) == (new, DeliveryStatus.PENDING)


@pytest.mark.parametrize(
    "fault",
    [Fault.server_error(502), Fault.server_error(503), Fault.slow(30.0)],  # see the outage test
    ids=["502", "503", "timeout"],
)
async def test_server_errors_and_timeouts_are_retried_with_backoff(
    store: Store, clock: ManualClock, api: LocalBotApi, bot: Bot, fault: Fault
) -> None:
    api.add_chat(PRIVATE)
    await due_now(store, clock, [PRIVATE])
    api.inject_fault(fault, method="sendMessage", times=1)
    dispatcher = dispatcher_for(store, clock, bot)
    assert (await dispatcher.run_once()).retried == 1
    [delivery] = await store.deliveries.find()
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.last_error is not None
    assert delivery.last_error.startswith(("network or server error", "timed out"))
    assert (await dispatcher.run_once()).claimed == 0  # backing off
    clock.advance(backoff(1))
    assert (await dispatcher.run_once()).sent == 1
    # A timed-out request the server never answered is dropped with the connection: one
    # message arrives, not two.
    assert len(api.sent_to(PRIVATE)) == 1


async def test_two_instances_never_send_the_same_reminder_twice(
    store: Store, clock: ManualClock, api: LocalBotApi, bot: Bot, database_url: str
) -> None:
    chat_ids = list(range(1, 31))
    for chat_id in chat_ids:
        api.add_chat(chat_id)
    await due_now(store, clock, chat_ids, offsets=(120, 60))
    clock.advance(HOUR)  # both reminders of every chat are due
    other_store = await Store.open(database_url, clock, migrate=False)
    try:
        first = dispatcher_for(store, clock, bot, owner="instance-a")
        second = dispatcher_for(other_store, clock, bot, owner="instance-b")

        async def drain(dispatcher: Dispatcher) -> int:
            sent = 0
            while (report := await dispatcher.run_once(limit=7)).claimed:
                sent += report.sent
            return sent

        async with asyncio.timeout(20):
            counts = await asyncio.gather(drain(first), drain(second))
    finally:
        await other_store.close()
    assert sum(counts) == 60
    assert all(counts)  # both took a share
    messages = [(r.chat_id, r.text) for r in api.sent]
    assert len(messages) == len(set(messages)) == 60
    assert sorted(r.chat_id for r in api.sent if r.chat_id is not None) == sorted(chat_ids * 2)
    assert (await store.deliveries.counts())["sent"] == 60


async def test_an_editor_s_edit_tells_the_followers(
    store: Store, clock: ManualClock, api: LocalBotApi, bot: Bot
) -> None:
    api.add_chat(PRIVATE)
    await follower(store, PRIVATE, offsets=(60,))
    event = await session(store, clock.now() + dtm.timedelta(days=3), title="OSCE session")
    reminders = Reminders(store, TelegramSender(bot), clock, per_chat_interval=0)
    editor = Editor(store, clock, hooks=reminders)
    when = (event.start_date + dtm.timedelta(days=1)).isoformat() + " 10:00"
    await editor.edit(event.id, "when", when, "editor")
    report = await reminders.dispatcher.run_once()
    assert report.sent == 1
    (notice,) = [r for r in api.sent if r.method == "sendMessage"]
    assert notice.chat_id == PRIVATE
    assert "Moved" in (notice.plain_text or "")
    assert "OSCE session" in (notice.plain_text or "")


# The slow answer outlasts the client's 0.5 s read timeout by far: the server drops the call
# when the client gives up, and on a loaded machine it may notice that late. A second or so
# late, a 1 s delay would let the call through after the client counted it failed (a repeat).
@pytest.mark.parametrize(
    "fault", [Fault.server_error(503), Fault.slow(30.0)], ids=["5xx", "timeout"]
)
async def test_a_30_second_outage_holds_deliveries_back_and_they_resume(
    store: Store, clock: ManualClock, fault: Fault
) -> None:
    """The Bot API fails every send for 30 s of the (injected) clock: nothing is lost, nothing
    goes out twice, and everything goes once it answers again."""
    chats = [PRIVATE + n for n in range(6)]
    async with LocalBotApi(clock=lambda: clock.now().timestamp()) as server:
        for chat_id in chats:
            server.add_chat(chat_id)
        await due_now(store, clock, chats)
        outage_ends = clock.now() + dtm.timedelta(seconds=30)
        server.inject_fault(fault, method="sendMessage", times=None, duration=30)
        async with application(server) as app:
            dispatcher = dispatcher_for(store, clock, app.bot)
            for _ in range(30):  # 150 s of the clock at most
                report = await dispatcher.run_once()
                if clock.now() < outage_ends:
                    assert report.sent == 0
                if len(server.sent) == len(chats):
                    break
                clock.advance(dtm.timedelta(seconds=5))
        assert sorted(r.chat_id for r in server.sent if r.chat_id is not None) == chats
        deliveries = await store.deliveries.find()
        assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
        assert all(d.attempts >= 2 for d in deliveries)  # one failed try at least, then sent
