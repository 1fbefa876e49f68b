"""`negbot run` as a real process: killed with SIGKILL mid fan-out, restarted, nothing lost."""

from __future__ import annotations

import asyncio
import datetime as dtm
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.clock import ManualClock, SystemClock
from bot.devtools.localapi import LocalBotApi
from bot.models import ALL_TRACKS, ChatKind, EventStatus
from bot.reminders.planner import Planner
from bot.store import Store
from bot.tracks import load_tracks
from tests.helpers.drafts import draft
from tests.helpers.postgres import fresh_database, private_cluster
from tests.helpers.progress import wait_for_count

CHATS = 2000
LATE_CHATS = 200
CONCURRENCY = 16  # the dispatcher's bound on sends in flight, hence on repeats after a kill


def _environment(
    database_url: str, api: LocalBotApi, level: str = "WARNING", rate: int = 400
) -> dict[str, str]:
    return {
        **os.environ,
        "NEGBOT_DATABASE_URL": database_url,
        "NEGBOT_TELEGRAM_TOKEN": api.token,
        "NEGBOT_TELEGRAM_BASE_URL": api.base_url,
        "NEGBOT_TELEGRAM_MAX_RATE": str(rate),
        "NEGBOT_LEASE_SECONDS": "5",
        "NEGBOT_SWEEP_SECONDS": "1",
        "NEGBOT_PER_CHAT_INTERVAL": "0",
        "NEGBOT_LOG_LEVEL": level,
    }


async def _start(
    database_url: str, api: LocalBotApi, log: Path, level: str = "WARNING", rate: int = 400
) -> asyncio.subprocess.Process:
    with log.open("ab") as output:  # the child keeps its own copy of the descriptor
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--no-web",
            env=_environment(database_url, api, level, rate),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )


async def _prepare(
    database_url: str, api: LocalBotApi, overdue: dtm.timedelta, chats: int = CHATS
) -> None:
    """Plan, as of a while ago, CHATS reminders an hour before a session: they fell due
    `overdue` ago, while no negbot ran."""
    now = SystemClock().now().replace(microsecond=0)
    clock = ManualClock(now - overdue - dtm.timedelta(minutes=1))
    store = await Store.open(database_url, clock)
    try:
        await store.tracks.sync(load_tracks())
        start = now + dtm.timedelta(hours=1) - overdue
        event = await store.events.create(
            draft(
                start_at=start,
                start_date=start.date(),
                end_date=start.date(),
                status=EventStatus.CONFIRMED,
            ),
            "test",
        )
        for chat_id in range(1, chats + 1):
            await store.chats.ensure(chat_id, ChatKind.PRIVATE, None, "UTC", offsets=(60,))
            await store.chats.subscribe(chat_id, ALL_TRACKS)
            api.add_chat(chat_id)
        planned = await Planner(store, clock, dtm.timedelta(hours=6)).plan_event(event)
        assert planned
    finally:
        await store.close()


def _messages(api: LocalBotApi) -> int:
    return sum(r.method == "sendMessage" for r in api.sent)


def _reminded(api: LocalBotApi) -> int:
    return len(_reminders(api))


def _reminders(api: LocalBotApi) -> Counter[int]:
    return Counter(
        r.chat_id
        for r in api.sent
        if r.method == "sendMessage" and r.chat_id is not None and "Reminder" in (r.text or "")
    )


async def test_sigkill_during_a_fanout_loses_nothing(database_url: str, tmp_path: Path) -> None:
    async with LocalBotApi() as api:
        await _prepare(database_url, api, dtm.timedelta(seconds=30))
        log = tmp_path / "negbot.log"
        first = await _start(database_url, api, log)
        try:
            reached = await wait_for_count(lambda: _messages(api), CHATS // 3)
            assert reached >= CHATS // 3, f"the fan-out stalled at {reached}\n{log.read_text()}"
        finally:
            first.send_signal(signal.SIGKILL)
            await asyncio.wait_for(first.wait(), 10)
        at_kill = sum(_reminders(api).values())
        assert 0 < at_kill < CHATS, log.read_text()
        second = await _start(database_url, api, log)
        try:
            await wait_for_count(lambda: _reminded(api), CHATS)
        finally:
            second.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(second.wait(), 30)
        counts = _reminders(api)
        assert len(counts) == CHATS, (
            f"{CHATS - len(counts)} chats got no reminder\n{log.read_text()}"
        )
        repeats = sum(n - 1 for n in counts.values())
        assert repeats <= CONCURRENCY, f"{repeats} repeated reminders"
        assert code == 0, log.read_text()
        assert api.token not in log.read_text()


async def test_reminders_due_while_nothing_ran_are_sent_late(
    database_url: str, tmp_path: Path
) -> None:
    async with LocalBotApi() as api:
        await _prepare(database_url, api, dtm.timedelta(minutes=10), chats=LATE_CHATS)
        log = tmp_path / "negbot.log"
        process = await _start(database_url, api, log, level="DEBUG")
        try:
            await wait_for_count(lambda: _reminded(api), LATE_CHATS)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)
        assert set(_reminders(api).values()) == {1}
        assert len(_reminders(api)) == LATE_CHATS
        sent = [r for r in api.sent if r.method == "sendMessage" and "Reminder" in (r.text or "")]
        assert all("Sent late" in (r.text or "") for r in sent)
        written = log.read_text()
        assert "DEBUG" in written  # the log was as talkative as it gets…
        assert api.token not in written  # …and still never showed the token
        assert api.token.split(":", 1)[1] not in written


@pytest.mark.postgres
async def test_a_standby_takes_over_polling_when_the_poller_dies(tmp_path: Path) -> None:
    with fresh_database() as database_url:
        async with LocalBotApi() as api:
            store = await Store.open(database_url)
            await store.tracks.sync(load_tracks())
            await store.close()
            log = tmp_path / "negbot.log"
            poller = await _start(database_url, api, log)
            standby: asyncio.subprocess.Process | None = None
            try:
                await api.wait_for_call("getUpdates", timeout=30)
                standby = await _start(database_url, api, log)
                chats = list(range(5001, 5061))
                for chat_id in chats[:20]:
                    api.inject_message("/help", chat_id=chat_id)
                await api.wait_for_sent(lambda r: r.method == "sendMessage", count=10, timeout=30)
                poller.send_signal(signal.SIGKILL)
                await asyncio.wait_for(poller.wait(), 10)
                killed_at = asyncio.get_running_loop().time()
                for chat_id in chats[20:]:
                    api.inject_message("/help", chat_id=chat_id)
                await api.wait_for_sent(
                    lambda r: r.method == "sendMessage" and r.chat_id == chats[-1], timeout=40
                )
                took_over = asyncio.get_running_loop().time() - killed_at
                await api.wait_for_sent(
                    lambda r: r.method == "sendMessage" and r.chat_id in chats,
                    count=len(chats),
                    timeout=30,
                )
            finally:
                for process in (poller, standby):
                    if process is not None and process.returncode is None:
                        process.send_signal(signal.SIGTERM)
                        await asyncio.wait_for(process.wait(), 30)
            replies = Counter(
                r.chat_id for r in api.sent if r.method == "sendMessage" and r.chat_id in chats
            )
            assert set(replies) == set(chats), "an update was lost"
            assert set(replies.values()) == {1}, f"an update was handled twice: {replies}"
            assert took_over < 30, f"the standby took {took_over:.1f} s to take over"


@pytest.mark.postgres
async def test_a_postgres_restart_during_a_fanout_loses_nothing(tmp_path: Path) -> None:
    chats = 600
    with private_cluster() as cluster:  # never the shared server: a test may not restart it
        database_url = cluster.url
        async with LocalBotApi() as api:
            await _prepare(database_url, api, dtm.timedelta(seconds=30), chats=chats)
            log = tmp_path / "negbot.log"
            process = await _start(database_url, api, log, rate=60)
            try:
                reached = await wait_for_count(lambda: _messages(api), chats // 4)
                assert reached >= chats // 4, f"stalled at {reached}\n{log.read_text()[-3000:]}"
                await asyncio.to_thread(cluster.restart)
                await wait_for_count(lambda: _reminded(api), chats)
            finally:
                process.send_signal(signal.SIGTERM)
                code = await asyncio.wait_for(process.wait(), 30)
            counts = _reminders(api)
            missing = chats - len(counts)
            assert missing == 0, f"{missing} reminders lost\n{log.read_text()[-3000:]}"
            assert sum(n - 1 for n in counts.values()) <= CONCURRENCY
            assert code == 0, log.read_text()[-3000:]


@pytest.mark.postgres
async def test_two_instances_share_ten_thousand_reminders_and_survive_a_sigkill(
    tmp_path: Path,
) -> None:
    chats = 10_000
    with fresh_database() as database_url:
        async with LocalBotApi() as api:
            await _prepare_many(database_url, api, chats)
            log = tmp_path / "negbot.log"
            first = await _start(database_url, api, log, rate=1000)
            second = await _start(database_url, api, log, rate=1000)
            try:
                reached = await wait_for_count(lambda: _messages(api), chats // 2)
                assert reached >= chats // 2, f"stalled at {reached}\n{log.read_text()[-3000:]}"
                first.send_signal(signal.SIGKILL)
                await asyncio.wait_for(first.wait(), 10)
                await wait_for_count(lambda: _reminded(api), chats, bound=1200)
            finally:
                for process in (first, second):
                    if process.returncode is None:
                        process.send_signal(signal.SIGTERM)
                        await asyncio.wait_for(process.wait(), 60)
            counts = _reminders(api)
            missing = chats - len(counts)
            assert missing == 0, f"{missing} reminders lost\n{log.read_text()[-3000:]}"
            repeats = sum(n - 1 for n in counts.values())
            assert repeats <= CONCURRENCY, f"{repeats} repeated reminders"


async def _prepare_many(database_url: str, api: LocalBotApi, chats: int) -> None:
    """Like _prepare, with the chats created in bulk."""
    now = SystemClock().now().replace(microsecond=0)
    clock = ManualClock(now - dtm.timedelta(minutes=2))
    store = await Store.open(database_url, clock)
    try:
        await store.tracks.sync(load_tracks())
        start = now + dtm.timedelta(minutes=59)
        event = await store.events.create(
            draft(start_at=start, start_date=start.date(), end_date=start.date()), "test"
        )
        ids = list(range(1, chats + 1))
        await store.chats.ensure_many(ids, ChatKind.PRIVATE, "UTC", (60,), follow=ALL_TRACKS)
        for chat_id in ids:
            api.add_chat(chat_id)
        assert await Planner(store, clock, dtm.timedelta(hours=6)).plan_event(event)
    finally:
        await store.close()
