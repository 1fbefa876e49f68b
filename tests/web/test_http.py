"""HTTP on one keep-alive connection: pipelining, framing, rate limits and shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.clock import ManualClock
from bot.services.editing import Editor
from bot.store import Store
from bot.web import RateLimit, WebOptions, WebServer
from tests.web.conftest import import_seeds
from tests.web.helpers import exchange, serving

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


@pytest.fixture
async def seeded(sqlite_store: Store, clock: ManualClock) -> Store:
    """The seeds, on SQLite only: these tests are about HTTP, not the store."""
    await import_seeds(sqlite_store, clock)
    return sqlite_store


@pytest.fixture
async def server(seeded: Store, clock: ManualClock) -> AsyncIterator[WebServer]:
    """A server over the seeds."""
    async with serving(seeded, clock) as running:
        yield running


async def test_pipelined_requests_are_answered_in_order(server: WebServer) -> None:
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


async def test_head_and_304_on_one_connection(server: WebServer) -> None:
    first = (await exchange(server.port, get(b"/calendar.ics"), answers=1))[0]
    etag = first.headers["etag"].encode()
    answers = await exchange(
        server.port,
        get(b"/calendar.ics", method=b"HEAD")
        + get(b"/calendar.ics", b"If-None-Match: " + etag)
        + get(b"/calendar.ics", b"Accept-Encoding: gzip"),
        answers=3,
        heads=1,
    )
    assert [a.status for a in answers] == [200, 304, 200]
    assert answers[0].headers["etag"] == first.headers["etag"]
    assert answers[0].headers["content-length"] == str(len(first.body))
    assert answers[1].headers["etag"] == first.headers["etag"]
    assert answers[2].headers["content-encoding"] == "gzip"


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: %d\r\n",
        b"Transfer-Encoding: chunked\r\nX-Length: %d\r\n",
    ],
)
async def test_a_request_body_is_a_body_not_a_request(server: WebServer, framing: bytes) -> None:
    smuggled = get(b"/tracks/narnia.ics")
    if framing.startswith(b"Transfer"):
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(smuggled), smuggled)
    else:
        body = smuggled
    head = b"GET /calendar.ics HTTP/1.1\r\n" + HOST + framing % len(smuggled) + b"\r\n"
    answers = await exchange(server.port, head + body + get(b"/healthz"), answers=2)
    assert [a.status for a in answers] == [200, 200]
    assert answers[1].body == b"ok\n"


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /calendar.ics HTTP/1.0\r\nHost: x\r\n\r\n",
        b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /calendar.ics HTTP/1.1\r\nHost : x\r\n\r\n",
        b"GET /calendar.ics HTTP/1.1\nHost: x\n\n",
        b"GET /calendar.ics HTTP/1.1\r\nHost: x\x00y\r\n\r\n",
        b"POST /calendar.ics HTTP/1.1\r\nHost: x\r\n\r\n",
    ],
)
async def test_unusual_requests_get_an_answer(server: WebServer, request_bytes: bytes) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(request_bytes)
    await writer.drain()
    async with asyncio.timeout(10):
        first = await reader.readline()
    writer.close()
    assert first.startswith(b"HTTP/1."), first
    answers = await exchange(server.port, get(b"/calendar.ics"), answers=1)
    assert answers[0].status == 200


async def test_a_request_split_across_reads_is_answered(server: WebServer) -> None:
    request = get(b"/calendar.ics")
    answers = await exchange(server.port, request[:10], request[10:], answers=1, pause=0.05)
    assert answers[0].status == 200


async def test_a_change_is_served_on_the_next_request(
    server: WebServer, clock: ManualClock
) -> None:
    first = (await exchange(server.port, get(b"/tracks/osce.ics"), answers=1))[0]
    await Editor(server.services.store, clock).edit("osce-2022-01-13", "venue", "Geneva", "t")
    second = (await exchange(server.port, get(b"/tracks/osce.ics"), answers=1))[0]
    assert b"LOCATION:Geneva" in second.body
    assert second.headers["etag"] != first.headers["etag"]


async def test_the_rate_limit_holds_on_a_keep_alive_connection(
    seeded: Store, clock: ManualClock
) -> None:
    options = WebOptions(poll_seconds=0.2, rate_limit=RateLimit(rate=1, burst=5))
    async with serving(seeded, clock, options) as running:
        answers = await exchange(running.port, get(b"/calendar.ics"), answers=1)
        answers += await exchange(running.port, get(b"/calendar.ics") * 8, answers=8)
    statuses = [a.status for a in answers]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    assert running.metrics.rate_limited == statuses.count(429)


async def test_stopping_closes_idle_keep_alive_connections(
    seeded: Store, clock: ManualClock
) -> None:
    async with serving(seeded, clock) as running:
        reader, writer = await asyncio.open_connection("127.0.0.1", running.port)
        writer.write(get(b"/calendar.ics"))
        await reader.readuntil(b"BEGIN:VCALENDAR")
        started = asyncio.get_running_loop().time()
    # The block's end stopped the server with that connection open and idle.
    async with asyncio.timeout(5):
        await reader.read(-1)
    assert asyncio.get_running_loop().time() - started < 5
    writer.close()
