"""One poller among several instances: a PostgreSQL advisory lock held on its own connection."""

from __future__ import annotations

import contextlib
import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.database import Database

log = logging.getLogger(__name__)
# Any constant; it names "the Telegram poller" among negbot's advisory locks.
POLLER_LOCK = 0x6E656762_0001


class LeaderLock:
    """A session-level advisory lock: held while its connection lives, released when the
    process dies (the server ends the session), so another instance can take over.

    On SQLite there is one instance by construction, and the lock is always granted.
    """

    def __init__(self, db: Database, key: int = POLLER_LOCK) -> None:
        self._db = db
        self._key = key
        self._connection: AsyncConnection | None = None

    @property
    def held(self) -> bool:
        """Tell whether this instance believes it holds the lock."""
        return self._connection is not None or self._db.dialect != "postgresql"

    async def acquire(self) -> bool:
        """Try once to take the lock; True when this instance holds it now."""
        if self._db.dialect != "postgresql":
            return True
        if self._connection is not None:
            return await self.check()
        connection = await self._db.engine.connect()
        try:
            got = (
                await connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
                )
            ).scalar_one()
        except (OperationalError, DBAPIError):
            await connection.close()
            return False
        if not got:
            await connection.close()
            return False
        self._connection = connection
        return True

    async def check(self) -> bool:
        """Tell whether the lock is still held (its connection still alive)."""
        if self._db.dialect != "postgresql":
            return True
        if self._connection is None:
            return False
        try:
            await self._connection.execute(text("SELECT 1"))
        except (OperationalError, DBAPIError):
            log.warning("lost the poller lock: its database connection broke")
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        """Give the lock up."""
        if self._connection is None:
            return
        # If the connection is gone, the lock went with it.
        with contextlib.suppress(OperationalError, DBAPIError):
            await self._connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
            )
        await self._drop()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except (OperationalError, DBAPIError):
                log.debug("the lock's connection was already closed")
