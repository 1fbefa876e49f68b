"""The planner: keeps the deliveries table in step with the calendar, the chats and the clock."""

from __future__ import annotations

import datetime as dtm
import logging
from collections.abc import Callable, Iterable, Sequence

from bot.clock import Clock
from bot.messages import schedule_changed
from bot.models import ALL_TRACKS, Chat, DeliveryKind, DeliveryStatus, Event
from bot.reminders.texts import digest_payload, event_before, schedule_payload
from bot.reminders.timing import (
    digest_slot,
    follows,
    reminder_deadline,
    reminder_times,
    week_tag,
)
from bot.store import Store
from bot.store.deliveries import DeliveryScope, PlannedDelivery, Reconciled

log = logging.getLogger(__name__)

HORIZON = dtm.timedelta(days=45)
GRACE = dtm.timedelta(hours=6)
EVENTS_PER_BATCH = 100
CHATS_PER_PAGE = 2000
MAX_PAGES = 100_000
REPLANNED = "replanned: the session, its followers or their settings changed"

__all__ = ["HORIZON", "Planner", "reminder_times"]


class Planner:
    """Plan reminders, change notices and digests as deliveries; never send anything.

    Every method reconciles: it computes what should be pending and lets the store insert,
    move, revive or cancel rows to match, so calling it twice changes nothing the second time.
    Nothing due more than `grace` ago is planned, nor anything for a session that has started
    or starts beyond `horizon`.
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        grace: dtm.timedelta = GRACE,
        horizon: dtm.timedelta = HORIZON,
    ) -> None:
        self._store = store
        self._clock = clock
        self._grace = grace
        self._horizon = horizon

    async def plan_event(self, event: Event) -> Reconciled:
        """Bring one session's pending reminders in line with it and with its followers."""
        now = self._clock.now()
        chats = await self._store.chats.followers([event.track])
        return await self._reconcile_reminders(
            DeliveryScope(
                kind=DeliveryKind.REMINDER,
                event_numbers=[event.number],
                due_from=now - self._grace,
            ),
            self._reminders(event, chats, now),
            now,
        )

    async def event_changed(self, before: Event, after: Event) -> int:
        """Tell followers of a session whose day, time, place or status changed; replan it.

        Each follower gets one change notice, due now, unless the session is over. A notice
        still waiting from an earlier change is folded into this one, so it says "first → now"
        once (and nothing, if the session is back where it was). Return how many were planned.
        """
        planned = 0
        now = self._clock.now()
        if schedule_changed(before, after) and max(before.ends(), after.ends()) > now:
            planned = await self._notify(before, after, now)
        await self.plan_event(after)
        return planned

    async def chat_changed(self, chat_id: int) -> Reconciled:
        """Replan one chat after its subscriptions, offsets, timezone, all-day time or digest
        setting changed, or after it was deactivated or came back."""
        now = self._clock.now()
        chat = await self._store.chats.get(chat_id)
        if chat is None or not chat.active:
            tracks: frozenset[str] = frozenset()
        else:
            tracks = (await self._store.chats.follows([chat_id])).get(chat_id, frozenset())
        desired: list[PlannedDelivery] = []
        if chat is not None and tracks:
            for event in await self._window(now):
                if follows(tracks, event.track):
                    desired.extend(self._reminders(event, [chat], now))
        done = await self._reconcile_reminders(
            DeliveryScope(
                kind=DeliveryKind.REMINDER, chat_ids=[chat_id], due_from=now - self._grace
            ),
            desired,
            now,
        )
        digests = self._digests([chat] if chat is not None else [], now)
        return done + await self._store.deliveries.reconcile(
            DeliveryScope(kind=DeliveryKind.DIGEST, chat_ids=[chat_id], due_from=now - self._grace),
            digests,
            now=now,
            reason="digest turned off or moved",
        )

    async def plan_all(self, stopping: Callable[[], bool] = lambda: False) -> Reconciled:
        """Reconcile every session within the horizon and every chat's digest: the sweep.

        The chats come a page of CHATS_PER_PAGE at a time, and each page is reconciled against
        the sessions in batches of EVENTS_PER_BATCH, within a scope of those chats and sessions:
        memory stays bounded, whatever the number of chats.
        """
        now = self._clock.now()
        events = await self._window(now)
        total = Reconciled()
        after: int | None = None
        for _ in range(MAX_PAGES):  # bounded; a page is never empty before the end
            if stopping():
                return total  # shutting down: the next sweep of another run picks up from here
            page = await self._store.chats.following(after=after, limit=CHATS_PER_PAGE)
            if not page:
                break
            after = page[-1][0].id
            chat_ids = [chat.id for chat, _ in page]
            for start in range(0, len(events), EVENTS_PER_BATCH):
                batch = events[start : start + EVENTS_PER_BATCH]
                desired: list[PlannedDelivery] = []
                for event in batch:
                    followers = [
                        chat
                        for chat, tracks in page
                        if ALL_TRACKS in tracks
                        or (event.track is not None and event.track in tracks)
                    ]
                    desired.extend(self._reminders(event, followers, now))
                total += await self._reconcile_reminders(
                    DeliveryScope(
                        kind=DeliveryKind.REMINDER,
                        event_numbers=[e.number for e in batch],
                        chat_ids=chat_ids,
                        due_from=now - self._grace,
                    ),
                    desired,
                    now,
                )
        readers = await self._store.chats.digest_readers()
        total += await self._store.deliveries.reconcile(
            DeliveryScope(kind=DeliveryKind.DIGEST, due_from=now - self._grace),
            self._digests(readers, now),
            now=now,
            reason="digest turned off or moved",
        )
        if total.changed:
            log.info(
                "planned: %d added, %d moved, %d revived, %d cancelled",
                total.added,
                total.moved,
                total.revived,
                total.cancelled,
            )
        return total

    # -- helpers -----------------------------------------------------------------------------

    async def _window(self, now: dtm.datetime) -> list[Event]:
        """Return the sessions that may need reminders: from yesterday to the horizon."""
        return await self._store.events.find(
            start=(now - dtm.timedelta(days=1)).date(),
            end=(now + self._horizon).date(),
            milestones=False,
        )

    def _reminders(
        self, event: Event, chats: Iterable[Chat], now: dtm.datetime
    ) -> list[PlannedDelivery]:
        if event.start_date > (now + self._horizon).date():
            return []
        earliest = now - self._grace
        planned = []
        for chat in chats:
            if now >= reminder_deadline(event, chat):
                continue
            for offset, due in reminder_times(event, chat):
                if due >= earliest:
                    planned.append(
                        PlannedDelivery(
                            DeliveryKind.REMINDER,
                            event.number,
                            event.sequence,
                            chat.id,
                            offset,
                            due,
                        )
                    )
        return planned

    def _digests(self, chats: Iterable[Chat], now: dtm.datetime) -> list[PlannedDelivery]:
        planned = []
        for chat in chats:
            if not (chat.active and chat.digest):
                continue
            monday, due = digest_slot(chat, now)
            planned.append(
                PlannedDelivery(
                    DeliveryKind.DIGEST,
                    None,
                    0,
                    chat.id,
                    0,
                    due,
                    payload=digest_payload(monday),
                    tag=week_tag(monday),
                )
            )
        return planned

    async def _reconcile_reminders(
        self, scope: DeliveryScope, desired: Sequence[PlannedDelivery], now: dtm.datetime
    ) -> Reconciled:
        return await self._store.deliveries.reconcile(scope, desired, now=now, reason=REPLANNED)

    async def _notify(self, before: Event, after: Event, now: dtm.datetime) -> int:
        chats = await self._store.chats.followers({before.track, after.track})
        earlier = [
            d
            for d in await self._store.deliveries.find(
                event_number=after.number,
                statuses=[DeliveryStatus.PENDING],
                kinds=[DeliveryKind.CHANGE],
            )
            if d.event_sequence < after.sequence
        ]
        folded = await self._store.deliveries.cancel_pending(
            [d.id for d in earlier], "folded into a newer change notice"
        )
        first: dict[int, str] = {}
        for delivery in sorted(earlier, key=lambda d: (d.event_sequence, d.id)):
            if delivery.id in folded and delivery.payload and delivery.chat_id not in first:
                first[delivery.chat_id] = delivery.payload
        notices = []
        for chat in chats:
            payload = first.get(chat.id, schedule_payload(before))
            if not schedule_changed(event_before(after, payload), after):
                continue  # back where it was when this chat last heard: nothing to tell
            notices.append(
                PlannedDelivery(
                    DeliveryKind.CHANGE,
                    after.number,
                    after.sequence,
                    chat.id,
                    0,
                    now,
                    payload=payload,
                )
            )
        return await self._store.deliveries.plan(notices)
