"""Run the real reminder pipeline on a simulated clock: each delivery goes out at its due time."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Awaitable, Callable

from bot.clock import ManualClock
from bot.reminders import Reminders
from bot.store import Store

StepHook = Callable[[dtm.datetime], Awaitable[None]]
NUDGE = dtm.timedelta(seconds=1)  # past a due time that claimed nothing, so the clock moves
HOP = dtm.timedelta(days=7)  # the longest move without planning: well within the horizon
MAX_STEPS = 10_000
MAX_ROUNDS = 50  # dispatch runs per step, as the alarm does


class Simulation:
    """Move a ManualClock forward, stopping at every due delivery to plan and dispatch.

    The planner and the dispatcher are the ones the bot runs (through the Reminders facade);
    only the alarm is replaced: APScheduler tells wall-clock time, this tells simulated time.
    """

    def __init__(self, reminders: Reminders, store: Store, clock: ManualClock) -> None:
        self._reminders = reminders
        self._store = store
        self._clock = clock

    @property
    def now(self) -> dtm.datetime:
        """Return the simulated time."""
        return self._clock.now()

    async def run_due(self) -> int:
        """Plan, then send everything due now; return how many deliveries were claimed."""
        await self._reminders.planner.plan_all()
        claimed = 0
        for _ in range(MAX_ROUNDS):
            report = await self._reminders.dispatcher.run_once()
            claimed += report.claimed
            for _old, new in report.migrated:
                await self._reminders.planner.chat_changed(new)
            if report.claimed == 0:
                break
        return claimed

    async def advance(self, until: dtm.datetime, on_step: StepHook | None = None) -> int:
        """Move the clock to `until`, sending each delivery due on the way at its due time.

        `on_step` is awaited after each stop, with the simulated time. Return the stops made.
        """
        if until < self.now:
            raise ValueError("the simulated clock only moves forward")
        stops = 0
        await self._reminders.planner.plan_all()
        stalled: dtm.datetime | None = None
        while stops < MAX_STEPS:
            due = await self._store.deliveries.next_due()
            hop = min(until, self.now + HOP)
            if due is None or due > hop:
                if hop >= until:
                    break
                # Nothing due soon: move a week, and plan what the planner's horizon reaches.
                self._clock.set(hop)
                stops += 1
                await self.run_due()
                continue
            moment = max(due, self.now)
            if moment == stalled:
                moment += NUDGE
                if moment > until:
                    break
            self._clock.set(moment)
            stops += 1
            stalled = None if await self.run_due() else moment
            if on_step is not None:
                await on_step(moment)
        self._clock.set(until)
        await self.run_due()
        if on_step is not None:
            await on_step(until)
        return stops + 1
