"""What the calendar shows: upcoming and past sessions, the next one, one in detail."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.clock import Clock
from bot.models import ALL_TRACKS, Event, EventChange, Track
from bot.ports import StorePort

_PAGE = 10


@dataclass(frozen=True, slots=True)
class EventView:
    """A session with its track and history, for a detailed view."""

    event: Event
    track: Track | None
    history: list[EventChange]


def is_over(event: Event, now: dtm.datetime) -> bool:
    """Tell whether a session has ended by `now` (an all-day session lasts its whole last day
    everywhere: it is over only when that day has ended on the last timezone, UTC−12)."""
    if event.start_at is not None:
        return event.ends() <= now
    last_moment = dtm.datetime.combine(
        event.end_date + dtm.timedelta(days=1),
        dtm.time(),
        tzinfo=dtm.timezone(dtm.timedelta(hours=-12)),
    )
    return last_moment <= now


class Calendar:
    """Read-only questions about the calendar."""

    def __init__(self, store: StorePort, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def upcoming(
        self, tracks: Iterable[str] | None = None, limit: int = _PAGE
    ) -> list[Event]:
        """Return the sessions not over yet, soonest first."""
        now, wanted = self._clock.now(), self._tracks(tracks)
        # A session whose last day is two days back is over everywhere (UTC−12 included).
        start = (now - dtm.timedelta(days=1)).date()
        return await self._until_enough(
            lambda fetch: self._store.events.find(
                tracks=wanted, start=start, limit=fetch, sources=False, milestones=False
            ),
            lambda e: not is_over(e, now),
            limit,
        )

    async def past(self, tracks: Iterable[str] | None = None, limit: int = _PAGE) -> list[Event]:
        """Return the sessions that are over, latest first."""
        now, wanted = self._clock.now(), self._tracks(tracks)
        # One whose first day is two days ahead has not begun anywhere (UTC+14 included).
        end = (now + dtm.timedelta(days=1)).date()
        return await self._until_enough(
            lambda fetch: self._store.events.find(
                tracks=wanted,
                end=end,
                newest_first=True,
                limit=fetch,
                sources=False,
                milestones=False,
            ),
            lambda e: is_over(e, now),
            limit,
        )

    async def _until_enough(
        self,
        fetch: Callable[[int], Awaitable[list[Event]]],
        wanted: Callable[[Event], bool],
        limit: int,
    ) -> list[Event]:
        """Fetch `limit` and a margin, keep the wanted; fetch more while the margin fell short.
        The sessions are listed without their sources, which only those kept are given.

        The store's date bounds are a day or two wide of "over" (which depends on each venue's
        zone), so a busy day can fill the margin with sessions on the wrong side of now.
        """
        size = 2 * limit + 20
        while True:
            found = await fetch(size)
            kept = [e for e in found if wanted(e)]
            if len(kept) >= limit or len(found) < size:
                return await self._store.events.with_sources(kept[:limit])
            size *= 4

    async def next(self, tracks: Iterable[str] | None = None) -> Event | None:
        """Return the next session that is not over, if any."""
        found = await self.upcoming(tracks, limit=1)
        return found[0] if found else None

    async def view(self, ref: str) -> EventView | None:
        """Return a session with its track and history."""
        event = await self._store.events.get(ref)
        if event is None:
            return None
        track = await self._store.tracks.get(event.track) if event.track else None
        return EventView(event, track, await self._store.events.history(event.id))

    async def everything(
        self,
        tracks: Iterable[str] | None = None,
        start: dtm.date | None = None,
        end: dtm.date | None = None,
    ) -> list[Event]:
        """Return every event of these tracks (all when None) overlapping [start, end],
        milestones too, in start order."""
        return await self._store.events.find(tracks=tracks, start=start, end=end)

    async def tracks(self) -> list[Track]:
        """Return every track."""
        return await self._store.tracks.all()

    async def track(self, track_id: str) -> Track | None:
        """Return the track with this id, if any."""
        return await self._store.tracks.get(track_id)

    async def histories(self, events: Sequence[Event]) -> dict[int, list[EventChange]]:
        """Return the changes of the events that have any, by number (one read for them all)."""
        changed = [e for e in events if e.sequence > 0]
        return await self._store.events.histories(changed) if changed else {}

    @staticmethod
    def _tracks(tracks: Iterable[str] | None) -> list[str] | None:
        if tracks is None:
            return None
        chosen = list(tracks)
        return None if ALL_TRACKS in chosen else chosen
