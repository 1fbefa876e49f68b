"""The iCalendar feeds: the whole calendar, one track, a chat's own, one session."""

from __future__ import annotations

import datetime as dtm
import hashlib
from dataclasses import dataclass

from bot.clock import Clock
from bot.ical import render_calendar, render_event, vevent_bytes
from bot.models import ALL_TRACKS, Chat, Event, Track
from bot.services.links import Links
from bot.store import Store

DOMAIN = "negbot"


@dataclass(frozen=True, slots=True)
class Feed:
    """A rendered feed and what names it."""

    body: bytes
    filename: str
    name: str


@dataclass(frozen=True, slots=True)
class Window:
    """Which sessions a subscribed feed carries: a year back and two ahead, and never fewer
    than the latest `at_least` (a calendar app has no use for a decade of history, but a feed
    must not come out empty while the calendar has sessions)."""

    clock: Clock
    past: dtm.timedelta = dtm.timedelta(days=365)
    future: dtm.timedelta = dtm.timedelta(days=730)
    at_least: int = 100


class Feeds:
    """Render feeds from the store, serialising each event version once (kept in the store
    and in memory). Without a window (exports, the snapshot) a feed carries every session."""

    def __init__(self, store: Store, links: Links, window: Window | None = None) -> None:
        self._store = store
        self._links = links
        self._window = window
        self._memory: dict[int, tuple[str, bytes]] = {}

    async def calendar(self) -> Feed:
        """Return the feed of every session."""
        name = "Negotiation tracks"
        return await self._feed(
            None,
            name,
            "Sessions of diplomatic negotiation tracks, from negbot.",
            self._links.calendar(),
            "negotiation-tracks.ics",
        )

    async def track(self, track: Track) -> Feed:
        """Return one track's feed."""
        return await self._feed(
            [track.id],
            track.name,
            track.description or f"Sessions of the {track.name}.",
            self._links.track(track.id),
            f"{track.id}.ics",
        )

    async def chat(self, chat: Chat) -> Feed:
        """Return the feed of the tracks a chat follows."""
        followed = [s.track for s in await self._store.chats.subscriptions(chat.id)]
        tracks = None if ALL_TRACKS in followed else followed
        return await self._feed(
            tracks,
            "My negotiation tracks",
            "The tracks this chat follows in negbot.",
            None,
            "my-negotiation-tracks.ics",
        )

    async def event(self, event: Event) -> Feed:
        """Return one session as a file to import."""
        tracks = await self._tracks()
        return Feed(
            render_event(event, tracks=tracks, domain=DOMAIN), f"{event.id}.ics", event.title
        )

    async def _tracks(self) -> dict[str, Track]:
        return {t.id: t for t in await self._store.tracks.all()}

    async def _feed(
        self,
        tracks: list[str] | None,
        name: str,
        description: str,
        url: str | None,
        filename: str,
    ) -> Feed:
        events = [] if tracks == [] else await self._events(tracks)
        blocks = await self.blocks(events)
        body = render_calendar(
            events,
            name=name,
            description=description,
            url=url,
            domain=DOMAIN,
            vevents=lambda event: blocks[event.number],
        )
        return Feed(body, filename, name)

    async def _events(self, tracks: list[str] | None) -> list[Event]:
        # Without sources: most blocks are cached, and blocks() loads whole the events it
        # has to render.
        if self._window is None:
            return await self._store.events.find(tracks=tracks, sources=False)
        today = self._window.clock.now().date()
        first, last = today - self._window.past, today + self._window.future
        events = await self._store.events.find(tracks=tracks, start=first, end=last, sources=False)
        if len(events) < self._window.at_least:
            older = await self._store.events.find(
                tracks=tracks,
                end=first - dtm.timedelta(days=1),
                newest_first=True,
                limit=self._window.at_least - len(events),
                sources=False,
            )
            known = {e.number for e in events}
            events = [e for e in reversed(older) if e.number not in known] + events
        return events

    async def blocks(self, events: list[Event]) -> dict[int, bytes]:
        """Return each event's VEVENT: from memory, from the store, or rendered (and kept).

        The events may come without their sources: one rendered here is loaded whole first.
        """
        tracks = await self._tracks()
        keys = {e.number: _version_key(e, tracks) for e in events}
        found: dict[int, bytes] = {}
        missing = []
        for event in events:
            kept = self._memory.get(event.number)
            if kept is not None and kept[0] == keys[event.number]:
                found[event.number] = kept[1]
            else:
                missing.append(event)
        if missing:
            stored = await self._store.renders.get(e.number for e in missing)
            usable = {n: kept[1] for n, kept in stored.items() if kept[0] == keys[n]}
            stale = [e.number for e in missing if e.number not in usable]
            whole = await self._store.events.many(stale) if stale else {}
            fresh: dict[int, tuple[str, bytes]] = {}
            for event in missing:
                key = keys[event.number]
                block = usable.get(event.number)
                if block is None:
                    current = whole.get(event.number, event)
                    block = vevent_bytes(current, tracks=tracks, domain=DOMAIN)
                    fresh[event.number] = (key, block)
                self._memory[event.number] = (key, block)
                found[event.number] = block
            await self._store.renders.put(fresh)
        return found


def _version_key(event: Event, tracks: dict[str, Track]) -> str:
    """Return what an event's block depends on, hashed: its version and its track's name."""
    track = tracks.get(event.track) if event.track else None
    parts = (
        event.id,
        str(event.sequence),
        event.updated_at.isoformat(),
        track.name if track else "",
        DOMAIN,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
