"""Fencing under faults: two `negbot run` instances share reminders; one dies, one is paused.

    python bench/fencing.py [--reminders 2000 | --reminders 10000] [--slow 2 5] [--lease 10]

Each scenario: a fresh PostgreSQL database, REMINDERS chats whose reminders fall due at once,
two real instances (subprocesses) and a slow local Bot API that, as Telegram does, accepts a
message when it arrives and answers 2–5 s later. Once a share of the reminders went out:

1. kill: one instance is SIGKILLed. Prints the lost and repeated reminders, what the dead
   instance held (in flight: past its fence; waiting: claimed, not yet sent) and how long
   after its death the survivor had sent what it held. Targets (issue 15): 0 lost, repeats
   <= its in flight, the waiting ones out within 15 s.
2. stop: one instance is SIGSTOPped for the lease plus 5 s, then SIGCONT. Prints the repeats
   (target: 0) and what it held when it stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import datetime as dtm
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from bot.clock import ManualClock, SystemClock
from bot.devtools.localapi import LocalBotApi
from bot.devtools.localapi.params import Params
from bot.models import ALL_TRACKS, ChatKind, EventDraft
from bot.reminders.planner import Planner
from bot.store import Store
from bot.tracks import load_tracks

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
POLL = 0.25  # seconds between looks at the database and the Bot API


class SlowBotApi(LocalBotApi):
    """A Bot API that records each message as it arrives and answers it seconds later."""

    def __init__(self, slow: tuple[float, float]) -> None:
        super().__init__()
        self._slow = slow
        self._rng = random.Random(15)

    async def _dispatch(self, name: str, params: Params) -> Any:
        result = await super()._dispatch(name, params)
        if name == "sendMessage":
            await asyncio.sleep(self._rng.uniform(*self._slow))
        return result

    def per_chat(self) -> collections.Counter[int]:
        """Return how many messages each chat got."""
        return collections.Counter(
            r.chat_id for r in self.sent if r.method == "sendMessage" and r.chat_id is not None
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Held:
    """What one instance held in the database at a moment: its open claims, split in two."""

    in_flight: frozenset[int]  # past the fence: on their way to the Bot API
    waiting: frozenset[int]  # claimed, not sent yet


async def prepare(url: str, api: LocalBotApi, reminders: int) -> None:
    """Plan one reminder for each of `reminders` chats, due a minute ago."""
    now = SystemClock().now().replace(microsecond=0)
    clock = ManualClock(now - dtm.timedelta(minutes=2))
    store = await Store.open(url, clock)
    try:
        await store.tracks.sync(load_tracks())
        start = now + dtm.timedelta(minutes=59)
        draft = EventDraft(
            title="OSCE Permanent Council session",
            track="osce",
            start_date=start.date(),
            end_date=start.date(),
            start_at=start,
            location="Vienna",
            timezone="Europe/Vienna",
        )
        event = await store.events.create(draft, "bench")
        ids = list(range(1, reminders + 1))
        await store.chats.ensure_many(ids, ChatKind.PRIVATE, "UTC", (60,), follow=ALL_TRACKS)
        for chat_id in ids:
            api.add_chat(chat_id)
        await Planner(store, clock, dtm.timedelta(hours=6)).plan_event(event)
    finally:
        await store.close()


async def start(url: str, api: LocalBotApi, lease: float, log: Path) -> asyncio.subprocess.Process:
    """Start `negbot run --no-web` on this database and Bot API, its output to `log`."""
    env = {
        **os.environ,
        "NEGBOT_DATABASE_URL": url,
        "NEGBOT_TELEGRAM_TOKEN": api.token,
        "NEGBOT_TELEGRAM_BASE_URL": api.base_url,
        "NEGBOT_LEASE_SECONDS": str(lease),
        "NEGBOT_LOG_LEVEL": "WARNING",
    }
    with log.open("ab") as output:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--no-web",
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )


async def held_by(db: psycopg.AsyncConnection[Any], pid: int, lease: float) -> Held:
    """Return the open claims of the instance with this pid (its tokens name the pid)."""
    rows = await db.execute(
        "SELECT id, lease_until > now() + make_interval(secs => %s) FROM deliveries"
        " WHERE status = 'sending' AND lease_owner LIKE %s",
        (lease, f"%:{pid}:%"),
    )
    found = await rows.fetchall()
    return Held(
        in_flight=frozenset(i for i, flying in found if flying),
        waiting=frozenset(i for i, flying in found if not flying),
    )


async def unsent(db: psycopg.AsyncConnection[Any], ids: frozenset[int]) -> int:
    """Return how many of these deliveries are not recorded as sent yet."""
    if not ids:
        return 0
    rows = await db.execute(
        "SELECT count(*) FROM deliveries WHERE id = ANY(%s) AND status <> 'sent'", (list(ids),)
    )
    found = await rows.fetchone()
    return int(found[0]) if found else 0


async def open_count(db: psycopg.AsyncConnection[Any]) -> int:
    rows = await db.execute(
        "SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')"
    )
    found = await rows.fetchone()
    return int(found[0]) if found else 0


async def until_sent(db: psycopg.AsyncConnection[Any], ids: frozenset[int], bound: float) -> float:
    """Wait until every one of these deliveries is sent; return the seconds it took."""
    started = time.monotonic()
    for _ in range(int(bound / POLL)):  # bounded
        if not await unsent(db, ids):
            break
        await asyncio.sleep(POLL)
    return time.monotonic() - started


async def until_reached(api: SlowBotApi, target: int, bound: float) -> None:
    """Wait until `target` chats got their reminder, or `bound` seconds."""
    for _ in range(int(bound / POLL)):  # bounded
        if len(api.per_chat()) >= target:
            return
        await asyncio.sleep(POLL)


async def until_done(db: psycopg.AsyncConnection[Any], api: SlowBotApi, total: int) -> None:
    """Wait until nothing is pending or being sent and every chat was reached (bounded)."""
    for _ in range(int(1800 / POLL)):
        if len(api.per_chat()) >= total and not await open_count(db):
            return
        await asyncio.sleep(POLL)


def summary(api: SlowBotApi, total: int) -> tuple[int, int]:
    """Return the lost and the repeated reminders."""
    counts = api.per_chat()
    return total - len(counts), sum(n - 1 for n in counts.values())


async def kill(url: str, args: argparse.Namespace, folder: Path) -> None:
    """SIGKILL one of two instances mid fan-out; print what it held and how fast it moved."""
    async with SlowBotApi(tuple(args.slow)) as api:
        await prepare(url, api, args.reminders)
        log = folder / "kill.log"
        first = await start(url, api, args.lease, log)
        second = await start(url, api, args.lease, log)
        async with await psycopg.AsyncConnection.connect(libpq(url), autocommit=True) as db:
            await until_reached(api, int(args.reminders * args.at), 900)
            first.send_signal(signal.SIGKILL)
            await first.wait()
            held = await held_by(db, first.pid, args.lease)
            waiting = await until_sent(db, held.waiting, 300)
            in_flight = waiting + await until_sent(db, held.in_flight, 300)  # from the death
            await until_done(db, api, args.reminders)
        await stop(second)
    lost, repeats = summary(api, args.reminders)
    print(
        f"SIGKILL, {args.reminders} reminders, Bot API {args.slow[0]:g}-{args.slow[1]:g} s, "
        f"lease {args.lease:g} s: lost {lost}, repeats {repeats}; the dead instance had "
        f"{len(held.in_flight)} in flight and {len(held.waiting)} claimed waiting"
    )
    print(
        f"  its waiting claims were sent by the survivor {waiting:.1f} s after its death "
        f"(target 15 s); its in-flight ones, sent again (the repeats), after {in_flight:.1f} s"
    )
    ok = not lost and repeats <= len(held.in_flight) and waiting <= 15
    print(f"  target (0 lost, repeats <= in flight, within 15 s): {'met' if ok else 'NOT met'}")


async def pause(url: str, args: argparse.Namespace, folder: Path) -> None:
    """SIGSTOP one of two instances past its lease, then SIGCONT; print the repeats."""
    async with SlowBotApi(tuple(args.slow)) as api:
        await prepare(url, api, args.reminders)
        log = folder / "stop.log"
        first = await start(url, api, args.lease, log)
        second = await start(url, api, args.lease, log)
        async with await psycopg.AsyncConnection.connect(libpq(url), autocommit=True) as db:
            await until_reached(api, int(args.reminders * args.at), 900)
            first.send_signal(signal.SIGSTOP)
            held = await held_by(db, first.pid, args.lease)
            await asyncio.sleep(args.lease + 5)
            first.send_signal(signal.SIGCONT)
            await until_done(db, api, args.reminders)
        await stop(first)
        await stop(second)
    lost, repeats = summary(api, args.reminders)
    print(
        f"SIGSTOP for {args.lease + 5:g} s (lease {args.lease:g} s), then SIGCONT: lost {lost}, "
        f"repeats {repeats} (target 0); it held {len(held.in_flight)} in flight and "
        f"{len(held.waiting)} claimed waiting when it stopped"
    )


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 120)


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


async def on_fresh_database(scenario: Any, args: argparse.Namespace, folder: Path) -> None:
    name = f"negbot_fencing_{uuid.uuid4().hex[:8]}"
    async with await psycopg.AsyncConnection.connect(ADMIN, autocommit=True) as admin:
        await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        await scenario(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", args, folder)
    finally:
        async with await psycopg.AsyncConnection.connect(ADMIN, autocommit=True) as admin:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def main(args: argparse.Namespace) -> None:
    """Run both scenarios, each on a fresh database."""
    with tempfile.TemporaryDirectory(prefix="negbot-fencing-") as folder:
        for scenario in (kill, pause):
            await on_fresh_database(scenario, args, Path(folder))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reminders", type=int, default=2000)
    parser.add_argument("--slow", type=float, nargs=2, default=[2.0, 5.0], metavar=("MIN", "MAX"))
    parser.add_argument("--lease", type=float, default=10.0)
    parser.add_argument("--at", type=float, default=0.25, help="share sent before the fault")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_arguments()))
