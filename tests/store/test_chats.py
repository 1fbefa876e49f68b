"""Chats, feed tokens and subscriptions in the store."""

from __future__ import annotations

import datetime as dtm
import hashlib

from sqlalchemy import text

from bot.models import ALL_TRACKS, ChatKind
from bot.store import Store


async def test_first_contact_creates_a_chat_and_its_token_is_made_once(store: Store) -> None:
    chat = await store.chats.ensure(42, ChatKind.PRIVATE, "Ann", "Europe/Moscow")
    assert chat.timezone == "Europe/Moscow"
    assert chat.reminder_offsets == (1440, 60)
    await store.chats.ensure(43, ChatKind.GROUP, "Desk", "UTC")
    first, other = await store.chats.issue_token(42), await store.chats.issue_token(43)
    assert first is not None
    assert other is not None
    assert len(first) >= 43
    assert first != other
    assert await store.chats.issue_token(42) is None  # shown once: kept only as a hash
    again = await store.chats.ensure(42, ChatKind.PRIVATE, "Ann", "UTC")
    assert again.timezone == "Europe/Moscow"
    assert (found := await store.chats.by_token(first)) is not None
    assert found.id == 42


async def test_tokens_find_their_chat_and_a_reset_revokes_the_old_one(store: Store) -> None:
    await store.chats.ensure(42, ChatKind.PRIVATE, None, "UTC")
    token = await store.chats.issue_token(42)
    assert token is not None
    found = await store.chats.by_token(token)
    assert found is not None
    assert found.id == 42
    assert await store.chats.by_token(token[:-1] + "x") is None
    assert await store.chats.by_token("") is None
    fresh = await store.chats.reset_token(42)
    assert fresh != token
    assert await store.chats.by_token(token) is None
    renewed = await store.chats.by_token(fresh)
    assert renewed is not None
    assert renewed.id == 42


async def test_only_the_hash_of_a_token_is_stored(store: Store) -> None:
    await store.chats.ensure(42, ChatKind.PRIVATE, None, "UTC")
    first = await store.chats.issue_token(42)
    fresh = await store.chats.reset_token(42)
    async with store.db.engine.connect() as connection:
        rows = (await connection.execute(text("SELECT * FROM chats"))).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert first is not None
    assert first not in stored
    assert fresh not in stored
    assert hashlib.sha256(fresh.encode()).hexdigest() in stored


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
