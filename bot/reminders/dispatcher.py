"""The dispatcher: claims due deliveries, decides whether each still makes sense, sends it."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dtm
import logging
import math
from collections.abc import Awaitable
from typing import TypeVar

from bot.clock import Clock, Monotonic, SystemMonotonic
from bot.models import Chat, Delivery, DeliveryStatus
from bot.reminders.compose import LATE_AFTER, Batch, Skip, compose
from bot.reminders.pacer import Pacer
from bot.reminders.sender import (
    ChatGone,
    ChatMoved,
    MessageRejected,
    RetryLater,
    Sender,
    TransientSendError,
)
from bot.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

BACKOFF_FIRST = dtm.timedelta(seconds=10)
BACKOFF_CAP = dtm.timedelta(minutes=5)
MAX_HOLD = 10.0  # seconds a claimed delivery may wait out a flood-control pause in memory
LEASE = dtm.timedelta(seconds=10)  # how long a claim holds unless its instance renews it
CLAIM_SECONDS = 2.0  # a claim takes about this much sending at the bot's rate
RENEWALS = 3  # heartbeats per lease: two may be missed before the lease runs out


def claim_size(per_second: float, seconds: float = CLAIM_SECONDS) -> int:
    """Return how many deliveries one claim takes: `seconds` of sending at the rate, at least 1."""
    return max(1, math.ceil(per_second * seconds))


def backoff(attempts: int) -> dtm.timedelta:
    """Return how long to wait before another try: 10 s, 20 s, 40 s … at most 5 minutes."""
    wait: dtm.timedelta = BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 16)
    return min(BACKOFF_CAP, wait)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DispatchReport:
    """What one dispatch run did."""

    claimed: int = 0
    sent: int = 0
    late: int = 0  # of those sent, how many after LATE_AFTER
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0  # given back unsent (stopping, or the lease running short)
    lost: int = 0  # not sent: the lease ran out and another instance claimed them
    migrated: tuple[tuple[int, int], ...] = ()  # chats that moved: (old id, new id)
    gone: tuple[int, ...] = ()  # chats deactivated because they cannot be reached
    paused: float = 0.0  # seconds of flood-control pause left when the run ended


@dataclasses.dataclass(slots=True)
class _Run:
    """One run's claimed deliveries and tallies; `open` holds those not settled yet."""

    deadline: float  # monotonic: start no send after it; the rest go back for anyone to take
    open: set[int]
    sent: int = 0
    late: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0
    lost: int = 0
    migrated: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    gone: list[int] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(slots=True)
class _Target:
    """The chat a run's deliveries go to; it may move or go away during the run."""

    chat: Chat | None
    id: int
    gone: str | None = None


class Dispatcher:
    """Send what is due: claimed with a lease, checked against the calendar, paced per chat.

    Concurrency is bounded across chats; each chat gets one message at a time and at most one
    per `per_chat_interval` seconds (monotonic time). A flood-control answer pauses every send
    of this dispatcher. Telegram's global limits are the bot's rate limiter's business.
    Every claimed delivery ends a run settled (sent, retried, failed, skipped, cancelled) or
    released; only a dying process leaves one in 'sending', and its lease brings it back.

    A claim is small (`batch`: about two seconds of sending) and its lease short: a heartbeat
    renews the run's open claims `RENEWALS` times a lease while the run works, so a slow
    instance keeps what it is sending and a dead one's claims are free a lease after it died.
    Each delivery is renewed once more right before it is sent (fencing).
    """

    def __init__(
        self,
        store: Store,
        sender: Sender,
        clock: Clock,
        owner: str,
        grace: dtm.timedelta = dtm.timedelta(hours=6),
        lease: dtm.timedelta = LEASE,
        per_chat_interval: float = 1.0,
        concurrency: int = 16,
        pacer: Pacer | None = None,
        batch: int = 60,
        monotonic: Monotonic | None = None,
    ) -> None:
        self._store = store
        self._pacer = pacer
        self._sender = sender
        self._clock = clock
        self._owner = owner
        self._grace = grace
        self._lease = lease
        self._batch = max(1, batch)
        self._mono = monotonic or SystemMonotonic()
        self._interval = per_chat_interval
        self._slots = asyncio.Semaphore(concurrency)
        self._run_lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._paused_until = 0.0
        self._last_sent: dict[int, float] = {}
        self._hold = min(MAX_HOLD, lease.total_seconds() / 4)

    @property
    def owner(self) -> str:
        """Return the name this dispatcher claims deliveries under."""
        return self._owner

    def paused_for(self) -> float:
        """Return how many seconds of flood-control pause are left."""
        return max(0.0, self._paused_until - self._mono.now())

    async def run_once(self, limit: int | None = None) -> DispatchReport:
        """Claim up to `limit` (default: the batch) due deliveries, settle each; report."""
        async with self._run_lock:
            if self._stopping.is_set():
                return DispatchReport()
            if self.paused_for() > self._hold:
                return DispatchReport(paused=self.paused_for())
            now = self._clock.now()
            claimed = await self._store.deliveries.claim(
                self._owner, self._lease, limit or self._batch, now=now
            )
            if not claimed:
                return DispatchReport(paused=self.paused_for())
            self._forget_old_pacing()
            run = _Run(
                deadline=self._mono.now() + self._lease.total_seconds(),
                open={d.id for d in claimed},
            )
            heartbeat = asyncio.create_task(self._keep_claims(run))
            try:
                batch = await Batch.load(self._store, claimed)
                by_chat: dict[int, list[Delivery]] = {}
                for delivery in claimed:
                    by_chat.setdefault(delivery.chat_id, []).append(delivery)
                async with asyncio.TaskGroup() as tasks:
                    for chat_id, deliveries in by_chat.items():
                        target = _Target(chat=batch.chats.get(chat_id), id=chat_id)
                        tasks.create_task(self._serve_chat(run, batch, target, deliveries))
            finally:
                heartbeat.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await heartbeat
                if run.open:
                    await asyncio.shield(self._release(run))
            return DispatchReport(
                claimed=len(claimed),
                sent=run.sent,
                late=run.late,
                retried=run.retried,
                failed=run.failed,
                skipped=run.skipped,
                released=run.released,
                lost=run.lost,
                migrated=tuple(run.migrated),
                gone=tuple(run.gone),
                paused=self.paused_for(),
            )

    async def stop(self) -> None:
        """Start no more sends, let those in flight finish, give back the rest; then return."""
        self._stopping.set()
        async with self._run_lock:
            pass

    # -- one chat's share of a run ---------------------------------------------------------

    async def _serve_chat(
        self, run: _Run, batch: Batch, target: _Target, deliveries: list[Delivery]
    ) -> None:
        for delivery in deliveries:
            if self._stopping.is_set() or self._mono.now() > run.deadline:
                return  # the rest stay open and are released
            try:
                await self._deliver(run, batch, target, delivery)
            except Exception:
                # _deliver settles every failure it expects; this is a bug, logged once here.
                log.exception("delivery %d failed unexpectedly", delivery.id)
                await self._retry(run, delivery, backoff(delivery.attempts), "internal error")

    async def _deliver(self, run: _Run, batch: Batch, target: _Target, delivery: Delivery) -> None:
        if target.gone is not None:
            run.open.discard(delivery.id)
            run.skipped += 1
            await self._record(
                self._store.deliveries.cancel(delivery.id, target.gone, owner=self._owner)
            )
            return
        now = self._clock.now()
        try:
            text = await compose(self._store, delivery, target.chat, batch, now, self._grace)
        except Exception as exc:
            log.exception("could not compose delivery %d", delivery.id)
            if now - delivery.due_at > self._grace:
                text = Skip(f"too late, and could not compose: {exc!r}")
            else:
                await self._retry(run, delivery, backoff(delivery.attempts), f"compose: {exc!r}")
                return
        if isinstance(text, Skip):
            run.open.discard(delivery.id)
            run.skipped += 1
            log.debug("delivery %d skipped: %s", delivery.id, text.reason)
            await self._record(
                self._store.deliveries.skip(delivery.id, text.reason, owner=self._owner)
            )
            return
        late = now - delivery.due_at > LATE_AFTER
        while True:
            if not await self._wait_turn(run, delivery, target.id):
                return
            async with self._slots:
                if self.paused_for() > 0:
                    continue  # a 429 arrived while we queued for a slot
                await self._send(run, target, delivery, text, late, may_follow=True)
                return

    async def _wait_turn(self, run: _Run, delivery: Delivery, chat_id: int) -> bool:
        """Wait for this chat's pacing and any flood-control pause; False: do not send now."""
        while True:
            pause = self.paused_for()
            if pause > self._hold:
                # Sitting on the lease through a long pause risks another instance reclaiming
                # it; put it back, due when the pause ends.
                await self._retry(run, delivery, dtm.timedelta(seconds=pause), "flood control")
                return False
            wait = max(
                pause, self._last_sent.get(chat_id, -1e9) + self._interval - self._mono.now()
            )
            if wait <= 0:
                return True
            if self._mono.now() + wait > run.deadline or not await self._sleep(wait):
                return False  # stays open: released at the end of the run

    async def _send(
        self,
        run: _Run,
        target: _Target,
        delivery: Delivery,
        text: str,
        late: bool,
        *,
        may_follow: bool,
    ) -> None:
        # Fencing: a slow instance whose lease ran out must not send what another instance
        # has claimed since; renewing the claim right before sending tells which it is.
        renewed = await self._record(
            self._store.deliveries.renew(delivery.id, self._owner, self._lease, self._clock.now())
        )
        if not renewed:
            run.open.discard(delivery.id)
            run.lost += 1
            log.info("delivery %d: the claim was lost to another instance; not sent", delivery.id)
            return
        try:
            async with self._pacer.turn() if self._pacer is not None else contextlib.nullcontext():
                message_id = await self._sender.send(target.id, text)
        except RetryLater as exc:
            self._paused_until = max(self._paused_until, self._mono.now() + exc.seconds)
            log.warning("flood control: pausing sends for %.1f s", exc.seconds)
            await self._retry(run, delivery, dtm.timedelta(seconds=exc.seconds), str(exc))
        except ChatMoved as exc:
            await self._follow(run, target, delivery, text, late, exc, may_follow=may_follow)
        except ChatGone as exc:
            await self._gone(run, target, delivery, exc)
        except MessageRejected as exc:
            log.warning("delivery %d rejected for good: %s", delivery.id, exc)
            run.open.discard(delivery.id)
            run.failed += 1
            await self._record(
                self._store.deliveries.fail(delivery.id, str(exc), owner=self._owner)
            )
        except TransientSendError as exc:
            log.warning("delivery %d will be retried: %s", delivery.id, exc)
            await self._retry(run, delivery, backoff(delivery.attempts), str(exc))
        except Exception as exc:
            log.exception("sending delivery %d failed", delivery.id)
            await self._retry(run, delivery, backoff(delivery.attempts), f"unexpected: {exc!r}")
        else:
            run.open.discard(delivery.id)
            self._last_sent[target.id] = self._mono.now()
            run.sent += 1
            run.late += late
            await self._record(
                self._store.deliveries.sent(delivery.id, message_id, late=late, owner=self._owner)
            )

    async def _follow(
        self,
        run: _Run,
        target: _Target,
        delivery: Delivery,
        text: str,
        late: bool,
        moved: ChatMoved,
        *,
        may_follow: bool,
    ) -> None:
        """Move the chat to its new id (its deliveries follow) and send there at once."""
        old, new = target.id, moved.new_chat_id
        if not may_follow:
            await self._retry(run, delivery, backoff(delivery.attempts), str(moved))
            return
        try:
            await self._store.chats.migrate(old, new)
        except Exception as exc:
            log.exception("could not move chat %d to %d", old, new)
            await self._retry(run, delivery, backoff(delivery.attempts), f"migrate: {exc!r}")
            return
        log.info("chat %d moved to %d", old, new)
        run.migrated.append((old, new))
        target.id = new
        current = await self._store.deliveries.get(delivery.id)
        if current is None or current.status is not DeliveryStatus.SENDING:
            # The new id was known already: the store merged the two chats and dropped the
            # old one's deliveries; the new chat's own reminders get planned for it.
            target.gone = f"chat merged into {new}"
            run.open.discard(delivery.id)
            run.skipped += 1
            return
        await self._send(run, target, delivery, text, late, may_follow=False)

    async def _gone(self, run: _Run, target: _Target, delivery: Delivery, exc: ChatGone) -> None:
        log.info("chat %d is unreachable (%s): deactivated", target.id, exc.reason)
        target.gone = str(exc)
        run.open.discard(delivery.id)
        run.failed += 1
        run.gone.append(target.id)
        await self._record(self._store.chats.deactivate(target.id))
        await self._record(self._store.deliveries.fail(delivery.id, str(exc), owner=self._owner))
        await self._record(self._store.deliveries.cancel_for_chat(target.id, str(exc)))

    # -- settling ----------------------------------------------------------------------------

    async def _retry(self, run: _Run, delivery: Delivery, wait: dtm.timedelta, why: str) -> None:
        """Put the delivery back, claimable after `wait`; its planned due time stays."""
        run.open.discard(delivery.id)
        run.retried += 1
        until = self._clock.now() + wait
        await self._record(self._store.deliveries.defer(delivery.id, until, why, owner=self._owner))

    async def _release(self, run: _Run) -> None:
        for delivery_id in sorted(run.open):
            if await self._record(self._store.deliveries.release(delivery_id, owner=self._owner)):
                run.released += 1
        run.open.clear()

    async def _record(self, step: Awaitable[T]) -> T | None:
        """Write an outcome; if the store fails, log it once: the lease brings the row back."""
        try:
            return await step
        except Exception:
            log.exception("could not record a delivery's outcome")
            return None

    async def _keep_claims(self, run: _Run) -> None:
        """Renew the run's open claims a few times a lease until the run ends (cancelled)."""
        period = self._lease.total_seconds() / RENEWALS
        while True:  # bounded by the run: run_once cancels it
            await self._mono.sleep(period)
            if not run.open:
                continue
            held = sorted(run.open)
            try:
                renewed = await self._store.deliveries.renew_many(
                    held, self._owner, self._lease, self._clock.now()
                )
            except Exception:
                log.warning("could not renew %d claims; trying again", len(held), exc_info=True)
                continue
            if len(renewed) < len(held):
                # Not ours any more (a stall outlived the lease): the fence before each send
                # keeps us from sending them.
                log.info("%d claims were taken over by another instance", len(held) - len(renewed))

    async def _sleep(self, seconds: float) -> bool:
        """Sleep, waking early when stopping; True if the full time passed."""
        sleeping = asyncio.ensure_future(self._mono.sleep(seconds))
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({sleeping, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (sleeping, stopping):
                waiter.cancel()
            await asyncio.gather(sleeping, stopping, return_exceptions=True)
        return not self._stopping.is_set()

    def _forget_old_pacing(self) -> None:
        if len(self._last_sent) > 1000:
            horizon = self._mono.now() - self._interval
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > horizon}
