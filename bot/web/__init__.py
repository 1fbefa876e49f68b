"""The HTTP side of negbot: iCalendar feeds, the public page, health and metrics (aiohttp)."""

from __future__ import annotations

from bot.web.app import WebOptions, WebServer, WebServerError, build_app
from bot.web.cache import Built, CachedFeed, FeedCache
from bot.web.limits import RateLimit

__all__ = [
    "Built",
    "CachedFeed",
    "FeedCache",
    "RateLimit",
    "WebOptions",
    "WebServer",
    "WebServerError",
    "build_app",
]
