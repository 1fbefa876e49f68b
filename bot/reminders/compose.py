"""Whether a claimed delivery still goes out, and what it says, from the store as it is now."""

from __future__ import annotations

import dataclasses
import datetime as dtm
from collections.abc import Sequence

from bot.i18n import speaking
from bot.messages import change_notice, reminder
from bot.models import ALL_TRACKS, Chat, Delivery, DeliveryKind, Event, Track
from bot.reminders.texts import digest_text, digest_week, event_before
from bot.reminders.timing import QUIET, follows, reminder_deadline, reminder_times
from bot.store import Store

LATE_AFTER = dtm.timedelta(seconds=60)  # sent later than this after its due time: marked late


@dataclasses.dataclass(frozen=True, slots=True)
class Skip:
    """Why a delivery must not go out any more."""

    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Batch:
    """The sessions, chats and subscriptions a run's deliveries refer to, loaded together."""

    events: dict[int, Event]
    chats: dict[int, Chat]
    follows: dict[int, frozenset[str]]
    tracks: dict[str, Track]

    @classmethod
    async def load(cls, store: Store, deliveries: Sequence[Delivery]) -> Batch:
        """Load what these deliveries refer to: two queries for the chats, one per session."""
        chat_ids = {d.chat_id for d in deliveries}
        events: dict[int, Event] = {}
        for number in sorted({d.event_number for d in deliveries if d.event_number is not None}):
            event = await store.events.get(number)  # a run's deliveries share few sessions
            if event is not None:
                events[number] = event
        return cls(
            events=events,
            chats=await store.chats.many(chat_ids),
            follows=await store.chats.follows(chat_ids),
            tracks={t.id: t for t in await store.tracks.all()},  # their titles' translations
        )


async def compose(
    store: Store,
    delivery: Delivery,
    chat: Chat | None,
    batch: Batch,
    now: dtm.datetime,
    grace: dtm.timedelta,
) -> str | Skip:
    """Return the text to send, or why the delivery must not go out any more.

    Every kind: the chat must be active, and the delivery not more than `grace` past its
    planned time. A reminder also needs its session on (not cancelled or postponed), not yet
    started, still followed by the chat, and its due time still one of the chat's reminder times
    for the session as it is now (otherwise the session or the chat's settings changed since it
    was planned, and the planner has planned its replacement). A change notice goes to chats
    that follow the session's old or new track; a digest to chats that still want digests.
    The text is in the chat's language.
    """
    if chat is None or not chat.active:
        return Skip("chat inactive")
    with speaking(chat.language):
        return await _compose(store, delivery, chat, batch, now, grace)


async def _compose(
    store: Store,
    delivery: Delivery,
    chat: Chat,
    batch: Batch,
    now: dtm.datetime,
    grace: dtm.timedelta,
) -> str | Skip:
    too_late = now - delivery.due_at > grace
    tracks = batch.follows.get(chat.id, frozenset())
    if delivery.kind is DeliveryKind.DIGEST:
        if not chat.digest:
            return Skip("digest turned off")
        if too_late:
            return Skip("too late")
        try:
            monday = digest_week(delivery.payload or "")
        except (ValueError, KeyError, TypeError):
            return Skip(f"unreadable digest payload {delivery.payload!r}")
        events = await store.events.find(
            tracks=None if ALL_TRACKS in tracks else sorted(tracks),
            start=monday,
            end=monday + dtm.timedelta(days=6),
            milestones=False,
        )
        return digest_text(monday, events, chat, batch.tracks)
    event = batch.events.get(delivery.event_number or 0)
    if event is None:
        return Skip("session deleted")
    if delivery.kind is DeliveryKind.CHANGE:
        if too_late:
            return Skip("too late")
        try:
            before = event_before(event, delivery.payload or "")
        except ValueError:  # pydantic's ValidationError and JSONDecodeError are ValueErrors
            return Skip(f"unreadable change notice payload {delivery.payload!r}")
        if not (follows(tracks, event.track) or follows(tracks, before.track)):
            return Skip("no longer followed")
        return change_notice(before, event, chat, batch.tracks.get(event.track or ""))
    if event.status in QUIET:
        return Skip(f"session {event.status.value}")
    if now >= reminder_deadline(event, chat):
        return Skip("session started")
    if too_late:
        return Skip("too late")
    if not follows(tracks, event.track):
        return Skip("no longer followed")
    if delivery.due_at not in {due for _, due in reminder_times(event, chat)}:
        return Skip("superseded: the session or the chat's settings changed")
    late = now - delivery.due_at > LATE_AFTER
    track = batch.tracks.get(event.track or "")
    return reminder(event, chat, delivery.offset_minutes, late, delivery.due_at, track)
