"""The iCalendar feeds: the whole calendar, one track, a chat's own, one session."""

from __future__ import annotations

import asyncio
import datetime as dtm
import functools
from dataclasses import dataclass

from bot.clock import Clock
from bot.ical import render_calendar, render_event
from bot.models import ALL_TRACKS, Chat, Event, Track
from bot.ports import StorePort
from bot.services.links import Links

DOMAIN = "negbot"  # the UIDs' domain: "osce-2022-01-13@negbot"


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
    """Render feeds from the store, whole on every call (the web server keeps what it serves,
    bot.web.cache). Without a window (exports, the snapshot) a feed carries every session."""

    def __init__(self, store: StorePort, links: Links, window: Window | None = None) -> None:
        self._store = store
        self._links = links
        self._window = window

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

    async def _feed(
        self,
        tracks: list[str] | None,
        name: str,
        description: str,
        url: str | None,
        filename: str,
    ) -> Feed:
        listed = [] if tracks == [] else await self._events(tracks)
        render = functools.partial(
            render_calendar,
            listed,
            name=name,
            description=description,
            tracks=await self._tracks(),
            url=url,
            domain=DOMAIN,
        )
        # icalendar takes about half a millisecond a session: a calendar of thousands would
        # hold the event loop (reminders, the bot, other feeds) for seconds.
        body = await asyncio.to_thread(render)
        return Feed(body, filename, name)

    async def _tracks(self) -> dict[str, Track]:
        """Return the tracks by id: a VEVENT's CATEGORIES name its track."""
        return {t.id: t for t in await self._store.tracks.all()}

    async def _events(self, tracks: list[str] | None) -> list[Event]:
        if self._window is None:
            return await self._store.events.find(tracks=tracks, milestones=False)
        today = self._window.clock.now().date()
        first, last = today - self._window.past, today + self._window.future
        events = await self._store.events.find(
            tracks=tracks, start=first, end=last, milestones=False
        )
        if len(events) < self._window.at_least:
            older = await self._store.events.find(
                tracks=tracks,
                end=first - dtm.timedelta(days=1),
                newest_first=True,
                limit=self._window.at_least - len(events),
                milestones=False,
            )
            known = {e.number for e in events}
            events = [e for e in reversed(older) if e.number not in known] + events
        return events
