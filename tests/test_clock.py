"""The injected clocks: a manual monotonic clock wakes its sleepers when moved, never before."""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import ManualMonotonic, SystemMonotonic


async def test_sleepers_wake_when_the_clock_passes_their_time_and_not_before() -> None:
    clock = ManualMonotonic(start=100.0)
    woke: list[tuple[str, float]] = []

    async def nap(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append((name, clock.now()))

    async with asyncio.timeout(5), asyncio.TaskGroup() as tasks:
        tasks.create_task(nap("long", 2.0))
        tasks.create_task(nap("short", 0.5))
        await clock.sleeping(2)
        assert clock.next_wake() == 100.5
        clock.advance(0.4)
        await asyncio.sleep(0)
        assert woke == []
        clock.advance(0.1)
        await clock.sleeping(1)  # "short" is gone; "long" still waits
        await asyncio.sleep(0)
        assert woke == [("short", 100.5)]
        clock.advance(5.0)
    assert woke == [("short", 100.5), ("long", 105.5)]
    assert clock.sleepers == 0


async def test_a_cancelled_sleeper_is_forgotten() -> None:
    clock = ManualMonotonic()
    nap = asyncio.create_task(clock.sleep(1.0))
    async with asyncio.timeout(5):
        await clock.sleeping(1)
        nap.cancel()
        with pytest.raises(asyncio.CancelledError):
            await nap
    assert (clock.sleepers, clock.next_wake()) == (0, None)
    with pytest.raises(ValueError, match="does not go back"):
        clock.advance(-1.0)


async def test_the_system_clock_moves_forward() -> None:
    clock = SystemMonotonic()
    before = clock.now()
    await clock.sleep(0)
    assert clock.now() >= before
