"""An article page read with trafilatura: its main text, title, date and language, without the
menus, related-links lists, cookie banners and comments around it."""

from __future__ import annotations

import datetime as dtm
import logging

import trafilatura

from bot.errors import SourceError
from bot.outlets import PageText
from bot.sources.http import Response

# trafilatura logs every page it finds too short at WARNING: our own message says it once.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _html(answer: Response) -> str | bytes:
    """The page as text when its server named a charset; else bytes trafilatura decodes."""
    if answer.charset:
        try:
            return answer.body.decode(answer.charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: let trafilatura find the real one
    return answer.body


def _day(value: object) -> dtm.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dtm.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_page(url: str, answer: Response, today: dtm.date) -> PageText:
    """Read an article page; raise SourceError when it holds no article text.

    Dates are taken from the page's metadata and markup only, and never after `today`: a
    guess from the text's own dates would be a session's date, not the article's.
    """
    if b"\x00" in answer.body[:4096]:
        raise SourceError(f"{url}: binary data, not a web page")
    dates = {"extensive_search": False, "original_date": True, "max_date": today.isoformat()}
    try:
        document = trafilatura.bare_extraction(
            _html(answer),
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=dates,
        )
    except (ValueError, TypeError) as exc:  # malformed markup deep in lxml
        raise SourceError(f"{url}: the page cannot be read ({exc})") from None
    text = getattr(document, "text", None) if document is not None else None
    if not isinstance(text, str) or not text.strip():
        raise SourceError(f"{url}: no article text found on the page")
    title = getattr(document, "title", None)
    language = getattr(document, "language", None)
    return PageText(
        text=text.strip(),
        title=title if isinstance(title, str) and title.strip() else None,
        published=_day(getattr(document, "date", None)),
        language=language if isinstance(language, str) else None,
    )
