"""Claims: deliveries taken under one fencing token, kept alive while worked on, fenced per send."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import logging
import math
import uuid
from collections.abc import AsyncIterator, Collection

from bot.clock import Clock, Monotonic
from bot.store import Store

log = logging.getLogger(__name__)

LEASE = dtm.timedelta(seconds=10)  # how long a claim holds unless its instance renews it
CLAIM_SECONDS = 2.0  # a claim takes about this much sending at the bot's rate
RENEWALS = 3  # heartbeats per lease: two may be missed before the lease runs out
# A message on its way holds its claim this many leases: longer than a send can take (the
# reminder bot's timeouts: connect 5 s, write 5 s, read 20 s) and than a pause the instance
# comes back from (no repeat), short enough that a dead instance's last sends are retried.
IN_FLIGHT_LEASES = 4


def claim_size(per_second: float, seconds: float = CLAIM_SECONDS) -> int:
    """Return how many deliveries one claim takes: `seconds` of sending at the rate, at least 1."""
    return max(1, math.ceil(per_second * seconds))


def claim_token(owner: str) -> str:
    """Return a fresh fencing token for one claim: the owner's name and a random part (≤ 64)."""
    return f"{owner[:47]}/{uuid.uuid4().hex[:16]}"


class Claim:
    """One claim's deliveries: those not settled yet (`open`) and those being sent (`flying`).

    Every write about them names the claim's token. Right before a message is sent, `fence()`
    checks in one statement that the claim still holds and stretches it to the in-flight lease;
    while the claim is `kept()`, a heartbeat renews the rest `RENEWALS` times a lease. An
    instance whose lease ran out (paused, starved) learns it at the fence and does not send.
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        monotonic: Monotonic,
        token: str,
        lease: dtm.timedelta,
        delivery_ids: Collection[int],
    ) -> None:
        self.token = token
        self.open: set[int] = set(delivery_ids)
        self.flying: set[int] = set()
        self.released = 0
        self._store = store
        self._clock = clock
        self._mono = monotonic
        self._lease = lease
        self._in_flight = lease * IN_FLIGHT_LEASES

    async def fence(self, delivery_id: int) -> bool:
        """Tell whether the claim on this delivery still holds; if so it is in flight now."""
        try:
            held = await self._store.deliveries.renew(
                delivery_id, self.token, self._in_flight, self._clock.now()
            )
        except Exception:
            log.warning("could not check the claim on delivery %d", delivery_id, exc_info=True)
            held = False  # unsure: not sending is safe, the lease brings the delivery back
        if held:
            self.flying.add(delivery_id)
        else:
            self.open.discard(delivery_id)
        return held

    def settle(self, delivery_id: int) -> None:
        """Forget a delivery whose outcome is written (or is another instance's now)."""
        self.open.discard(delivery_id)
        self.flying.discard(delivery_id)

    @contextlib.asynccontextmanager
    async def kept(self) -> AsyncIterator[Claim]:
        """Renew the claim while the block runs; then give back what is still open."""
        done = asyncio.Event()
        heartbeat = asyncio.create_task(self._keep(done))
        try:
            yield self
        finally:
            # Told to stop rather than cancelled, so that no renewal is cut off mid-statement.
            done.set()
            await asyncio.shield(self._finish(heartbeat))

    async def _finish(self, heartbeat: asyncio.Task[None]) -> None:
        await heartbeat
        if self.open:
            await self._release()

    async def _keep(self, done: asyncio.Event) -> None:
        period = self._lease.total_seconds() / RENEWALS
        while not await self._until(done, period):  # bounded by the claim: kept() ends it
            await self._renew(self.open - self.flying, self._lease)
            await self._renew(set(self.flying), self._in_flight)

    async def _until(self, done: asyncio.Event, seconds: float) -> bool:
        """Sleep `seconds` on the monotonic clock or until `done`; True if done."""
        sleeping = asyncio.ensure_future(self._mono.sleep(seconds))
        ending = asyncio.ensure_future(done.wait())
        try:
            await asyncio.wait({sleeping, ending}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (sleeping, ending):
                waiter.cancel()
            await asyncio.gather(sleeping, ending, return_exceptions=True)
        return done.is_set()

    async def _renew(self, held: set[int], lease: dtm.timedelta) -> None:
        if not held:
            return
        try:
            renewed = await self._store.deliveries.renew_many(
                held, self.token, lease, self._clock.now()
            )
        except Exception:
            log.warning("could not renew %d claims; trying again", len(held), exc_info=True)
            return
        if len(renewed) < len(held):
            # The lease ran out (a stall outlived it): the fence keeps us from sending those.
            log.info(
                "%d claims lapsed or were taken over by another instance", len(held) - len(renewed)
            )

    async def _release(self) -> None:
        for delivery_id in sorted(self.open):
            try:
                if await self._store.deliveries.release(delivery_id, owner=self.token):
                    self.released += 1
            except Exception:
                log.exception("could not give back delivery %d; its lease will", delivery_id)
        self.open.clear()
        self.flying.clear()
