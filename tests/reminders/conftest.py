"""Fixtures for the reminder tests: followers, sessions, a scripted sender, PTB's int warning."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dtm
from collections.abc import Sequence
from typing import Any

import pytest

from bot.clock import Monotonic, SystemMonotonic
from bot.models import Chat, ChatKind, Event
from bot.store import Store
from tests.helpers.drafts import draft


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns when RetryAfter.retry_after is read as an int; opt in to timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def follower(
    store: Store,
    chat_id: int,
    *tracks: str,
    timezone: str = "UTC",
    offsets: Sequence[int] = (60,),
    allday: dtm.time | None = None,
    digest: bool = False,
    kind: ChatKind = ChatKind.PRIVATE,
) -> Chat:
    """Store a chat that follows `tracks` (default: the NATO–Russia Council) with settings."""
    await store.chats.ensure(chat_id, kind, None, timezone)
    for track in tracks or ("nato-russia-council",):
        await store.chats.subscribe(chat_id, track)
    changes: dict[str, Any] = {"reminder_offsets": list(offsets), "digest": digest}
    if allday is not None:
        changes["allday_time"] = allday
    return await store.chats.change(chat_id, **changes)


async def session(store: Store, start: dtm.datetime | None = None, **overrides: Any) -> Event:
    """Store a session of the NATO–Russia Council: timed at `start` (UTC), else all-day."""
    if start is not None:
        overrides = {"start_date": start.date(), "end_date": start.date(), "start_at": start} | (
            overrides
        )
    return await store.events.create(draft(**overrides), "test")


@dataclasses.dataclass(frozen=True, slots=True)
class Sent:
    """One message the fake sender delivered."""

    chat_id: int
    html: str
    started: float  # monotonic
    finished: float


class FakeSender:
    """A Sender that records what it sends and raises what a test scripts, chat by chat.

    Its times and its `latency` are on `monotonic`: give it the test's ManualMonotonic.
    """

    def __init__(self, latency: float = 0.0, monotonic: Monotonic | None = None) -> None:
        self.mono = monotonic or SystemMonotonic()
        self.sent: list[Sent] = []
        self.failures: dict[int, list[BaseException]] = {}
        self.latency = latency
        self.gate: asyncio.Event | None = None  # when set, sends wait for it to open
        self.in_flight: dict[int, int] = {}
        self.most_in_flight = 0
        self.most_per_chat = 0
        self.calls = 0
        self.entered = asyncio.Event()
        self._next_id = 100

    def fail(self, chat_id: int, *errors: BaseException) -> None:
        """Make the next sends to a chat raise these errors, one each."""
        self.failures.setdefault(chat_id, []).extend(errors)

    async def send(self, chat_id: int, html: str) -> int:
        self.calls += 1
        started = self.mono.now()
        self.in_flight[chat_id] = self.in_flight.get(chat_id, 0) + 1
        self.most_per_chat = max(self.most_per_chat, self.in_flight[chat_id])
        self.most_in_flight = max(self.most_in_flight, sum(self.in_flight.values()))
        self.entered.set()
        try:
            if self.gate is not None:
                await self.gate.wait()
            if self.latency:
                await self.mono.sleep(self.latency)
            pending = self.failures.get(chat_id)
            if pending:
                raise pending.pop(0)
            self._next_id += 1
            self.sent.append(Sent(chat_id, html, started, self.mono.now()))
            return self._next_id
        finally:
            self.in_flight[chat_id] -= 1

    def to(self, chat_id: int) -> list[Sent]:
        """Return what went to one chat."""
        return [s for s in self.sent if s.chat_id == chat_id]
