"""Fixtures of the web tests: the seeds in a store, and a server over it on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.articles import read_article
from bot.clock import ManualClock
from bot.services.importer import Importer
from bot.store import Store
from bot.tracks import TrackCatalogue
from bot.web import WebServer
from tests.conftest import SEEDS
from tests.web.helpers import serving


async def import_seeds(store: Store, clock: ManualClock) -> None:
    """Import the seed articles: eight sessions, three of them in January 2022."""
    await Importer(store, clock).import_articles(
        [read_article(p) for p in sorted(SEEDS.glob("*.txt"))]
    )


@pytest.fixture
async def seeded(store: Store, clock: ManualClock) -> Store:
    """The store (SQLite and PostgreSQL) holding the seeds."""
    await import_seeds(store, clock)
    return store


@pytest.fixture
async def sqlite_store(
    tmp_path: Path, clock: ManualClock, catalogue: TrackCatalogue
) -> AsyncIterator[Store]:
    """A store on a SQLite file, for tests whose subject does not depend on the database."""
    opened = await Store.open(f"sqlite:///{tmp_path / 'web.db'}", clock)
    await opened.tracks.sync(catalogue)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def server(seeded: Store, clock: ManualClock) -> AsyncIterator[WebServer]:
    """A web server over the seeds, on both backends."""
    async with serving(seeded, clock) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client that asks for plain bodies unless told otherwise, and never unpacks them."""
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(
        auto_decompress=False, timeout=timeout, headers={"Accept-Encoding": "identity"}
    ) as session:
        yield session
