"""Benchmark negbot at scale on PostgreSQL: a million sessions, a hundred thousand chats.

    python bench/scale.py [--events 1000000] [--chats 100000] [--fanout 3000]

On a fresh PostgreSQL database (127.0.0.1:5432): EVENTS sessions (the history of fifteen tracks
since 1990, and four upcoming sessions per track in the next weeks) and CHATS chats, each
following one track and reminded a day and an hour before each session. It prints:
  - /upcoming for one chat: p50/p95 over 200 calls (target p95 < 20 ms);
  - the private feed of one chat over HTTP: the first (rendering) request, then p50/p95 of
    200 (target p95 < 20 ms);
  - `negbot run`: start-up time to "Telegram bot:" and peak RSS over its first sweeps
    (targets: under 2 s, under 200 MB);
  - the fan-out of two instances together: FANOUT reminders due at once, sent by two
    `negbot run` processes to the local Bot API server, which answers 429 beyond 30 messages a
    second; the limit is the bot's, so the two must share it (target >= 0.95 of it, no 429s).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dtm
import random
import signal
import statistics
import time
import uuid

import aiohttp
import psycopg
from instances import environment, peak_rss, start_instance

from bot.clock import ManualClock, SystemClock
from bot.config import Settings
from bot.devtools.localapi import LocalBotApi
from bot.models import ChatKind, EventDraft, EventSource, EventStatus
from bot.reminders.planner import Planner
from bot.services.calendar import Calendar
from bot.services.container import Services
from bot.store import Store
from bot.tracks import load_tracks
from bot.web import WebServer

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
LIMIT = 30


def _quantiles(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


def _drafts(rng: random.Random, tracks: list[str], count: int, today: dtm.date) -> list[EventDraft]:
    """History since 1990, and four upcoming sessions per track within six weeks."""
    upcoming = [
        (track, today + dtm.timedelta(days=rng.randint(3, 42)))
        for track in tracks
        for _ in range(4)
    ]
    span = (today - dtm.date(1990, 1, 1)).days
    past = [
        (rng.choice(tracks), dtm.date(1990, 1, 1) + dtm.timedelta(days=rng.randrange(span)))
        for _ in range(count - len(upcoming))
    ]
    return [
        EventDraft(
            title=f"{track} session {n}",
            track=track,
            start_date=day,
            end_date=day,
            timezone="Europe/Vienna",
            status=EventStatus.CONFIRMED,
            sources=(EventSource(article_id=None, quote=f"Generated session {n}."),),
        )
        for n, (track, day) in enumerate(past + upcoming)
    ]


async def fill(url: str, events: int, chats: int) -> None:
    """Load the sessions and the chats."""
    clock = SystemClock()
    store = await Store.open(url, clock)
    try:
        catalogue = load_tracks()
        await store.tracks.sync(catalogue)
        tracks = [t.id for t in catalogue]
        rng = random.Random(11)
        started = time.perf_counter()
        drafts = _drafts(rng, tracks, events, clock.now().date())
        for first in range(0, len(drafts), 5000):
            await store.events.create_many(drafts[first : first + 5000], "bench")
        print(f"loaded {events} sessions in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        ids = list(range(1, chats + 1))
        for index, track in enumerate(tracks):
            group = ids[index :: len(tracks)]
            await store.chats.ensure_many(group, ChatKind.PRIVATE, "UTC", (1440, 60), follow=track)
        print(f"loaded {chats} chats in {time.perf_counter() - started:.0f} s")
    finally:
        await store.close()


async def reading(url: str) -> None:
    """Time /upcoming and one chat's feed."""
    clock = SystemClock()
    store = await Store.open(url, clock)
    try:
        calendar = Calendar(store, clock)
        chat = await store.chats.get(1)
        assert chat is not None
        followed = [s.track for s in await store.chats.subscriptions(chat.id)]
        timings = []
        for _ in range(200):
            started = time.perf_counter()
            await calendar.upcoming(followed)
            timings.append((time.perf_counter() - started) * 1000)
        p50, p95 = _quantiles(timings)
        print(f"/upcoming for one chat: p50 {p50:.2f} ms, p95 {p95:.2f} ms (target p95 < 20 ms)")
        settings = Settings.model_validate({"http_host": "127.0.0.1", "http_port": 0})
        services = Services.build(settings, store, clock)
        async with WebServer(services) as server, aiohttp.ClientSession() as http:
            url_feed = f"{server.base_url}/feeds/{await store.chats.reset_token(chat.id)}.ics"
            started = time.perf_counter()
            async with http.get(url_feed) as response:
                body = await response.read()
            first = (time.perf_counter() - started) * 1000
            timings = []
            for _ in range(200):
                started = time.perf_counter()
                async with http.get(url_feed) as response:
                    await response.read()
                timings.append((time.perf_counter() - started) * 1000)
        p50, p95 = _quantiles(timings)
        print(
            f"feed of one chat ({len(body)} bytes): first {first:.0f} ms, then p50 {p50:.2f} ms,"
            f" p95 {p95:.2f} ms (target p95 < 20 ms)"
        )
    finally:
        await store.close()


async def _run(url: str, api: LocalBotApi) -> tuple[asyncio.subprocess.Process, float | None]:
    return await start_instance(environment(url, api, NEGBOT_SWEEP_SECONDS="5"))


async def footprint(url: str) -> None:
    """Start one instance over the full database; report start-up time and peak RSS."""
    async with LocalBotApi() as api:
        process, ready = await _run(url, api)
        await asyncio.sleep(20)  # a few sweeps (every 5 s) over the calendar and the chats
        peak = peak_rss(process.pid)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 60)
    shown = f"{ready:.2f} s" if ready is not None else "never ready"
    print(
        f"negbot run: ready in {shown} (target < 2 s), peak RSS {peak / 1024:.0f} MB "
        f"over its first sweeps (target < 200 MB)"
    )


async def fanout(count: int) -> None:
    """Two instances send COUNT reminders due at once; the local Bot API enforces 30/s."""
    name = f"negbot_scale_fanout_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        now = dtm.datetime.now(dtm.UTC).replace(microsecond=0)
        clock = ManualClock(now - dtm.timedelta(minutes=2))
        store = await Store.open(url, clock)
        try:
            await store.tracks.sync(load_tracks())
            start = now + dtm.timedelta(minutes=59)
            event = await store.events.create(
                EventDraft(
                    title="OSCE session",
                    track="osce",
                    start_date=start.date(),
                    end_date=start.date(),
                    start_at=start,
                    timezone="Europe/Vienna",
                ),
                "bench",
            )
            ids = list(range(1, count + 1))
            await store.chats.ensure_many(ids, ChatKind.PRIVATE, "UTC", (60,), follow="osce")
            await Planner(store, clock, dtm.timedelta(hours=6)).plan_event(event)
        finally:
            await store.close()
        async with LocalBotApi(flood_limit=LIMIT, per_chat_limit=1) as api:
            for chat_id in ids:
                api.add_chat(chat_id)
            first, _ = await _run(url, api)
            second, _ = await _run(url, api)
            started = time.perf_counter()
            for _ in range(count * 2):  # bounded: at least one message per half second
                sent = sum(1 for r in api.sent if r.method == "sendMessage")
                if sent >= count:
                    break
                await asyncio.sleep(0.5)
            elapsed = time.perf_counter() - started
            for process in (first, second):
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 60)
        sent_records = [r for r in api.sent if r.method == "sendMessage"]
        per_chat = collections.Counter(r.chat_id for r in sent_records)
        span = max(r.time for r in sent_records) - min(r.time for r in sent_records)
        rate = (len(sent_records) - 1) / span if span > 0 else float("nan")
        print(
            f"fan-out of two instances: {len(sent_records)} messages in {span:.1f} s "
            f"({elapsed:.1f} s in all): {rate:.2f}/s = {rate / LIMIT:.3f} of the bot's {LIMIT}/s;"
            f" 429s {api.stats.too_many_requests}, lost {count - len(per_chat)}, "
            f"repeated {sum(n - 1 for n in per_chat.values())} (target >= 0.95, no 429s)"
        )
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def main(args: argparse.Namespace) -> None:
    """Fill a fresh database, then measure."""
    name = f"negbot_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        await fill(url, args.events, args.chats)
        await reading(url)
        await footprint(url)
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await fanout(args.fanout)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--fanout", type=int, default=3000)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_arguments()))
