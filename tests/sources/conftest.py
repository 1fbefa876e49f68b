"""What the polling tests share: a local outlet, a store, and a poller over both."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.clock import ManualClock
from bot.outlets import FeedSource, NewSource, SourceTrust
from bot.services.importer import Importer
from bot.services.polling import SourcePoller
from bot.sources.http import HttpClient
from bot.sources.reader import WebReader
from bot.store.memory import MemoryStore
from bot.tracks import TrackCatalogue
from tests.helpers.outlet_server import Outlet

TIMEOUT = 0.5  # seconds: a server that never answers is given up on quickly


@pytest.fixture
def outlet() -> Iterator[Outlet]:
    """A local outlet serving what the test writes into `replies`."""
    with Outlet().running() as running:
        yield running


@dataclasses.dataclass
class Polling:
    """A store, a poller over the outlet and the clock they share."""

    store: MemoryStore
    poller: SourcePoller
    clock: ManualClock
    client: HttpClient

    async def follow(self, url: str, trust: SourceTrust = SourceTrust.AUTO) -> FeedSource:
        """Add a source."""
        return await self.store.sources.add(NewSource(url=url, trust=trust))

    async def fresh(self, source: FeedSource) -> FeedSource:
        """The source as stored now."""
        found = await self.store.sources.get(source.id)
        assert found is not None
        return found


@pytest.fixture
async def polling(clock: ManualClock, catalogue: TrackCatalogue) -> AsyncIterator[Polling]:
    """A poller with a short timeout and no spacing, over an in-memory store."""
    store = MemoryStore(clock)
    await store.tracks.sync(catalogue)
    client = HttpClient(timeout=TIMEOUT)
    reader = WebReader(clock, client=client, spacing=0.0)
    poller = SourcePoller(store, reader, Importer(store, clock), clock, max_new=5)
    try:
        yield Polling(store, poller, clock, client)
    finally:
        await reader.close()
