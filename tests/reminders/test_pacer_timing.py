"""The pacer's own timing, on a manual monotonic clock: when a turn starts, what a release says.

The database decides each message's moment (tests/reminders/test_pacer.py runs it for real);
here a scripted book of moments stands in for it, so that the pacer's local arithmetic is
checked without waiting: a message never leaves before its moment, and its slot is freed
counting from before the database was asked.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dtm
from typing import cast

from bot.clock import ManualMonotonic
from bot.reminders.pacer import MAX_WAIT, Pacer
from bot.store import Store
from bot.store.pace import Grant, Wait

T0 = dtm.datetime(2021, 12, 31, 8, 0, tzinfo=dtm.UTC)


@dataclasses.dataclass
class ScriptedPace:
    """Answers claims from a script; each claim takes `round_trip` seconds of the clock."""

    mono: ManualMonotonic
    answers: list[float | str]  # a number: granted that many seconds ahead; "wait:N": wait N s
    round_trip: float = 0.125  # times that binary fractions hold exactly
    released: list[float] = dataclasses.field(default_factory=list)
    claims: int = 0

    async def claim(self, holder: str, **_: float) -> Grant | Wait:
        self.claims += 1
        self.mono.advance(self.round_trip)
        answer = self.answers.pop(0)
        if isinstance(answer, str):
            return Wait(float(answer.removeprefix("wait:")))
        return Grant(slot=0, holder=holder, start=T0 + dtm.timedelta(seconds=answer), now=T0)

    async def release(self, grant: Grant, answered_after: float, window: float) -> None:
        self.released.append(answered_after)


@dataclasses.dataclass
class _Store:
    pace: ScriptedPace


def pacer_on(pace: ScriptedPace) -> Pacer:
    return Pacer(cast(Store, _Store(pace)), per_second=30, monotonic=pace.mono)


async def test_a_turn_starts_at_its_moment_and_never_before() -> None:
    mono = ManualMonotonic()
    pace = ScriptedPace(mono, answers=[0.25])
    entered: list[float] = []

    async def send() -> None:
        async with pacer_on(pace).turn():
            entered.append(mono.now())
            mono.advance(0.25)  # the request travels, and its answer comes back

    async with asyncio.timeout(5):
        sending = asyncio.create_task(send())
        await mono.sleeping(1)
        # Granted 0.25 s ahead, answered at 0.125: it leaves at 0.375 (the database read its
        # clock at some point of the round trip, at the latest when the answer came).
        assert mono.next_wake() == 0.375
        mono.advance(0.125)
        await asyncio.sleep(0)
        assert entered == []
        mono.advance(0.125)
        await sending
    assert entered == [0.375]
    # The slot is freed counting from before the claim was sent: never too soon.
    assert pace.released == [0.625]


async def test_a_refused_turn_asks_again_at_least_every_max_wait() -> None:
    mono = ManualMonotonic()
    pace = ScriptedPace(mono, answers=["wait:5", "wait:0.25", 0.0])
    async with asyncio.timeout(5):
        sending = asyncio.create_task(_one_turn(pacer_on(pace)))
        await mono.sleeping(1)
        assert (pace.claims, mono.next_wake()) == (1, 0.125 + MAX_WAIT)  # not 5 s
        mono.advance(MAX_WAIT)
        await mono.sleeping(1)
        assert (pace.claims, mono.next_wake()) == (2, 0.125 + MAX_WAIT + 0.125 + 0.25)
        mono.advance(0.25)
        await sending
    assert pace.claims == 3
    assert pace.released == [0.125]  # its own claim's round trip, nothing sent


async def _one_turn(pacer: Pacer) -> None:
    async with pacer.turn():
        pass
