"""The migrations build exactly the schema the code describes, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from bot.store import Store
from bot.store.migrate import current_revision, head_revision
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
