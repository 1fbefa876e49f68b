"""`negbot chat`: talk to the real bot in the terminal, through a local Bot API (no Telegram)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from bot.cli.context import add_start_options, open_store, run, seeds_folder, settings
from bot.errors import InputError

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings

USAGE_ERROR = 2


def register(commands: Any) -> None:
    """Add the `chat` sub-command."""
    from bot.devtools.terminal.terminal_chat import TERMINAL_COMMANDS

    parser = commands.add_parser(
        "chat",
        help="chat with the bot in the terminal, without Telegram",
        description="Run negbot as `negbot run` does (the store, the reminders, the feeds and "
        "page), with the bot talking to a local Bot API on 127.0.0.1 instead of Telegram, and "
        "chat with it here: the same commands and answers, buttons as numbered choices, "
        f"reminders as they arrive. Terminal commands: {TERMINAL_COMMANDS}.",
    )
    add_start_options(parser)
    parser.add_argument(
        "--at",
        metavar="ISO-TIME",
        help="run on a simulated clock starting then (e.g. 2022-01-08T09:00+00:00); "
        "/clock TIME and /wait 2h move it, and the reminders due on the way arrive",
    )
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Start negbot on a local Bot API and chat with it until /quit or the end of input."""
    from bot import logs
    from bot.clock import ManualClock, SystemClock
    from bot.devtools.terminal.moments import local_timezone, parse_moment
    from bot.devtools.terminal.terminal_chat import TERMINAL_CHAT_ID

    config = settings()
    zone = local_timezone(os.environ)
    try:
        clock: Clock = ManualClock(parse_moment(args.at, zone)) if args.at else SystemClock()
        seeds_folder(args)
    except InputError as exc:
        print(f"negbot chat: {exc}", file=sys.stderr)
        return USAGE_ERROR
    explicit = "log_level" in config.model_fields_set
    logs.setup(config.log_level if explicit else "WARNING")
    local = config.model_copy(
        update={
            # The terminal user may edit the calendar; one user needs no pacing between messages.
            "admin_ids": config.admin_ids | {TERMINAL_CHAT_ID},
            "per_chat_interval": 0.0,
        }
    )
    run(lambda: _chat(local, clock, zone, args))
    return 0


async def _refuse_shared(config: Settings, *, simulated: bool) -> None:
    """Refuse a database that serves other chats, unless the real bot serves them.

    The terminal's bot runs the reminder pipeline on every pending delivery in the store; sent
    to the local Bot API, a Telegram chat's reminder fails as "chat not found", and the chat
    would be deactivated. With NEGBOT_TELEGRAM_TOKEN set, their reminders go to Telegram, but
    never on a simulated clock: they would get reminders at simulated times.
    """
    from bot.devtools.terminal.terminal_chat import TERMINAL_CHAT_ID
    from bot.store.urls import redacted

    async with open_store(config) as store:
        others = [c.id for c in await store.chats.all_active() if c.id != TERMINAL_CHAT_ID]
    if not others:
        return
    served = f"{redacted(config.database_url)} serves {len(others)} other chat(s)"
    if simulated:
        raise InputError(
            f"{served}; on a simulated clock (--at) negbot chat would send them reminders at "
            "simulated times. Drop --at, or give it a database of its own, e.g. "
            "NEGBOT_DATABASE_URL=sqlite:///chat.db"
        )
    raise InputError(
        f"{served}; negbot chat would take over their reminders. Set NEGBOT_TELEGRAM_TOKEN to "
        "serve them too, or give it a database of its own, e.g. "
        "NEGBOT_DATABASE_URL=sqlite:///chat.db"
    )


async def _chat(config: Settings, clock: Clock, zone: str, args: argparse.Namespace) -> None:
    from rich.console import Console

    from bot.clock import ManualClock
    from bot.devtools.localapi import LocalBotApi
    from bot.devtools.terminal.session import ChatSession
    from bot.devtools.terminal.terminal import PromptReader, open_reader
    from bot.devtools.terminal.terminal_chat import TERMINAL_CHAT_ID
    from bot.models import ChatKind
    from bot.runtime import started

    manual = clock if isinstance(clock, ManualClock) else None
    real = config.telegram_token.get_secret_value() if config.telegram_token else None
    if real is None or manual is not None:
        await _refuse_shared(config, simulated=manual is not None)
    console = Console(highlight=False, markup=False)
    async with (
        LocalBotApi(clock=lambda: clock.now().timestamp()) as api,
        started(
            config,
            clock=clock,
            seeds=args.seeds,
            web=not args.no_web,
            token=api.token,
            telegram_base_url=api.base_url,
            local_api=True,
            alarm=manual is None,
            also_telegram=real,
            local_chats=frozenset({TERMINAL_CHAT_ID}),
        ) as running,
    ):
        api.add_chat(TERMINAL_CHAT_ID, chat_type="private")
        following = running.services.following
        await following.chat(TERMINAL_CHAT_ID, ChatKind.PRIVATE, None)
        await following.set_timezone(TERMINAL_CHAT_ID, zone)
        for line in _banner(running, api.port, clock, zone, manual is not None, config):
            console.print(line, soft_wrap=True, highlight=False)
        reader = open_reader()
        if isinstance(reader, PromptReader):
            console.print("↑/↓ recall earlier lines.", style="dim", soft_wrap=True)
        session = ChatSession(api, running, console, clock=manual)
        await session.run(reader)


def _banner(
    running: Any, port: int, clock: Clock, zone: str, simulated: bool, config: Settings
) -> list[str]:
    from bot.devtools.terminal.moments import shown
    from bot.devtools.terminal.terminal_chat import TERMINAL_COMMANDS
    from bot.runtime import describe

    lines = [
        "negbot chat: you and the real bot in a private chat, through a local Bot API on "
        f"127.0.0.1:{port} (no Telegram)"
    ]
    lines += [
        line
        for line in describe(running)
        if not line.startswith("Telegram bot:") or "on Telegram too" in line
    ]
    kind = "simulated (/clock TIME, /wait 2h)" if simulated else "real time"
    lines.append(f"you: an editor; timezone {zone}; clock {shown(clock.now(), zone)}, {kind}")
    lines.append(
        "Type /help for the bot's commands, a number to press a button; "
        f"terminal commands: {TERMINAL_COMMANDS}. Ctrl-D also leaves."
    )
    return lines
