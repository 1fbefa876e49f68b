"""The FeedCache alone: generations, expiry on the clock, one build per key, a failing poll."""

from __future__ import annotations

import asyncio
import datetime as dtm

import pytest

from bot.clock import ManualClock
from bot.models import ChatKind
from bot.store import Store
from bot.web import Built, FeedCache


def built(body: bytes, until: dtm.datetime | None = None) -> Built:
    """A plain-text entry."""
    return Built(body=body, content_type="text/plain", cache_control="no-cache", until=until)


async def test_one_build_per_change_and_the_same_etag_for_the_same_bytes(
    sqlite_store: Store, clock: ManualClock
) -> None:
    cache = FeedCache(sqlite_store, clock, poll_seconds=60)
    await cache.start()
    try:
        calls = 0

        async def build() -> Built:
            nonlocal calls
            calls += 1
            await asyncio.sleep(0.01)  # let the other requests pile up on the lock
            return built(b"same bytes")

        first = await asyncio.gather(*(cache.get("k", "test", build) for _ in range(10)))
        assert calls == 1
        assert len({id(entry) for entry in first}) == 1
        entry = first[0]
        assert entry is not None
        clock.advance(dtm.timedelta(hours=1))
        await sqlite_store.chats.ensure(1, ChatKind.PRIVATE, "reader", "UTC")  # not feed data
        assert cache.fresh("k") is entry
        await sqlite_store.chats.subscribe(1, "osce")  # a change of the feeds' data
        assert cache.fresh("k") is None
        again = await cache.get("k", "test", build)
        assert calls == 2
        assert again is not None
        assert again.etag == entry.etag
        assert again.last_modified == entry.last_modified, "same bytes, same Last-Modified"
        assert cache.metrics.feed_builds["test"] == 2
    finally:
        await cache.stop()


async def test_an_entry_with_an_expiry_goes_stale_on_the_clock(
    sqlite_store: Store, clock: ManualClock
) -> None:
    cache = FeedCache(sqlite_store, clock, poll_seconds=60)
    entry = await cache.get(
        "page", "page", lambda: _ready(built(b"x", clock.now() + dtm.timedelta(minutes=1)))
    )
    assert entry is not None
    assert cache.fresh("page") is entry
    clock.advance(dtm.timedelta(seconds=61))
    assert cache.fresh("page") is None


async def test_missing_things_are_not_kept_and_the_table_is_bounded(
    sqlite_store: Store, clock: ManualClock
) -> None:
    cache = FeedCache(sqlite_store, clock, poll_seconds=60, max_entries=3)
    assert await cache.get("gone", "test", lambda: _ready(None)) is None
    assert len(cache) == 0
    for n in range(5):
        await cache.get(f"k{n}", "test", lambda: _ready(built(b"x")))
    assert len(cache) == 3
    assert cache.fresh("k0") is None
    assert cache.fresh("k4") is not None


async def test_a_failing_poll_is_counted_and_the_cache_keeps_serving(
    sqlite_store: Store, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FeedCache(sqlite_store, clock, poll_seconds=0.05)
    await cache.start()
    try:
        entry = await cache.get("k", "test", lambda: _ready(built(b"x")))
        assert cache.healthy()

        async def down() -> tuple[int, dtm.datetime]:
            raise ConnectionError("the database is restarting")

        monkeypatch.setattr(sqlite_store.db, "revision", down)
        async with asyncio.timeout(5):
            while True:
                if cache.metrics.revision_polls_failed >= 2:
                    break
                await asyncio.sleep(0.02)
        assert cache.fresh("k") is entry
    finally:
        await cache.stop()


async def _ready(value: Built | None) -> Built | None:
    return value


async def test_when_the_store_is_away_the_last_good_bytes_are_served(
    sqlite_store: Store, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FeedCache(sqlite_store, clock, poll_seconds=60)
    entry = await cache.get("k", "test", lambda: _ready(built(b"x")))

    async def down() -> tuple[int, dtm.datetime]:
        raise ConnectionError("the database is restarting")

    monkeypatch.setattr(sqlite_store.db, "revision", down)
    cache.invalidate()
    assert await cache.get("k", "test", lambda: _ready(built(b"y"))) is entry
    assert cache.metrics.stale_served == 1
    with pytest.raises(ConnectionError):
        await cache.get("never-built", "test", lambda: _ready(built(b"z")))


async def test_new_bytes_within_the_same_second_get_a_later_last_modified(
    sqlite_store: Store, clock: ManualClock
) -> None:
    cache = FeedCache(sqlite_store, clock, poll_seconds=60)
    first = await cache.get("k", "test", lambda: _ready(built(b"one")))
    cache.invalidate()  # the counter has not moved: the same changed_at
    second = await cache.get("k", "test", lambda: _ready(built(b"two")))
    assert first is not None
    assert second is not None
    assert second.last_modified == first.last_modified + dtm.timedelta(seconds=1)
