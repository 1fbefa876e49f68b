"""The pacer: one bot's messages spread under Telegram's limit, even when the loop stalls."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.reminders.pacer import WINDOW, Pacer
from bot.store import Store
from tests.helpers.postgres import fresh_database


def _busiest_window(starts: list[float]) -> int:
    """Return the most starts that fall in any rolling window."""
    starts = sorted(starts)
    most, first = 0, 0
    for last, moment in enumerate(starts):
        while moment - starts[first] >= WINDOW:
            first += 1
        most = max(most, last - first + 1)
    return most


async def _senders(pacer: Pacer, count: int, stall_after: int | None = None) -> list[float]:
    """Run `count` senders taking turns, 16 at a time; optionally block the loop once."""
    starts: list[float] = []
    gate = asyncio.Semaphore(16)

    async def send() -> None:
        async with gate:
            await pacer.turn()
            starts.append(time.monotonic())
            if stall_after is not None and len(starts) == stall_after:
                time.sleep(0.6)  # noqa: ASYNC251  # a blocked loop: every waiting sender wakes late

    await asyncio.wait_for(asyncio.gather(*(send() for _ in range(count))), timeout=30)
    return starts


async def test_one_instance_stays_under_the_limit_in_every_rolling_second(store: Store) -> None:
    starts = await _senders(Pacer(store, 30), 45)
    assert len(starts) == 45
    assert _busiest_window(starts) <= 29


async def test_a_stalled_loop_does_not_release_a_burst_over_the_limit(store: Store) -> None:
    starts = await _senders(Pacer(store, 30), 70, stall_after=20)
    assert len(starts) == 70
    assert _busiest_window(starts) <= 29


@pytest.mark.postgres
async def test_two_instances_share_the_limit_instead_of_doubling_it() -> None:
    """Two instances (two stores, as two processes have) reserve their moments from one
    PostgreSQL database, which is what several instances need."""
    with fresh_database() as url:
        one, two = await Store.open(url), await Store.open(url)
        try:
            first, second = await asyncio.gather(
                _senders(Pacer(one, 30), 30), _senders(Pacer(two, 30), 30)
            )
        finally:
            await one.close()
            await two.close()
    assert _busiest_window(first + second) <= 30
