"""Long polling that confirms an update only after it was handled, so a crash loses none.

PTB's own updater queues a batch and confirms it with the next getUpdates call, before the
batch is handled: a poller killed in between loses what it had fetched. Here each batch is
handled first and confirmed by the following call; together with the handled-updates record
(bot.tg.take_once) an update is handled once even when a new poller takes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0


class Poller:
    """Fetch updates with getUpdates and hand them to the application, one at a time."""

    def __init__(self, application: Any, timeout: int = 10) -> None:
        self._application = application
        self._timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._offset: int | None = None

    @property
    def running(self) -> bool:
        """Tell whether the poller is fetching updates."""
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Start polling (after dropping any webhook, which forbids getUpdates)."""
        if self.running:
            return
        await self._application.bot.delete_webhook(drop_pending_updates=False)
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name="negbot-poller")

    async def stop(self) -> None:
        """Stop polling; the update being handled, if any, is finished first."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        await task

    async def _fetch(self) -> list[Update] | None:
        """Wait for updates, or return None when asked to stop."""
        fetch = asyncio.ensure_future(
            self._application.bot.get_updates(
                offset=self._offset,
                timeout=self._timeout,
                read_timeout=self._timeout + 10,
                allowed_updates=Update.ALL_TYPES,
            )
        )
        stop = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({fetch, stop}, return_when=asyncio.FIRST_COMPLETED)
        if stop in done:
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, NetworkError, TimedOut):
                await fetch
            return None
        stop.cancel()
        return list(fetch.result())

    async def _loop(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            try:
                updates = await self._fetch()
            except RetryAfter as exc:
                wait = exc.retry_after
                await asyncio.sleep(
                    wait.total_seconds() if hasattr(wait, "total_seconds") else wait
                )
                continue
            except Conflict:
                log.warning("another poller is running (409 Conflict); retrying")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            except InvalidToken:
                log.error("Telegram refused the bot token; polling stops")
                return
            except (TimedOut, NetworkError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.0f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            if updates is None:
                return
            backoff = 1.0
            for update in updates:
                await self._application.process_update(update)
                self._offset = update.update_id + 1
