"""The HTTP side of negbot: iCalendar feeds, the public page, health and metrics (aiohttp).

The names below load their modules on first use, so that a light module of this package
(`bot.web.limits`, whose defaults `negbot serve --help` shows) can be imported without aiohttp.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.web.app import WebOptions, WebServer, WebServerError, build_app
    from bot.web.cache import Built, CachedFeed, FeedCache
    from bot.web.limits import RateLimit

_HOMES = {
    "Built": "bot.web.cache",
    "CachedFeed": "bot.web.cache",
    "FeedCache": "bot.web.cache",
    "RateLimit": "bot.web.limits",
    "WebOptions": "bot.web.app",
    "WebServer": "bot.web.app",
    "WebServerError": "bot.web.app",
    "build_app": "bot.web.app",
}

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


def __getattr__(name: str) -> Any:
    """Import the module that defines `name` (PEP 562) and keep the name here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
