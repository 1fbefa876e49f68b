"""The human pages: every track at `/`, one track at `/tracks/{id}`, and their static files.

Pages are rendered from Jinja2 templates (autoescaped) into the same cache as the feeds; they
also go stale after a minute of the clock, since sessions move from "upcoming" to "past".
"""

from __future__ import annotations

import collections
import datetime as dtm
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from aiohttp import web

from bot.models import Event, Track
from bot.services.calendar import is_over
from bot.services.container import Services
from bot.services.links import Links
from bot.web import timeline
from bot.web.cache import Built, CachedFeed, FeedCache, make_entry
from bot.web.feeds import TRACK_ID, answer, not_found
from bot.web.views import SessionView, day_text, session_view

HTML = "text/html; charset=utf-8"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {"Content-Security-Policy": CSP}
PAGE_TTL = dtm.timedelta(minutes=1)
STATIC = Path(__file__).parent / "static"
LATEST = 5  # past sessions shown unfolded when nothing is upcoming
PER_TRACK = 5  # upcoming sessions per track on the page of every track
EARLIER = 30  # past sessions folded on the page of every track
STATIC_TYPES = {
    "style.css": "text/css; charset=utf-8",
    "page.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}


def environment() -> jinja2.Environment:
    """Return the template environment: package templates, autoescaping everything."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("bot.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True, slots=True)
class Subscribe:
    """The ways to follow a feed: webcal, https, Google Calendar, the bot."""

    what: str
    https: str
    webcal: str
    google: str
    bot: str | None


@dataclass(frozen=True, slots=True)
class Group:
    """One track's sessions on the page."""

    track_id: str | None
    name: str
    href: str | None
    sessions: tuple[SessionView, ...]
    more: int  # upcoming sessions of the track not listed here


def subscribe_block(links: Links, track: Track | None) -> Subscribe:
    """Return the subscribe links of the whole calendar, or of one track."""
    url = links.track(track.id) if track else links.calendar()
    return Subscribe(
        what=track.name if track else "every track",
        https=url,
        webcal=links.webcal(url),
        google=links.google(url),
        bot=links.bot_start(f"track_{track.id}" if track else "all"),
    )


class PageRoutes:
    """The handlers of the pages and their static files."""

    def __init__(self, services: Services, cache: FeedCache, links: Links) -> None:
        self._services = services
        self._cache = cache
        self._links = links
        self._templates = environment()
        self._static = _load_static()

    @property
    def templates(self) -> jinja2.Environment:
        """The template environment (the error pages use it too)."""
        return self._templates

    def add_to(self, app: web.Application) -> None:
        """Register the routes."""
        app.router.add_get("/", self.home)
        app.router.add_get("/tracks/{track}", self.track)
        app.router.add_get("/static/{name}", self.static)

    async def home(self, request: web.Request) -> web.Response:
        """Serve the page of every track."""

        async def build() -> Built:
            return await self._page(None)

        entry = await self._cache.get("page:/", "page", build)
        if entry is None:  # never: the page of every track always exists
            raise not_found()
        self._cache.metrics.page_requests["home"] += 1
        return answer(request, entry)

    async def track(self, request: web.Request) -> web.Response:
        """Serve one track's page."""
        track_id = request.match_info["track"]
        if not TRACK_ID.fullmatch(track_id):
            raise not_found()

        async def build() -> Built | None:
            track = await self._services.calendar.track(track_id)
            return None if track is None else await self._page(track)

        entry = await self._cache.get(f"page:track:{track_id}", "page", build)
        if entry is None:
            raise not_found()
        self._cache.metrics.page_requests["track"] += 1
        return answer(request, entry)

    async def static(self, request: web.Request) -> web.Response:
        """Serve one of the page's own files; nothing else is reachable under /static/."""
        entry = self._static.get(request.match_info["name"])
        if entry is None:
            raise not_found()
        return answer(request, entry)

    async def _page(self, track: Track | None) -> Built:
        calendar = self._services.calendar
        now = self._services.clock.now()
        tracks = {t.id: t for t in await calendar.tracks()}
        events = await calendar.everything([track.id] if track else None)
        # Milestones (a publication, a decree) are on the timeline, never in the listings.
        sessions = [e for e in events if not e.milestone]
        upcoming = [e for e in sessions if not is_over(e, now)]
        past = [e for e in reversed(sessions) if is_over(e, now)]
        latest = [] if upcoming else past[:LATEST]
        earlier = past[len(latest) :]
        if track is None:  # the whole calendar: a few per track; the track pages have them all
            upcoming_shown = _first_per_track(upcoming, PER_TRACK)
            earlier, older = earlier[:EARLIER], len(earlier) - len(earlier[:EARLIER])
        else:
            upcoming_shown, older = upcoming, 0
        shown = [*upcoming_shown, *latest, *earlier]
        histories = await calendar.histories(shown)

        def view(event: Event) -> SessionView:
            return session_view(
                event,
                tracks,
                over=is_over(event, now),
                history=histories.get(event.number, ()),
            )

        picture = timeline.build_timeline(events, upcoming_shown or latest, tracks, now)
        body = self._templates.get_template("page.html").render(
            track=track,
            title=f"{track.name} — negotiation tracks" if track else "Negotiation tracks",
            today=day_text(now.date()),
            subscribe=subscribe_block(self._links, track),
            groups=_groups(upcoming, upcoming_shown, tracks, view),
            latest=[view(e) for e in latest],
            earlier=[view(e) for e in earlier],
            older=older,
            total=len(sessions),
            tracks=sorted(tracks.values(), key=lambda t: t.name.lower()),
            links=self._links,
            timeline=picture,
            lane=timeline.LANE,
            bar_top=timeline.BAR_TOP,
            bar_height=timeline.BAR_HEIGHT,
            axis=timeline.AXIS,
        )
        return Built(
            body=body.encode("utf-8"),
            content_type=HTML,
            cache_control="public, max-age=60",
            headers=PAGE_HEADERS,
            until=now + PAGE_TTL,
        )


def _first_per_track(events: Sequence[Event], count: int) -> list[Event]:
    """Keep the first `count` sessions of each track (all the sessions without one)."""
    seen: dict[str, int] = {}
    kept = []
    for event in events:
        if event.track is not None:
            seen[event.track] = seen.get(event.track, 0) + 1
            if seen[event.track] > count:
                continue
        kept.append(event)
    return kept


def _groups(
    upcoming: Sequence[Event],
    shown: Sequence[Event],
    tracks: dict[str, Track],
    view: Callable[[Event], SessionView],
) -> tuple[Group, ...]:
    """Group the shown sessions by track, tracks in the order of their next session."""
    by_track: dict[str | None, list[Event]] = {}
    for event in shown:
        key = event.track if event.track in tracks else None
        by_track.setdefault(key, []).append(event)
    totals = collections.Counter(e.track if e.track in tracks else None for e in upcoming)
    order = sorted(by_track, key=lambda k: k is None)  # untracked sessions last
    return tuple(
        Group(
            track_id=key,
            name=tracks[key].name if key else "Other sessions",
            href=f"/tracks/{key}" if key else None,
            sessions=tuple(view(e) for e in by_track[key]),
            more=totals[key] - len(by_track[key]),
        )
        for key in order
    )


def _load_static() -> dict[str, CachedFeed]:
    """Read the static files once, with their validators, gzipped copies and headers."""
    found = {}
    for name, content_type in STATIC_TYPES.items():
        path = STATIC / name
        body = path.read_bytes()
        modified = dtm.datetime.fromtimestamp(path.stat().st_mtime, dtm.UTC)
        built = Built(body=body, content_type=content_type, cache_control="public, max-age=3600")
        found[name] = make_entry(built, modified, generation=0)
    return found
