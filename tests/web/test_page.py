"""The page as HTML: sessions by track, statuses, folded past, subscribe links, escaping."""

from __future__ import annotations

import datetime as dtm
import html
import re
import urllib.parse

import aiohttp

from bot.clock import ManualClock
from bot.models import EventDraft, EventSource, EventStatus
from bot.services.editing import Editor
from bot.store import Store
from bot.web import WebServer
from tests.web.conftest import import_seeds
from tests.web.helpers import BOT_USERNAME, serving

HOSTILE = "</script><img src=x onerror=alert(1)>"


async def page(http: aiohttp.ClientSession, url: str) -> str:
    """GET a page and check the headers every page carries."""
    async with http.get(url) as response:
        assert response.status == 200, url
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "'unsafe-inline'" not in policy
        return await response.text()


def text_of(markup: str) -> str:
    """Return the page's text, tags dropped and entities read, spaces squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def upcoming_part(markup: str) -> str:
    """Return the part of the page before the folded past sessions."""
    return markup.split('<details class="past">')[0]


async def test_the_seed_sessions_are_listed_by_track_with_their_dates(
    server: WebServer, http: aiohttp.ClientSession
) -> None:
    markup = await page(http, f"{server.url}/")
    shown = text_of(upcoming_part(markup))
    assert "Upcoming sessions" in shown
    for track, title, when, place in (
        (
            "US–Russia security and strategic stability talks",
            "US–Russia security talks",
            "Sun 9 – Mon 10 January 2022",
            "Geneva",
        ),
        ("NATO–Russia Council", "NATO–Russia Council meeting", "Wed 12 January 2022", "Brussels"),
        ("OSCE", "OSCE Permanent Council session", "Thu 13 January 2022", "Vienna"),
    ):
        assert f"{track} {title} When {when} Where {place}" in shown
    assert '<time datetime="2022-01-09">' in markup
    assert "The sources disagree:" in shown
    assert re.search(r"— RT ?, Fri 31 December 2021", shown)
    assert re.search(r"— Russian daily newspaper ?, Fri 31 December 2021", shown)
    assert "discussions will begin in the OSCE" in shown
    # The phone call of 30 December is past on 31 December: folded, but there.
    past = markup.split('<details class="past">')[1]
    assert "Earlier sessions (3)" in past  # the calls; the milestones are on the timeline only
    assert "Thu 30 December 2021, 23:30–00:20" not in past  # it ends the next day
    assert "Thu 30 December 2021, 23:30 – Fri 31 December 2021, 00:20" in text_of(past)
    assert "Moscow time (MSK)" in past
    assert 'data-start="2021-12-30T20:30:00Z"' in past


async def test_subscribe_links_of_the_calendar_and_of_a_track(
    server: WebServer, http: aiohttp.ClientSession
) -> None:
    base = server.url
    host = base.removeprefix("http://")
    markup = await page(http, f"{base}/")
    assert f'href="webcal://{host}/calendar.ics"' in markup
    assert f'value="{base}/calendar.ics"' in markup
    google = "https://calendar.google.com/calendar/render?cid=" + urllib.parse.quote(
        f"webcal://{host}/calendar.ics", safe=""
    )
    assert f'href="{html.escape(google)}"' in markup
    assert f'href="https://t.me/{BOT_USERNAME}?start=all"' in markup

    track = await page(http, f"{base}/tracks/osce")
    assert f'href="webcal://{host}/tracks/osce.ics"' in track
    assert f'value="{base}/tracks/osce.ics"' in track
    assert f'href="https://t.me/{BOT_USERNAME}?start=track_osce"' in track
    shown = text_of(upcoming_part(track))
    assert "OSCE Permanent Council session" in shown
    assert "US–Russia security talks" not in shown


async def test_without_a_bot_name_there_is_no_telegram_link(
    seeded: Store, clock: ManualClock, http: aiohttp.ClientSession
) -> None:
    async with serving(
        seeded, clock, bot_username=None, public_url="https://cal.example.org/"
    ) as running:
        markup = await page(http, f"{running.url}/")
    assert "t.me/" not in markup
    assert 'href="webcal://cal.example.org/calendar.ics"' in markup
    assert 'value="https://cal.example.org/calendar.ics"' in markup


async def test_when_nothing_is_ahead_the_latest_sessions_show(
    server: WebServer, http: aiohttp.ClientSession, clock: ManualClock
) -> None:
    clock.set(dtm.datetime(2026, 11, 20, 12, 0, tzinfo=dtm.UTC))
    markup = await page(http, f"{server.url}/")
    shown = text_of(upcoming_part(markup))
    assert "No sessions ahead" in shown
    assert "Nothing is scheduled after Fri 20 November 2026" in shown
    for when in ("Sun 9 – Mon 10 January 2022", "Wed 12 January 2022", "Thu 13 January 2022"):
        assert when in shown
    assert "Earlier sessions (1)" in markup  # six sessions: the latest five shown, one folded
    track = text_of(upcoming_part(await page(http, f"{server.url}/tracks/osce")))
    assert "No sessions ahead" in track
    assert "Thu 13 January 2022" in track


async def test_moved_tentative_and_cancelled_are_said_plainly(
    server: WebServer, http: aiohttp.ClientSession, clock: ManualClock
) -> None:
    editor = Editor(server.services.store, clock)
    clock.advance(dtm.timedelta(minutes=5))
    await editor.edit("osce-2022-01-13", "when", "14 January 2022 10:00", "test")
    await editor.edit("nato-russia-council-2022-01-12", "status", "tentative", "test")
    await editor.edit("us-russia-security-2022-01-09", "status", "cancelled", "test")
    shown = text_of(upcoming_part(await page(http, f"{server.url}/")))
    assert re.search(
        r"OSCE Permanent Council session Moved When Fri 14 January 2022, 10:00 Vienna time \(CET\)"
        r" moved; first set for Thu 13 January 2022",
        shown,
    ), shown
    assert "NATO–Russia Council meeting Tentative When Wed 12 January 2022" in shown
    assert "US–Russia security talks Cancelled When" in shown


async def test_article_text_is_escaped_on_the_page(
    sqlite_store: Store, clock: ManualClock, http: aiohttp.ClientSession
) -> None:
    await import_seeds(sqlite_store, clock)
    await sqlite_store.events.create(
        EventDraft(
            title=f"Talks {HOSTILE}\r\nX-Injected: yes",
            track="osce",
            start_date=dtm.date(2022, 1, 20),
            end_date=dtm.date(2022, 1, 20),
            location="Vienna",
            timezone="Europe/Vienna",
            status=EventStatus.TENTATIVE,
            url="javascript:alert(1)",
            sources=(
                EventSource(
                    article_id=None,
                    outlet=f"Wire {HOSTILE}",
                    url="javascript:alert(2)",
                    quote=f'They said {HOSTILE} and "left" & <b>went</b>\r\nhome.',
                ),
            ),
            discrepancies=(f"One says {HOSTILE}",),
        ),
        actor="test",
    )
    async with serving(sqlite_store, clock) as running:
        for path in ("/", "/tracks/osce"):
            markup = await page(http, running.url + path)
            assert "<img" not in markup
            assert "<b>went" not in markup
            assert "</script><img" not in markup
            assert "javascript:" not in markup
            assert html.escape(HOSTILE, quote=False) in markup
            assert "X-Injected: yes" in text_of(markup)  # shown as text, on the title's line
        async with http.get(f"{running.url}/events/osce-2022-01-20.ics") as response:
            body = await response.read()
    assert b"\r\nX-Injected" not in body, "a CRLF in a title must not start a property"
    assert b"SUMMARY:Talks </script><img src=x onerror=alert(1)>" in body


async def test_the_calendar_page_lists_a_few_per_track_and_the_track_page_all(
    sqlite_store: Store, clock: ManualClock, http: aiohttp.ClientSession
) -> None:
    await sqlite_store.events.create_many(
        [
            EventDraft(
                title=f"OSCE Permanent Council session {n}",
                track="osce",
                start_date=dtm.date(2022, 1, 10 + 7 * n),
                end_date=dtm.date(2022, 1, 10 + 7 * n),
                location="Vienna",
                timezone="Europe/Vienna",
            )
            for n in range(3)
        ]
        + [
            EventDraft(
                title=f"Weekly session {n}",
                track="osce",
                start_date=dtm.date(2022, 2, 1) + dtm.timedelta(weeks=n),
                end_date=dtm.date(2022, 2, 1) + dtm.timedelta(weeks=n),
                timezone="Europe/Vienna",
            )
            for n in range(5)
        ],
        actor="test",
    )
    async with serving(sqlite_store, clock) as running:
        home = await page(http, f"{running.url}/")
        track = await page(http, f"{running.url}/tracks/osce")
    assert home.count('<article class="session') == 5
    assert '<a href="/tracks/osce">3 more sessions of the OSCE</a>' in home
    assert track.count('<article class="session') == 8
    assert "more sessions" not in track
