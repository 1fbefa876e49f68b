"""A local outlet for the sources tests: an aiohttp server on 127.0.0.1, in a thread of its own
(so that synchronous `negbot sources poll` can fetch from it), serving what each test writes."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
from collections.abc import Iterator

from aiohttp import web


@dataclasses.dataclass
class Reply:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html"
    charset: str | None = "utf-8"
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    hang: bool = False  # never answer (until the server stops)
    chunked: bool = False  # no Content-Length: sent in pieces
    etag: str | None = None  # answer 304 to a request that names it


@dataclasses.dataclass(frozen=True)
class Request:
    """One request the outlet received."""

    path: str
    headers: dict[str, str]


class Outlet:
    """The server: `replies` by path (changed freely by the test), `requests` as received."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.requests: list[Request] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._stopping: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        """The full address of a path on this outlet."""
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        """How many requests asked for this path."""
        return sum(1 for r in self.requests if r.path == path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(Request(request.path_qs, dict(request.headers)))
        reply = self.replies.get(request.path_qs)
        if reply is None:
            return web.Response(status=404, text="not here")
        if reply.hang:
            assert self._stopping is not None
            await self._stopping.wait()
        if reply.etag is not None and request.headers.get("If-None-Match") == reply.etag:
            return web.Response(status=304)
        headers = dict(reply.headers)
        if reply.etag is not None:
            headers["ETag"] = reply.etag
        if reply.chunked:
            return await self._stream(request, reply, headers)
        return web.Response(
            body=reply.body,
            status=reply.status,
            content_type=reply.content_type,
            charset=reply.charset,
            headers=headers,
        )

    async def _stream(
        self, request: web.Request, reply: Reply, headers: dict[str, str]
    ) -> web.StreamResponse:
        answer = web.StreamResponse(status=reply.status, headers=headers)
        answer.content_type = reply.content_type
        answer.enable_chunked_encoding()
        await answer.prepare(request)
        with contextlib.suppress(ConnectionError):
            for start in range(0, len(reply.body), 256 * 1024):
                await answer.write(reply.body[start : start + 256 * 1024])
            await answer.write_eof()
        return answer

    async def _start(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _stop(self) -> None:
        assert self._stopping is not None
        assert self._runner is not None
        self._stopping.set()
        await self._runner.cleanup()

    @contextlib.contextmanager
    def running(self) -> Iterator[Outlet]:
        """Serve in a thread until the block ends."""
        thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
            yield self
        finally:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            thread.join(timeout=30)
            self._loop.close()


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed of items given as element name → text (already escaped)."""
    entries = "".join(
        "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


def article_page(headline: str, paragraphs: list[str], published: str | None = None) -> str:
    """An article page as outlets serve them: menus, a cookie banner, related links, comments."""
    meta = (
        f'<meta property="article:published_time" content="{published}T09:00:00Z">'
        if published
        else ""
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{headline} | Example Wire</title>{meta}"
        "</head><body><header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>"
        "World</a></li><li><a href='/markets'>Markets</a></li></ul></nav></header>"
        "<div class='cookie-banner'>We use cookies to improve your experience. "
        "<button>Accept all</button></div>"
        f"<main><article><h1>{headline}</h1>{body}</article></main>"
        "<aside class='related'><h2>Related</h2><ul>"
        "<li><a href='/r1'>NATO summit to open on 5 April 2026</a></li>"
        "<li><a href='/r2'>Geneva talks set for 9 January 2026</a></li></ul></aside>"
        "<section class='comments'><h3>Comments</h3><p>Great, the talks on 1 May 2026 too!</p>"
        "</section><footer>© Example Wire. All rights reserved.</footer></body></html>"
    )
