"""negbot as a polite client: conditional requests, robots.txt, spacing per host, big feeds."""

from __future__ import annotations

import asyncio

from bot.clock import ManualMonotonic
from bot.sources.manners import HostPacer
from tests.helpers.outlet_server import Outlet, Reply, article_page, rss
from tests.sources.conftest import Polling

NRC = "The NATO-Russia Council will meet in Brussels on 12 January 2022, officials said."


async def test_a_feed_that_did_not_change_is_not_read_again(
    outlet: Outlet, polling: Polling
) -> None:
    outlet.replies["/feed.xml"] = Reply(
        body=rss("Wire", [{"title": "Council", "description": NRC}]),
        content_type="application/rss+xml",
        etag='"v1"',
        headers={"Last-Modified": "Thu, 30 Dec 2021 09:00:00 GMT"},
    )
    source = await polling.follow(outlet.url("/feed.xml"))
    [first] = await polling.poller.poll_due()
    assert first.read == 1
    stored = await polling.fresh(source)
    assert (stored.etag, stored.last_modified, stored.name) == (
        '"v1"',
        "Thu, 30 Dec 2021 09:00:00 GMT",
        "Wire",
    )
    [second] = await polling.poller.poll_many([stored])
    assert second.not_modified
    asked = outlet.requests[-1].headers
    assert asked["If-None-Match"] == '"v1"'
    assert asked["If-Modified-Since"] == "Thu, 30 Dec 2021 09:00:00 GMT"
    assert (await polling.fresh(source)).etag == '"v1"'  # kept for the next poll


async def test_robots_txt_is_obeyed_for_feeds_and_pages(outlet: Outlet, polling: Polling) -> None:
    outlet.replies["/robots.txt"] = Reply(
        body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    outlet.replies["/private/feed.xml"] = Reply(body=rss("Hidden", []), content_type="text/xml")
    items = [{"title": "Council", "link": outlet.url("/private/news/1"), "description": NRC}]
    outlet.replies["/feed.xml"] = Reply(body=rss("Wire", items), content_type="text/xml")
    page = article_page("Council", [NRC], published="2021-12-30")
    outlet.replies["/private/news/1"] = Reply(body=page.encode())
    await polling.follow(outlet.url("/private/feed.xml"))
    await polling.follow(outlet.url("/feed.xml"))
    hidden, public = await polling.poller.poll_due()
    assert hidden.error == (
        f"{outlet.url('/private/feed.xml')}: the site's robots.txt forbids negbot to fetch it"
    )
    assert public.added == ["nato-russia-council-2022-01-12"]  # from the feed's summary
    assert any("robots.txt forbids" in n for n in public.notes)
    assert outlet.hits("/private/feed.xml") == outlet.hits("/private/news/1") == 0
    assert outlet.hits("/robots.txt") == 1  # read once per host


async def test_an_unreadable_robots_txt_forbids_fetching_until_it_can_be_read(
    outlet: Outlet, polling: Polling
) -> None:
    outlet.replies["/robots.txt"] = Reply(status=503)
    outlet.replies["/feed.xml"] = Reply(body=rss("Wire", []), content_type="text/xml")
    await polling.follow(outlet.url("/feed.xml"))
    [report] = await polling.poller.poll_due()
    assert report.error == (
        f"{outlet.url('')}: robots.txt cannot be read (HTTP 503 Service Unavailable)"
    )
    assert outlet.hits("/feed.xml") == 0


async def test_a_feed_of_ten_thousand_items_is_read_a_few_at_a_time(
    outlet: Outlet, polling: Polling
) -> None:
    items = [{"title": f"Note {n}", "description": f"Bulletin number {n}."} for n in range(10_000)]
    outlet.replies["/feed.xml"] = Reply(body=rss("Wire", items), content_type="text/xml")
    source = await polling.follow(outlet.url("/feed.xml"))
    [report] = await polling.poller.poll_due()
    assert (report.error, report.read, report.left_for_later) == (None, 5, 9_995)
    assert any("9995 more item(s) wait for the next poll" in n for n in report.notes)
    stored = await polling.fresh(source)
    assert stored.etag is None  # so that the next poll reads the feed again
    [more] = await polling.poller.poll_many([stored])
    assert (more.read, more.already_seen) == (5, 5)


async def test_requests_to_one_host_are_spaced_on_the_clock() -> None:
    ticks = ManualMonotonic()
    pacer = HostPacer(ticks, spacing=2.0)
    await pacer.wait("http://a.example/1")  # the first goes at once
    second = asyncio.ensure_future(pacer.wait("http://a.example/2"))
    other = asyncio.ensure_future(pacer.wait("http://b.example/1"))
    await ticks.sleeping(1)
    assert other.done()  # another host is not held up
    assert not second.done()
    ticks.advance(1.9)
    await asyncio.sleep(0)
    assert not second.done()
    ticks.advance(0.1)
    await second


async def test_relative_links_resolve_against_the_feed_s_address(
    outlet: Outlet, polling: Polling
) -> None:
    items = [{"title": "Council", "link": "/news/1"}]
    outlet.replies["/feeds/main.xml"] = Reply(body=rss("Wire", items), content_type="text/xml")
    page = article_page("Council", [NRC], published="2021-12-30")
    outlet.replies["/news/1"] = Reply(body=page.encode())
    await polling.follow(outlet.url("/feeds/main.xml"))
    [report] = await polling.poller.poll_due()
    assert report.added == ["nato-russia-council-2022-01-12"]
    [event] = await polling.store.events.find()
    assert event.url == outlet.url("/news/1")
