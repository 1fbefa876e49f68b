"""`negbot replay`: the calendar through the real reminder pipeline on a simulated clock."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from bot.cli.context import run, settings

USAGE_ERROR = 2
DEFAULT_SEEDS = Path("seeds")


def register(commands: Any) -> None:
    """Add the `replay` sub-command."""
    parser = commands.add_parser(
        "replay",
        help="replay the seeds' reminders on a simulated clock",
        description="Import the seeds (or copy a stored calendar) into a temporary SQLite "
        "database, subscribe one private chat to every track, and run the real reminder "
        "pipeline (planner, dispatcher, the bot's sender on a local Bot API) on a simulated "
        "clock, printing each message the chat receives at its simulated time. Nothing is "
        "stored: the temporary database is deleted at the end.",
    )
    parser.add_argument(
        "--from",
        dest="start",
        default="2022-01-07",
        metavar="TIME",
        help="where the clock starts: a date (midnight in --chat-tz) or an ISO time "
        "(default 2022-01-07)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        default="2022-01-14",
        metavar="TIME",
        help="where it stops (default 2022-01-14)",
    )
    parser.add_argument(
        "--speed",
        default="3600",
        metavar="N",
        help="simulated seconds per real second (default 3600: an hour a second); pauses "
        "are capped, so a week takes seconds",
    )
    parser.add_argument(
        "--chat-tz",
        default=None,
        metavar="ZONE",
        help="the chat's timezone, an IANA name (default: this terminal's, else UTC)",
    )
    parser.add_argument(
        "--remind",
        nargs="+",
        default=["1d", "2h"],
        metavar="OFFSET",
        help="how long before each session the chat is reminded (default: 1d 2h)",
    )
    parser.add_argument(
        "--move",
        action="append",
        default=[],
        metavar="ID=DATE",
        help="half-way through, move this session to DATE as an editor would "
        "(e.g. osce-2022-01-13=2022-01-20); may be repeated",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=None,
        metavar="DIR",
        help="the articles to import (default: seeds/)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="replay the calendar stored there instead (it is copied, never changed)",
    )
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Check the options, replay, and print a one-line summary."""
    from rich.console import Console

    from bot import logs
    from bot.devtools.terminal.moments import local_timezone
    from bot.devtools.terminal.replay import Replay, ReplayError, ReplayPlan

    config = settings()
    seeds = args.seeds
    if seeds is None and args.database is None:
        seeds = DEFAULT_SEEDS
    try:
        if seeds is not None and not seeds.is_dir():
            raise ReplayError(f"--seeds {seeds}: no such directory of articles")
        plan = ReplayPlan.parse(
            start=args.start,
            end=args.end,
            speed=args.speed,
            zone=args.chat_tz or local_timezone(os.environ),
            remind=args.remind,
            moves=args.move,
            seeds=seeds,
            database=args.database,
        )
    except ReplayError as exc:
        print(f"negbot replay: {exc}", file=sys.stderr)
        return USAGE_ERROR
    logs.setup(config.log_level if "log_level" in config.model_fields_set else "WARNING")
    replay = Replay(plan, config, Console(highlight=False, markup=False))
    try:
        run(replay.run)
    except ReplayError as exc:
        print(f"negbot replay: {exc}", file=sys.stderr)
        return USAGE_ERROR
    return 0
