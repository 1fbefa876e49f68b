"""Bad requests get the right status, say nothing more, and the server keeps serving."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.clock import ManualClock
from bot.store import Store
from bot.web import RateLimit, WebOptions, WebServer
from bot.web.limits import RateLimiter
from tests.web.helpers import metric, raw_request, serving

TOKEN_SHAPED = "A" * 43


async def still_serving(server: WebServer) -> None:
    """The server answers a normal request."""
    answer = await raw_request(server.port, "/calendar.ics")
    assert answer.status == 200
    assert answer.body.startswith(b"BEGIN:VCALENDAR")


def plain(answer_body: bytes) -> None:
    """An error body is short and tells nothing about the code behind it."""
    text = answer_body.decode("utf-8", "replace")
    assert len(answer_body) < 4000
    for leak in ("Traceback", 'File "', "aiohttp", "sqlalchemy", "negbot.db", "/work/"):
        assert leak not in text


NOT_FOUND = (
    "/tracks/narnia",
    "/tracks/narnia.ics",
    "/tracks/OSCE.ics",
    "/events/no-such-session.ics",
    "/events/999.ics",
    "/events/99999999999999999999.ics",
    "/feeds/short.ics",
    f"/feeds/{TOKEN_SHAPED}.ics",
    f"/feeds/{TOKEN_SHAPED[:-1]}$.ics",
    "/feeds/%00%0d%0aX-Bad:%201.ics",
    "/tracks/..%2f..",
    "/tracks/..%2f..%2fpyproject.toml",
    "/tracks/%2e%2e/%2e%2e/pyproject.toml",
    "/static/../pyproject.toml",
    "/static/..%2f..%2fapp.py",
    "/static/%2e%2e/app.py",
    "/static/page.js/..",
    "/nothing/here",
    "/calendar.ics/",
)


async def test_unknown_and_malformed_addresses_are_404(server: WebServer) -> None:
    for target in NOT_FOUND:
        answer = await raw_request(server.port, target)
        assert answer.status == 404, (target, answer)
        plain(answer.body)
    await still_serving(server)


async def test_a_token_of_the_wrong_shape_is_refused_before_the_database(
    server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    async def by_token(token: str) -> None:
        asked.append(token)

    monkeypatch.setattr(server.services.store.chats, "by_token", by_token)
    for token in ("short", "A" * 42, "A" * 44, "A" * 42 + "!", "A" * 42 + "%2e"):
        answer = await raw_request(server.port, f"/feeds/{token}.ics")
        assert answer.status == 404
        assert answer.body == b"Not found\n"
    assert asked == []
    assert (await raw_request(server.port, f"/feeds/{TOKEN_SHAPED}.ics")).status == 404
    assert asked == [TOKEN_SHAPED]


async def test_unknown_pages_get_a_small_html_page(server: WebServer) -> None:
    answer = await raw_request(server.port, "/no/such/page")
    assert answer.status == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert b"Not found" in answer.body
    plain(answer.body)


async def test_other_methods_on_feeds_are_405(server: WebServer) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH", "PROPFIND"):
        answer = await raw_request(server.port, "/calendar.ics", method=method)
        assert answer.status == 405, method
        assert answer.headers["allow"] in {"GET,HEAD", "HEAD,GET"}
    answer = await raw_request(server.port, "/tracks/osce.ics", method="POST")
    assert answer.status == 405
    await still_serving(server)


async def test_a_very_long_address_is_refused_quickly(server: WebServer) -> None:
    for length in (3_000, 10_000, 40_000):
        started = time.monotonic()
        answer = await raw_request(server.port, "/tracks/" + "a" * length)
        assert answer.status in {414, 400}, length
        assert time.monotonic() - started < 2
        plain(answer.body)
    assert (await raw_request(server.port, "/events/" + "a" * 10_000 + ".ics")).status == 414
    await still_serving(server)


async def test_header_injection_and_garbage_do_not_break_the_server(server: WebServer) -> None:
    answer = await raw_request(server.port, b"/calendar.ics%0d%0aSet-Cookie:%20x=1")
    assert answer.status == 404
    assert "set-cookie" not in answer.headers
    answer = await raw_request(server.port, "/calendar.ics", headers=["If-None-Match: \x7f\x01"])
    assert answer.status == 400  # the HTTP parser refuses control characters in a header
    answer = await raw_request(server.port, "/calendar.ics", headers=["If-Modified-Since: soon"])
    assert answer.status == 200
    answer = await raw_request(
        server.port, "/calendar.ics", headers=["Accept-Encoding: " + "g" * 5000]
    )
    assert answer.status == 200
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"\x16\x03\x01garbage that is not HTTP\r\n\r\n")
    await writer.drain()
    await asyncio.wait_for(reader.read(-1), timeout=10)
    writer.close()
    await still_serving(server)


@pytest.fixture
async def limited(seeded: Store, clock: ManualClock) -> AsyncIterator[WebServer]:
    """A server allowing bursts of 10 requests, then 5 a second, per client address."""
    options = WebOptions(poll_seconds=0.2, rate_limit=RateLimit(rate=5, burst=10, clients=100))
    async with serving(seeded, clock, options) as running:
        yield running


async def test_a_flood_from_one_client_gets_429_and_is_counted(
    limited: WebServer, http: aiohttp.ClientSession
) -> None:
    url = f"{limited.url}/calendar.ics"
    statuses = []
    for _ in range(30):
        async with http.get(url) as response:
            statuses.append(response.status)
            if response.status == 429:
                assert int(response.headers["Retry-After"]) >= 1
    assert statuses[:10] == [200] * 10
    assert statuses.count(429) >= 15
    await asyncio.sleep(0.5)  # two tokens come back
    async with http.get(url) as response:
        assert response.status == 200
    limited_text = limited.metrics.render(
        None, revision=None, cache_entries=0, rate_clients=0
    ).decode()
    assert metric(limited_text, "negbot_rate_limited_total") == statuses.count(429)


def test_the_rate_limiter_refills_and_forgets_the_oldest_clients() -> None:
    now = [0.0]
    limiter = RateLimiter(RateLimit(rate=2, burst=3, clients=2), clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.retry_after("a") == 1
    now[0] += 0.5
    assert limiter.allow("a") is True
    assert limiter.allow("a") is False
    limiter.allow("b")
    limiter.allow("c")  # the table holds two clients: "a" is forgotten
    assert len(limiter) == 2
    assert limiter.allow("a") is True  # a full bucket again
    assert RateLimiter(RateLimit(rate=0)).allow("x") is True


async def test_metrics_count_feeds_304s_and_errors(
    server: WebServer, http: aiohttp.ClientSession, seeded: Store
) -> None:
    async def scrape() -> str:
        async with http.get(f"{server.url}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            return await response.text()

    before = await scrape()
    async with http.get(f"{server.url}/calendar.ics") as response:
        etag = response.headers["ETag"]
    async with http.get(f"{server.url}/calendar.ics", headers={"If-None-Match": etag}):
        pass
    async with http.get(f"{server.url}/tracks/osce.ics"):
        pass
    async with http.get(f"{server.url}/tracks/narnia.ics"):
        pass
    after = await scrape()
    for name, labels, moved in (
        ("negbot_feed_requests_total", 'kind="calendar"', 2),
        ("negbot_feed_not_modified_total", 'kind="calendar"', 1),
        ("negbot_feed_requests_total", 'kind="track"', 1),
        ("negbot_http_responses_total", 'code="404"', 1),
        ("negbot_http_responses_total", 'code="304"', 1),
    ):
        assert metric(after, name, labels) - metric(before, name, labels) == moved, name
    for status in ("sent", "pending", "failed"):
        assert f'negbot_deliveries{{status="{status}"}} 0' in after
    assert "# TYPE negbot_feed_requests_total counter" in after


async def test_healthz(server: WebServer, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{server.url}/healthz") as response:
        assert response.status == 200
        assert await response.text() == "ok\n"
