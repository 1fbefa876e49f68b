"""Space the bot's messages evenly across every instance that sends for it.

Telegram allows a bot about 30 messages a second, whatever the number of processes sending for
it. Each instance reserves a few moments at a time from the database (bot.store.pace) and sends
one message at each: two instances share the limit instead of doubling it, and one alone uses
all of it.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time

from bot.store import Store

BATCH = 6  # moments reserved per trip to the database
# Requests leave on time but arrive with jitter; Telegram counts arrivals in any rolling second.
# Aiming a little under the limit keeps a jittered second from holding one message too many.
MARGIN = 0.96
WINDOW = 1.0  # seconds: the rolling window Telegram counts a bot's messages in


class Pacer:
    """Hands out send moments; `turn()` returns when this instance may send its next message."""

    def __init__(self, store: Store, per_second: float, batch: int = BATCH) -> None:
        self._store = store
        self._interval = 1.0 / (per_second * MARGIN)
        self._batch = batch
        self._moments: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()
        # However late the event loop wakes the senders, this instance never starts more than
        # one message short of the limit in any rolling second.
        self._cap = max(1, math.ceil(per_second) - 1)
        self._started: collections.deque[float] = collections.deque()

    async def turn(self) -> None:
        """Wait for this instance's next moment to send."""
        async with self._lock:
            now = time.monotonic()
            while self._moments and self._moments[0] < now - self._interval:
                self._moments.popleft()  # moments left unused while nothing was to be sent
            if not self._moments:
                first, database_now = await self._store.pace.reserve(self._batch, self._interval)
                start = time.monotonic() + (first - database_now).total_seconds()
                self._moments.extend(start + i * self._interval for i in range(self._batch))
            moment = self._moments.popleft()
        delay = moment - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        await self._within_window()

    async def _within_window(self) -> None:
        """Wait while this instance started `cap` messages in the last rolling second.

        A stalled event loop wakes several senders at once, late for their moments; without
        this they would all go in the same instant and push that second over the limit.
        """
        while True:
            now = time.monotonic()
            while self._started and now - self._started[0] >= WINDOW:
                self._started.popleft()
            if len(self._started) < self._cap:
                self._started.append(now)
                return
            await asyncio.sleep(self._started[0] + WINDOW - now)
