"""The fast path: the same answers as aiohttp's, and aiohttp for everything it should not take."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.clock import ManualClock
from bot.services.editing import Editor
from bot.store import Store
from bot.web import RateLimit, WebOptions, WebServer
from tests.web.conftest import import_seeds
from tests.web.helpers import FAST, RawAnswer, exchange, serving

HOST = b"Host: 127.0.0.1\r\n"


def get(path: bytes, *headers: bytes, method: bytes = b"GET") -> bytes:
    """A keep-alive HTTP/1.1 request."""
    return (
        method
        + b" "
        + path
        + b" HTTP/1.1\r\n"
        + HOST
        + b"".join(h + b"\r\n" for h in headers)
        + b"\r\n"
    )


def comparable(answer: RawAnswer) -> tuple[int, dict[str, str], bytes]:
    """An answer without its Date."""
    return answer.status, {k: v for k, v in answer.headers.items() if k != "date"}, answer.body


PUBLIC = "https://cal.example.org"  # the feeds name their own address: the same for both


@pytest.fixture
async def seeded(sqlite_store: Store, clock: ManualClock) -> Store:
    """The seeds, on SQLite only: the fast path never reaches the database."""
    await import_seeds(sqlite_store, clock)
    return sqlite_store


@pytest.fixture
async def server(seeded: Store, clock: ManualClock) -> AsyncIterator[WebServer]:
    """A server with the fast path over the seeds."""
    async with serving(seeded, clock) as running:
        yield running


@pytest.fixture
async def fast(seeded: Store, clock: ManualClock) -> AsyncIterator[WebServer]:
    """The seeds served with the fast path."""
    async with serving(seeded, clock, public_url=PUBLIC) as running:
        yield running


@pytest.fixture
async def plain(seeded: Store, clock: ManualClock, fast: WebServer) -> AsyncIterator[WebServer]:
    """The same store served by aiohttp alone."""
    options = WebOptions(poll_seconds=0.2, fast_path=False)
    async with serving(seeded, clock, options, public_url=PUBLIC) as running:
        yield running


async def test_the_fast_path_answers_as_aiohttp_does(fast: WebServer, plain: WebServer) -> None:
    server = fast
    etag = (await exchange(server.port, get(b"/calendar.ics"), answers=1))[0].headers["etag"]
    cases = [
        (get(b"/calendar.ics"), 0),
        (get(b"/calendar.ics", b"Accept-Encoding: gzip, br"), 0),
        (get(b"/tracks/osce.ics", b"Accept-Encoding: identity"), 0),
        (get(b"/calendar.ics", b"If-None-Match: " + etag.encode()), 0),
        (get(b"/calendar.ics", b"If-None-Match: " + etag.encode(), b"Accept-Encoding: gzip"), 0),
        (get(b"/events/8.ics", b"Connection: keep-alive"), 0),
        (get(b"/calendar.ics", method=b"HEAD"), 1),
    ]
    before = server.metrics.fast_answers
    for request, heads in cases:
        await exchange(server.port, request, answers=1, heads=heads)  # builds the entry
        quick = await exchange(server.port, request, answers=1, heads=heads)
        slow = await exchange(plain.port, request, answers=1, heads=heads)
        assert comparable(quick[0]) == comparable(slow[0]), request
        assert "date" in quick[0].headers
    assert server.metrics.fast_answers - before >= len(cases)
    assert plain.metrics.fast_answers == 0


async def test_pipelined_requests_are_answered_in_order(server: WebServer) -> None:
    await exchange(server.port, get(b"/calendar.ics"), answers=1)
    before = server.metrics.fast_answers
    answers = await exchange(
        server.port,
        get(b"/calendar.ics") + get(b"/tracks/osce") + get(b"/calendar.ics") + get(b"/healthz"),
        answers=4,
    )
    assert [a.status for a in answers] == [200, 200, 200, 200]
    assert answers[0].body.startswith(b"BEGIN:VCALENDAR")
    assert answers[1].headers["content-type"].startswith("text/html")
    assert answers[2].body == answers[0].body
    assert answers[3].body == b"ok\n"
    # The page went to aiohttp, and with it the rest of the connection.
    assert server.metrics.fast_answers - before == 1


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: %d\r\n",
        b"Transfer-Encoding: chunked\r\nX-Length: %d\r\n",
    ],
)
async def test_a_request_that_announces_a_body_goes_to_aiohttp(
    server: WebServer, framing: bytes
) -> None:
    await exchange(server.port, get(b"/calendar.ics"), answers=1)
    smuggled = get(b"/tracks/narnia.ics")
    before = server.metrics.fast_answers
    if framing.startswith(b"Transfer"):
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(smuggled), smuggled)
    else:
        body = smuggled
    head = b"GET /calendar.ics HTTP/1.1\r\n" + HOST + framing % len(smuggled) + b"\r\n"
    answers = await exchange(server.port, head + body + get(b"/healthz"), answers=2)
    assert [a.status for a in answers] == [200, 200], "the body is a body, not a request"
    assert answers[1].body == b"ok\n"
    assert server.metrics.fast_answers == before


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /calendar.ics HTTP/1.0\r\nHost: x\r\n\r\n",
        b"GET /calendar.ics HTTP/1.1\r\n\r\n",  # no Host
        b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /calendar.ics?x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /tracks/%6fsce.ics HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\n Folded: line\r\n\r\n",
        b"GET /calendar.ics HTTP/1.1\r\nHost : x\r\n\r\n",
        b'GET /calendar.ics HTTP/1.1\r\nHost: x\r\nIf-None-Match: "a"\r\nIf-None-Match: "b"'
        b"\r\n\r\n",
        b"GET /calendar.ics HTTP/1.1\nHost: x\n\n",
        b"GET /calendar.ics HTTP/1.1\r\nHost: x\x00y\r\n\r\n",
        b"POST /calendar.ics HTTP/1.1\r\nHost: x\r\n\r\n",
    ],
)
async def test_anything_unusual_goes_to_aiohttp(server: WebServer, request_bytes: bytes) -> None:
    await exchange(server.port, get(b"/calendar.ics"), answers=1)
    before = server.metrics.fast_answers
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(request_bytes)
    await writer.drain()
    async with asyncio.timeout(10):
        first = await reader.readline()
    writer.close()
    assert first.startswith(b"HTTP/1."), first
    assert server.metrics.fast_answers == before
    answers = await exchange(server.port, get(b"/calendar.ics"), answers=1)
    assert answers[0].status == 200
    assert server.metrics.fast_answers == before + 1


async def test_a_request_split_across_reads_goes_to_aiohttp(server: WebServer) -> None:
    await exchange(server.port, get(b"/calendar.ics"), answers=1)
    before = server.metrics.fast_answers
    request = get(b"/calendar.ics")
    answers = await exchange(server.port, request[:10], request[10:], answers=1, pause=0.05)
    assert answers[0].status == 200
    assert server.metrics.fast_answers == before


async def test_a_stale_entry_goes_to_aiohttp_which_rebuilds_it(
    server: WebServer, clock: ManualClock
) -> None:
    first = (await exchange(server.port, get(b"/tracks/osce.ics"), answers=1))[0]
    await Editor(server.services.store, clock).edit("osce-2022-01-13", "venue", "Geneva", "t")
    before = server.metrics.fast_answers
    second = (await exchange(server.port, get(b"/tracks/osce.ics"), answers=1))[0]
    assert b"LOCATION:Geneva" in second.body
    assert second.headers["etag"] != first.headers["etag"]
    assert server.metrics.fast_answers == before  # aiohttp built it
    await exchange(server.port, get(b"/tracks/osce.ics"), answers=1)
    assert server.metrics.fast_answers == before + 1  # fresh again: fast


async def test_the_rate_limit_holds_on_the_fast_path(seeded: Store, clock: ManualClock) -> None:
    options = WebOptions(poll_seconds=0.2, rate_limit=RateLimit(rate=1, burst=5))
    async with serving(seeded, clock, options) as running:
        answers = await exchange(running.port, *[get(b"/calendar.ics")] * 1, answers=1)
        answers += await exchange(running.port, get(b"/calendar.ics") * 8, answers=8)
    statuses = [a.status for a in answers]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    assert running.metrics.rate_limited == statuses.count(429)


async def test_stopping_closes_connections_the_fast_path_served(
    seeded: Store, clock: ManualClock
) -> None:
    async with serving(seeded, clock) as running:
        await exchange(running.port, get(b"/calendar.ics"), answers=1)  # built by aiohttp
        reader, writer = await asyncio.open_connection("127.0.0.1", running.port)
        writer.write(get(b"/calendar.ics"))
        await reader.readuntil(b"BEGIN:VCALENDAR")
        assert running.metrics.fast_answers == 1
        started = asyncio.get_running_loop().time()
    # The block's end stopped the server with that connection open and idle.
    async with asyncio.timeout(5):
        await reader.read(-1)
    assert asyncio.get_running_loop().time() - started < 5
    writer.close()


def test_the_fast_path_is_on_by_default() -> None:
    assert WebOptions().fast_path is True
    assert FAST.fast_path is True
