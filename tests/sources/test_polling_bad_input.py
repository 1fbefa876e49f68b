"""Bad sources, each served by a local outlet: a clear line on the source, nothing stored from
a failed fetch, the other sources read all the same, and failing ones backing off."""

from __future__ import annotations

import datetime as dtm

import pytest

from bot.outlets import SourceTrust
from tests.helpers.outlet_server import Outlet, Reply, article_page, rss
from tests.sources.conftest import TIMEOUT, Polling

NRC = "The NATO-Russia Council will meet in Brussels on 12 January 2022, officials said."
WEDNESDAY = "The NATO-Russia Council will meet in Brussels on Wednesday, officials said."
MORE = "Diplomats expect a long session on European security and arms control."


def _feed(outlet: Outlet, *links: str, path: str = "/feed.xml") -> None:
    items = [{"title": f"Item {n}", "link": outlet.url(link)} for n, link in enumerate(links)]
    outlet.replies[path] = Reply(body=rss("Wire", items), content_type="application/rss+xml")


def _page(outlet: Outlet, path: str, text: str = NRC) -> None:
    page = article_page("Council to meet", [text, MORE], published="2021-12-30")
    outlet.replies[path] = Reply(body=page.encode())


async def _nothing_stored(polling: Polling) -> None:
    assert await polling.store.events.find() == []
    assert await polling.store.sources.proposals() == []
    assert not await polling.store.articles.published_between(
        dtm.date(2000, 1, 1), dtm.date(2100, 1, 1), 10
    )


BROKEN_FEEDS = [
    pytest.param(
        Reply(body=b"<rss><channel><item><title>x</title></item>", content_type="text/xml"),
        "not well-formed XML",
        id="invalid-xml",
    ),
    pytest.param(
        Reply(body=article_page("Home", ["Welcome to our site."]).encode()),
        "an HTML page, not an RSS or Atom feed",
        id="html-page",
    ),
    pytest.param(Reply(status=404, body=b"gone"), "HTTP 404 Not Found", id="404"),
    pytest.param(Reply(status=500, body=b"oops"), "HTTP 500 Internal Server Error", id="500"),
    pytest.param(
        Reply(body=b"<rss>" + b" " * (3 * 1024 * 1024) + b"</rss>", chunked=True),
        "larger than 2 MB; not read",
        id="over-the-cap-streamed",
    ),
    pytest.param(
        Reply(body=b"<rss>" + b" " * (3 * 1024 * 1024) + b"</rss>"),
        "larger than 2 MB; not read",
        id="over-the-cap-announced",
    ),
    pytest.param(Reply(hang=True), f"no answer within {TIMEOUT:g} s", id="never-answers"),
]


@pytest.mark.parametrize(("reply", "problem"), BROKEN_FEEDS)
async def test_a_broken_feed_is_one_line_on_the_source_and_stores_nothing(
    reply: Reply, problem: str, outlet: Outlet, polling: Polling
) -> None:
    outlet.replies["/bad.xml"] = reply
    source = await polling.follow(outlet.url("/bad.xml"))
    [report] = await polling.poller.poll_due()
    assert report.error is not None
    assert problem in report.error
    assert "\n" not in report.error
    stored = await polling.fresh(source)
    assert stored.last_error == report.error
    assert (stored.failures, stored.articles_read) == (1, 0)
    await _nothing_stored(polling)


async def test_a_redirect_loop_is_cut_short(outlet: Outlet, polling: Polling) -> None:
    outlet.replies["/a"] = Reply(status=302, headers={"Location": "/b"})
    outlet.replies["/b"] = Reply(status=302, headers={"Location": "/a"})
    await polling.follow(outlet.url("/a"))
    [report] = await polling.poller.poll_due()
    assert report.error is not None
    assert "more than 5 redirects (a redirect loop?)" in report.error
    assert outlet.hits("/a") + outlet.hits("/b") <= 7
    await _nothing_stored(polling)


async def test_one_broken_source_does_not_stop_the_others(outlet: Outlet, polling: Polling) -> None:
    outlet.replies["/broken.xml"] = Reply(status=500)
    _feed(outlet, "/news/1")
    _page(outlet, "/news/1")
    broken = await polling.follow(outlet.url("/broken.xml"))
    good = await polling.follow(outlet.url("/feed.xml"))
    reports = await polling.poller.poll_due()
    assert [r.error is None for r in reports] == [False, True]
    assert reports[1].added == ["nato-russia-council-2022-01-12"]
    assert (await polling.fresh(good)).last_error is None
    assert (await polling.fresh(broken)).failures == 1


async def test_a_failing_source_backs_off_on_the_clock_and_recovers(
    outlet: Outlet, polling: Polling
) -> None:
    outlet.replies["/feed.xml"] = Reply(status=503)
    source = await polling.follow(outlet.url("/feed.xml"))
    waits: list[float] = []
    for _ in range(6):  # bounded: six failures take the wait to its ceiling
        start = polling.clock.now()
        assert len(await polling.poller.poll_due()) == 1
        assert await polling.poller.poll_due() == []  # not due again at once
        stored = await polling.fresh(source)
        assert stored.next_poll_at is not None
        waits.append((stored.next_poll_at - start).total_seconds() / 60)
        polling.clock.set(stored.next_poll_at)
    assert waits == [30, 60, 120, 240, 360, 360]
    _feed(outlet)
    [report] = await polling.poller.poll_due()
    healed = await polling.fresh(source)
    assert (report.error, healed.failures, healed.last_error) == (None, 0, None)
    assert healed.next_poll_at == polling.clock.now() + dtm.timedelta(minutes=15)


async def test_items_without_links_or_dates_are_read_from_the_feed_or_skipped(
    outlet: Outlet, polling: Polling
) -> None:
    items = [
        {"title": "Council to meet", "description": WEDNESDAY},  # no link, no date
        {"title": "An empty item"},  # nothing to read at all
    ]
    outlet.replies["/feed.xml"] = Reply(body=rss("Wire", items), content_type="text/xml")
    source = await polling.follow(outlet.url("/feed.xml"))
    [report] = await polling.poller.poll_due()
    assert (report.error, report.problems, report.read) == (None, [], 1)
    assert report.added == ["nato-russia-council-2022-01-05"]  # the Wednesday after the poll
    assert any("no date found; read as of 2021-12-31" in n for n in report.notes)
    assert any(
        "'An empty item': an item without a link or text; skipped" in n for n in report.notes
    )
    [event] = await polling.store.events.find()
    assert event.sources[0].published == dtm.date(2021, 12, 31)
    polling.clock.advance(dtm.timedelta(hours=1))
    [again] = await polling.poller.poll_due()
    assert (again.read, again.already_seen) == (0, 1)
    assert (await polling.fresh(source)).articles_read == 1


async def test_a_page_in_windows_1251_is_read_as_russian(outlet: Outlet, polling: Polling) -> None:
    text = "Постоянный совет ОБСЕ соберется в Вене 12 января 2022 года, сообщили дипломаты."
    page = article_page("Совет ОБСЕ", [text, "Повестка дня будет разослана заранее."])
    for path, charset in (("/ru/header", "windows-1251"), ("/ru/meta", None)):
        body = page.replace("<head>", "<head><meta charset='windows-1251'>").encode("cp1251")
        outlet.replies[path] = Reply(body=body, charset=charset)
    _feed(outlet, "/ru/header")
    await polling.follow(outlet.url("/feed.xml"))
    [report] = await polling.poller.poll_due()
    assert report.added == ["osce-2022-01-12"]
    [event] = await polling.store.events.find()
    assert "Постоянный совет ОБСЕ" in event.sources[0].quote
    # Without a charset in the header, the page's own <meta> says how to read it.
    _feed(outlet, "/ru/meta", path="/meta.xml")
    await polling.follow(outlet.url("/meta.xml"))
    [_, second] = await polling.poller.poll_many(await polling.store.sources.all())
    assert second.already_seen == 1  # the same text, found by its hash
    assert second.problems == []


async def test_items_repeated_under_new_guids_or_urls_are_read_once(
    outlet: Outlet, polling: Polling
) -> None:
    items = [
        {"guid": "a-1", "title": "Council", "link": outlet.url("/news/1")},
        {"guid": "a-2", "title": "Council (updated)", "link": outlet.url("/news/1")},
        {"guid": "a-3", "title": "Council", "link": outlet.url("/news/1?utm=x")},
    ]
    outlet.replies["/feed.xml"] = Reply(body=rss("Wire", items), content_type="text/xml")
    _page(outlet, "/news/1")
    _page(outlet, "/news/1?utm=x")
    await polling.follow(outlet.url("/feed.xml"), SourceTrust.REVIEW)
    [report] = await polling.poller.poll_due()
    assert (report.read, report.already_seen, report.proposed) == (1, 2, 1)
    assert outlet.hits("/news/1") == 1
    assert len(await polling.store.sources.proposals()) == 1
    assert await polling.store.events.find() == []


async def test_a_page_that_fails_for_good_falls_back_to_the_feed_summary(
    outlet: Outlet, polling: Polling
) -> None:
    items = [
        {"title": "Council", "link": outlet.url("/huge"), "description": NRC},
        {"title": "Gone", "link": outlet.url("/gone")},
    ]
    outlet.replies["/feed.xml"] = Reply(body=rss("Wire", items), content_type="text/xml")
    outlet.replies["/huge"] = Reply(body=b"<p>" + b"x" * (3 * 1024 * 1024), chunked=True)
    await polling.follow(outlet.url("/feed.xml"))
    [report] = await polling.poller.poll_due()
    assert report.added == ["nato-russia-council-2022-01-12"]
    assert any("larger than 2 MB; not read; read the feed's summary" in n for n in report.notes)
    assert any("HTTP 404 Not Found; the feed gives no summary" in n for n in report.notes)
    [again] = await polling.poller.poll_many(await polling.store.sources.all())
    assert again.already_seen == 2
    assert (outlet.hits("/huge"), outlet.hits("/gone")) == (1, 1)


async def test_a_page_that_fails_for_now_is_tried_at_the_next_poll(
    outlet: Outlet, polling: Polling
) -> None:
    _feed(outlet, "/news/1")
    outlet.replies["/news/1"] = Reply(status=502)
    source = await polling.follow(outlet.url("/feed.xml"))
    [first] = await polling.poller.poll_due()
    assert first.error is None
    assert first.problems == [f"{outlet.url('/news/1')}: HTTP 502 Bad Gateway"]
    stored = await polling.fresh(source)
    assert stored.last_error is not None
    assert "1 article(s) not read, tried again next poll" in stored.last_error
    assert stored.failures == 0  # the feed itself is fine
    _page(outlet, "/news/1")
    [second] = await polling.poller.poll_many([stored])
    assert second.added == ["nato-russia-council-2022-01-12"]
    assert (await polling.fresh(source)).last_error is None


async def test_a_source_another_poller_holds_is_left_alone_until_its_lease_runs_out(
    outlet: Outlet, polling: Polling
) -> None:
    _feed(outlet, "/news/1")
    _page(outlet, "/news/1")
    source = await polling.follow(outlet.url("/feed.xml"))
    held_until = polling.clock.now() + dtm.timedelta(minutes=15)
    assert await polling.store.sources.claim(source.id, "another instance", held_until)
    [report] = await polling.poller.poll_due()
    assert report.busy
    assert outlet.hits("/feed.xml") == 0
    polling.clock.set(held_until)  # that instance died
    [taken] = await polling.poller.poll_due()
    assert taken.added == ["nato-russia-council-2022-01-12"]
    assert await polling.store.sources.claim(source.id, "another instance", held_until)


async def test_a_feed_served_as_text_html_is_still_read(outlet: Outlet, polling: Polling) -> None:
    items = [{"title": "Council", "description": NRC}]
    outlet.replies["/feed"] = Reply(body=rss("Wire", items), content_type="text/html")
    await polling.follow(outlet.url("/feed"))
    [report] = await polling.poller.poll_due()
    assert (report.error, report.read) == (None, 1)
