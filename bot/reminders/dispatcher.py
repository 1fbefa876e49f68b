"""The dispatcher: claims due deliveries, decides whether each still makes sense, sends it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import logging
from collections.abc import AsyncIterator

from bot.clock import Clock, Monotonic, SystemMonotonic
from bot.models import Delivery, DeliveryStatus
from bot.reminders.claims import LEASE, RENEWALS, Claim, claim_size, claim_token
from bot.reminders.compose import LATE_AFTER, Batch, Skip, compose
from bot.reminders.outcomes import Outcomes, backoff
from bot.reminders.pacer import Pacer
from bot.reminders.report import DispatchReport, Run, Target
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

MAX_HOLD = 10.0  # seconds a claimed delivery may wait out a flood-control pause in memory


class Dispatcher:
    """Send what is due: claimed with a lease, checked against the calendar, paced per chat.

    Concurrency is bounded across chats; each chat gets one message at a time and at most one
    per `per_chat_interval` seconds (monotonic time). A flood-control answer pauses every send
    of this dispatcher. Telegram's global limits are the bot's rate limiter's business.
    Every claimed delivery ends a run settled (sent, retried, failed, skipped, cancelled) or
    released; only a dying process leaves one in 'sending', and its lease brings it back.

    A claim is small (`batch`: about two seconds of sending), carries a fresh fencing token,
    and its lease is short and renewed while the run works (bot.reminders.claims). Right
    before each send, after its turn in the shared pace, the claim is checked and stretched
    in one statement: an instance whose lease ran out while it was paused does not send.
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
        self._outcomes = Outcomes(store, clock)

    @property
    def owner(self) -> str:
        """Return the name this dispatcher's claim tokens start with."""
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
            token = claim_token(self._owner)
            claimed = await self._store.deliveries.claim(
                token, self._lease, limit or self._batch, now=self._clock.now()
            )
            if not claimed:
                return DispatchReport(paused=self.paused_for())
            self._forget_old_pacing()
            claim = Claim(
                self._store, self._clock, self._mono, token, self._lease, [d.id for d in claimed]
            )
            run = Run(claim=claim, deadline=self._mono.now() + self._lease.total_seconds())
            async with claim.kept():
                await self._serve(run, claimed)
            return run.tally.report(len(claimed), claim.released, self.paused_for())

    async def stop(self) -> None:
        """Start no more sends, let those in flight finish, give back the rest; then return."""
        self._stopping.set()
        async with self._run_lock:
            pass

    # -- one chat's share of a run ---------------------------------------------------------

    async def _serve(self, run: Run, claimed: list[Delivery]) -> None:
        batch = await Batch.load(self._store, claimed)
        by_chat: dict[int, list[Delivery]] = {}
        for delivery in claimed:
            by_chat.setdefault(delivery.chat_id, []).append(delivery)
        async with asyncio.TaskGroup() as tasks:
            for chat_id, deliveries in by_chat.items():
                target = Target(chat=batch.chats.get(chat_id), id=chat_id)
                tasks.create_task(self._serve_chat(run, batch, target, deliveries))

    async def _serve_chat(
        self, run: Run, batch: Batch, target: Target, deliveries: list[Delivery]
    ) -> None:
        for delivery in deliveries:
            if self._stopping.is_set() or self._mono.now() > run.deadline:
                return  # the rest stay open and are released
            try:
                await self._deliver(run, batch, target, delivery)
            except Exception:
                # _deliver settles every failure it expects; this is a bug, logged once here.
                log.exception("delivery %d failed unexpectedly", delivery.id)
                await self._outcomes.retry(
                    run, delivery, backoff(delivery.attempts), "internal error"
                )

    async def _deliver(self, run: Run, batch: Batch, target: Target, delivery: Delivery) -> None:
        if target.gone is not None:
            await self._outcomes.cancelled(run, delivery, target.gone)
            return
        now = self._clock.now()
        try:
            text = await compose(self._store, delivery, target.chat, batch, now, self._grace)
        except Exception as exc:
            log.exception("could not compose delivery %d", delivery.id)
            if now - delivery.due_at > self._grace:
                text = Skip(f"too late, and could not compose: {exc!r}")
            else:
                wait = backoff(delivery.attempts)
                await self._outcomes.retry(run, delivery, wait, f"compose: {exc!r}")
                return
        if isinstance(text, Skip):
            await self._outcomes.skipped(run, delivery, text.reason)
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

    async def _wait_turn(self, run: Run, delivery: Delivery, chat_id: int) -> bool:
        """Wait for this chat's pacing and any flood-control pause; False: do not send now."""
        while True:
            pause = self.paused_for()
            if pause > self._hold:
                # Sitting on the lease through a long pause risks another instance reclaiming
                # it; put it back, due when the pause ends.
                until = dtm.timedelta(seconds=pause)
                await self._outcomes.retry(run, delivery, until, "flood control")
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
        run: Run,
        target: Target,
        delivery: Delivery,
        text: str,
        late: bool,
        *,
        may_follow: bool,
    ) -> None:
        outcomes = self._outcomes
        try:
            message_id = await self._fenced_send(run, target.id, delivery, text)
        except RetryLater as exc:
            self._paused_until = max(self._paused_until, self._mono.now() + exc.seconds)
            log.warning("flood control: pausing sends for %.1f s", exc.seconds)
            await outcomes.retry(run, delivery, dtm.timedelta(seconds=exc.seconds), str(exc))
        except ChatMoved as exc:
            await self._follow(run, target, delivery, text, late, exc, may_follow=may_follow)
        except ChatGone as exc:
            await outcomes.gone(run, target, delivery, exc)
        except MessageRejected as exc:
            log.warning("delivery %d rejected for good: %s", delivery.id, exc)
            await outcomes.failed(run, delivery, str(exc))
        except TransientSendError as exc:
            log.warning("delivery %d will be retried: %s", delivery.id, exc)
            await outcomes.retry(run, delivery, backoff(delivery.attempts), str(exc))
        except Exception as exc:
            log.exception("sending delivery %d failed", delivery.id)
            wait = backoff(delivery.attempts)
            await outcomes.retry(run, delivery, wait, f"unexpected: {exc!r}")
        else:
            if message_id is None:
                outcomes.lost(run, delivery)
                return
            self._last_sent[target.id] = self._mono.now()
            await outcomes.sent(run, delivery, message_id, late)

    async def _fenced_send(
        self, run: Run, chat_id: int, delivery: Delivery, text: str
    ) -> int | None:
        """Send once the pace gives a turn and the claim still holds; None: it did not."""
        async with self._turn():
            # The fence, as close to the send as it can be: nothing but this await between.
            if not await run.claim.fence(delivery.id):
                return None
            return await self._sender.send(chat_id, text)

    @contextlib.asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        if self._pacer is None:
            yield
            return
        async with self._pacer.turn():
            yield

    async def _follow(
        self,
        run: Run,
        target: Target,
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
            await self._outcomes.retry(run, delivery, backoff(delivery.attempts), str(moved))
            return
        try:
            await self._store.chats.migrate(old, new)
        except Exception as exc:
            log.exception("could not move chat %d to %d", old, new)
            wait = backoff(delivery.attempts)
            await self._outcomes.retry(run, delivery, wait, f"migrate: {exc!r}")
            return
        log.info("chat %d moved to %d", old, new)
        run.tally.migrated.append((old, new))
        target.id = new
        current = await self._store.deliveries.get(delivery.id)
        if current is None or current.status is not DeliveryStatus.SENDING:
            # The new id was known already: the store merged the two chats and dropped the
            # old one's deliveries; the new chat's own reminders get planned for it.
            target.gone = f"chat merged into {new}"
            run.claim.settle(delivery.id)
            run.tally.skipped += 1
            return
        await self._send(run, target, delivery, text, late, may_follow=False)

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


__all__ = ["LEASE", "RENEWALS", "DispatchReport", "Dispatcher", "backoff", "claim_size"]
