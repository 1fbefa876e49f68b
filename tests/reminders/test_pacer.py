"""The pacer: one bot's messages kept under Telegram's limit as Telegram counts them.

Telegram counts a message when it arrives, somewhere between the request leaving and its
answer coming back. These tests send through the pacer with requests that take uneven times
and arrive at the worst moment of each, and count arrivals in every rolling second.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import itertools
import random
import time

import pytest

from bot.reminders.pacer import WINDOW, Pacer
from bot.store import Store
from bot.store.pace import Grant, Wait
from tests.helpers.postgres import fresh_database

LIMIT = 30


def _busiest_window(moments: list[float]) -> int:
    """Return the most moments that fall in any rolling window."""
    moments = sorted(moments)
    most, first = 0, 0
    for last, moment in enumerate(moments):
        while moment - moments[first] >= WINDOW:
            first += 1
        most = max(most, last - first + 1)
    return most


async def _senders(
    pacer: Pacer,
    count: int,
    *,
    seed: int = 0,
    slowest: float = 0.0,
    stall_after: int | None = None,
) -> list[float]:
    """Send `count` messages, 16 at a time; return when each reached "Telegram".

    Each request takes up to `slowest` seconds; odd ones arrive as they leave and even ones
    just before their answer, which bunches arrivals as much as travel times allow.
    `stall_after` blocks the event loop once, so that every waiting sender wakes late.
    """
    rng = random.Random(seed)
    arrivals: list[float] = []
    gate = asyncio.Semaphore(16)

    async def send(number: int) -> None:
        travel = rng.uniform(0, slowest)
        async with gate, pacer.turn():
            if number % 2:
                arrivals.append(time.monotonic())
            await asyncio.sleep(travel)
            if not number % 2:
                arrivals.append(time.monotonic())
            if stall_after is not None and len(arrivals) == stall_after:
                time.sleep(0.6)  # noqa: ASYNC251  # a blocked loop

    await asyncio.wait_for(asyncio.gather(*(send(n) for n in range(count))), timeout=60)
    return arrivals


async def test_even_travel_stays_within_the_limit(store: Store) -> None:
    arrivals = await _senders(Pacer(store, LIMIT), 45)
    assert len(arrivals) == 45
    assert _busiest_window(arrivals) <= LIMIT


async def test_uneven_travel_cannot_bunch_arrivals_over_the_limit(store: Store) -> None:
    """Requests that take up to 300 ms, arriving early or late: spacing alone would let up to
    ten more than the limit land in one second; the slots hold it."""
    arrivals = await _senders(Pacer(store, LIMIT), 90, slowest=0.3, seed=7)
    assert len(arrivals) == 90
    assert _busiest_window(arrivals) <= LIMIT


async def test_a_stalled_loop_does_not_release_a_burst_over_the_limit(store: Store) -> None:
    arrivals = await _senders(Pacer(store, LIMIT), 70, stall_after=20, slowest=0.05)
    assert len(arrivals) == 70
    assert _busiest_window(arrivals) <= LIMIT


async def test_a_slot_is_free_again_only_a_window_after_its_answer(store: Store) -> None:
    """One slot: a second message waits for the first one's answer plus the window."""
    first = await store.pace.claim("one", slots=1, interval=0.0, lead=0.0, lease=30)
    assert isinstance(first, Grant)
    waiting = await store.pace.claim("two", slots=1, interval=0.0, lead=0.0, lease=30)
    assert isinstance(waiting, Wait)  # the first is in flight
    await store.pace.release(first, 0.0, window=60)
    still = await store.pace.claim("two", slots=1, interval=0.0, lead=0.0, lease=30)
    assert isinstance(still, Wait)
    assert 59 < still.seconds <= 60  # until a window after the answer
    later = await store.pace.claim("two", slots=1, interval=0.0, lead=61.0, lease=30)
    assert isinstance(later, Grant)
    assert dtm.timedelta(seconds=59) < later.start - later.now <= dtm.timedelta(seconds=60)


async def test_a_slot_held_by_a_dead_instance_comes_back_after_its_lease(store: Store) -> None:
    held = await store.pace.claim("dead", slots=1, interval=0.0, lead=0.0, lease=30)
    assert isinstance(held, Grant)
    assert isinstance(await store.pace.claim("alive", slots=1, interval=0, lead=0, lease=30), Wait)
    await asyncio.sleep(0.05)
    taken = await store.pace.claim("alive", slots=1, interval=0.0, lead=0.0, lease=0.01)
    assert isinstance(taken, Grant)
    # The dead instance's late answer does not free the slot the living one now holds.
    await store.pace.release(held, 0.0, window=0)
    assert isinstance(await store.pace.claim("third", slots=1, interval=0, lead=0, lease=30), Wait)
    await store.pace.release(taken, 0.0, window=0)
    assert isinstance(await store.pace.claim("third", slots=1, interval=0, lead=0, lease=30), Grant)


async def test_moments_are_spaced_by_the_interval(store: Store) -> None:
    starts = []
    for number in range(5):
        grant = await store.pace.claim(str(number), slots=10, interval=0.5, lead=10, lease=30)
        assert isinstance(grant, Grant)
        starts.append(grant.start)
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(starts)]
    assert gaps == [0.5] * 4


@pytest.mark.postgres
async def test_two_instances_share_the_limit_instead_of_doubling_it() -> None:
    """Two instances (two stores, as two processes have) take their turns from one
    PostgreSQL database, which is what several instances need."""
    with fresh_database() as url:
        one, two = await Store.open(url), await Store.open(url)
        try:
            first, second = await asyncio.gather(
                _senders(Pacer(one, LIMIT), 45, slowest=0.2, seed=1),
                _senders(Pacer(two, LIMIT), 45, slowest=0.2, seed=2),
            )
        finally:
            await one.close()
            await two.close()
    assert len(first) == len(second) == 45
    assert _busiest_window(first + second) <= LIMIT
