"""The iCalendar feeds: the whole calendar, one track, a chat's own, one session."""

from __future__ import annotations

import datetime as dtm
from dataclasses import dataclass

from bot.clock import Clock
from bot.ical import render_calendar, render_event
from bot.models import ALL_TRACKS, Chat, Event, Track
from bot.services.blocks import DOMAIN as DOMAIN  # re-exported: the replays build UIDs with it
from bot.services.blocks import Blocks, Kept, block_key
from bot.services.links import Links
from bot.store import Store


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
    """Render feeds from the store around the VEVENT blocks kept there (the editor and the
    importer render them when they write; a feed renders and keeps any it misses), holding
    them in memory too. Without a window (exports, the snapshot) a feed carries every session."""

    def __init__(self, store: Store, links: Links, window: Window | None = None) -> None:
        self._store = store
        self._links = links
        self._window = window
        self._blocks = Blocks(store)
        self._memory: dict[int, Kept] = {}

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
        tracks = await self._blocks.tracks()
        return Feed(
            render_event(event, tracks=tracks, domain=DOMAIN), f"{event.id}.ics", event.title
        )

    async def _feed(
        self,
        tracks: list[str] | None,
        name: str,
        description: str,
        url: str | None,
        filename: str,
    ) -> Feed:
        listed = [] if tracks == [] else await self._events(tracks)
        blocks = await self.blocks(listed)
        body = render_calendar(
            [e for e in listed if e.number in blocks],
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
            return await self._store.events.find(tracks=tracks, sources=False, milestones=False)
        today = self._window.clock.now().date()
        first, last = today - self._window.past, today + self._window.future
        events = await self._store.events.find(
            tracks=tracks, start=first, end=last, sources=False, milestones=False
        )
        if len(events) < self._window.at_least:
            older = await self._store.events.find(
                tracks=tracks,
                end=first - dtm.timedelta(days=1),
                newest_first=True,
                limit=self._window.at_least - len(events),
                sources=False,
                milestones=False,
            )
            known = {e.number for e in events}
            events = [e for e in reversed(older) if e.number not in known] + events
        return events

    async def blocks(self, events: list[Event]) -> dict[int, bytes]:
        """Return each event's VEVENT: from memory, from the store, or rendered (and kept).

        The events may come without their sources: one rendered here is loaded whole first,
        and one that no longer exists has no block.
        """
        tracks = await self._blocks.tracks()
        keys = {e.number: block_key(e, tracks) for e in events}
        found: dict[int, bytes] = {}
        missing: dict[int, str] = {}
        for number, key in keys.items():
            kept = self._memory.get(number)
            if kept is not None and kept[0] == key:
                found[number] = kept[1]
            else:
                missing[number] = key
        if missing:
            loaded = await self._blocks.kept(missing)
            stale = [n for n in missing if n not in loaded]
            if stale:
                loaded.update(await self._blocks.render(stale, tracks))
            self._memory.update(loaded)
            found.update((n, block) for n, (_, block) in loaded.items())
        return found
