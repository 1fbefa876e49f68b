"""Waiting for a real process's work: patient while it progresses, quick to fail when it stalls.

A fan-out over thousands of chats runs as fast as the machine lets it: on a loaded CI machine
a fixed deadline fails a run that was merely slow. These waits fail when the count stops
growing for `stall` seconds, and in any case after `bound` seconds; the caller asserts on
the count they return, with what it knows of why (the process's log).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

POLL = 0.5  # seconds between looks at the count


async def wait_for_count(
    count: Callable[[], int],
    target: int,
    *,
    stall: float = 60.0,
    bound: float = 900.0,
) -> int:
    """Wait until count() reaches target, it stalls, or `bound` passes; return the count."""
    loop = asyncio.get_running_loop()
    started = moved = loop.time()
    seen = count()
    while seen < target:
        now = loop.time()
        if now - moved > stall or now - started > bound:
            break
        await asyncio.sleep(POLL)
        latest = count()
        if latest > seen:
            moved = loop.time()
        seen = latest
    return seen
