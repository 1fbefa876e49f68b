"""Writing what became of each claimed delivery, every write fenced by its claim's token."""

from __future__ import annotations

import datetime as dtm
import logging
from collections.abc import Awaitable
from typing import TypeVar

from bot.clock import Clock
from bot.models import Delivery
from bot.reminders.report import Run, Target
from bot.reminders.sender import ChatGone
from bot.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

BACKOFF_FIRST = dtm.timedelta(seconds=10)
BACKOFF_CAP = dtm.timedelta(minutes=5)


def backoff(attempts: int) -> dtm.timedelta:
    """Return how long to wait before another try: 10 s, 20 s, 40 s … at most 5 minutes."""
    wait: dtm.timedelta = BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 16)
    return min(BACKOFF_CAP, wait)


async def record(step: Awaitable[T]) -> T | None:
    """Write an outcome; if the store fails, log it once: the lease brings the row back."""
    try:
        return await step
    except Exception:
        log.exception("could not record a delivery's outcome")
        return None


class Outcomes:
    """Settle claimed deliveries: sent, put back, failed, skipped, cancelled; count each."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def sent(self, run: Run, delivery: Delivery, message_id: int, late: bool) -> None:
        """Record a message that went out."""
        run.claim.settle(delivery.id)
        run.tally.sent += 1
        run.tally.late += late
        deliveries = self._store.deliveries
        token = run.claim.token
        if await record(deliveries.sent(delivery.id, message_id, late=late, owner=token)):
            return
        # Our lease ran out while the message travelled and another instance claimed it. It
        # went out: recording it still stops that instance at its fence, unless it is past it.
        log.warning("delivery %d was sent after its claim lapsed; it may repeat", delivery.id)
        await record(deliveries.sent(delivery.id, message_id, late=late))

    async def retry(self, run: Run, delivery: Delivery, wait: dtm.timedelta, why: str) -> None:
        """Put the delivery back, claimable after `wait`; its planned due time stays."""
        run.claim.settle(delivery.id)
        run.tally.retried += 1
        until = self._clock.now() + wait
        await record(self._store.deliveries.defer(delivery.id, until, why, owner=run.claim.token))

    async def failed(self, run: Run, delivery: Delivery, why: str) -> None:
        """Record a delivery refused for good."""
        run.claim.settle(delivery.id)
        run.tally.failed += 1
        await record(self._store.deliveries.fail(delivery.id, why, owner=run.claim.token))

    async def skipped(self, run: Run, delivery: Delivery, reason: str) -> None:
        """Record a delivery that must not go out any more."""
        run.claim.settle(delivery.id)
        run.tally.skipped += 1
        log.debug("delivery %d skipped: %s", delivery.id, reason)
        await record(self._store.deliveries.skip(delivery.id, reason, owner=run.claim.token))

    async def cancelled(self, run: Run, delivery: Delivery, reason: str) -> None:
        """Record a delivery whose chat went away while it was claimed."""
        run.claim.settle(delivery.id)
        run.tally.skipped += 1
        await record(self._store.deliveries.cancel(delivery.id, reason, owner=run.claim.token))

    def lost(self, run: Run, delivery: Delivery) -> None:
        """Count a delivery not sent because its claim no longer held at the fence."""
        run.claim.settle(delivery.id)
        run.tally.lost += 1
        log.info("delivery %d: the claim's lease ran out; not sent", delivery.id)

    async def gone(self, run: Run, target: Target, delivery: Delivery, exc: ChatGone) -> None:
        """Deactivate an unreachable chat and settle its deliveries."""
        log.info("chat %d is unreachable (%s): deactivated", target.id, exc.reason)
        target.gone = str(exc)
        run.tally.gone.append(target.id)
        await record(self._store.chats.deactivate(target.id))
        await self.failed(run, delivery, str(exc))
        await record(self._store.deliveries.cancel_for_chat(target.id, str(exc)))
