"""Checks made before negbot writes to a database: it is a file, it is ours, it is whole."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL

from bot.errors import NegbotError

# Tables that any SQLite or PostgreSQL database may hold without being someone else's.
_HARMLESS = {"alembic_version", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}


class GuardError(NegbotError):
    """The database is not one negbot may use."""


def in_memory(url: URL) -> bool:
    """Say whether a SQLite URL names no file (sqlite://, sqlite:///, :memory:)."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def foreign_tables(connection: Connection) -> list[str]:
    """Return the tables of a database that has no negbot schema revision."""
    return sorted(set(inspect(connection).get_table_names()) - _HARMLESS)


def damage(connection: Connection) -> str | None:
    """Return what SQLite's quick check found wrong with the file, or None when it is whole."""
    if connection.dialect.name != "sqlite":
        return None
    rows = [str(r[0]) for r in connection.execute(text("PRAGMA quick_check(3)"))]
    return None if rows == ["ok"] else " ".join("; ".join(rows).split())
