"""`negbot chat` with a bot token: the terminal and Telegram served by one process.

Two local Bot API servers stand in: one is the terminal's own, the other plays Telegram
(NEGBOT_TELEGRAM_BASE_URL points the real bot at it, as a deployment could).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import sys
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.devtools.localapi import LocalBotApi
from bot.devtools.localapi.records import SentRecord
from bot.devtools.terminal.simulation import Simulation
from bot.devtools.terminal.terminal_chat import TERMINAL_CHAT_ID
from bot.models import ChatKind
from bot.runtime import describe, started
from bot.store import Store
from bot.tg.app import READER_COMMANDS
from tests.conftest import SEEDS

START = dtm.datetime(2022, 1, 8, 9, 0, tzinfo=dtm.timezone(dtm.timedelta(hours=3)))
TELEGRAM_READER = 5151
DEFAULT_MENU = ('{"type": "default"}', "")


async def _say(api: LocalBotApi, chat_id: int, text: str) -> SentRecord:
    since = api.last_sent_id
    api.inject_message(text, chat_id=chat_id, user_id=chat_id, chat_type="private")
    (answer,) = await api.wait_for_sent(
        lambda r: r.method == "sendMessage", since=since, timeout=10
    )
    return answer


def _messages(api: LocalBotApi, chat_id: int, *, since: int) -> list[str]:
    return [
        r.text or "" for r in api.sent_to(chat_id) if r.method == "sendMessage" and r.id > since
    ]


async def test_the_terminal_and_telegram_each_get_their_own_replies_and_reminders(
    tmp_path: Path,
) -> None:
    clock = ManualClock(START)
    settings = Settings.model_validate({"database_url": f"sqlite:///{tmp_path / 'both.db'}"})
    async with (
        LocalBotApi(clock=lambda: clock.now().timestamp()) as telegram,
        LocalBotApi(clock=lambda: clock.now().timestamp()) as terminal,
    ):
        settings = settings.model_copy(update={"telegram_base_url": telegram.base_url})
        async with started(
            settings,
            clock=clock,
            seeds=SEEDS,
            web=False,
            token=terminal.token,
            telegram_base_url=terminal.base_url,
            local_api=True,
            alarm=False,
            also_telegram=telegram.token,
            local_chats=frozenset({TERMINAL_CHAT_ID}),
        ) as running:
            assert any(line.endswith("(on Telegram too)") for line in describe(running))
            # Both bots register the same command menu at start (the editors' is apart).
            for api in (telegram, terminal):
                menu = [c.command for c in api.world.commands[DEFAULT_MENU]]
                assert menu == [name for name, _ in READER_COMMANDS]

            terminal.add_chat(TERMINAL_CHAT_ID, chat_type="private")
            for api, chat in ((telegram, TELEGRAM_READER), (terminal, TERMINAL_CHAT_ID)):
                assert "/upcoming" in ((await _say(api, chat, "/help")).text or "")
                assert "every track" in ((await _say(api, chat, "/subscribe all")).text or "")
                assert "1 hour before" in ((await _say(api, chat, "/remind 1h")).text or "")
            # Neither server saw the other's chat.
            assert not telegram.sent_to(TERMINAL_CHAT_ID)
            assert not terminal.sent_to(TELEGRAM_READER)

            before = {id(api): api.last_sent_id for api in (telegram, terminal)}
            assert running.reminders is not None
            simulation = Simulation(running.reminders, running.store, clock)
            await simulation.advance(dtm.datetime(2022, 1, 10, 12, 0, tzinfo=dtm.UTC))

            # The Geneva talks (9–10 January) are reminded in both chats, each by its own server.
            for api, chat in ((telegram, TELEGRAM_READER), (terminal, TERMINAL_CHAT_ID)):
                sent = _messages(api, chat, since=before[id(api)])
                assert len([m for m in sent if "US–Russia security talks" in m]) == 1, sent
            assert not telegram.sent_to(TERMINAL_CHAT_ID)
            assert not terminal.sent_to(TELEGRAM_READER)
            reader = await running.store.chats.get(TELEGRAM_READER)
            assert reader is not None
            assert reader.active


@pytest.mark.slow
async def test_negbot_chat_with_a_token_runs_the_real_bot_too(
    workdir: Path, environment: dict[str, str]
) -> None:
    """Piped, as a person with a bot token would start it; a Telegram chat already in the
    database is served, not refused."""
    store = await Store.open(environment["NEGBOT_DATABASE_URL"])
    try:
        await store.chats.ensure(TELEGRAM_READER, ChatKind.PRIVATE, None, "UTC")
    finally:
        await store.close()
    async with LocalBotApi() as telegram:
        env = environment | {
            "NEGBOT_TELEGRAM_TOKEN": telegram.token,
            "NEGBOT_TELEGRAM_BASE_URL": telegram.base_url,
        }
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "chat",
            "--no-web",
            "--seeds",
            "seeds",
            cwd=workdir,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert child.stdout is not None
        try:
            banner = b""
            while b"(on Telegram too)" not in banner:
                line = await asyncio.wait_for(child.stdout.readline(), timeout=60)
                assert line, "negbot chat ended before saying it serves Telegram"
                banner += line
            # The real bot answers on Telegram while the terminal chat is open.
            since = telegram.last_sent_id
            telegram.inject_message("/help", chat_id=TELEGRAM_READER, chat_type="private")
            (answer,) = await telegram.wait_for_sent(
                lambda r: r.method == "sendMessage", since=since, timeout=20
            )
            assert answer.chat_id == TELEGRAM_READER
            assert "/upcoming" in (answer.text or "")
            out, err = await asyncio.wait_for(child.communicate(b"/upcoming\n"), timeout=60)
        finally:
            if child.returncode is None:
                child.kill()
                await child.wait()
    assert child.returncode == 0, err.decode()
    assert "OSCE Permanent Council session" in out.decode()
    assert "Traceback" not in err.decode()
    assert telegram.token not in (banner + out + err).decode()
