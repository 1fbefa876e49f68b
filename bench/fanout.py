"""Benchmark the reminder fan-out against Telegram's limits, and an instance's footprint.

    python bench/fanout.py [--chats 10000] [--pending 100000]

1. Fan-out: CHATS chats subscribed to a session whose reminders all fall due in the same
   minute; the real dispatcher sends them as `negbot run` does (python-telegram-bot's Bot,
   paced by negbot's shared pacer) to the local Bot API server, run in a process of its own
   as Telegram is a server of its own, which answers 429 with
   retry_after beyond 30 messages a second (Telegram's limit per bot) or 1 a second per chat.
   Prints the achieved rate divided by 30, the 429s, the lost and repeated messages, and how
   late the last one was.
   Target (issue 4): >= 0.95 of the limit, no 429s, none lost, none repeated.
2. Footprint: a `negbot run` process over a database holding PENDING pending deliveries:
   its start-up time (to "Telegram bot:" on its output) and its peak RSS.
   Targets: start-up under 2 s, RSS under 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import datetime as dtm
import multiprocessing
import signal
import tempfile
import time
from multiprocessing.connection import Connection

from instances import environment, peak_rss, start_instance

from bot.clock import ManualClock
from bot.devtools.localapi import LocalBotApi
from bot.models import ALL_TRACKS, ChatKind, DeliveryKind, EventDraft, EventStatus
from bot.reminders.dispatcher import Dispatcher
from bot.reminders.pacer import Pacer
from bot.reminders.planner import Planner
from bot.store import Store
from bot.store.deliveries import PlannedDelivery
from bot.tg.app import reminder_bot
from bot.tg.sender import TelegramSender
from bot.tracks import load_tracks

LIMIT = 30  # messages a second, per bot


def _draft(start: dtm.datetime) -> EventDraft:
    return EventDraft(
        title="OSCE Permanent Council session",
        track="osce",
        start_date=start.date(),
        end_date=start.date(),
        start_at=start,
        location="Vienna",
        timezone="Europe/Vienna",
        status=EventStatus.CONFIRMED,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Received:
    """What the Bot API server received: messages per chat, the last one's time, the 429s."""

    per_chat: dict[int, int]
    last: float | None
    too_many_requests: int


def _serve(pipe: Connection, chats: int) -> None:
    """Run the Bot API server in a process of its own, as Telegram is: it counts arrivals on
    its own clock, unaffected by the sender's event loop. Reports what it got when told."""

    async def serve() -> None:
        async with LocalBotApi(flood_limit=LIMIT, per_chat_limit=1) as api:
            for chat_id in range(1, chats + 1):
                api.add_chat(chat_id)
            pipe.send((api.token, api.base_url))
            await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # "stop"
            sent = [r for r in api.sent if r.method == "sendMessage"]
            pipe.send(
                Received(
                    per_chat=dict(collections.Counter(r.chat_id or 0 for r in sent)),
                    last=max((r.time for r in sent), default=None),
                    too_many_requests=api.stats.too_many_requests,
                )
            )

    asyncio.run(serve())


async def fanout(url: str, chats: int) -> None:
    """Send one reminder to each of `chats` chats, all due at once; print the figures."""
    now = dtm.datetime.now(dtm.UTC).replace(microsecond=0)
    clock = ManualClock(now - dtm.timedelta(seconds=30))
    store = await Store.open(url, clock)
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(theirs, chats))
    server.start()
    try:
        await store.tracks.sync(load_tracks())
        event = await store.events.create(_draft(now + dtm.timedelta(minutes=60)), "bench")
        ids = list(range(1, chats + 1))
        await store.chats.ensure_many(ids, ChatKind.PRIVATE, "UTC", (60,), follow=ALL_TRACKS)
        await Planner(store, clock, dtm.timedelta(hours=6)).plan_event(event)
        token, base_url = await asyncio.wait_for(asyncio.to_thread(ours.recv), 120)
        bot = reminder_bot(token, base_url)
        async with bot:
            clock.set(now)
            dispatcher = Dispatcher(
                store,
                TelegramSender(bot),
                clock,
                "bench",
                grace=dtm.timedelta(hours=6),
                lease=dtm.timedelta(minutes=5),
                per_chat_interval=1.0,
                concurrency=32,
                pacer=Pacer(store, LIMIT),
            )
            started = time.perf_counter()
            for _ in range(chats * 4):  # bounded; each round claims or waits briefly
                report = await dispatcher.run_once()  # batches as the scheduler claims them
                if report.claimed:
                    continue
                counts = await store.deliveries.counts()
                if counts["pending"] + counts["sending"] == 0:
                    break
                await asyncio.sleep(0.2)  # deferred after a 429: due again shortly
                clock.set(dtm.datetime.now(dtm.UTC))
            elapsed = time.perf_counter() - started
            await dispatcher.stop()
        ours.send("stop")
        received: Received = await asyncio.wait_for(asyncio.to_thread(ours.recv), 120)
    finally:
        await store.close()
        server.join(30)
        if server.is_alive():
            server.kill()
    delivered = sum(received.per_chat.values())
    lost = chats - len(received.per_chat)
    repeated = sum(n - 1 for n in received.per_chat.values())
    rate = delivered / elapsed
    last_late = received.last - now.timestamp() if received.last else float("nan")
    print(
        f"fan-out to {chats} chats in {elapsed:.1f} s: {rate:.2f} messages/s "
        f"= {rate / LIMIT:.3f} of Telegram's {LIMIT}/s"
    )
    print(
        f"  429s from the server: {received.too_many_requests}, lost: {lost}, "
        f"repeated: {repeated}, last message {last_late:.1f} s after the due minute"
    )
    ok = rate / LIMIT >= 0.95 and not received.too_many_requests and not lost and not repeated
    print(f"  target (>= 0.95, no 429, none lost or repeated): {'met' if ok else 'NOT met'}")


async def footprint(url: str, pending: int) -> None:
    """Start `negbot run` over `pending` pending deliveries; print start-up time and peak RSS."""
    clock = ManualClock(dtm.datetime.now(dtm.UTC))
    store = await Store.open(url, clock)
    try:
        await store.tracks.sync(load_tracks())
        event = await store.events.create(_draft(clock.now() + dtm.timedelta(days=20)), "bench")
        ids = list(range(1, pending + 1))
        await store.chats.ensure_many(ids, ChatKind.PRIVATE, "UTC", (60,), follow=ALL_TRACKS)
        due = clock.now() + dtm.timedelta(days=10)
        for first in range(0, pending, 5000):
            await store.deliveries.plan(
                [
                    PlannedDelivery(DeliveryKind.REMINDER, event.number, 0, c, 60, due)
                    for c in ids[first : first + 5000]
                ]
            )
    finally:
        await store.close()
    async with LocalBotApi() as api:
        process, ready = await start_instance(environment(url, api), line_wait=60)
        await asyncio.sleep(5)  # let the first sweeps run over the pending deliveries
        peak = peak_rss(process.pid)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)
    ready_text = f"{ready:.2f} s" if ready is not None else "never ready"
    print(
        f"negbot run over {pending} pending deliveries: ready in {ready_text} "
        f"(target < 2 s), peak RSS {peak / 1024:.0f} MB (target < 200 MB)"
    )


async def main(args: argparse.Namespace) -> None:
    """Run both measures on a fresh database of the chosen backend."""
    with tempfile.TemporaryDirectory(prefix="negbot-fanout-") as folder:
        await fanout(f"sqlite:///{folder}/fanout.db", args.chats)
        await footprint(f"sqlite:///{folder}/footprint.db", args.pending)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--pending", type=int, default=100_000)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_arguments()))
