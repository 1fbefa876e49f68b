"""Reading outlets: a polite HTTP client, RSS/Atom feeds (feedparser), article pages (trafilatura).

This is an adapter: the polling service sees it through bot.ports.OutletReader.
"""
