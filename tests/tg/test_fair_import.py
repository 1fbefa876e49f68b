"""A long /import is read in a worker process: other users are answered meanwhile."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.localapi import LocalBotApi
from bot.services.container import Services
from bot.services.extraction import ExtractionPool
from bot.store import Store
from bot.tg.app import build_application
from tests.conftest import SEEDS
from tests.tg.conftest import ADMIN, READER, WAIT

ARTICLE = "\\n\\n".join(p.read_text() for p in sorted(SEEDS.glob("*.txt")))


@pytest.fixture
async def pooled(
    store: Store, clock: ManualClock
) -> AsyncIterator[tuple[LocalBotApi, ExtractionPool]]:
    """The bot over an empty calendar, reading articles in a pool of one worker process."""
    clock.set(dtm.datetime(2022, 1, 5, 9, 0, tzinfo=dtm.UTC))
    settings = Settings(_env_file=None, database_url="sqlite://", admin_ids=str(ADMIN))
    pool = ExtractionPool(workers=1, waiting=1)
    services = Services.build(settings, store, clock, extractor=pool)
    try:
        async with LocalBotApi(clock=lambda: clock.now().timestamp()) as api:
            application, _ = build_application(services, api.token, api.base_url, polling_timeout=1)
            async with application:
                await application.start()
                assert application.updater is not None
                await application.updater.start_polling(poll_interval=0, timeout=1)
                try:
                    yield api, pool
                finally:
                    await application.updater.stop()
                    await application.stop()
    finally:
        pool.close()


async def _until_reading(pool: ExtractionPool) -> None:
    """Return once the pool has the article (bounded: 30 s of 10 ms steps)."""
    for _ in range(3000):
        if pool.pending:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the article never reached the extraction pool")


async def test_upcoming_is_answered_while_a_large_import_is_read(
    pooled: tuple[LocalBotApi, ExtractionPool],
) -> None:
    api, pool = pooled
    big = (ARTICLE * (1_900_000 // len(ARTICLE) + 1))[:1_900_000]
    since = api.last_sent_id
    api.inject_document(
        big.encode(), chat_id=ADMIN, file_name="big.txt", caption="/import", user_id=ADMIN
    )
    await _until_reading(pool)
    api.inject_message("/upcoming", chat_id=READER, user_id=READER)
    (upcoming,) = await api.wait_for_sent(
        predicate=lambda r: r.chat_id == READER, count=1, since=since, timeout=WAIT
    )
    # Events in order: the reader's answer, then the editor's reading of the article.
    readings = await api.wait_for_sent(
        predicate=lambda r: r.chat_id == ADMIN, count=1, since=since, timeout=WAIT * 4
    )
    assert "Read as of" in (readings[0].text or "")
    assert upcoming.id < readings[0].id
    assert pool.pending == 0
