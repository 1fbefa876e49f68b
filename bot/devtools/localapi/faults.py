"""Injected faults and Telegram's flood limit: the ways the local Bot API refuses a call."""

from __future__ import annotations

import collections
import dataclasses
import itertools
import time
from collections.abc import Callable
from typing import Literal

from . import errors
from .errors import ApiError

FaultKind = Literal["retry_after", "blocked", "migrated", "server_error", "delay"]

# Telegram counts messages, not calls, against a bot's flood limit.
FLOOD_METHODS = frozenset({"sendMessage", "sendDocument", "copyMessage", "forwardMessage"})


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Fault:
    """What to do to a matching call: refuse it one of Telegram's ways, or answer it late."""

    kind: FaultKind
    retry_after: int = 1
    new_chat_id: int | None = None
    status: int = 502
    delay: float = 0.0

    @classmethod
    def too_many_requests(cls, retry_after: int = 1) -> Fault:
        return cls(kind="retry_after", retry_after=retry_after)

    @classmethod
    def bot_blocked(cls) -> Fault:
        return cls(kind="blocked")

    @classmethod
    def chat_migrated(cls, new_chat_id: int) -> Fault:
        return cls(kind="migrated", new_chat_id=new_chat_id)

    @classmethod
    def server_error(cls, status: int = 502) -> Fault:
        return cls(kind="server_error", status=status)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls(kind="delay", delay=seconds)

    def error(self) -> ApiError | None:
        """The answer this fault gives instead of the method's own, if any."""
        if self.kind == "retry_after":
            return errors.too_many_requests(self.retry_after)
        if self.kind == "blocked":
            return errors.bot_blocked()
        if self.kind == "migrated":
            if self.new_chat_id is None:
                raise ValueError("a chat_migrated fault needs new_chat_id")
            return errors.chat_migrated(self.new_chat_id)
        if self.kind == "server_error":
            return errors.server_error(self.status)
        return None


@dataclasses.dataclass(slots=True, kw_only=True)
class FaultRule:
    """A fault applied to calls of one method (or all) for one chat (or all), N times or until."""

    id: int
    fault: Fault
    method: str | None = None
    chat_id: int | None = None
    remaining: int | None = 1
    expires_at: float | None = None

    def alive(self, now: float) -> bool:
        """Whether the rule has calls and time left."""
        expired = self.expires_at is not None and now >= self.expires_at
        return not expired and (self.remaining is None or self.remaining > 0)

    def applies(self, method: str, chat_id: int | None, now: float) -> bool:
        if not self.alive(now):
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id


class FaultBook:
    """The active fault rules, consumed in the order they were added."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    @property
    def rules(self) -> tuple[FaultRule, ...]:
        return tuple(self._rules)

    def add(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
        duration: float | None = None,
    ) -> FaultRule:
        """Apply fault to the next `times` matching calls (None: no count) within `duration`."""
        fault.error()  # validates the fault now rather than at the first matching call
        expires_at = None if duration is None else self._clock() + duration
        rule = FaultRule(
            id=next(self._ids),
            fault=fault,
            method=method,
            chat_id=chat_id,
            remaining=times,
            expires_at=expires_at,
        )
        self._rules.append(rule)
        return rule

    def remove(self, rule_id: int) -> None:
        self._rules = [rule for rule in self._rules if rule.id != rule_id]

    def clear(self) -> None:
        self._rules.clear()

    def take(self, method: str, chat_id: int | None) -> tuple[float, ApiError | None]:
        """Consume the rules matching a call: the total delay, then the first error, if any."""
        now = self._clock()
        delay = 0.0
        error: ApiError | None = None
        for rule in self._rules:
            if not rule.applies(method, chat_id, now):
                continue
            rule_error = rule.fault.error()
            if rule_error is not None and error is not None:
                continue  # one call gets one error; later error rules keep their count
            if rule.remaining is not None:
                rule.remaining -= 1
            delay += rule.fault.delay
            error = error or rule_error
        self._rules = [rule for rule in self._rules if rule.alive(now)]
        return delay, error


class FloodLimiter:
    """At most `limit` calls in any rolling `window` seconds; refused calls do not count."""

    def __init__(
        self,
        limit: int | None,
        window: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        per_chat: int | None = None,
    ) -> None:
        self.limit = limit
        self.per_chat = per_chat  # at most this many calls per chat in the window (Telegram: 1)
        self._window = window
        self._clock = clock
        self._accepted: collections.deque[float] = collections.deque()
        self._by_chat: dict[int, collections.deque[float]] = {}

    def admit(self, chat_id: int | None = None) -> bool:
        if self.limit is None and self.per_chat is None:
            return True
        now = self._clock()
        while self._accepted and now - self._accepted[0] >= self._window:
            self._accepted.popleft()
        if self.limit is not None and len(self._accepted) >= self.limit:
            return False
        if self.per_chat is not None and chat_id is not None:
            chat = self._by_chat.setdefault(chat_id, collections.deque())
            while chat and now - chat[0] >= self._window:
                chat.popleft()
            if len(chat) >= self.per_chat:
                return False
            chat.append(now)
        self._accepted.append(now)
        return True
