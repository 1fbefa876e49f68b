"""Polling inside `negbot run`: a pass at start and then one a minute, whatever a pass raises."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from bot.clock import ManualClock, ManualMonotonic
from bot.config import Settings
from bot.outlets import NewSource, SourceTrust
from bot.runtime import started
from bot.sources.schedule import SourcesLoop
from bot.store import Store
from tests.helpers.outlet_server import Outlet, Reply, article_page, rss

NRC = "The NATO-Russia Council will meet in Brussels on 12 January 2022, officials said."


async def test_the_loop_polls_at_once_then_every_check_and_survives_a_failing_pass() -> None:
    ticks = ManualMonotonic()
    calls: list[int] = []

    async def poll() -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("a broken pass")

    loop = SourcesLoop(poll, ticks, check=60.0)
    task = asyncio.create_task(loop.run())
    try:
        await asyncio.wait_for(loop.passed(1), 30)
        await asyncio.wait_for(ticks.sleeping(1), 30)
        ticks.advance(59.0)
        await asyncio.sleep(0)
        assert calls == [0]
        ticks.advance(1.0)
        await asyncio.wait_for(loop.passed(2), 30)
        assert calls == [0, 1]
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_negbot_run_polls_the_followed_feeds(tmp_path: Path, clock: ManualClock) -> None:
    url = f"sqlite:///{tmp_path / 'run.db'}"
    with Outlet().running() as outlet:
        page = article_page("Council to meet", [NRC], published="2021-12-30")
        outlet.replies["/news/1"] = Reply(body=page.encode())
        items = [{"title": "Council", "link": outlet.url("/news/1")}]
        outlet.replies["/feed.xml"] = Reply(body=rss("Wire", items), content_type="text/xml")
        store = await Store.open(url, clock)
        try:
            new = NewSource(url=outlet.url("/feed.xml"), trust=SourceTrust.AUTO)
            await store.sources.add(new)
        finally:
            await store.close()
        settings = Settings.model_validate({"database_url": url, "source_spacing": 0})
        async with started(settings, clock=clock, web=False) as running:
            assert running.sources is not None
            await asyncio.wait_for(running.sources.passed(1), 60)
            [event] = await running.store.events.find()
            [source] = await running.store.sources.all()
        assert event.url == outlet.url("/news/1")
        assert (source.articles_read, source.sessions_found, source.last_poll_at) == (
            1,
            1,
            clock.now(),
        )
