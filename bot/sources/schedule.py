"""Poll the sources inside `negbot run`: every due source, once a minute, until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from bot.clock import Monotonic, SystemMonotonic
from bot.config import Settings
from bot.services.sources import SourcesService
from bot.sources.http import HttpClient
from bot.sources.reader import WebReader

log = logging.getLogger(__name__)


class SourcesLoop:
    """Calls `poll` now and then every `check` seconds; a failing pass never ends the loop."""

    def __init__(
        self, poll: Callable[[], Awaitable[object]], clock: Monotonic, check: float
    ) -> None:
        self._poll = poll
        self._clock = clock
        self._check = check
        self.passes = 0
        self._passed: asyncio.Condition | None = None

    async def run(self) -> None:
        """Poll, sleep, repeat, until cancelled."""
        while True:
            try:
                await self._poll()
            except Exception:
                log.exception("a pass over the sources failed; the next one comes as planned")
            passed = self._condition()
            async with passed:
                self.passes += 1
                passed.notify_all()
            await self._clock.sleep(self._check)

    async def passed(self, count: int) -> None:
        """Return once `count` passes are done (progress, not time)."""
        passed = self._condition()
        async with passed:
            await passed.wait_for(lambda: self.passes >= count)

    def _condition(self) -> asyncio.Condition:
        # Made on first use, inside the running loop.
        if self._passed is None:
            self._passed = asyncio.Condition()
        return self._passed


@contextlib.asynccontextmanager
async def polling_sources(
    settings: Settings, sources: SourcesService, clock: Monotonic | None = None
) -> AsyncIterator[SourcesLoop]:
    """Run the loop over the due sources in the background until the block ends."""
    client = HttpClient(contact=settings.public_url, timeout=settings.source_timeout)
    reader = WebReader(sources.clock, client=client, spacing=settings.source_spacing)
    poller = sources.poller(reader)
    loop = SourcesLoop(poller.poll_due, clock or SystemMonotonic(), settings.sources_check_seconds)
    task = asyncio.create_task(loop.run(), name="negbot sources")
    try:
        yield loop
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await reader.close()
