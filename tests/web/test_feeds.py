"""The feeds over HTTP: headers, conditional GET, HEAD, gzip, one rebuild per change."""

from __future__ import annotations

import asyncio
import datetime as dtm
import email.utils
import gzip
import re

import aiohttp
import vobject
from aiohttp import web
from multidict import CIMultiDictProxy

from bot.clock import ManualClock
from bot.models import ChatKind
from bot.services.container import Services
from bot.services.editing import Editor
from bot.store import Store
from bot.web import WebServer
from tests.web.helpers import FAST, metric, settings

ICS = "text/calendar; charset=utf-8"


async def get(
    http: aiohttp.ClientSession, url: str, **headers: str
) -> tuple[int, CIMultiDictProxy[str], bytes]:
    """GET a URL; return the status, headers and raw body."""
    async with http.get(url, headers={k.replace("_", "-"): v for k, v in headers.items()}) as r:
        return r.status, r.headers, await r.read()


async def test_the_calendar_feed_has_validators_and_a_filename(
    server: WebServer, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{server.url}/calendar.ics") as response:
        body = await response.read()
        headers = response.headers
    assert response.status == 200
    assert headers["Content-Type"] == ICS
    assert headers["Content-Disposition"] == 'attachment; filename="negotiation-tracks.ics"'
    etag = headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag), "a strong ETag"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert headers["Vary"] == "Accept-Encoding"
    assert email.utils.parsedate_to_datetime(headers["Last-Modified"]).tzinfo is not None
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert body.count(b"BEGIN:VEVENT") == 6  # the sessions; the two milestones are not in it
    calendar = vobject.readOne(body.decode("utf-8"))
    assert len(calendar.vevent_list) == 6
    summaries = [str(vevent.summary.value) for vevent in calendar.vevent_list]
    assert not [s for s in summaries if s.startswith(("Publication", "Decree"))], summaries


async def test_conditional_get_answers_304_until_a_change(
    server: WebServer, http: aiohttp.ClientSession, clock: ManualClock
) -> None:
    url = f"{server.url}/calendar.ics"
    _, headers, _ = await get(http, url)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    status, again, empty = await get(http, url, If_None_Match=etag)
    assert (status, empty) == (304, b"")
    assert again["ETag"] == etag
    assert again["Last-Modified"] == modified
    assert "Content-Length" not in again or again["Content-Length"] == "0"
    status, _, _ = await get(http, url, If_None_Match=f'W/{etag}, "other"')
    assert status == 304
    status, _, _ = await get(http, url, If_Modified_Since=modified)
    assert status == 304
    earlier = email.utils.parsedate_to_datetime(modified) - dtm.timedelta(seconds=1)
    status, _, _ = await get(
        http, url, If_Modified_Since=email.utils.format_datetime(earlier, True)
    )
    assert status == 200
    status, _, _ = await get(http, url, If_None_Match='"stale"', If_Modified_Since=modified)
    assert status == 200, "If-None-Match wins over If-Modified-Since"

    clock.advance(dtm.timedelta(hours=1))
    await Editor(server.services.store, clock).edit(
        "osce-2022-01-13", "when", "14 January 2022", "t"
    )
    status, changed, new_body = await get(http, url, If_None_Match=etag)
    assert status == 200
    assert changed["ETag"] != etag
    assert b"DTSTART;VALUE=DATE:20220114" in new_body
    status, _, _ = await get(http, url, If_Modified_Since=modified)
    assert status == 200, "a change makes the old Last-Modified too old"
    status, _, _ = await get(http, url, If_None_Match=changed["ETag"])
    assert status == 304


async def test_head_has_the_headers_and_no_body(
    server: WebServer, http: aiohttp.ClientSession
) -> None:
    url = f"{server.url}/tracks/osce.ics"
    _, headers, body = await get(http, url)
    async with http.head(url) as response:
        assert response.status == 200
        assert await response.read() == b""
        assert response.headers["ETag"] == headers["ETag"]
        assert response.headers["Content-Length"] == str(len(body))
        assert response.headers["Content-Type"] == ICS


async def test_gzip_when_asked_and_the_same_bytes_once_unpacked(
    server: WebServer, http: aiohttp.ClientSession
) -> None:
    url = f"{server.url}/calendar.ics"
    _, plain_headers, plain = await get(http, url)
    status, headers, packed = await get(http, url, Accept_Encoding="gzip, deflate")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(packed) == plain
    assert len(packed) < len(plain)
    assert headers["ETag"] != plain_headers["ETag"], "each coding has its own strong ETag"
    status, _, _ = await get(http, url, Accept_Encoding="gzip", If_None_Match=headers["ETag"])
    assert status == 304
    _, refused, _ = await get(http, url, Accept_Encoding="gzip;q=0, identity")
    assert "Content-Encoding" not in refused


async def test_every_feed_kind_is_served_and_parses(
    server: WebServer, http: aiohttp.ClientSession, seeded: Store
) -> None:
    await seeded.chats.ensure(42, ChatKind.PRIVATE, "reader", "Europe/Vienna")
    token = await seeded.chats.issue_token(42)
    await seeded.chats.subscribe(42, "osce")
    await seeded.chats.subscribe(42, "nato-russia-council")
    expected = {
        "/tracks/osce.ics": 1,
        "/tracks/us-russia-security.ics": 1,
        "/tracks/normandy-format.ics": 0,
        f"/feeds/{token}.ics": 2,
        "/events/osce-2022-01-13.ics": 1,
        "/events/1.ics": 1,
    }
    for path, count in expected.items():
        status, headers, body = await get(http, server.url + path)
        assert status == 200, path
        assert headers["Content-Type"] == ICS
        assert body.count(b"BEGIN:VEVENT") == count, path
        parsed = vobject.readOne(body.decode("utf-8"))
        assert len(getattr(parsed, "vevent_list", [])) == count, path
    _, headers, _ = await get(http, f"{server.url}/feeds/{token}.ics")
    assert headers["Cache-Control"] == "private, max-age=300"
    assert headers["Content-Disposition"] == 'attachment; filename="my-negotiation-tracks.ics"'


async def test_a_reset_token_stops_working_at_once(
    server: WebServer, http: aiohttp.ClientSession, seeded: Store
) -> None:
    await seeded.chats.ensure(7, ChatKind.GROUP, "desk", "UTC")
    url = f"{server.url}/feeds/{await seeded.chats.issue_token(7)}.ics"
    assert (await get(http, url))[0] == 200
    fresh = await seeded.chats.reset_token(7)
    assert (await get(http, url))[0] == 404
    assert (await get(http, f"{server.url}/feeds/{fresh}.ics"))[0] == 200


async def test_concurrent_requests_for_a_stale_feed_rebuild_it_once(
    server: WebServer, http: aiohttp.ClientSession, clock: ManualClock
) -> None:
    url = f"{server.url}/calendar.ics"

    async def builds() -> float:
        async with http.get(f"{server.url}/metrics") as response:
            return metric(await response.text(), "negbot_feed_builds_total", 'kind="calendar"')

    answers = await asyncio.gather(*(get(http, url) for _ in range(20)))
    assert {a[0] for a in answers} == {200}
    assert await builds() == 1
    await Editor(server.services.store, clock).edit("osce-2022-01-13", "status", "tentative", "t")
    answers = await asyncio.gather(*(get(http, url) for _ in range(20)))
    assert len({a[1]["ETag"] for a in answers}) == 1
    assert await builds() == 2


async def test_a_change_made_elsewhere_is_seen_by_polling(
    server: WebServer, http: aiohttp.ClientSession, database_url: str, clock: ManualClock
) -> None:
    url = f"{server.url}/tracks/osce.ics"
    _, headers, _ = await get(http, url)
    # Another handle on the same database: this process's listeners do not hear its changes.
    other = await Store.open(database_url, clock)
    try:
        await Editor(other, clock).edit("osce-2022-01-13", "venue", "Geneva", "elsewhere")
    finally:
        await other.close()
    async with asyncio.timeout(10):
        while True:
            status, changed, body = await get(http, url, If_None_Match=headers["ETag"])
            if status == 200:
                break
            await asyncio.sleep(0.05)
    assert b"LOCATION:Geneva" in body
    assert changed["ETag"] != headers["ETag"]


async def test_a_caller_adds_its_own_routes(
    seeded: Store, clock: ManualClock, http: aiohttp.ClientSession
) -> None:
    async def hook(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    services = Services.build(settings(), seeded, clock)
    async with WebServer(
        services, options=FAST, routes=[web.post("/telegram/hook", hook)]
    ) as running:
        async with http.post(f"{running.url}/telegram/hook", json={}) as response:
            assert response.status == 200
            assert await response.json() == {"ok": True}
        async with http.get(f"{running.url}/telegram/hook") as response:
            assert response.status == 405
