"""Sources behave alike in memory, on SQLite and on PostgreSQL: stored, polled, read once."""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.errors import InputError
from bot.models import Article, ExtractedEvent, ExtractedStatus, Source
from bot.outlets import MAX_BACKOFF, NewSource, PollOutcome, SeenArticle, SourceTrust
from bot.ports import SourcesPort
from bot.store import Store
from bot.store.memory import MemorySources
from tests.helpers.postgres import fresh_database

FEED = "http://127.0.0.1:9/feed.xml"


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def sources(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock
) -> AsyncIterator[SourcesPort]:
    """The sources of a fresh store; typed as the port, so mypy proves each conforms."""
    if request.param == "memory":
        yield MemorySources(clock)
        return
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'negbot.db'}"
        else:
            url = stack.enter_context(fresh_database())
        store = await Store.open(url, clock)
        try:
            yield store.sources
        finally:
            await store.close()


async def test_a_source_is_stored_listed_and_removed(sources: SourcesPort) -> None:
    new = NewSource(url=FEED, language="ru", tracks=("osce",), trust=SourceTrust.AUTO)
    added = await sources.add(new)
    assert (added.url, added.language, added.tracks, added.trust) == (
        FEED,
        "ru",
        ("osce",),
        SourceTrust.AUTO,
    )
    assert await sources.get(added.id) == added
    assert await sources.all() == [added]
    with pytest.raises(InputError, match="followed already"):
        await sources.add(NewSource(url=FEED))
    assert await sources.remove(added.id)
    assert not await sources.remove(added.id)
    assert await sources.all() == []


async def test_a_failing_source_backs_off_doubling_up_to_six_hours(
    sources: SourcesPort, clock: ManualClock
) -> None:
    source = await sources.add(NewSource(url=FEED, every=dtm.timedelta(minutes=15)))
    assert [s.id for s in await sources.due(clock.now())] == [source.id]
    waits = []
    for _ in range(7):
        source = source.polled(PollOutcome(at=clock.now(), error="HTTP 500"))
        await sources.save(source)
        assert source.next_poll_at is not None
        waits.append(source.next_poll_at - clock.now())
        assert await sources.due(clock.now()) == []
        clock.set(source.next_poll_at)
        assert [s.id for s in await sources.due(clock.now())] == [source.id]
    minutes = [w.total_seconds() / 60 for w in waits]
    assert minutes == [30, 60, 120, 240, 360, 360, 360]
    assert waits[-1] == MAX_BACKOFF
    stored = await sources.get(source.id)
    assert stored is not None
    assert (stored.failures, stored.last_error) == (7, "HTTP 500")
    healed = stored.polled(PollOutcome(at=clock.now(), etag='"v2"', articles_read=3))
    await sources.save(healed)
    again = await sources.get(source.id)
    assert again is not None
    assert (again.failures, again.last_error, again.etag, again.articles_read) == (
        0,
        None,
        '"v2"',
        3,
    )
    assert again.next_poll_at == clock.now() + dtm.timedelta(minutes=15)


async def test_an_article_is_seen_once_by_url_and_by_text(
    sources: SourcesPort, clock: ManualClock
) -> None:
    source = await sources.add(NewSource(url=FEED))
    seen = SeenArticle(source_id=source.id, url="http://a/1", text_hash="abc", seen_at=clock.now())
    assert not await sources.seen_url("http://a/1")
    assert await sources.mark_seen(seen)
    assert not await sources.mark_seen(seen.model_copy(update={"text_hash": "def"}))
    assert await sources.seen_url("http://a/1")
    assert await sources.seen_text("abc")
    assert not await sources.seen_text("def")
    # No link: the text alone marks it.
    assert await sources.mark_seen(seen.model_copy(update={"url": None, "text_hash": "ghi"}))
    assert await sources.seen_text("ghi")
    # Removing the source keeps what it led to.
    await sources.remove(source.id)
    assert await sources.seen_url("http://a/1")


async def test_a_proposal_keeps_its_article_and_session_until_dropped(
    sources: SourcesPort, clock: ManualClock
) -> None:
    source = await sources.add(NewSource(url=FEED))
    article = Article(id="x1", file="http://a/1", text="t", url="http://a/1", outlet="Example")
    found = ExtractedEvent(
        title="OSCE Permanent Council session",
        track="osce",
        start_date=dtm.date(2026, 3, 12),
        end_date=dtm.date(2026, 3, 12),
        status=ExtractedStatus.UPCOMING,
        confidence=0.9,
        sources=(Source(file="http://a/1", quote="It meets on 12 March.", article_id="x1"),),
    )
    kept = await sources.propose(source.id, article, found)
    assert await sources.proposals() == [kept]
    assert (kept.article, kept.found) == (article, found)
    assert await sources.drop_proposal(kept.id)
    assert await sources.proposals() == []
    assert not await sources.drop_proposal(kept.id)


async def test_one_poller_holds_a_source_until_it_lets_go_or_its_lease_runs_out(
    sources: SourcesPort, clock: ManualClock
) -> None:
    source = await sources.add(NewSource(url=FEED))
    until = clock.now() + dtm.timedelta(minutes=15)
    assert await sources.claim(source.id, "a", until)
    assert not await sources.claim(source.id, "b", until)
    assert await sources.claim(source.id, "a", until)  # renewed by its holder
    await sources.release(source.id, "b")  # not b's to release
    assert not await sources.claim(source.id, "b", until)
    await sources.release(source.id, "a")
    assert await sources.claim(source.id, "b", until)
    clock.set(until)  # b was killed: its lease runs out
    assert await sources.claim(source.id, "c", until + dtm.timedelta(minutes=15))
    assert not await sources.claim(999, "c", until)
