"""`negbot serve`: the feeds and the page alone, without the Telegram bot, until stopped."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from typing import Any

from bot.cli.context import open_store, run, settings
from bot.errors import InputError
from bot.web.limits import RateLimit


def register(commands: Any) -> None:
    """Add the `serve` sub-command."""
    parser = commands.add_parser(
        "serve",
        help="serve the iCalendar feeds and the web page",
        description="Serve the feeds (/calendar.ics, /tracks/ID.ics, /feeds/TOKEN.ics, "
        "/events/ID.ics), the page (/), /healthz and /metrics on NEGBOT_HTTP_HOST and "
        "NEGBOT_HTTP_PORT until interrupted (Ctrl-C or SIGTERM). Links use NEGBOT_PUBLIC_URL "
        "when it is set.",
    )
    parser.add_argument("--host", help="the address to listen on (default: NEGBOT_HTTP_HOST)")
    parser.add_argument("--port", type=int, help="the port (default: NEGBOT_HTTP_PORT; 0: any)")
    parser.add_argument(
        "--poll",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how often to look for changes made by other processes (default: 2)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=RateLimit().rate,
        metavar="N",
        help="requests a second allowed per client address, 0 for no limit (default: %(default)s)",
    )
    parser.add_argument(
        "--burst",
        type=float,
        default=RateLimit().burst,
        metavar="N",
        help="requests one client may make at once before the rate applies (default: %(default)s)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="log every request",
    )
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM."""
    from bot import logs
    from bot.clock import SystemClock
    from bot.services.container import Services
    from bot.services.feeds import Feeds, Window
    from bot.web import WebOptions, WebServer

    config = settings()
    if args.port is not None and not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port}: a port is a number from 0 to 65535")
    if args.poll <= 0 or args.rate < 0 or args.burst < 1:
        raise InputError("--poll must be positive, --rate at least 0 and --burst at least 1")
    logs.setup(config.log_level)
    # Migrations are the store's business; their INFO lines would bury the URLs printed below.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))
    options = WebOptions(
        poll_seconds=args.poll,
        rate_limit=RateLimit(rate=args.rate, burst=args.burst),
        access_log=args.access_log,
    )

    async def job() -> None:
        async with open_store(config) as store:
            services = Services.build(config, store, SystemClock())
            # The server builds its Feeds over the links of the address it binds (port 0 is
            # known only then) unless NEGBOT_PUBLIC_URL names the address.
            server = WebServer(
                services,
                Feeds(store, services.links, Window(services.clock)) if config.public_url else None,
                host=args.host,
                port=args.port,
                options=options,
            )
            await server.start()
            try:
                print(f"negbot serve: listening on {server.url}", flush=True)
                print(f"page: {server.links.page()}", flush=True)
                print(f"calendar feed: {server.links.calendar()}", flush=True)
                await _until_stopped()
            finally:
                await server.stop()
        print("negbot serve: stopped", flush=True)

    run(job)
    return 0


async def _until_stopped() -> None:
    """Wait for SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for number in signals:
        loop.add_signal_handler(number, stop.set)
    try:
        await stop.wait()
    finally:
        for number in signals:
            with contextlib.suppress(ValueError, RuntimeError):
                loop.remove_signal_handler(number)
