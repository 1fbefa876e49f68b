"""Keep the bot's messages under Telegram's limit across every instance that sends for it.

Telegram allows a bot about 30 messages in any rolling second, whatever the number of
processes sending for it, and counts a message when it arrives. Each message takes a turn from
the database (bot.store.pace): the next evenly spaced moment, and a slot it holds until a second
after its answer. The spacing gives an even flow near the limit; the slots make the limit hold
even when requests travel unevenly (a stalled event loop, a slow answer), because a slot is
only taken again once the message that held it can no longer be in Telegram's window.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import logging
import math
import os
import secrets
from collections.abc import AsyncIterator

from bot.clock import Monotonic, SystemMonotonic
from bot.store import Store
from bot.store.pace import Grant

log = logging.getLogger(__name__)

MARGIN = 0.98  # spacing a little under the limit leaves the slots something to spare
WINDOW = 1.0  # seconds: the rolling window Telegram counts a bot's messages in
LEASE = 30.0  # seconds: a slot held longer belongs to an instance that died mid-send
MAX_WAIT = 0.5  # seconds: ask again at least this often while waiting for a turn


class Pacer:
    """Hands out turns: `async with pacer.turn():` sends one message at an allowed moment."""

    def __init__(
        self,
        store: Store,
        per_second: float,
        window: float = WINDOW,
        monotonic: Monotonic | None = None,
    ) -> None:
        self._store = store
        self._mono = monotonic or SystemMonotonic()
        self._window = window
        self._interval = 1.0 / (per_second * MARGIN)
        # Rounding down: a limit of 30 a second gives 30 slots, and 30 in a window is allowed.
        self._slots = max(1, math.floor(per_second * window))
        # A turn is granted shortly before its moment, so that the next one is ready in time
        # without holding slots long before their messages leave.
        self._lead = 1.5 * self._interval
        self._lock = asyncio.Lock()
        self._name = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._counter = itertools.count()

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait for this instance's next turn; the body sends one message and gets its answer."""
        grant = await self._claim()
        try:
            delay = grant.start_in - (self._mono.now() - grant.granted)
            if delay > 0:
                await self._mono.sleep(delay)
            yield
        finally:
            await self._release(grant.grant, self._mono.now() - grant.asked)

    async def _claim(self) -> _Held:
        # One claim at a time per instance: waiting senders ask the database once, not each.
        async with self._lock:
            while True:
                holder = f"{self._name}-{next(self._counter)}"
                asked = self._mono.now()
                answer = await self._store.pace.claim(
                    holder,
                    slots=self._slots,
                    interval=self._interval,
                    lead=self._lead,
                    lease=LEASE,
                )
                granted = self._mono.now()
                if isinstance(answer, Grant):
                    start_in = (answer.start - answer.now).total_seconds()
                    return _Held(answer, asked, granted, start_in)
                await self._mono.sleep(min(max(answer.seconds, 0.001), MAX_WAIT))

    async def _release(self, grant: Grant, answered_after: float) -> None:
        try:
            await self._store.pace.release(grant, answered_after, self._window)
        except Exception:
            # Not fatal: the slot comes back when its lease runs out.
            log.warning("could not free send slot %d; it frees itself in %.0f s", grant.slot, LEASE)


@dataclasses.dataclass(frozen=True, slots=True)
class _Held:
    """A grant, with local moments that map its database times the safe way round.

    The database read its clock between `asked` and `granted`: the message leaves `start_in`
    seconds after `granted`, never early, and its slot is freed counting from `asked`, never
    too soon.
    """

    grant: Grant
    asked: float
    granted: float
    start_in: float
