"""A fast path in front of aiohttp for the hottest request: a plain GET or HEAD of a feed.

When a connection's bytes hold complete GET or HEAD requests for feeds whose bytes are cached
and fresh, they are answered straight away with the entry's ready header lines, without building
a request object, a task and a response per request (bench/feed.py measured that machinery,
not the copying of the feed, as what kept a 500 kB feed well below nginx). Everything else goes
to aiohttp untouched: another path, a stale or missing entry, a request split across reads, a
body or any header that could announce one, an unusual header, HTTP/1.0, `Connection: close`,
a client over its rate, a write buffer not yet drained. From its first such request on, the
connection belongs to aiohttp alone, so answers never interleave; nothing is parsed twice.
aiohttp still owns the connection's life: its keep-alive timer, which the fast path does not
reset, closes a connection served only here an hour (3630 s) after it opened.
"""

from __future__ import annotations

import asyncio
import email.utils
import re
import time
from typing import cast

from bot.web.cache import CachedFeed, FeedCache
from bot.web.feeds import accepts_gzip, feed_key, still_valid
from bot.web.limits import RateLimiter

MAX_HEAD = 8192
_TARGET = re.compile(rb"/[A-Za-z0-9._~/-]{0,250}")
_NAME = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# Control characters, and CR or LF anywhere but together as a line end.
_BAD = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n")
_REFUSED = frozenset(
    {b"content-length", b"transfer-encoding", b"expect", b"upgrade", b"te", b"trailer"}
)
_READ = frozenset(
    {b"host", b"if-none-match", b"if-modified-since", b"accept-encoding", b"connection"}
)
_STATUS = {200: b"HTTP/1.1 200 OK\r\n", 304: b"HTTP/1.1 304 Not Modified\r\n"}
_MEMO_SIZE = 8  # whole 200 answers kept for the current second (one per feed and coding)


class _DateLine:
    """The Date header line, made once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._line = b""

    def get(self) -> bytes:
        second = int(time.time())
        if second != self._second:
            self._second = second
            self._line = b"Date: %s\r\n" % email.utils.formatdate(second, usegmt=True).encode()
        return self._line


class FastFeeds:
    """Answers feed requests from the cache when nothing about them needs aiohttp."""

    def __init__(self, cache: FeedCache, limiter: RateLimiter) -> None:
        self._cache = cache
        self._limiter = limiter
        self._metrics = cache.metrics
        self._date = _DateLine()
        self._memo: dict[tuple[str, bool], tuple[bytes, CachedFeed, bytes]] = {}

    def serve(self, data: bytes, transport: asyncio.Transport, peer: str) -> bytes:
        """Answer the complete requests at the start of `data` that can be answered here, and
        return the rest (from a request's first byte) for aiohttp."""
        start = 0
        while start < len(data):
            if transport.is_closing() or transport.get_write_buffer_size():
                break  # the client is behind: aiohttp waits for it properly
            end = data.find(b"\r\n\r\n", start, start + MAX_HEAD)
            if end < 0:
                break
            answer = self._answer(data[start:end], peer)
            if answer is None:
                break
            transport.write(answer)
            start = end + 4
        return data[start:]

    def _answer(self, head: bytes, peer: str) -> bytes | None:
        """Return the whole answer to one request head, or None to leave it to aiohttp."""
        line, _, rest = head.partition(b"\r\n")
        method, _, rest_of_line = line.partition(b" ")
        target, _, version = rest_of_line.partition(b" ")
        if version != b"HTTP/1.1" or method not in (b"GET", b"HEAD"):
            return None
        if not _TARGET.fullmatch(target) or _BAD.search(head):
            return None
        found = feed_key(target.decode("ascii"))
        if found is None:
            return None
        key, kind = found
        entry = self._cache.fresh(key)
        if entry is None:
            return None
        values = _read_headers(rest)
        if values is None or b"host" not in values:
            return None
        connection = values.get(b"connection")
        if connection is not None and connection.lower() != "keep-alive":
            return None
        if not self._limiter.allow(peer):
            return None  # aiohttp answers the 429 (and counts it)
        gzipped = accepts_gzip(values.get(b"accept-encoding"))
        current = still_valid(values.get(b"if-none-match"), values.get(b"if-modified-since"), entry)
        status = 304 if current else 200
        metrics = self._metrics
        metrics.fast_answers += 1
        metrics.feed_requests[kind] += 1
        metrics.responses[status] += 1
        if current:
            metrics.feed_not_modified[kind] += 1
        if current or method == b"HEAD":
            return b"".join(
                (_STATUS[status], self._date.get(), entry.wire[(status, gzipped)], b"\r\n")
            )
        return self._whole(key, entry, gzipped)

    def _whole(self, key: str, entry: CachedFeed, gzipped: bool) -> bytes:
        """Return a 200 with its body, joined once a second rather than once a request."""
        date = self._date.get()
        kept = self._memo.get((key, gzipped))
        if kept is not None and kept[0] is date and kept[1] is entry:
            return kept[2]
        body = entry.gzipped if gzipped else entry.body
        whole = b"".join((_STATUS[200], date, entry.wire[(200, gzipped)], b"\r\n", body))
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[(key, gzipped)] = (date, entry, whole)
        return whole


def _read_headers(lines: bytes) -> dict[bytes, str] | None:
    """Return the header values the fast path reads, or None when any header asks for aiohttp."""
    values: dict[bytes, str] = {}
    if not lines:
        return values
    for line in lines.split(b"\r\n"):
        name, colon, value = line.partition(b":")
        if not colon or not _NAME.fullmatch(name):
            return None  # no colon, folded lines, spaces before the colon
        lowered = name.lower()
        if lowered in _REFUSED:
            return None
        if lowered in _READ:
            if lowered in values:
                return None
            values[lowered] = value.strip(b" \t").decode("latin-1")
    return values


class FastPathProtocol(asyncio.Protocol):
    """One connection: the fast path first, then aiohttp's own protocol for good."""

    def __init__(self, inner: asyncio.Protocol, fast: FastFeeds) -> None:
        self._inner = inner
        self._fast = fast
        self._transport: asyncio.Transport | None = None
        self._peer = ""
        self._handed_over = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)
        peer = transport.get_extra_info("peername")
        self._peer = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if not self._handed_over and self._transport is not None:
            data = self._fast.serve(data, self._transport, self._peer)
            if not data:
                return
            self._handed_over = True
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()
