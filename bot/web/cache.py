"""Rendered feeds and pages, kept with their validators until the store's data change.

Every entry carries the generation it was built in. The generation moves on at once when this
process changes the store (`Database.listen`) and, for changes made elsewhere (another server,
the CLI), when a poll of the store's change counter finds it moved. A stale entry is rebuilt by
one request while the others for the same key wait for it (one lock per key).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dtm
import email.utils
import gzip
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.store import Store
from bot.web.metrics import Metrics

log = logging.getLogger(__name__)

Headers = Mapping[str, str]
COMMON_HEADERS: dict[str, str] = {
    "Server": "negbot",  # rather than the library's name and version
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Built:
    """What a builder hands the cache: the bytes and how they are to be served."""

    body: bytes
    content_type: str
    cache_control: str
    filename: str | None = None  # → Content-Disposition
    headers: Headers = field(default_factory=dict)  # more headers for the 200 (a CSP, …)
    until: dtm.datetime | None = None  # the entry goes stale then even if nothing changes


@dataclass(frozen=True, slots=True)
class CachedFeed:
    """A rendered feed or page: its bytes plain and gzipped, validators and ready headers."""

    body: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str
    last_modified: dtm.datetime
    headers: Headers  # 200, identity
    gzip_headers: Headers  # 200, gzip
    not_modified: Headers  # 304, identity
    gzip_not_modified: Headers  # 304, gzip
    generation: int
    until: dtm.datetime | None


def make_entry(
    built: Built, last_modified: dtm.datetime, generation: int, previous: CachedFeed | None = None
) -> CachedFeed:
    """Compress, hash and prepare the headers of freshly built bytes, once."""
    digest = hashlib.sha256(built.body).hexdigest()[:32]
    etag, gzip_etag = f'"{digest}"', f'"{digest}-gz"'
    last_modified = last_modified.astimezone(dtm.UTC).replace(microsecond=0)
    if previous is not None:
        if previous.etag == etag:
            last_modified = previous.last_modified  # the same bytes: not modified since then
        elif last_modified <= previous.last_modified:
            # New bytes within the same second (HTTP dates have no finer grain), or after the
            # clock stepped back: still later than what clients were told before.
            last_modified = previous.last_modified + dtm.timedelta(seconds=1)
    validators = {
        "Cache-Control": built.cache_control,
        "Last-Modified": email.utils.format_datetime(last_modified, usegmt=True),
        "Vary": "Accept-Encoding",
    }
    plain = {**COMMON_HEADERS, "Content-Type": built.content_type, **validators}
    if built.filename is not None:
        plain["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    plain.update(built.headers)
    gzipped = gzip.compress(built.body, compresslevel=9, mtime=0)
    headers = {**plain, "ETag": etag}
    gzip_headers = {**plain, "ETag": gzip_etag, "Content-Encoding": "gzip"}
    not_modified = {**COMMON_HEADERS, **validators, "ETag": etag}
    gzip_not_modified = {**COMMON_HEADERS, **validators, "ETag": gzip_etag}
    return CachedFeed(
        body=built.body,
        gzipped=gzipped,
        etag=etag,
        gzip_etag=gzip_etag,
        last_modified=last_modified,
        headers=headers,
        gzip_headers=gzip_headers,
        not_modified=not_modified,
        gzip_not_modified=gzip_not_modified,
        generation=generation,
        until=until_aware(built.until),
    )


def until_aware(until: dtm.datetime | None) -> dtm.datetime | None:
    """Refuse a naive expiry time: the clock is aware."""
    if until is not None and until.tzinfo is None:
        raise ValueError("an entry's expiry must be an aware datetime")
    return until


Builder = Callable[[], Awaitable[Built | None]]


class FeedCache:
    """Rendered bytes per key ("calendar", "track:osce", …), rebuilt only after a change."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        poll_seconds: float = 2.0,
        max_entries: int = 1024,
        metrics: Metrics | None = None,
    ) -> None:
        if poll_seconds <= 0 or max_entries < 1:
            raise ValueError("poll_seconds must be positive and max_entries at least 1")
        self._store = store
        self._clock = clock
        self._poll_seconds = poll_seconds
        self._max_entries = max_entries
        self.metrics = metrics if metrics is not None else Metrics()
        self._entries: collections.OrderedDict[str, CachedFeed] = collections.OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self._generation = 0
        self._seen: int | None = None  # the store's change counter as last read
        self._polled_at: float | None = None  # monotonic time of the last good poll
        self._task: asyncio.Task[None] | None = None
        self._listening = False
        self._attached = False

    @property
    def generation(self) -> int:
        """The number of invalidations so far; entries of an older one are stale."""
        return self._generation

    @property
    def revision(self) -> int | None:
        """The store's change counter as last read."""
        return self._seen

    def __len__(self) -> int:
        return len(self._entries)

    def healthy(self) -> bool:
        """Tell whether the store answered a poll lately (within three intervals and 10 s)."""
        if self._polled_at is None:
            return False
        return time.monotonic() - self._polled_at <= 3 * self._poll_seconds + 10

    async def start(self) -> None:
        """Read the change counter, listen to this process's changes and poll for the others."""
        await self.check()
        if not self._attached:
            self._store.db.listen(self._on_change)
            self._attached = True
        self._listening = True
        self._task = asyncio.create_task(self._poll(), name="negbot-feed-cache-poll")

    async def stop(self) -> None:
        """Stop polling and ignore further change notices."""
        self._listening = False
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def invalidate(self) -> None:
        """Make every entry stale."""
        self._generation += 1

    async def check(self) -> bool:
        """Read the store's change counter; invalidate and return True when it moved."""
        counter, _ = await self._store.db.revision()
        self._polled_at = time.monotonic()
        return self._observe(counter)

    def fresh(self, key: str) -> CachedFeed | None:
        """Return the entry of `key` when it is still valid, without waiting for anything."""
        entry = self._entries.get(key)
        if entry is None or entry.generation != self._generation:
            return None
        if entry.until is not None and self._clock.now() >= entry.until:
            return None
        return entry

    async def get(self, key: str, kind: str, build: Builder) -> CachedFeed | None:
        """Return the entry of `key`, building it first when it is missing or stale.

        `build` returns None when the thing does not exist (an unknown track, a revoked
        token); nothing is kept then.
        """
        entry = self.fresh(key)
        if entry is not None:
            return entry
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            entry = self.fresh(key)
            if entry is not None:
                return entry
            stale = self._entries.get(key)
            try:
                # The counter is read before the data: a change in between only makes the new
                # entry stale at once; its data are never older than its generation says.
                counter, changed_at = await self._store.db.revision()
                self._observe(counter)
                generation = self._generation
                built = await build()
            except Exception as exc:
                if stale is None:
                    raise
                # The store is away (restarting, a network cut): the last good bytes beat a 500.
                log.warning("serving %s as it was: cannot rebuild it: %s", key, exc)
                self.metrics.stale_served += 1
                return stale
            if built is None:
                self._entries.pop(key, None)
                self._locks.pop(key, None)
                return None
            entry = make_entry(built, changed_at, generation, stale)
            self._entries[key] = entry
            self._entries.move_to_end(key)
            self.metrics.feed_builds[kind] += 1
            while len(self._entries) > self._max_entries:
                old, _ = self._entries.popitem(last=False)
                self._locks.pop(old, None)
            return entry

    def _observe(self, counter: int) -> bool:
        """Note a read of the change counter; any value not seen before invalidates."""
        if self._seen is not None and counter == self._seen:
            return False
        first = self._seen is None
        self._seen = counter
        if not first:
            self.invalidate()
        return not first

    async def _on_change(self) -> None:
        if self._listening:
            self.invalidate()

    async def _poll(self) -> None:
        failing = False
        while True:
            await asyncio.sleep(self._poll_seconds)
            try:
                await self.check()
            except Exception as exc:  # the database may be restarting: keep serving, keep trying
                self.metrics.revision_polls_failed += 1
                if not failing:
                    log.warning("cannot read the store's change counter: %s", exc)
                failing = True
            else:
                if failing:
                    log.info("the store answers again")
                failing = False
