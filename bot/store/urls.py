"""Database URLs: accept what people write, run with the async driver of each backend."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from bot.errors import InputError

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgresql+psycopg2": "postgresql+psycopg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


def async_url(url: str) -> URL:
    """Return the URL with an async driver: aiosqlite, psycopg (async) or asyncpg."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            f"not a database URL: {url!r} (expected sqlite:///FILE or postgresql+psycopg://…)"
        ) from None
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        raise InputError(
            f"unsupported database {parsed.drivername!r}: use sqlite:///FILE, "
            "postgresql+psycopg://… or postgresql+asyncpg://…"
        )
    return parsed.set(drivername=driver)


def redacted(url: URL | str) -> str:
    """Return the URL without its password, for logs and messages."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.render_as_string(hide_password=True)
