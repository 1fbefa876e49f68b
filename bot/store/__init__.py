"""The store: the one source of truth, on SQLite by default or PostgreSQL by URL."""

from __future__ import annotations

from bot.clock import Clock
from bot.store.catalogue import ArticleStore, TrackStore
from bot.store.chats import ChatStore
from bot.store.database import Database, StoreError
from bot.store.deliveries import DeliveryStore
from bot.store.events import EventStore
from bot.store.pace import PaceStore
from bot.store.sources import SourceStore
from bot.store.updates import UpdateStore

__all__ = ["Store", "StoreError"]


class Store:
    """Every table behind one handle: events, tracks, articles, chats and deliveries."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.events = EventStore(db)
        self.tracks = TrackStore(db)
        self.articles = ArticleStore(db)
        self.chats = ChatStore(db)
        self.deliveries = DeliveryStore(db)
        self.pace = PaceStore(db)
        self.updates = UpdateStore(db)
        self.sources = SourceStore(db)

    @classmethod
    async def open(cls, url: str, clock: Clock | None = None, *, migrate: bool = True) -> Store:
        """Connect to the database at `url` and, unless told not to, bring its schema up to date."""
        db = Database(url, clock)
        if migrate:
            try:
                await db.migrate()
            except BaseException:
                await db.close()
                raise
        return cls(db)

    async def close(self) -> None:
        """Release the connections."""
        await self.db.close()
