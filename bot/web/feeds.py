"""The feed routes: whole calendar, one track, a chat's private feed, one session.

The handlers look an entry up in the FeedCache (which renders it once per change) and answer
from its ready bytes and headers. Ids and tokens are checked against their shape before any
database lookup, and every miss is the same bare 404.
"""

from __future__ import annotations

import email.utils
import hashlib
import math
import re

from aiohttp import web

from bot.services.feeds import Feed, Feeds
from bot.store import Store
from bot.store.tokens import TOKEN_BYTES
from bot.web.cache import Built, CachedFeed, FeedCache

ICS = "text/calendar; charset=utf-8"
PUBLIC = "public, max-age=300"
PRIVATE = "private, max-age=300"
TRACK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
EVENT_REF = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")
# A feed token is secrets.token_urlsafe(TOKEN_BYTES): base64url without padding.
TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{math.ceil(TOKEN_BYTES * 4 / 3)}}}")


def track_key(track_id: str) -> str | None:
    """Return the cache key of a track's feed, or None for an id of the wrong shape."""
    return f"track:{track_id}" if TRACK_ID.fullmatch(track_id) else None


def chat_key(token: str) -> str | None:
    """Return the cache key of a chat's feed: the token's hash (the secret itself is not kept)."""
    if not TOKEN.fullmatch(token):
        return None
    return "chat:" + hashlib.sha256(token.encode()).hexdigest()


def event_ref(ref: str) -> str | None:
    """Return an event's id or number as looked up (7 for "007"), or None when malformed."""
    if not EVENT_REF.fullmatch(ref):
        return None
    if ref.isdigit():
        if len(ref) > 9:  # no such number; and PostgreSQL's integer would overflow
            return None
        return str(int(ref))
    return ref


def not_found() -> web.HTTPNotFound:
    """Return the one answer for anything that does not exist here."""
    return web.HTTPNotFound()


def accepts_gzip(header: str | None) -> bool:
    """Tell whether an Accept-Encoding header takes gzip (not refused with q=0)."""
    if not header or "gzip" not in header:
        return False
    for part in header.split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() in {"gzip", "x-gzip"}:
            quality = params.replace(" ", "").lower()
            return not re.fullmatch(r"q=0(\.0{0,3})?", quality)
    return False


def not_modified(request: web.Request, entry: CachedFeed) -> bool:
    """Tell whether the client's copy is current: If-None-Match (weak comparison) decides when
    given, else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_none_match is not None:
        if if_none_match == entry.etag or if_none_match == entry.gzip_etag:
            return True
        for tag in if_none_match.split(","):
            tag = tag.strip().removeprefix("W/")
            if tag in (entry.etag, entry.gzip_etag, "*"):
                return True
        return False
    if if_modified_since is None:
        return False
    try:
        moment = email.utils.parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if moment.tzinfo is None:
        return False
    return entry.last_modified <= moment


def answer(request: web.Request, entry: CachedFeed) -> web.Response:
    """Answer from a cached entry: 304 when the client's copy is current, else the bytes."""
    gzipped = accepts_gzip(request.headers.get("Accept-Encoding"))
    if not_modified(request, entry):
        return web.Response(
            status=304, headers=entry.gzip_not_modified if gzipped else entry.not_modified
        )
    if gzipped:
        return web.Response(body=entry.gzipped, headers=entry.gzip_headers)
    return web.Response(body=entry.body, headers=entry.headers)


def _built(feed: Feed, cache_control: str) -> Built:
    return Built(
        body=feed.body, content_type=ICS, cache_control=cache_control, filename=feed.filename
    )


class FeedRoutes:
    """The handlers of the four feed routes."""

    def __init__(self, store: Store, feeds: Feeds, cache: FeedCache) -> None:
        self._store = store
        self._feeds = feeds
        self._cache = cache
        self._metrics = cache.metrics

    def add_to(self, app: web.Application) -> None:
        """Register the routes (GET and HEAD; any other method is a 405)."""
        app.router.add_get("/calendar.ics", self.calendar)
        app.router.add_get("/tracks/{track}.ics", self.track)
        app.router.add_get("/feeds/{token}.ics", self.chat)
        app.router.add_get("/events/{ref}.ics", self.event)

    async def _serve(
        self, request: web.Request, entry: CachedFeed | None, kind: str
    ) -> web.Response:
        if entry is None:
            raise not_found()
        response = answer(request, entry)
        self._metrics.feed_requests[kind] += 1
        if response.status == 304:
            self._metrics.feed_not_modified[kind] += 1
        return response

    async def calendar(self, request: web.Request) -> web.Response:
        """Serve every session."""

        async def build() -> Built:
            return _built(await self._feeds.calendar(), PUBLIC)

        entry = await self._cache.get("calendar", "calendar", build)
        return await self._serve(request, entry, "calendar")

    async def track(self, request: web.Request) -> web.Response:
        """Serve one track's sessions."""
        track_id = request.match_info["track"]
        key = track_key(track_id)
        if key is None:
            raise not_found()

        async def build() -> Built | None:
            track = await self._store.tracks.get(track_id)
            return None if track is None else _built(await self._feeds.track(track), PUBLIC)

        entry = await self._cache.get(key, "track", build)
        return await self._serve(request, entry, "track")

    async def chat(self, request: web.Request) -> web.Response:
        """Serve a chat's private feed; a malformed or unknown token is a plain 404."""
        token = request.match_info["token"]
        key = chat_key(token)
        if key is None:
            raise not_found()

        async def build() -> Built | None:
            chat = await self._store.chats.by_token(token)
            return None if chat is None else _built(await self._feeds.chat(chat), PRIVATE)

        entry = await self._cache.get(key, "chat", build)
        return await self._serve(request, entry, "chat")

    async def event(self, request: web.Request) -> web.Response:
        """Serve one session as a file, by its id or number."""
        found = event_ref(request.match_info["ref"])
        if found is None:
            raise not_found()
        ref = found

        async def build() -> Built | None:
            event = await self._store.events.get(ref)
            return None if event is None else _built(await self._feeds.event(event), PUBLIC)

        key = f"event:{ref}"
        entry = await self._cache.get(key, "event", build)
        return await self._serve(request, entry, "event")
