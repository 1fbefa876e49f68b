"""Chats, feed tokens and subscriptions in the store."""

from __future__ import annotations

import datetime as dtm

from bot.models import ALL_TRACKS, ChatKind
from bot.store import Store


async def test_first_contact_creates_a_chat_with_an_unguessable_token(store: Store) -> None:
    chat = await store.chats.ensure(42, ChatKind.PRIVATE, "Ann", "Europe/Moscow")
    assert chat.timezone == "Europe/Moscow"
    assert chat.reminder_offsets == (1440, 60)
    assert len(chat.feed_token) >= 43
    other = await store.chats.ensure(43, ChatKind.GROUP, "Desk", "UTC")
    assert other.feed_token != chat.feed_token
    again = await store.chats.ensure(42, ChatKind.PRIVATE, "Ann", "UTC")
    assert again.feed_token == chat.feed_token
    assert again.timezone == "Europe/Moscow"


async def test_tokens_find_their_chat_and_a_reset_revokes_the_old_one(store: Store) -> None:
    chat = await store.chats.ensure(42, ChatKind.PRIVATE, None, "UTC")
    found = await store.chats.by_token(chat.feed_token)
    assert found is not None
    assert found.id == 42
    assert await store.chats.by_token(chat.feed_token[:-1] + "x") is None
    assert await store.chats.by_token("") is None
    fresh = await store.chats.reset_token(42)
    assert fresh.feed_token != chat.feed_token
    assert await store.chats.by_token(chat.feed_token) is None
    renewed = await store.chats.by_token(fresh.feed_token)
    assert renewed is not None
    assert renewed.id == 42


async def test_settings_change(store: Store) -> None:
    await store.chats.ensure(42, ChatKind.PRIVATE, None, "UTC")
    chat = await store.chats.change(
        42,
        timezone="Asia/Tokyo",
        reminder_offsets=[60, 1500, 60],
        allday_time=dtm.time(7, 30),
        digest=True,
    )
    assert chat.timezone == "Asia/Tokyo"
    assert chat.reminder_offsets == (1500, 60)
    assert chat.allday_time == dtm.time(7, 30)
    assert chat.digest


async def test_subscriptions_and_followers(store: Store) -> None:
    for chat_id in (1, 2, 3):
        await store.chats.ensure(chat_id, ChatKind.PRIVATE, None, "UTC")
    assert await store.chats.subscribe(1, "osce")
    assert not await store.chats.subscribe(1, "osce")
    assert await store.chats.subscribe(2, ALL_TRACKS)
    assert await store.chats.subscribe(3, "nato-russia-council")
    assert [c.id for c in await store.chats.followers(["osce"])] == [1, 2]
    assert [c.id for c in await store.chats.followers([None])] == [2]
    await store.chats.deactivate(2)
    assert [c.id for c in await store.chats.followers(["osce"])] == [1]
    assert await store.chats.unsubscribe(1, "osce")
    assert not await store.chats.unsubscribe(1, "osce")
    assert await store.chats.subscriptions(1) == []
    await store.chats.subscribe(3, "osce")
    assert await store.chats.unsubscribe(3, ALL_TRACKS)
    assert await store.chats.subscriptions(3) == []


async def test_a_migrated_group_keeps_what_it_follows(store: Store) -> None:
    await store.chats.ensure(-100, ChatKind.GROUP, "Desk", "UTC")
    await store.chats.subscribe(-100, "osce")
    await store.chats.migrate(-100, -1001234)
    assert await store.chats.get(-100) is None
    moved = await store.chats.get(-1001234)
    assert moved is not None
    assert moved.kind is ChatKind.SUPERGROUP
    assert [s.track for s in await store.chats.subscriptions(-1001234)] == ["osce"]
