"""The outlet reader: feeds and article pages fetched politely, then parsed (an OutletReader)."""

from __future__ import annotations

import asyncio

from bot.clock import Clock, Monotonic, SystemMonotonic
from bot.outlets import FeedFetch, PageText
from bot.sources.feed import parse_feed
from bot.sources.http import HttpClient
from bot.sources.manners import HOST_SPACING_SECONDS, HostPacer, RobotsRules
from bot.sources.page import read_page


class WebReader:
    """Fetches over HTTP with negbot's manners; parsing runs off the event loop."""

    def __init__(
        self,
        clock: Clock,
        *,
        client: HttpClient | None = None,
        monotonic: Monotonic | None = None,
        spacing: float = HOST_SPACING_SECONDS,
    ) -> None:
        self._clock = clock
        self.client = client or HttpClient()
        ticks = monotonic or SystemMonotonic()
        self._pacer = HostPacer(ticks, spacing)
        self._robots = RobotsRules(self.client, ticks)

    async def close(self) -> None:
        """Close the connections."""
        await self.client.close()

    async def _fetch_allowed(self, url: str) -> None:
        await self._robots.check(url)
        await self._pacer.wait(url)

    async def feed(self, url: str, etag: str | None, last_modified: str | None) -> FeedFetch:
        """Fetch a feed, conditionally; raise SourceError saying what went wrong."""
        await self._fetch_allowed(url)
        answer = await self.client.get(url, etag, last_modified)
        if answer.status == 304:
            return FeedFetch(not_modified=True, etag=etag, last_modified=last_modified)
        return await asyncio.to_thread(parse_feed, url, answer)

    async def article(self, url: str) -> PageText:
        """Fetch an article page and read its main text; raise SourceError when it cannot."""
        await self._fetch_allowed(url)
        answer = await self.client.get(url)
        return await asyncio.to_thread(read_page, url, answer, self._clock.now().date())
