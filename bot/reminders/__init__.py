"""Reminders: plan deliveries from the calendar, send them when due, wake up on time."""

from __future__ import annotations

import datetime as dtm
import os
import socket
import uuid
from typing import TYPE_CHECKING, Any

from bot.clock import Clock, Monotonic
from bot.config import Settings
from bot.models import Event
from bot.reminders.dispatcher import LEASE, Dispatcher, DispatchReport, claim_size
from bot.reminders.pacer import Pacer
from bot.reminders.planner import HORIZON, Planner
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.sender import (
    ChatGone,
    ChatMoved,
    MessageRejected,
    RetryLater,
    Sender,
    SendError,
    TransientSendError,
)
from bot.store import Store

if TYPE_CHECKING:
    from telegram.ext import JobQueue

__all__ = [
    "ChatGone",
    "ChatMoved",
    "DispatchReport",
    "Dispatcher",
    "MessageRejected",
    "Planner",
    "ReminderScheduler",
    "Reminders",
    "RetryLater",
    "SendError",
    "Sender",
    "TransientSendError",
    "instance_name",
]


def instance_name() -> str:
    """Return a name for this process's claims: host, pid and a random suffix (≤ 64 chars)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Reminders:
    """The one handle callers use: tell it what changed; it replans and re-arms the alarm.

    Callers: the bot's handlers after /subscribe, /unsubscribe, /remind, /timezone,
    /alldaytime, /digest (`chat_changed`); the importer and the editor after a session is
    added or changed (`event_created`, `event_changed`); `negbot run` (`start`, `stop`).
    """

    def __init__(
        self,
        store: Store,
        sender: Sender,
        clock: Clock,
        *,
        owner: str | None = None,
        grace: dtm.timedelta = dtm.timedelta(hours=6),
        lease: dtm.timedelta = LEASE,
        per_chat_interval: float = 1.0,
        sweep_seconds: float = 30.0,
        horizon: dtm.timedelta = HORIZON,
        pacer: Pacer | None = None,
        batch: int = 60,
        monotonic: Monotonic | None = None,
    ) -> None:
        self.store = store
        self.planner = Planner(store, clock, grace, horizon)
        self.dispatcher = Dispatcher(
            store,
            sender,
            clock,
            owner or instance_name(),
            grace=grace,
            lease=lease,
            per_chat_interval=per_chat_interval,
            pacer=pacer,
            batch=batch,
            monotonic=monotonic,
        )
        self._sweep_seconds = sweep_seconds
        self.scheduler: ReminderScheduler | None = None

    @classmethod
    def from_settings(
        cls,
        store: Store,
        sender: Sender,
        clock: Clock,
        settings: Settings,
        owner: str | None = None,
    ) -> Reminders:
        """Build the reminders with the grace, lease, pacing and sweep from the settings.

        A claim takes about two seconds of sending at the bot's rate (`claim_size`).
        """
        return cls(
            store,
            sender,
            clock,
            owner=owner,
            grace=settings.reminder_grace,
            lease=dtm.timedelta(seconds=settings.lease_seconds),
            per_chat_interval=settings.per_chat_interval,
            sweep_seconds=settings.sweep_seconds,
            pacer=Pacer(store, settings.telegram_max_rate),
            batch=claim_size(settings.telegram_max_rate),
        )

    async def start(self, job_queue: JobQueue[Any]) -> None:
        """Start the sweep and the alarm on the application's job queue."""
        self.scheduler = ReminderScheduler(
            job_queue, self.dispatcher, self.planner, self.store, self._sweep_seconds
        )
        await self.scheduler.start()

    async def stop(self) -> None:
        """Stop waking up; let the messages in flight finish; give back what was claimed."""
        if self.scheduler is not None:
            await self.scheduler.stop()
        else:
            await self.dispatcher.stop()

    async def event_created(self, event: Event) -> None:
        """Plan the reminders of a new session."""
        await self.planner.plan_event(event)
        await self._rearm()

    async def event_changed(self, before: Event, after: Event) -> None:
        """Tell followers what changed (if the schedule did) and replan the session."""
        await self.planner.event_changed(before, after)
        await self._rearm()

    async def chat_changed(self, chat_id: int) -> None:
        """Replan a chat after its subscriptions or settings changed."""
        await self.planner.chat_changed(chat_id)
        await self._rearm()

    async def _rearm(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.rearm()
