"""Print how fast negbot reads outlets' feeds, against a local outlet on 127.0.0.1.

Run from the repository root, in the virtual environment:

    python bench/sources.py                    # 5 feeds of 100 new articles, 200 idle sources
    python bench/sources.py --feeds 2 --articles 50 --idle 50

Figures: articles read per minute from feeds of new articles (each page fetched, read with
trafilatura, extracted and imported; spacing per host off, since every feed is on one host
here); the time from an article's appearance in a feed to its proposal with `sources poll`
(median and worst, one article at a time); and the peak memory Python allocates (tracemalloc)
while polling the idle sources, whose feeds hold nothing new (304). Wall-clock, on whatever
machine runs it; nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dtm
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import SystemClock  # noqa: E402
from bot.outlets import NewSource, SourceTrust  # noqa: E402
from bot.services.importer import Importer  # noqa: E402
from bot.services.polling import SourcePoller  # noqa: E402
from bot.sources.http import HttpClient  # noqa: E402
from bot.sources.reader import WebReader  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.tracks import load_tracks  # noqa: E402
from tests.helpers.outlet_server import Outlet, Reply, article_page, rss  # noqa: E402

VENUES = ("Geneva", "Brussels", "Vienna", "Istanbul", "Minsk")
TRACKS = ("US-Russia talks", "NATO-Russia Council", "OSCE Permanent Council")


def _publish(outlet: Outlet, feed: str, first: int, count: int) -> None:
    """Serve `count` new articles, numbered from `first`, in the feed at `feed`."""
    items = []
    day = dtm.date(2026, 1, 1)
    for n in range(first, first + count):
        when = day + dtm.timedelta(days=30 + n % 200)
        text = (
            f"The {TRACKS[n % 3]} will meet in {VENUES[n % 5]} on "
            f"{when.day} {when.strftime('%B %Y')}, officials said in statement {n}."
        )
        path = f"{feed}/news/{n}"
        page = article_page(f"Talks {n}", [text, f"Article {n} says more."], published="2026-01-01")
        outlet.replies[path] = Reply(body=page.encode())
        items.append({"title": f"Talks {n}", "link": outlet.url(path), "guid": str(n)})
    outlet.replies[feed] = Reply(body=rss(feed, items), content_type="application/rss+xml")


async def _open(folder: Path) -> tuple[Store, SourcePoller, WebReader]:
    clock = SystemClock()
    store = await Store.open(f"sqlite:///{folder / 'bench.db'}", clock)
    await store.tracks.sync(load_tracks())
    reader = WebReader(clock, client=HttpClient(timeout=30), spacing=0.0)
    poller = SourcePoller(store, reader, Importer(store, clock), clock, max_new=10_000)
    return store, poller, reader


async def _throughput(outlet: Outlet, folder: Path, feeds: int, articles: int) -> None:
    store, poller, reader = await _open(folder)
    try:
        for f in range(feeds):
            _publish(outlet, f"/t{f}", f * articles, articles)
            await store.sources.add(NewSource(url=outlet.url(f"/t{f}"), trust=SourceTrust.AUTO))
        start = time.perf_counter()
        reports = await poller.poll_due()
        elapsed = time.perf_counter() - start
    finally:
        await reader.close()
        await store.close()
    read = sum(r.read for r in reports)
    found = sum(r.sessions for r in reports)
    print(
        f"throughput: {read} articles from {feeds} feeds in {elapsed:.1f} s = "
        f"{read / elapsed * 60:,.0f} articles/min ({found} sessions found)"
    )


async def _latency(outlet: Outlet, folder: Path, rounds: int) -> None:
    store, poller, reader = await _open(folder)
    waits: list[float] = []
    try:
        source = await store.sources.add(NewSource(url=outlet.url("/late")))
        for n in range(rounds):
            _publish(outlet, "/late", 100_000 + n, 1)
            appeared = time.perf_counter()
            fresh = await store.sources.get(source.id)
            assert fresh is not None
            report = await poller.poll(fresh)
            assert report.proposed == 1, report
            waits.append(time.perf_counter() - appeared)
    finally:
        await reader.close()
        await store.close()
    print(
        f"appearance to proposal with `sources poll`: median {statistics.median(waits):.2f} s, "
        f"worst {max(waits):.2f} s over {rounds} articles "
        "(at the default 15-minute interval add up to 15 min of waiting: 7.5 min on average)"
    )


async def _memory(outlet: Outlet, folder: Path, idle: int) -> None:
    store, poller, reader = await _open(folder)
    try:
        for n in range(idle):
            outlet.replies[f"/idle/{n}"] = Reply(body=rss("idle", []), etag='"same"')
            await store.sources.add(NewSource(url=outlet.url(f"/idle/{n}")))
        await poller.poll_due()  # the first poll learns the ETags
        tracemalloc.start()
        start = time.perf_counter()
        reports = await poller.poll_many(await store.sources.all())
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        await reader.close()
        await store.close()
    unchanged = sum(r.not_modified for r in reports)
    print(
        f"memory: polling {idle} sources ({unchanged} not modified) took {elapsed:.1f} s, "
        f"peak {peak / 1024 / 1024:.1f} MB allocated by Python while polling"
    )


async def main(feeds: int, articles: int, rounds: int, idle: int) -> None:
    """Run the three measurements, each on a fresh database."""
    with Outlet().running() as outlet, tempfile.TemporaryDirectory() as tmp:
        folders = [Path(tmp) / name for name in ("throughput", "latency", "memory")]
        for folder in folders:
            folder.mkdir()
        await _throughput(outlet, folders[0], feeds, articles)
        await _latency(outlet, folders[1], rounds)
        await _memory(outlet, folders[2], idle)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=5)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--idle", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.feeds, args.articles, args.rounds, args.idle))
