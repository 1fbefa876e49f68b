"""The ports: the Protocols the services need from the store, the sender, the clock and listeners.

The services see only these; the SQLAlchemy store (bot/store) implements them, and so may an
in-memory store for fast tests. Values crossing a port are the pydantic models of bot.models.
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from bot.clock import Clock
from bot.models import (
    Article,
    Chat,
    ChatKind,
    Event,
    EventChange,
    EventDraft,
    EventSource,
    EventStatus,
    ExtractedEvent,
    Subscription,
    Track,
)
from bot.outlets import (
    FeedFetch,
    FeedSource,
    NewSource,
    PageText,
    PendingProposal,
    SeenArticle,
)
from bot.tracks import TrackCatalogue

__all__ = [
    "ArticlesPort",
    "CalendarHooks",
    "ChatsPort",
    "Clock",
    "DeliveryCountsPort",
    "EventsPort",
    "OutletReader",
    "Sender",
    "SourcesPort",
    "StorePort",
    "TracksPort",
]


class EventsPort(Protocol):
    """The sessions and milestones of the calendar, with their sources and history."""

    async def get(self, ref: str | int) -> Event | None:
        """The event with this slug or number, if any."""
        ...

    async def find(
        self,
        *,
        tracks: Iterable[str] | None = None,
        start: dtm.date | None = None,
        end: dtm.date | None = None,
        statuses: Iterable[EventStatus] | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        sources: bool = True,
        milestones: bool = True,
    ) -> list[Event]:
        """The events that match every filter given, in start order unless `newest_first`."""
        ...

    async def by_source(self, article_id: str, quote: str) -> Event | None:
        """The event this sentence of this article already announced, if any."""
        ...

    async def history(self, ref: str | int) -> list[EventChange]:
        """The changes of one event, oldest first."""
        ...

    async def histories(self, events: Sequence[Event]) -> dict[int, list[EventChange]]:
        """The changes of each event by number, oldest first, read at once."""
        ...

    async def create(self, draft: EventDraft, actor: str, summary: str = "created") -> Event:
        """Store a new event from a checked draft."""
        ...

    async def update(
        self,
        ref: str | int,
        changes: Mapping[str, object],
        actor: str,
        summary: str,
        sources: Sequence[EventSource] = (),
    ) -> tuple[Event, bool]:
        """Apply changes and new sources; the event after, and whether anything changed."""
        ...

    async def with_sources(self, events: Sequence[Event]) -> list[Event]:
        """The same events with their sources filled in."""
        ...


class TracksPort(Protocol):
    """The negotiation tracks."""

    async def all(self) -> list[Track]:
        """Every track."""
        ...

    async def get(self, track_id: str) -> Track | None:
        """The track with this id, if any."""
        ...

    async def catalogue(self) -> TrackCatalogue:
        """Every track, as the catalogue the extractor reads."""
        ...

    async def sync(self, catalogue: TrackCatalogue) -> int:
        """Make the stored tracks those of the catalogue; how many changed."""
        ...


class ArticlesPort(Protocol):
    """The source texts read so far."""

    async def has(self, article_id: str) -> bool:
        """Whether this article is stored."""
        ...

    async def add(self, article: Article) -> bool:
        """Store an article; whether it was new."""
        ...

    async def published_between(self, first: dtm.date, last: dtm.date, limit: int) -> list[Article]:
        """Up to `limit` articles published in the date range."""
        ...


class ChatsPort(Protocol):
    """The chats, their settings and their subscriptions."""

    async def ensure(
        self,
        chat_id: int,
        kind: ChatKind,
        title: str | None,
        timezone: str,
        offsets: Sequence[int] = (1440, 60),
        language: str = "en",
    ) -> Chat:
        """The chat, stored first with these defaults (and language) when it is new."""
        ...

    async def get(self, chat_id: int) -> Chat | None:
        """The chat, if stored."""
        ...

    async def change(self, chat_id: int, **values: object) -> Chat:
        """Set some of a chat's settings."""
        ...

    async def by_token(self, token: str) -> Chat | None:
        """The chat whose private feed token this is, if any."""
        ...

    async def issue_token(self, chat_id: int) -> str | None:
        """Give the chat its first private feed token and return it; None when it has one
        (kept only as a hash, it cannot be shown again)."""
        ...

    async def reset_token(self, chat_id: int) -> str:
        """Give the chat a new private feed token and return it (the old one stops working)."""
        ...

    async def subscribe(self, chat_id: int, track: str) -> bool:
        """Follow a track (or ALL_TRACKS); whether it was new."""
        ...

    async def unsubscribe(self, chat_id: int, track: str) -> bool:
        """Stop following a track; whether it was followed."""
        ...

    async def subscriptions(self, chat_id: int) -> list[Subscription]:
        """What the chat follows."""
        ...


class DeliveryCountsPort(Protocol):
    """How the reminder deliveries stand, for the operator's metrics."""

    async def counts(self) -> dict[str, int]:
        """How many deliveries are in each status (every status named)."""
        ...


class StorePort(Protocol):
    """The repositories the services read and write, behind one handle."""

    @property
    def events(self) -> EventsPort:
        """The events."""
        ...

    @property
    def tracks(self) -> TracksPort:
        """The tracks."""
        ...

    @property
    def articles(self) -> ArticlesPort:
        """The articles."""
        ...

    @property
    def chats(self) -> ChatsPort:
        """The chats and subscriptions."""
        ...

    @property
    def sources(self) -> SourcesPort:
        """The feeds followed and what they led to."""
        ...


class Sender(Protocol):
    """Something that delivers one HTML message to one chat."""

    async def send(self, chat_id: int, html: str) -> int:
        """Send `html` (Telegram HTML) to the chat; return the new message's id.

        Raises one of the SendError family (bot.reminders.sender) when it did not go out.
        """
        ...


class CalendarHooks(Protocol):
    """Listeners of calendar changes."""

    async def event_created(self, event: Event) -> None:
        """A session was added."""

    async def event_changed(self, before: Event, after: Event) -> None:
        """A session changed (a new version was stored)."""

    async def chat_changed(self, chat_id: int) -> None:
        """A chat's subscriptions or settings changed."""


class SourcesPort(Protocol):
    """The feeds negbot polls, the articles read from them, and the proposals they left."""

    async def add(self, new: NewSource) -> FeedSource:
        """Store a new source; InputError when its URL is followed already."""
        ...

    async def get(self, source_id: int) -> FeedSource | None:
        """The source with this id, if any."""
        ...

    async def all(self) -> list[FeedSource]:
        """Every source, by id."""
        ...

    async def remove(self, source_id: int) -> bool:
        """Stop following a source (what it led to stays); whether it was there."""
        ...

    async def due(self, now: dtm.datetime) -> list[FeedSource]:
        """The sources whose next poll is at or before `now` (or never polled), by id."""
        ...

    async def save(self, source: FeedSource) -> None:
        """Store how a source's polling stands (after `FeedSource.polled`)."""
        ...

    async def claim(self, source_id: int, owner: str, until: dtm.datetime) -> bool:
        """Lease a source to one poller until `until`; False while another holds a live lease."""
        ...

    async def release(self, source_id: int, owner: str) -> None:
        """End this poller's lease of the source."""
        ...

    async def seen_url(self, url: str) -> bool:
        """Whether an article at this URL was read."""
        ...

    async def seen_text(self, text_hash: str) -> bool:
        """Whether an article with this text was read (from any URL)."""
        ...

    async def mark_seen(self, seen: SeenArticle) -> bool:
        """Record an article as read; False when its URL was recorded already."""
        ...

    async def propose(
        self, source_id: int | None, article: Article, found: ExtractedEvent
    ) -> PendingProposal:
        """Keep a found session for an editor to review."""
        ...

    async def proposals(self) -> list[PendingProposal]:
        """The sessions waiting for review, oldest first."""
        ...

    async def drop_proposal(self, proposal_id: int) -> bool:
        """Forget a reviewed proposal; whether it was there."""
        ...


class OutletReader(Protocol):
    """Something that fetches feeds and article pages politely and reads them."""

    async def feed(self, url: str, etag: str | None, last_modified: str | None) -> FeedFetch:
        """Fetch and parse a feed (conditionally); raise SourceError saying what went wrong."""
        ...

    async def article(self, url: str) -> PageText:
        """Fetch an article page and read its main text; raise SourceError when it cannot."""
        ...
