"""Migration 0005: feed tokens kept only as hashes, and old feed addresses still serve."""

from __future__ import annotations

import datetime as dtm
import hashlib
import secrets
from pathlib import Path

import aiohttp
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection, inspect

from bot.clock import ManualClock
from bot.models import ChatKind
from bot.store import Store
from bot.store.database import Database
from bot.store.migrate import alembic_config, current_revision, head_revision, upgrade
from bot.store.types import UTCDateTime
from bot.tracks import TrackCatalogue
from tests.web.conftest import import_seeds
from tests.web.helpers import serving

CHATS_0004 = sa.table(
    "chats",
    sa.column("id", sa.BigInteger()),
    sa.column("kind", sa.String()),
    sa.column("title", sa.String()),
    sa.column("timezone", sa.String()),
    sa.column("reminder_offsets", sa.JSON()),
    sa.column("allday_time", sa.String()),
    sa.column("digest", sa.Boolean()),
    sa.column("active", sa.Boolean()),
    sa.column("feed_token", sa.String()),
    sa.column("feed_token_hash", sa.String()),
    sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
)
SUBSCRIPTIONS = sa.table(
    "subscriptions",
    sa.column("chat_id", sa.BigInteger()),
    sa.column("track", sa.String()),
    sa.column("created_at", UTCDateTime()),
)
STAMP = dtm.datetime(2021, 12, 1, tzinfo=dtm.UTC)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _chat(chat_id: int, token: str, kept_hash: str) -> dict[str, object]:
    return {
        "id": chat_id,
        "kind": ChatKind.PRIVATE.value,
        "title": None,
        "timezone": "UTC",
        "reminder_offsets": [1440, 60],
        "allday_time": "09:00",
        "digest": False,
        "active": True,
        "feed_token": token,
        "feed_token_hash": kept_hash,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


async def _database_at_0004(url: str) -> dict[int, str]:
    """Make a database at revision 0004 with three chats following OSCE; return their tokens:
    one with its hash, one whose hash is missing, one whose hash is stale."""
    tokens = {chat_id: secrets.token_urlsafe(32) for chat_id in (1, 2, 3)}
    rows = [
        _chat(1, tokens[1], _sha256(tokens[1])),
        _chat(2, tokens[2], ""),
        _chat(3, tokens[3], _sha256("an older token")),
    ]
    db = Database(url)
    try:
        await upgrade(db.engine, "0004")
        async with db.engine.begin() as connection:
            await connection.execute(CHATS_0004.insert(), rows)
            follows = [{"chat_id": c, "track": "osce", "created_at": STAMP} for c in tokens]
            await connection.execute(SUBSCRIPTIONS.insert(), follows)
    finally:
        await db.close()
    return tokens


def _sqlite_bytes(url: str) -> bytes:
    """Every byte SQLite keeps for this database: the file and its write-ahead log."""
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _columns(connection: Connection) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns("chats")}


async def _stored_text(store: Store) -> str:
    async with store.db.engine.connect() as connection:
        rows = (await connection.execute(sa.text("SELECT * FROM chats"))).all()
    return " ".join(str(value) for row in rows for value in row)


async def _feed(http: aiohttp.ClientSession, url: str) -> bytes:
    async with http.get(url) as response:
        assert response.status == 200, url
        return await response.read()


async def test_0005_keeps_only_hashes_and_old_feed_addresses_serve_the_same_feed(
    database_url: str, clock: ManualClock, catalogue: TrackCatalogue
) -> None:
    tokens = await _database_at_0004(database_url)
    sqlite = database_url.startswith("sqlite")
    if sqlite:  # the check below can fail: before the migration the tokens are in the file
        assert all(t.encode() in _sqlite_bytes(database_url) for t in tokens.values())
    store = await Store.open(database_url, clock)
    try:
        assert await current_revision(store.db.engine) == head_revision()
        async with store.db.engine.connect() as connection:
            assert "feed_token" not in await connection.run_sync(_columns)
        stored = await _stored_text(store)
        assert not [t for t in tokens.values() if t in stored]
        assert all(_sha256(t) in stored for t in tokens.values())
        assert len(await store.chats.subscriptions(2)) == 1  # nothing cascaded away
        if sqlite:  # nor in pages SQLite freed (checked before new writes reuse them)
            assert not [t for t in tokens.values() if t.encode() in _sqlite_bytes(database_url)]
        await store.tracks.sync(catalogue)
        await import_seeds(store, clock)
        await store.chats.ensure(9, ChatKind.PRIVATE, None, "UTC")
        await store.chats.subscribe(9, "osce")
        fresh = await store.chats.issue_token(9)
        async with serving(store, clock) as server, aiohttp.ClientSession() as http:
            expected = await _feed(http, f"{server.url}/feeds/{fresh}.ics")
            assert expected.count(b"BEGIN:VEVENT") == 1  # the OSCE session of the seeds
            for token in tokens.values():
                assert await _feed(http, f"{server.url}/feeds/{token}.ics") == expected
    finally:
        await store.close()


def _downgrade(connection: Connection, revision: str) -> None:
    command.downgrade(alembic_config(connection), revision)


async def test_0005_downgrades_with_a_new_token_per_chat_and_upgrades_again(
    database_url: str, clock: ManualClock
) -> None:
    store = await Store.open(database_url, clock)
    try:
        await store.chats.ensure(1, ChatKind.PRIVATE, None, "UTC")
        await store.chats.ensure(2, ChatKind.GROUP, None, "UTC")
        await store.chats.issue_token(2)
        async with store.db.engine.begin() as connection:
            await connection.run_sync(_downgrade, "0004")
        async with store.db.engine.connect() as connection:
            rows = (await connection.execute(sa.select(CHATS_0004))).mappings().all()
        assert len(rows) == 2
        assert all(_sha256(r["feed_token"]) == r["feed_token_hash"] for r in rows)
        await upgrade(store.db.engine)
        async with store.db.engine.connect() as connection:
            assert "feed_token" not in await connection.run_sync(_columns)
        (row,) = [r for r in rows if r["id"] == 2]
        found = await store.chats.by_token(row["feed_token"])
        assert found is not None
        assert found.id == 2
    finally:
        await store.close()
