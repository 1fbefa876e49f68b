"""A review source: new sessions wait for an editor, a known one gains a source silently, and a
cancellation of a known one waits for confirmation."""

from __future__ import annotations

from bot.models import EventStatus
from bot.outlets import SourceTrust
from tests.helpers.outlet_server import Outlet, Reply, article_page, rss
from tests.sources.conftest import Polling

NRC = "The NATO-Russia Council will meet in Brussels on 12 January 2022, officials said."
AGAIN = "Officials confirmed that the NATO-Russia Council meets in Brussels on 12 January 2022."
CALLED_OFF = "The NATO-Russia Council meeting in Brussels on 12 January 2022 has been cancelled."


def _serve(outlet: Outlet, feed: str, page: str, text: str) -> None:
    body = article_page("Council", [text], published="2021-12-30").encode()
    outlet.replies[page] = Reply(body=body)
    items = [{"title": "Council", "link": outlet.url(page)}]
    outlet.replies[feed] = Reply(body=rss(feed.strip("/"), items), content_type="text/xml")


async def test_review_proposes_new_merges_known_and_asks_about_a_cancellation(
    outlet: Outlet, polling: Polling
) -> None:
    _serve(outlet, "/first.xml", "/news/1", NRC)
    trusted = await polling.follow(outlet.url("/first.xml"), SourceTrust.AUTO)
    [created] = await polling.poller.poll_many([trusted])
    assert created.added == ["nato-russia-council-2022-01-12"]

    _serve(outlet, "/second.xml", "/news/2", AGAIN)
    reviewed = await polling.follow(outlet.url("/second.xml"), SourceTrust.REVIEW)
    [merged] = await polling.poller.poll_many([reviewed])
    assert (merged.proposed, merged.updated) == (0, ["nato-russia-council-2022-01-12"])
    [event] = await polling.store.events.find()
    assert [s.url for s in event.sources] == [outlet.url("/news/1"), outlet.url("/news/2")]

    _serve(outlet, "/third.xml", "/news/3", CALLED_OFF)
    cautious = await polling.follow(outlet.url("/third.xml"), SourceTrust.REVIEW)
    [asked] = await polling.poller.poll_many([cautious])
    assert (asked.proposed, asked.updated) == (1, [])
    [pending] = await polling.store.sources.proposals()
    assert pending.article.url == outlet.url("/news/3")
    [still] = await polling.store.events.find()
    assert still.status is EventStatus.CONFIRMED
