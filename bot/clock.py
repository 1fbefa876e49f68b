"""Time as a dependency: services ask a clock (wall or monotonic), tests move it."""

from __future__ import annotations

import asyncio
import datetime as dtm
import heapq
import itertools
import time
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> dtm.datetime:
        """Return the current time, aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> dtm.datetime:
        """Return the current time, aware, in UTC."""
        return dtm.datetime.now(dtm.UTC)


class ManualClock:
    """A clock that only moves when told to, for tests and simulations."""

    def __init__(self, start: dtm.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(dtm.UTC)

    def now(self) -> dtm.datetime:
        """Return the clock's current time."""
        return self._now

    def set(self, when: dtm.datetime) -> None:
        """Move the clock to `when` (aware)."""
        if when.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = when.astimezone(dtm.UTC)

    def advance(self, delta: dtm.timedelta) -> dtm.datetime:
        """Move the clock forward by `delta` and return the new time."""
        self._now += delta
        return self._now


class Monotonic(Protocol):
    """Something that measures elapsed time in seconds and waits for it to pass."""

    def now(self) -> float:
        """Return seconds on a clock that never goes back (its origin means nothing)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Return once `seconds` have passed on this clock."""
        ...


class SystemMonotonic:
    """The real monotonic clock, and the event loop's sleep."""

    def now(self) -> float:
        """Return `time.monotonic()`."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop."""
        await asyncio.sleep(max(0.0, seconds))


class ManualMonotonic:
    """A monotonic clock that only moves when told to; sleepers wake when it passes their time.

    Nothing here waits on real time: a test moves the clock with `advance`, and can wait until
    the code under test has gone to sleep on it (`sleeping`), which is progress, not time.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._counter = itertools.count()
        self._changed: asyncio.Condition | None = None

    def now(self) -> float:
        """Return the clock's current reading."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Wait until the clock has been moved `seconds` past its reading now."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._counter), wake))
        await self._notify()
        try:
            await wake
        finally:
            if not wake.done():  # cancelled: forget it
                self._sleepers = [s for s in self._sleepers if s[2] is not wake]
                heapq.heapify(self._sleepers)

    def advance(self, seconds: float) -> float:
        """Move the clock forward, wake every sleeper whose time came; return the new reading."""
        if seconds < 0:
            raise ValueError("a monotonic clock does not go back")
        self._now += seconds
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                wake.set_result(None)
        return self._now

    @property
    def sleepers(self) -> int:
        """Return how many callers are asleep on this clock."""
        return sum(1 for _, _, wake in self._sleepers if not wake.done())

    def next_wake(self) -> float | None:
        """Return the earliest time a sleeper waits for, if any."""
        return min((at for at, _, wake in self._sleepers if not wake.done()), default=None)

    async def sleeping(self, count: int) -> None:
        """Return once at least `count` callers are asleep on this clock."""
        changed = self._condition()
        async with changed:
            await changed.wait_for(lambda: self.sleepers >= count)

    async def _notify(self) -> None:
        changed = self._condition()
        async with changed:
            changed.notify_all()

    def _condition(self) -> asyncio.Condition:
        # Made on first use, inside the running loop.
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed
