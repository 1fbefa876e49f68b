"""Limits on what one client may ask: a token bucket per address, in a table of bounded size."""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimit:
    """How many requests one client address may make: `rate` a second, bursts of `burst`.

    `clients` bounds the table of addresses; when it is full, the address heard from least
    recently is forgotten (it starts again with a full bucket). A `rate` of 0 turns the limit off.
    """

    rate: float = 50.0
    burst: float = 200.0
    clients: int = 10_000

    def __post_init__(self) -> None:
        if self.rate < 0 or self.burst < 1 or self.clients < 1:
            raise ValueError("a rate limit needs rate >= 0, burst >= 1 and clients >= 1")


class RateLimiter:
    """Token buckets keyed by client address; `allow` spends one token or says no."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._clock = clock
        # address → (tokens, when they were counted); ordered from least to most recent.
        self._buckets: collections.OrderedDict[str, tuple[float, float]] = collections.OrderedDict()

    @property
    def enabled(self) -> bool:
        """Tell whether requests are limited at all."""
        return self._limit.rate > 0

    def __len__(self) -> int:
        return len(self._buckets)

    def allow(self, client: str) -> bool:
        """Spend a token of `client`'s bucket; return False when it is empty."""
        limit = self._limit
        if limit.rate <= 0:
            return True
        now = self._clock()
        buckets = self._buckets
        found = buckets.get(client)
        if found is None:
            if len(buckets) >= limit.clients:
                buckets.popitem(last=False)
            tokens = limit.burst
        else:
            tokens = min(limit.burst, found[0] + (now - found[1]) * limit.rate)
            buckets.move_to_end(client)
        allowed = tokens >= 1.0
        buckets[client] = (tokens - 1.0 if allowed else tokens, now)
        return allowed

    def retry_after(self, client: str) -> int:
        """Return in how many whole seconds `client` will have a token again."""
        found = self._buckets.get(client)
        if found is None or self._limit.rate <= 0:
            return 0
        missing = max(0.0, 1.0 - found[0])
        return max(1, int(missing / self._limit.rate + 0.999))
