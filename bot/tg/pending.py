"""Choices the bot offered and waits for (a draft to confirm, a found session to add)."""

from __future__ import annotations

import datetime as dtm
import secrets
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.clock import Clock

T = TypeVar("T")
LIFETIME = dtm.timedelta(hours=24)
LIMIT = 1000  # offers kept at most; the oldest go first


@dataclass(frozen=True, slots=True)
class Offer(Generic[T]):
    """Something offered to one user in one chat."""

    value: T
    chat_id: int
    user_id: int
    made_at: dtm.datetime


class Offers(Generic[T]):
    """Offers by short id, for inline buttons; they expire, and only their user may answer."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._offers: dict[str, Offer[T]] = {}

    def put(self, value: T, chat_id: int, user_id: int) -> str:
        """Keep an offer and return its id (short enough for callback data)."""
        now = self._clock.now()
        self._offers = {k: o for k, o in self._offers.items() if now - o.made_at < LIFETIME}
        while len(self._offers) >= LIMIT:
            self._offers.pop(next(iter(self._offers)))
        key = secrets.token_urlsafe(8)
        self._offers[key] = Offer(value, chat_id, user_id, now)
        return key

    def take(self, key: str, chat_id: int, user_id: int) -> T | None:
        """Return and forget an offer, if it exists, is fresh and belongs to this user."""
        offer = self._offers.get(key)
        if offer is None or offer.chat_id != chat_id or offer.user_id != user_id:
            return None
        del self._offers[key]
        if self._clock.now() - offer.made_at >= LIFETIME:
            return None
        return offer.value

    def peek(self, key: str) -> Offer[T] | None:
        """Return an offer without taking it."""
        return self._offers.get(key)
