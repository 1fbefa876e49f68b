"""The database handle: engine, sessions, migrations, the change counter and its listeners."""

from __future__ import annotations

import contextlib
import datetime as dtm
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from bot.clock import Clock, SystemClock
from bot.errors import NegbotError
from bot.store import guard, migrate
from bot.store.tables import RevisionRow
from bot.store.urls import async_url, redacted

log = logging.getLogger(__name__)
Listener = Callable[[], Awaitable[None]]
CHUNK = 500  # ids per IN (…) list: well under every backend's limit on bound parameters


def chunks(values: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """Yield the distinct values in order, `size` at a time: one IN (…) list each."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


class StoreError(NegbotError):
    """The database cannot be reached or used."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


class Database:
    """An async SQLAlchemy engine with sessions, a revision counter and change listeners."""

    def __init__(self, url: str, clock: Clock | None = None) -> None:
        self.url: URL = async_url(url)
        self.clock: Clock = clock or SystemClock()
        self.dialect = self.url.get_backend_name()
        if self.dialect == "sqlite":
            self.engine: AsyncEngine = create_async_engine(self.url, poolclass=NullPool)
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_async_engine(
                self.url, pool_pre_ping=True, pool_size=5, max_overflow=10
            )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._missing_folder: Path | None = None
        if self.dialect == "sqlite" and self.url.database not in (None, "", ":memory:"):
            folder = Path(str(self.url.database)).resolve().parent
            if not folder.is_dir():
                self._missing_folder = folder
        self._listeners: list[Listener] = []

    def __repr__(self) -> str:
        return f"Database({redacted(self.url)})"

    def insert(self, table: Any) -> Any:
        """Return this backend's INSERT for the table: both kinds know ON CONFLICT."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    async def migrate(self) -> None:
        """Apply the pending migrations; refuse a schema from a newer negbot."""
        if self._missing_folder is not None:
            # Said before connecting: a failed aiosqlite connect leaves a thread behind.
            raise StoreError(
                f"cannot open the database {redacted(self.url)}: "
                f"the folder {self._missing_folder} does not exist"
            )
        if guard.in_memory(self.url):
            raise StoreError(
                f"the database URL {redacted(self.url)} names no file: "
                "give one, like sqlite:///negbot.db"
            )
        try:
            await self._refuse_damaged_or_foreign()
            current = await migrate.current_revision(self.engine)
            if current is not None and current not in migrate.known_revisions():
                raise StoreError(
                    f"the database {redacted(self.url)} has schema revision {current!r}, which "
                    f"this negbot does not know (newest known: {migrate.head_revision()}); run a "
                    "newer negbot, or point NEGBOT_DATABASE_URL at another database"
                )
            await migrate.upgrade(self.engine)
        except (OperationalError, DBAPIError, OSError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"cannot open the database {redacted(self.url)}: {reason}") from exc

    async def _refuse_damaged_or_foreign(self) -> None:
        """Raise before the migrations write to a damaged file or to someone else's tables."""
        async with self.engine.connect() as connection:
            problem = await connection.run_sync(guard.damage)
            if problem is not None:
                raise StoreError(
                    f"the database {redacted(self.url)} is damaged (PRAGMA quick_check: "
                    f"{problem[:200]}); restore it from a backup"
                )
            if await connection.run_sync(migrate.current) is not None:
                return
            tables = await connection.run_sync(guard.foreign_tables)
        if tables:
            raise StoreError(
                f"the database {redacted(self.url)} was not created by negbot (it has "
                f"{', '.join(tables[:5])} but no negbot schema revision); point "
                "NEGBOT_DATABASE_URL at an empty database or a negbot one"
            )

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """Open a session for reading."""
        async with self.sessions() as session:
            yield session

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """Open a transaction that, when it commits, counts as a change of the feeds' data.

        A writer that finds nothing to change sets `session.info["unchanged"]`; the counter
        then stays where it is and nobody is told.
        """
        async with self.sessions() as session, session.begin():
            yield session
            unchanged = bool(session.info.get("unchanged"))
            if not unchanged:
                await session.execute(
                    update(RevisionRow)
                    .where(RevisionRow.id == 1)
                    .values(value=RevisionRow.value + 1, changed_at=self.clock.now())
                )
        if not unchanged:
            await self.changed()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Open a transaction that does not change what the feeds show (deliveries, updates)."""
        async with self.sessions() as session, session.begin():
            yield session

    def listen(self, listener: Listener) -> None:
        """Call `listener` after every committed change made through this handle."""
        self._listeners.append(listener)

    async def changed(self) -> None:
        """Tell the listeners that the data changed."""
        for listener in list(self._listeners):
            try:
                await listener()
            except Exception:
                log.exception("a change listener failed")

    async def revision(self) -> tuple[int, dtm.datetime]:
        """Return the change counter and when it last moved (seen by every instance)."""
        async with self.read() as session:
            row = (
                await session.execute(select(RevisionRow).where(RevisionRow.id == 1))
            ).scalar_one()
            return row.value, row.changed_at
