"""Fixtures shared by every test: a clock, the tracks, and a store on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.store import Store
from bot.tracks import TrackCatalogue, load_tracks
from tests.helpers.postgres import fresh_database

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    """Keep SQLAlchemy's and aiosqlite's chatter out of the captured logs."""
    import logging

    logging.getLogger("aiosqlite").setLevel(logging.WARNING)


@pytest.fixture
def clock() -> ManualClock:
    """A clock stopped on the seeds' publication morning."""
    return ManualClock(dtm.datetime(2021, 12, 31, 8, 0, tzinfo=dtm.UTC))


@pytest.fixture(scope="session")
def catalogue() -> TrackCatalogue:
    """The shipped track catalogue."""
    return load_tracks()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'negbot.db'}"
        return
    with fresh_database() as url:
        yield url


@pytest.fixture
async def store(
    database_url: str, clock: ManualClock, catalogue: TrackCatalogue
) -> AsyncIterator[Store]:
    """An open, migrated store holding the shipped tracks."""
    opened = await Store.open(database_url, clock)
    await opened.tracks.sync(catalogue)
    try:
        yield opened
    finally:
        await opened.close()
