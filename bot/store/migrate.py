"""Apply the Alembic migrations in-process, one instance at a time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import NegbotError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it keeps two instances from migrating the same PostgreSQL at once.
_MIGRATION_LOCK = 0x6E6567626F74


class MigrationError(NegbotError):
    """A migration would have left the database inconsistent; it was rolled back."""


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
    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table, drops the old one and renames the copy; with
            # foreign keys on, that drop cascades to every row that refers to it (subscriptions
            # of the chats). SQLite ignores this pragma inside a transaction, hence the commit.
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            await connection.run_sync(_upgrade, revision)
            if sqlite:
                await connection.run_sync(_check_foreign_keys)
            await connection.commit()
            if sqlite:
                # Write the rewritten pages (secrets a migration wiped) into the file now.
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            if sqlite:
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise MigrationError(
            f"the migrations would leave {len(broken)} rows whose references are broken; "
            "nothing was changed"
        )


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
