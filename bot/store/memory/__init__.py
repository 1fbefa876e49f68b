"""The ports in memory: tracks, articles, chats and events in dictionaries, for fast tests.

As APScheduler 4 pairs its memory and SQLAlchemy data stores, this store passes the same
behavioural tests as bot.store.Store (tests/store/test_ports.py).
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Sequence

from bot.clock import Clock
from bot.errors import InputError
from bot.models import ALL_TRACKS, Article, Chat, ChatKind, Subscription, Track
from bot.store.memory.events import MemoryEvents
from bot.store.memory.sources import MemorySources
from bot.store.tokens import new_token, token_hash
from bot.tracks import TrackCatalogue

__all__ = [
    "MemoryArticles",
    "MemoryChats",
    "MemoryEvents",
    "MemorySources",
    "MemoryStore",
    "MemoryTracks",
]


class MemoryTracks:
    """The tracks, by id."""

    def __init__(self) -> None:
        self._tracks: dict[str, Track] = {}
        self._own: set[str] = set()  # added by an admin: a shipped track never replaces it

    async def all(self) -> list[Track]:
        """Every track, by id."""
        return [self._tracks[k] for k in sorted(self._tracks)]

    async def get(self, track_id: str) -> Track | None:
        """The track with this id, if any."""
        return self._tracks.get(track_id)

    async def catalogue(self) -> TrackCatalogue:
        """Every track, as the catalogue the extractor reads."""
        return TrackCatalogue(await self.all())

    async def sync(self, catalogue: TrackCatalogue) -> int:
        """Store the shipped tracks, adding new and refreshing changed ones; how many."""
        wanted = [t for t in catalogue if self._tracks.get(t.id) != t]
        for track in wanted:
            if track.id not in self._own:
                self._tracks[track.id] = track
        return len(wanted)

    async def add(self, track: Track) -> Track:
        """Add an admin's track; refuse an id that exists."""
        if track.id in self._tracks:
            raise InputError(f"a track with id {track.id!r} exists already")
        self._tracks[track.id] = track
        self._own.add(track.id)
        return track


class MemoryArticles:
    """The articles read so far."""

    def __init__(self) -> None:
        self._articles: dict[str, Article] = {}
        self._order: list[str] = []

    async def has(self, article_id: str) -> bool:
        """Whether this article is stored."""
        return article_id in self._articles

    async def add(self, article: Article) -> bool:
        """Store an article; False when it was there already."""
        if article.id in self._articles:
            return False
        self._articles[article.id] = article
        self._order.append(article.id)
        return True

    async def published_between(self, first: dtm.date, last: dtm.date, limit: int) -> list[Article]:
        """Up to `limit` articles published from `first` to `last`, latest first."""
        arrival = {a: n for n, a in enumerate(self._order)}
        found = [
            a
            for a in self._articles.values()
            if a.published is not None and first <= a.published <= last
        ]
        found.sort(key=lambda a: (a.published, arrival[a.id]), reverse=True)
        return found[:limit]


class MemoryChats:
    """The chats, their settings and their subscriptions."""

    _CHANGEABLE = frozenset(
        {"timezone", "reminder_offsets", "allday_time", "digest", "title", "language"}
    )

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._chats: dict[int, Chat] = {}
        self._follows: dict[int, set[str]] = {}
        self._tokens: dict[int, str] = {}  # chat id -> its feed token's hash, as in the database

    async def ensure(
        self,
        chat_id: int,
        kind: ChatKind,
        title: str | None,
        timezone: str,
        offsets: Sequence[int] = (1440, 60),
        language: str = "en",
    ) -> Chat:
        """The chat, stored first with these defaults when it is new."""
        if chat_id not in self._chats:
            now = self._clock.now()
            self._chats[chat_id] = Chat(
                id=chat_id,
                kind=kind,
                title=title,
                timezone=timezone,
                reminder_offsets=tuple(offsets),
                language=language,
                created_at=now,
                updated_at=now,
            )
        return self._chats[chat_id]

    async def get(self, chat_id: int) -> Chat | None:
        """The chat, if stored."""
        return self._chats.get(chat_id)

    def _known(self, chat_id: int) -> Chat:
        if chat_id not in self._chats:
            raise InputError(f"no chat {chat_id}")
        return self._chats[chat_id]

    async def change(self, chat_id: int, **values: object) -> Chat:
        """Set some of a chat's settings."""
        unknown = set(values) - self._CHANGEABLE - {"active"}
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
        if "reminder_offsets" in values:
            offsets = values["reminder_offsets"]
            assert isinstance(offsets, Sequence)
            values["reminder_offsets"] = tuple(sorted({int(v) for v in offsets}, reverse=True))
        chat = self._known(chat_id)
        data = chat.model_dump() | values | {"updated_at": self._clock.now()}
        self._chats[chat_id] = Chat(**data)
        return self._chats[chat_id]

    async def by_token(self, token: str) -> Chat | None:
        """The chat whose private feed token this is, if any."""
        wanted = token_hash(token)
        found = [chat_id for chat_id, kept in self._tokens.items() if kept == wanted]
        return self._chats[found[0]] if found else None

    async def issue_token(self, chat_id: int) -> str | None:
        """Give the chat its first private feed token; None when it has one."""
        self._known(chat_id)
        return None if chat_id in self._tokens else await self.reset_token(chat_id)

    async def reset_token(self, chat_id: int) -> str:
        """Give the chat a new private feed token and return it."""
        chat = self._known(chat_id)
        token = new_token()
        self._tokens[chat_id] = token_hash(token)
        self._chats[chat_id] = chat.model_copy(update={"updated_at": self._clock.now()})
        return token

    async def subscribe(self, chat_id: int, track: str) -> bool:
        """Follow a track (or ALL_TRACKS); False when it was followed already."""
        followed = self._follows.setdefault(chat_id, set())
        if track in followed:
            return False
        followed.add(track)
        return True

    async def unsubscribe(self, chat_id: int, track: str) -> bool:
        """Stop following a track (ALL_TRACKS: everything); False if not followed."""
        followed = self._follows.get(chat_id, set())
        gone = set(followed) if track == ALL_TRACKS else followed & {track}
        followed -= gone
        return bool(gone)

    async def subscriptions(self, chat_id: int) -> list[Subscription]:
        """What the chat follows, by track."""
        followed = sorted(self._follows.get(chat_id, ()))
        return [Subscription(chat_id=chat_id, track=t) for t in followed]


class MemoryStore:
    """Every in-memory repository behind one handle, as bot.store.Store holds the SQL ones."""

    def __init__(self, clock: Clock) -> None:
        self.events = MemoryEvents(clock)
        self.tracks = MemoryTracks()
        self.articles = MemoryArticles()
        self.chats = MemoryChats(clock)
        self.sources = MemorySources(clock)
