"""RSS and Atom feeds read with feedparser: the feed's name and its items, or why it is no feed."""

from __future__ import annotations

import calendar
import datetime as dtm
import io
import time
from typing import Any

import feedparser
import lxml.html
from lxml.etree import ParserError

from bot.errors import SourceError
from bot.outlets import FeedFetch, FeedItem
from bot.sources.http import Response

# feedparser marks these as "bozo" although the feed reads well: a charset declared twice, and
# a feed served as text/html or text/plain, as many servers do.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(url: str, answer: Response) -> FeedFetch:
    """Read a fetched feed; raise SourceError saying why when it is not a well-formed feed."""
    # The feed's own address (after redirects) is the base its relative links resolve against.
    headers = {
        "content-type": answer.content_type or "application/xml",
        "content-location": answer.url or url,
    }
    if answer.charset:
        headers["content-type"] += f"; charset={answer.charset}"
    # A stream, never bytes or str: feedparser opens a string that names a file or a URL.
    parsed = feedparser.parse(io.BytesIO(answer.body), response_headers=headers)
    _refuse_broken(url, answer.body, parsed)
    feed = parsed.get("feed", {})
    return FeedFetch(
        name=_plain(feed.get("title")) or None,
        items=tuple(_item(entry) for entry in parsed.entries),
        etag=answer.etag,
        last_modified=answer.last_modified,
    )


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _refuse_broken(url: str, body: bytes, parsed: Any) -> None:
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        if _looks_like_html(body):
            raise SourceError(f"{url}: an HTML page, not an RSS or Atom feed")
        if problem is not None and not isinstance(problem, _HARMLESS):
            raise SourceError(f"{url}: not a well-formed feed ({_one_line(problem)})")
        raise SourceError(f"{url}: not an RSS or Atom feed")
    if problem is not None and not isinstance(problem, _HARMLESS):
        raise SourceError(f"{url}: not well-formed XML ({_one_line(problem)}); nothing read")


def _one_line(problem: object) -> str:
    text = str(problem).strip().splitlines()[0] if str(problem).strip() else ""
    return text.removeprefix("<unknown>:") or type(problem).__name__


def _plain(html: object) -> str:
    """Return the text of an HTML fragment, whitespace collapsed."""
    if not isinstance(html, str) or not html.strip():
        return ""
    try:
        text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    except (ParserError, ValueError):
        text = html
    return " ".join(text.split())


def _day(entry: Any) -> dtm.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed is not None:
            stamp = calendar.timegm(parsed)
            return dtm.datetime.fromtimestamp(stamp, dtm.UTC).date()
    return None


def _item(entry: Any) -> FeedItem:
    link = entry.get("link")
    summary = entry.get("summary")
    contents = entry.get("content") or []
    if contents and isinstance(contents[0], dict):
        summary = contents[0].get("value") or summary
    return FeedItem(
        link=link.strip() if isinstance(link, str) and link.strip() else None,
        title=_plain(entry.get("title")) or None,
        summary=_plain(summary) or None,
        published=_day(entry),
    )
