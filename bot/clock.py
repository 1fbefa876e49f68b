"""Time as a dependency: services ask a clock, tests move it."""

from __future__ import annotations

import datetime as dtm
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> dtm.datetime:
        """Return the current time, aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> dtm.datetime:
        """Return the current time, aware, in UTC."""
        return dtm.datetime.now(dtm.UTC)


class ManualClock:
    """A clock that only moves when told to, for tests and simulations."""

    def __init__(self, start: dtm.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(dtm.UTC)

    def now(self) -> dtm.datetime:
        """Return the clock's current time."""
        return self._now

    def set(self, when: dtm.datetime) -> None:
        """Move the clock to `when` (aware)."""
        if when.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = when.astimezone(dtm.UTC)

    def advance(self, delta: dtm.timedelta) -> dtm.datetime:
        """Move the clock forward by `delta` and return the new time."""
        self._now += delta
        return self._now
