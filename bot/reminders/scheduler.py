"""The alarm clock: PTB's JobQueue (APScheduler 3) wakes the dispatcher at the next due time."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from typing import TYPE_CHECKING, Any

from bot.clock import SystemClock
from bot.reminders.dispatcher import Dispatcher, DispatchReport
from bot.reminders.planner import Planner
from bot.store import Store

if TYPE_CHECKING:
    from telegram.ext import CallbackContext, Job, JobQueue

    Context = CallbackContext[Any, Any, Any, Any]

log = logging.getLogger(__name__)

ALARM = "negbot-alarm"
SWEEP = "negbot-sweep"
PLAN_EVERY = 10  # the sweep replans everything on its first run and every PLAN_EVERY-th after
MAX_ROUNDS = 50  # dispatch runs per wake-up before handing back to the event loop's schedule


class ReminderScheduler:
    """Arm one APScheduler job for the next due delivery, and sweep every `sweep_seconds`.

    APScheduler only tells time here: the deliveries table is the truth. The alarm is a date
    job with a fixed id (re-arming replaces it) and no misfire grace, since APScheduler 3 drops
    one-off jobs more than 1 s late by default. The sweep catches up whatever a restart, another
    instance or a missed re-arm left due, and replans every session every few rounds.
    """

    def __init__(
        self,
        job_queue: JobQueue[Any],
        dispatcher: Dispatcher,
        planner: Planner,
        store: Store,
        sweep_seconds: float = 30.0,
        *,
        first_sweep: float = 1.0,
        plan_every: int = PLAN_EVERY,
    ) -> None:
        self._jobs = job_queue
        self._dispatcher = dispatcher
        self._planner = planner
        self._store = store
        self._sweep_seconds = sweep_seconds
        self._first_sweep = first_sweep
        self._plan_every = max(1, plan_every)
        self._sweeps = 0
        self._running = False
        self._rearm_lock = asyncio.Lock()

    @property
    def alarm(self) -> Job[Any] | None:
        """Return the armed alarm job, if any."""
        found = self._jobs.get_jobs_by_name(ALARM)
        return found[0] if found else None

    async def start(self) -> None:
        """Register the sweep, listen for changes in the store, and arm the alarm."""
        if self._running:
            return
        self._running = True
        self._jobs.run_repeating(
            self._sweep,
            interval=self._sweep_seconds,
            first=self._first_sweep,
            name=SWEEP,
            job_kwargs={
                "id": SWEEP,
                "replace_existing": True,
                "misfire_grace_time": None,
                "coalesce": True,
                "max_instances": 1,
            },
        )
        self._store.db.listen(self._changed)
        await self.rearm()

    async def stop(self) -> None:
        """Remove the jobs and stop the dispatcher, letting the messages in flight finish."""
        self._running = False
        for name in (SWEEP, ALARM):
            for job in self._jobs.get_jobs_by_name(name):
                job.schedule_removal()
        await self._dispatcher.stop()

    async def rearm(self) -> dtm.datetime | None:
        """Arm the alarm at the next due delivery (or disarm it); return when it will ring."""
        if not self._running:
            return None
        async with self._rearm_lock:
            due = await self._store.deliveries.next_due()
            if due is None:
                if (alarm := self.alarm) is not None:
                    alarm.schedule_removal()
                return None
            pause = self._dispatcher.paused_for()
            if pause > 0:
                # Ringing during a flood-control pause would only find the dispatcher idle.
                due = max(due, SystemClock().now() + dtm.timedelta(seconds=pause))
            self._jobs.run_once(
                self._ring,
                when=due,
                name=ALARM,
                job_kwargs={"id": ALARM, "replace_existing": True, "misfire_grace_time": None},
            )
            return due

    async def dispatch(self) -> list[DispatchReport]:
        """Dispatch until nothing more is due (or MAX_ROUNDS runs); follow moved chats."""
        reports = []
        for _ in range(MAX_ROUNDS):
            report = await self._dispatcher.run_once()
            reports.append(report)
            for _old, new in report.migrated:
                await self._planner.chat_changed(new)
            if report.claimed == 0 or not self._running:
                break
        return reports

    async def _ring(self, context: Context) -> None:
        """Send what is due, then arm the alarm for the next one."""
        try:
            await self.dispatch()
        except Exception:
            log.exception("the reminder alarm failed; the sweep will catch up")
        finally:
            await self._rearm_quietly()

    async def _sweep(self, context: Context) -> None:
        """Replan now and then, send what is due, re-arm."""
        try:
            if self._sweeps % self._plan_every == 0:
                await self._planner.plan_all(stopping=lambda: not self._running)
            self._sweeps += 1
            await self.dispatch()
        except Exception:
            log.exception("the reminder sweep failed; it runs again in %g s", self._sweep_seconds)
        finally:
            await self._rearm_quietly()

    async def _changed(self) -> None:
        """Re-arm after a change in the store (events, subscriptions, chat settings)."""
        await self._rearm_quietly()

    async def _rearm_quietly(self) -> None:
        try:
            await self.rearm()
        except Exception:
            log.exception("could not re-arm the reminder alarm")
