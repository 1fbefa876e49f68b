"""`negbot run`: the bot, its reminders and the web server, until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from bot.cli.context import add_start_options, run, seeds_folder, settings


def register(commands: Any) -> None:
    """Add the `run` sub-command."""
    parser = commands.add_parser(
        "run",
        help="run the bot, the reminders and the web server",
        description="Run everything in one process: the Telegram bot (long polling; needs "
        "NEGBOT_TELEGRAM_TOKEN), the reminder scheduler, and the feeds and page. Without a "
        "token the bot is off and the rest runs. Stops cleanly on SIGINT or SIGTERM.",
    )
    add_start_options(parser)
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="take updates by webhook at NEGBOT_PUBLIC_URL (https, behind a proxy) instead of "
        "polling; the secret is NEGBOT_TELEGRAM_WEBHOOK_SECRET, or one derived from the token",
    )
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Start, say where things are, wait for a signal, stop."""
    from bot import logs
    from bot.runtime import describe, started, wait_for_signal
    from bot.tg.refusals import bot_api_refusals

    config = settings()
    token = config.telegram_token.get_secret_value() if config.telegram_token else None
    logs.setup(config.log_level, logs.token_secrets(token))
    seeds = seeds_folder(args)

    async def job() -> None:
        async with started(
            config, seeds=seeds, web=not args.no_web, webhook=args.webhook
        ) as running:
            for line in describe(running):
                print(line, flush=True)
            await wait_for_signal()
            logging.getLogger(__name__).info("stopping")

    with bot_api_refusals(config.telegram_base_url):
        run(job)
    return 0
