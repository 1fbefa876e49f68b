"""Run negbot: the store, the web server, the bot and its reminders in one process and loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update

from bot import logs
from bot.articles import expand_paths, read_article
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.errors import InputError
from bot.reminders import Reminders, instance_name
from bot.reminders.sender import RoutingSender, Sender
from bot.services.container import Services
from bot.services.extraction import ExtractionPool
from bot.services.hooks import Relay
from bot.sources.schedule import SourcesLoop, polling_sources
from bot.store import Store
from bot.store.leader import LeaderLock
from bot.store.urls import redacted
from bot.tg.app import announce_commands, build_application, reminder_bot
from bot.tg.polling import Poller
from bot.tg.sender import TelegramSender
from bot.tg.take_once import install_once
from bot.tg.webhook import WebhookRoute, webhook_path, webhook_secret
from bot.tracks import load_tracks
from bot.web import WebServer

log = logging.getLogger(__name__)
LEADER_RETRY = 5.0  # seconds between a standby's tries to become the poller


@dataclass
class Running:
    """What a started negbot holds, for the caller to inspect or drive (tests, `negbot chat`)."""

    settings: Settings
    store: Store
    services: Services
    application: Any | None = None
    reminders: Reminders | None = None
    web: Any | None = None
    polling: bool = False
    webhook: str | None = None
    telegram: Any | None = None  # the Telegram bot next to a local Bot API (negbot chat)
    sources: SourcesLoop | None = None  # polling the followed feeds
    notes: list[str] = field(default_factory=list)


async def _import_seeds(services: Services, seeds: Path) -> int:
    """Import the seed articles when the calendar is empty; return how many sessions it got."""
    if await services.store.events.count() > 0:
        return 0
    files, _ = expand_paths([seeds])
    report = await services.importer.import_articles([read_article(p) for p in files])
    return len(report.created)


@contextlib.asynccontextmanager
async def started(
    settings: Settings,
    *,
    clock: Clock | None = None,
    seeds: Path | None = None,
    web: bool = True,
    telegram_base_url: str | None = None,
    token: str | None = None,
    local_api: bool = False,
    alarm: bool = True,
    webhook: bool = False,
    also_telegram: str | None = None,
    local_chats: frozenset[int] = frozenset(),
) -> AsyncIterator[Running]:
    """Start everything negbot runs, yield it, and stop it all in reverse order.

    `token` and `telegram_base_url` override the settings (the terminal chat runs the bot
    against its own local Bot API server). With `local_api`, that server belongs to this
    process alone: the bot polls it without the poller election, and handles every update it
    gets (a new server numbers its updates from 1 again, so the record of updates handled in
    earlier runs does not apply). With `alarm` False nothing wakes the reminders: the caller
    runs the planner and the dispatcher (on a simulated clock, the wall-clock alarm would
    ring at once, again and again). With `webhook`, Telegram posts updates to the web server
    (behind NEGBOT_PUBLIC_URL) instead of being polled: every instance then takes updates.
    With `also_telegram` (a bot token) next to a local Bot API, a second bot serves Telegram
    as `negbot run` does, and reminders to `local_chats` go through the local server while
    every other chat's go through Telegram.
    """
    clock = clock or SystemClock()
    token = token or (
        settings.telegram_token.get_secret_value() if settings.telegram_token else None
    )
    logs.protect(logs.token_secrets(token) + logs.token_secrets(also_telegram))
    # PTB 22 warns whenever it builds a RetryAfter unless told to use timedeltas (its v23 form).
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    store = await Store.open(settings.database_url, clock)
    # Articles are read in a worker process, so one editor's long /import holds nobody up.
    pool = ExtractionPool(workers=1, waiting=4)
    try:
        await store.tracks.sync(load_tracks(settings.tracks_file))
        relay = Relay()
        services = Services.build(settings, store, clock, relay, extractor=pool)
        running = Running(settings, store, services)
        if seeds is not None:
            added = await _import_seeds(services, seeds)
            if added:
                running.notes.append(f"imported {added} sessions from {seeds}")
        hook: WebhookRoute | None = None
        if webhook:
            if not token:
                raise InputError("--webhook needs NEGBOT_TELEGRAM_TOKEN")
            if not web:
                raise InputError("--webhook needs the web server: drop --no-web")
            if not settings.public_url:
                raise InputError(
                    "--webhook needs NEGBOT_PUBLIC_URL: the https address Telegram posts to"
                )
            secret = settings.telegram_webhook_secret
            hook = WebhookRoute(
                webhook_secret(token, secret.get_secret_value() if secret else None)
            )
        async with contextlib.AsyncExitStack() as stack:
            if web:
                routes = [hook.route()] if hook is not None else []
                running.web = await stack.enter_async_context(_web(services, routes))
            if alarm:  # on a clock the caller drives, nothing polls by itself
                polling = polling_sources(settings, services.sources)
                running.sources = await stack.enter_async_context(polling)
            remote: Sender | None = None
            if also_telegram:
                remote = await stack.enter_async_context(
                    _real_telegram(running, also_telegram, settings.telegram_base_url)
                )
            if token:
                await stack.enter_async_context(
                    _telegram(
                        running,
                        relay,
                        token,
                        telegram_base_url or settings.telegram_base_url,
                        local_api=local_api,
                        alarm=alarm,
                        hook=hook,
                        route=(local_chats, remote) if remote is not None else None,
                    )
                )
            else:
                running.notes.append("the Telegram bot is off: set NEGBOT_TELEGRAM_TOKEN to run it")
            yield running
    finally:
        await asyncio.to_thread(pool.close)  # the bot has stopped: no article is being read
        await store.close()


@contextlib.asynccontextmanager
async def _web(services: Services, routes: list[Any]) -> AsyncIterator[Any]:
    """Serve the feeds and the page (and the webhook, if asked)."""
    server = WebServer(services, routes=routes)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@contextlib.asynccontextmanager
async def _telegram(
    running: Running,
    relay: Relay,
    token: str,
    base_url: str | None,
    *,
    local_api: bool = False,
    alarm: bool = True,
    hook: WebhookRoute | None = None,
    route: tuple[frozenset[int], Sender] | None = None,
) -> AsyncIterator[None]:
    """Run the bot and its reminders; take updates by webhook, or poll for them while this
    instance is the poller."""
    instance = instance_name()
    started_bot = _bot(running, token, base_url, None if local_api else instance)
    async with started_bot as (application, sender):
        if route is not None:
            sender = RoutingSender(sender, route[0], route[1])
        reminders = Reminders.from_settings(
            running.store,
            sender,
            running.services.clock,
            running.settings,
            owner=instance,
        )
        relay.attach(reminders)
        running.application = application
        running.reminders = reminders
        assert application.job_queue is not None
        if alarm:
            await reminders.start(application.job_queue)
        lock = LeaderLock(running.store.db)
        if hook is not None:
            hook.application = application
            url = running.settings.base_url + webhook_path(hook.secret)
            await application.bot.set_webhook(
                url=url,
                secret_token=hook.secret,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
            running.webhook = url
            leader: asyncio.Task[Any] = asyncio.create_task(_idle())  # nothing to poll
        else:
            leader = asyncio.create_task(
                _poll_alone(Poller(application), running)
                if local_api
                else _poll_while_leader(Poller(application), lock, running)
            )
        try:
            yield
        finally:
            await _stop_polling(leader, lock)
            await reminders.stop()


@contextlib.asynccontextmanager
async def _real_telegram(
    running: Running, token: str, base_url: str | None
) -> AsyncIterator[Sender]:
    """Serve Telegram next to a local Bot API: its handlers, its poller; yield its sender."""
    async with _bot(running, token, base_url, instance_name()) as (application, sender):
        running.telegram = application
        lock = LeaderLock(running.store.db)
        leader = asyncio.create_task(_poll_while_leader(Poller(application), lock, running))
        try:
            yield sender
        finally:
            await _stop_polling(leader, lock)


@contextlib.asynccontextmanager
async def _bot(
    running: Running, token: str, base_url: str | None, once_as: str | None
) -> AsyncIterator[tuple[Any, Sender]]:
    """Build, start and finally stop a bot application with its command menu, and the sender
    its reminders use. With `once_as` (this instance's name), each update is handled once
    across instances; a Bot API server of this process's own needs no such record."""
    application, _ = build_application(running.services, token, base_url)
    if once_as is not None:
        install_once(application, running.store, once_as)
    sender_bot = reminder_bot(token, base_url)
    async with application, sender_bot:
        await announce_commands(application, running.services.settings.admin_ids)
        await application.start()
        try:
            yield application, TelegramSender(sender_bot)
        finally:
            await application.stop()


async def _stop_polling(leader: asyncio.Task[Any], lock: LeaderLock) -> None:
    """Stop taking updates and give up the poller lock, for a standby to take over."""
    leader.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await leader
    await lock.release()


async def _idle() -> None:
    """Wait until cancelled (webhook mode has no poller to run)."""
    await asyncio.Event().wait()


async def _poll_while_leader(poller: Poller, lock: LeaderLock, running: Running) -> None:
    """Poll Telegram while holding the poller lock; otherwise stand by and try again.

    On PostgreSQL several instances share the reminders, but only one may call getUpdates
    (a second gets 409 Conflict). A standby takes over within LEADER_RETRY seconds of the
    poller's death, when the server ends its session and the lock with it.
    """
    try:
        while True:
            if not poller.running:
                if await lock.acquire():
                    log.info("this instance polls Telegram for updates")
                    running.polling = True
                    await poller.start()
            elif not await lock.check():
                log.warning("stopped polling: the poller lock is lost")
                running.polling = False
                await poller.stop()
            await asyncio.sleep(LEADER_RETRY)
    finally:
        await poller.stop()


async def _poll_alone(poller: Poller, running: Running) -> None:
    """Poll a Bot API server of this process's own: no other instance can be polling it."""
    try:
        await poller.start()
        running.polling = True
        await asyncio.Event().wait()
    finally:
        await poller.stop()


async def wait_for_signal() -> None:
    """Wait until SIGINT or SIGTERM."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def describe(running: Running) -> list[str]:
    """Return the lines `negbot run` prints on start: where things are."""
    lines = [f"database: {redacted(running.settings.database_url)}"]
    if running.web is not None:
        base = running.web.base_url
        lines += [f"web page: {base}/", f"calendar feed: {base}/calendar.ics"]
    if running.application is not None and running.webhook is not None:
        lines.append(f"Telegram bot: @{running.application.bot.username} (webhook)")
    elif running.application is not None:
        role = "polling" if running.polling else "standby: another instance polls"
        lines.append(f"Telegram bot: @{running.application.bot.username} ({role})")
    if running.telegram is not None:
        lines.append(f"Telegram bot: @{running.telegram.bot.username} (on Telegram too)")
    lines += running.notes
    return lines
