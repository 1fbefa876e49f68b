"""The `negbot` command line: one sub-command per operation, each in its own module.

Every command module is imported to build the parser, so each keeps `register()` cheap: at its
top it imports only the standard library and what `register()` itself needs (small modules of
constants, `bot.errors`, `bot.cli.context`); each handler imports what it runs on (the store,
the services, the bot, the web server...) in its own body, and annotations name those types
through `if TYPE_CHECKING:` imports. So `negbot --help`, `negbot extract` and `negbot events
list` load neither python-telegram-bot nor aiohttp, and the first two not SQLAlchemy either
(tests/test_fast_start.py checks it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli import (
    chat_cmd,
    db_cmd,
    events_cmd,
    export_cmd,
    extract_cmd,
    import_cmd,
    replay_cmd,
    run_cmd,
    serve_cmd,
    sources_cmd,
    tracks_cmd,
)
from bot.errors import NegbotError

_COMMANDS = (
    extract_cmd,
    import_cmd,
    events_cmd,
    tracks_cmd,
    export_cmd,
    db_cmd,
    run_cmd,
    serve_cmd,
    chat_cmd,
    replay_cmd,
    sources_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of every negbot sub-command."""
    parser = argparse.ArgumentParser(
        prog="negbot",
        description="A negotiation-track calendar: articles in, reminders and feeds out.",
    )
    parser.add_argument("--version", action="version", version=f"negbot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one negbot command and return its exit status."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        status: int = args.handler(args)
    except NegbotError as exc:
        print(f"negbot {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"negbot {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`negbot extract … | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return status
