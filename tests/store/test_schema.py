"""The migrations build exactly the schema the code describes, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from bot.store import Store
from bot.store.database import Database
from bot.store.migrate import alembic_config, current_revision, head_revision, upgrade
from bot.store.tables import Base


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_tables(store: Store) -> None:
    async with store.db.engine.connect() as connection:
        assert await connection.run_sync(_diff) == []


async def test_the_database_is_at_the_newest_revision(store: Store) -> None:
    assert await current_revision(store.db.engine) == head_revision()


async def test_opening_twice_migrates_once_and_keeps_the_data(database_url: str) -> None:
    first = await Store.open(database_url)
    try:
        assert await first.tracks.all() == []
        await first.articles.has("x")
    finally:
        await first.close()
    second = await Store.open(database_url)
    try:
        assert await current_revision(second.db.engine) == head_revision()
    finally:
        await second.close()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _downgrade(connection: Connection, revision: str) -> None:
    command.downgrade(alembic_config(connection), revision)


async def test_0004_drops_the_renders_table_and_its_downgrade_brings_it_back(
    database_url: str,
) -> None:
    db = Database(database_url)
    try:
        await upgrade(db.engine, "0003")
        async with db.engine.connect() as connection:
            assert "renders" in await connection.run_sync(_tables)
        await upgrade(db.engine)
        async with db.engine.connect() as connection:
            assert "renders" not in await connection.run_sync(_tables)
        async with db.engine.begin() as connection:
            await connection.run_sync(_downgrade, "0003")
        async with db.engine.connect() as connection:
            assert "renders" in await connection.run_sync(_tables)
        await upgrade(db.engine)
        assert await current_revision(db.engine) == head_revision()
    finally:
        await db.close()


async def test_0007_gives_the_chats_known_before_english(database_url: str) -> None:
    db = Database(database_url)
    try:
        await upgrade(db.engine, "0004")
        async with db.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO chats (id, kind, timezone, reminder_offsets, allday_time, digest,"
                    " active, feed_token, feed_token_hash, created_at, updated_at) VALUES"
                    " (5, 'private', 'UTC', '[60]', '09:00', false, true, 't', 'h',"
                    " '2022-01-05 09:00:00', '2022-01-05 09:00:00')"
                )
            )
        await upgrade(db.engine)
        async with db.engine.connect() as connection:
            language = await connection.scalar(text("SELECT language FROM chats WHERE id = 5"))
        assert language == "en"
        async with db.engine.begin() as connection:
            await connection.run_sync(_downgrade, "0004")
        async with db.engine.connect() as connection:
            columns = await connection.run_sync(
                lambda sync: {c["name"] for c in inspect(sync).get_columns("chats")}
            )
        assert "language" not in columns
    finally:
        await db.close()
