"""Apply the Alembic migrations in-process, one instance at a time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it keeps two instances from migrating the same PostgreSQL at once.
_MIGRATION_LOCK = 0x6E6567626F74


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration that points at negbot's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    command.upgrade(alembic_config(connection), revision)


def current(connection: Connection) -> str | None:
    """Return the schema revision seen through a synchronous connection."""
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (the newest by default)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    """Return the schema revision the database is at, or None when it has none."""
    async with engine.connect() as connection:
        return await connection.run_sync(current)


def head_revision() -> str | None:
    """Return the newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Return every revision the code knows."""
    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
