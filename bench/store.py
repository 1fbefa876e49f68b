"""Benchmark the store on SQLite and PostgreSQL: import, listing and export.

    python bench/store.py [--articles N] [--events N] [--export N] [--backends sqlite,postgres]
                          [--only import,listing,export]

Prints, per backend: generated articles imported per second and the export of what they made;
the p50/p95 of listing the next 50 sessions with the full calendar stored; and the export of
10,000 sessions, twice (icalendar builds and serialises the whole calendar each time: nothing
is kept between exports; the web server keeps the feeds it serves in memory, bot.web.cache).
Targets (issue 3): listing under 20 ms p95; export of 10,000 sessions under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dtm
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
from sqlalchemy import text

from bot.articles import article_from_text
from bot.clock import ManualClock
from bot.models import EventDraft, EventSource, EventStatus
from bot.services.calendar import Calendar
from bot.services.feeds import Feeds
from bot.services.importer import Importer
from bot.services.links import Links
from bot.store import Store
from bot.tracks import load_tracks

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
SECTIONS = ("import", "listing", "export")
START = dtm.date(2024, 1, 1)
CITIES = {
    "us-russia-security": "Geneva",
    "nato-russia-council": "Brussels",
    "osce": "Vienna",
    "normandy-format": "Paris",
    "iran-nuclear": "Vienna",
    "un-security-council": "New York",
    "russia-ukraine-talks": "Istanbul",
    "gaza-ceasefire": "Doha",
    "us-china": "Geneva",
}
NAMES = {
    "us-russia-security": "US-Russia security talks",
    "nato-russia-council": "NATO-Russia Council",
    "osce": "OSCE Permanent Council",
    "normandy-format": "Normandy format talks",
    "iran-nuclear": "Iran nuclear talks",
    "un-security-council": "UN Security Council",
    "russia-ukraine-talks": "Russia-Ukraine talks",
    "gaza-ceasefire": "Gaza ceasefire talks",
    "us-china": "US-China talks",
}
TEMPLATES = [
    "The {name} will meet in {city} on {day}, officials said.",
    "Diplomats expect the next round of the {name} in {city} on {day}.",
    "A session of the {name} is scheduled for {day} in {city}.",
]
FILLER = [
    "The sides exchanged proposals in writing earlier this month.",
    "Analysts said the positions remained far apart.",
    "Neither delegation commented on the agenda.",
]


def article(rng: random.Random, n: int) -> tuple[str, dtm.date]:
    """Return a generated news text and its publication date."""
    published = START + dtm.timedelta(days=rng.randrange(700))
    lines = []
    for _ in range(rng.randint(1, 3)):
        track = rng.choice(list(NAMES))
        day = published + dtm.timedelta(days=rng.randint(2, 60))
        template = rng.choice(TEMPLATES)
        lines.append(
            template.format(name=NAMES[track], city=CITIES[track], day=f"{day:%B} {day.day}")
        )
        lines.append(rng.choice(FILLER))
    lines.append(f"Reporting by desk {n}.")
    return "\n\n".join(lines), published


def drafts(rng: random.Random, count: int) -> list[EventDraft]:
    """Return generated calendar entries spread over ten years."""
    out = []
    for n in range(count):
        track = rng.choice(list(NAMES))
        day = START + dtm.timedelta(days=rng.randrange(3650))
        out.append(
            EventDraft(
                title=f"{NAMES[track]} session {n}",
                track=track,
                start_date=day,
                end_date=day,
                location=CITIES[track],
                timezone="Europe/Vienna",
                status=EventStatus.CONFIRMED,
                sources=(EventSource(article_id=None, quote=f"Generated session {n}."),),
            )
        )
    return out


@contextlib.asynccontextmanager
async def database(backend: str, folder: Path) -> AsyncIterator[str]:
    """Yield the URL of an empty database of that backend, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"negbot_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def bench_import(url: str, count: int, rng: random.Random) -> tuple[float, int, float]:
    """Import generated articles in batches of 100; return articles per second, then how many
    sessions they made and the time (ms) a new process takes to export them."""
    clock = ManualClock(dtm.datetime(2024, 1, 1, tzinfo=dtm.UTC))
    store = await Store.open(url, clock)
    try:
        await store.tracks.sync(load_tracks())
        importer = Importer(store, clock)
        texts = [article(rng, n) for n in range(count)]
        started = time.perf_counter()
        for first in range(0, count, 100):
            batch = [
                article_from_text(text, f"generated-{first + i}.txt", published=published)
                for i, (text, published) in enumerate(texts[first : first + 100])
            ]
            await importer.import_articles(batch)
        rate = count / (time.perf_counter() - started)
        await settle(store)
        started = time.perf_counter()
        await Feeds(store, Links("https://negbot.example")).calendar()
        return rate, await store.events.count(), (time.perf_counter() - started) * 1000
    finally:
        await store.close()


async def settle(store: Store) -> None:
    """Give PostgreSQL's planner the statistics autovacuum would gather within a minute of a
    bulk load; without them it walks whole tables it takes for empty."""
    if store.db.dialect == "postgresql":
        async with store.db.transaction() as session:
            await session.execute(text("ANALYZE"))


async def bench_listing(url: str, total: int, rng: random.Random) -> tuple[float, float, int]:
    """Fill the calendar up to `total` events; return p50 and p95 of the next-50 listing (ms)."""
    clock = ManualClock(dtm.datetime(2029, 1, 1, tzinfo=dtm.UTC))
    store = await Store.open(url, clock)
    try:
        await store.tracks.sync(load_tracks())
        missing = total - await store.events.count()
        for first in range(0, missing, 5000):
            await store.events.create_many(drafts(rng, min(5000, missing - first)), "bench")
        await settle(store)
        calendar = Calendar(store, clock)
        timings = []
        for n in range(200):
            clock.set(dtm.datetime(2025, 1, 1, tzinfo=dtm.UTC) + dtm.timedelta(days=n * 7))
            started = time.perf_counter()
            found = await calendar.upcoming(limit=50)
            timings.append((time.perf_counter() - started) * 1000)
            assert len(found) == 50
        quantiles = statistics.quantiles(timings, n=20)
        return statistics.median(timings), quantiles[18], await store.events.count()
    finally:
        await store.close()


@dataclasses.dataclass(frozen=True, slots=True)
class Export:
    """One measured export: what it stands for, how long it took (ms) and its size."""

    label: str
    ms: float
    size: int


async def timed_export(label: str, feeds: Feeds) -> tuple[Export, bytes]:
    """Export the whole calendar through `feeds`; return the measure and the bytes."""
    started = time.perf_counter()
    body = (await feeds.calendar()).body
    return Export(label, (time.perf_counter() - started) * 1000, len(body)), body


async def bench_export(url: str, count: int, rng: random.Random) -> list[Export]:
    """Write `count` events; return two exports of them, one after the other."""
    clock = ManualClock(dtm.datetime(2024, 1, 1, tzinfo=dtm.UTC))
    store = await Store.open(url, clock)
    try:
        await store.tracks.sync(load_tracks())
        for first in range(0, count, 5000):
            await store.events.create_many(drafts(rng, min(5000, count - first)), "bench")
        await settle(store)
        feeds = Feeds(store, Links("https://negbot.example"))
        first_export, body = await timed_export("first", feeds)
        again, fresh = await timed_export("again", feeds)
        assert fresh == body, "two exports of the same calendar differ"
        return [first_export, again]
    finally:
        await store.close()


async def main(args: argparse.Namespace) -> None:
    """Run the measures asked for on every backend asked for."""
    only = set(args.only.split(","))
    print(f"articles {args.articles}, events {args.events}, export {args.export}")
    with tempfile.TemporaryDirectory(prefix="negbot-bench-") as folder:
        for backend in args.backends.split(","):
            rng = random.Random(7)
            print(f"\n== {backend}")
            if only & {"import", "listing"}:
                async with database(backend, Path(folder)) as url:
                    if "import" in only:
                        await report_import(url, args.articles, rng)
                    if "listing" in only:
                        await report_listing(url, args.events, rng)
            if "export" in only:
                async with database(backend, Path(folder)) as url:
                    await report_export(url, args.export, rng)


async def report_import(url: str, articles: int, rng: random.Random) -> None:
    """Print the import rate and the export of what the import made."""
    rate, sessions, export_ms = await bench_import(url, articles, rng)
    print(f"import: {rate:8.1f} articles/s ({articles} generated articles)")
    print(f"export after the import, new process: {export_ms:8.1f} ms ({sessions} sessions)")


async def report_listing(url: str, total: int, rng: random.Random) -> None:
    """Print the next-50 listing's p50 and p95 against its target."""
    p50, p95, stored = await bench_listing(url, total, rng)
    verdict = "met" if p95 < 20 else "NOT met"
    print(
        f"events list, next 50 of {stored}: p50 {p50:6.2f} ms, p95 {p95:6.2f} ms "
        f"(target p95 < 20 ms: {verdict})"
    )


async def report_export(url: str, count: int, rng: random.Random) -> None:
    """Print every export of `count` events; the first against the 1 s target."""
    exports = await bench_export(url, count, rng)
    main_figure, *others = exports
    verdict = "met" if main_figure.ms < 1000 else "NOT met"
    print(
        f"export of {count} events, {main_figure.label}: {main_figure.ms:8.1f} ms, "
        f"{main_figure.size} bytes (target < 1000 ms: {verdict})"
    )
    for export in others:
        print(f"export of {count} events, {export.label}: {export.ms:8.1f} ms, {export.size} bytes")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--export", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"some of: {', '.join(SECTIONS)}"
    )
    args = parser.parse_args()
    unknown = set(args.only.split(",")) - set(SECTIONS)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}")
    return args


if __name__ == "__main__":
    asyncio.run(main(_arguments()))
