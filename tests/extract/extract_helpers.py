"""Builders and assertions shared by the extractor's tests."""

from __future__ import annotations

import datetime as dtm
import zoneinfo
from collections.abc import Sequence
from pathlib import Path

from bot.extract import Extraction, extract, extract_text
from bot.models import Article, ExtractedEvent, ExtractedStatus

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"
UTC = dtm.UTC
NEW_YORK = ("New York", "New York City")


def day(text: str) -> dtm.date:
    """Return the date written as YYYY-MM-DD."""
    return dtm.date.fromisoformat(text)


def at(text: str, zone: str) -> dtm.datetime:
    """Return an aware datetime: a naive ISO text read in an IANA zone."""
    return dtm.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo(zone))


def show(events: Sequence[ExtractedEvent]) -> str:
    """Describe events compactly, for assertion messages."""
    if not events:
        return "(no events)"
    lines = []
    for e in events:
        when = e.start_at.isoformat() if e.start_at else e.start_date.isoformat()
        if e.end_date != e.start_date:
            when += f"..{e.end_date.isoformat()}"
        if e.end_at:
            when += f" → {e.end_at.isoformat()}"
        lines.append(
            f"{when} | {e.status.value} | track={e.track} | {e.location} ({e.timezone}) | "
            f"{e.kind} | {e.title!r} | quotes={[s.quote for s in e.sources]!r} | "
            f"discrepancies={list(e.discrepancies)!r}"
        )
    return "\n".join(lines)


def events(text: str, published: str) -> list[ExtractedEvent]:
    """Extract the events of one text read as of `published` (YYYY-MM-DD)."""
    return extract_text(text, published=day(published))


def only(text: str, published: str) -> ExtractedEvent:
    """Extract one text and return its single event, failing with a description otherwise."""
    found = events(text, published)
    assert len(found) == 1, f"expected exactly one event from {text!r}, got:\n{show(found)}"
    return found[0]


def none_from(text: str, published: str) -> None:
    """Assert that a text yields no event."""
    found = events(text, published)
    assert found == [], f"expected no event from {text!r}, got:\n{show(found)}"


def on(found: Sequence[ExtractedEvent], start: str) -> ExtractedEvent:
    """Return the single event of `found` that starts on `start`."""
    matching = [e for e in found if e.start_date == day(start)]
    assert len(matching) == 1, f"expected one event starting {start}, got:\n{show(found)}"
    return matching[0]


def article(file: str, text: str, published: str | None) -> Article:
    """Build an article as the CLI would, with an optional publication date."""
    return Article(
        id=Article.id_for(text),
        file=file,
        text=text,
        published=day(published) if published else None,
    )


def extract_all(*articles: Article, published: str | None = None) -> Extraction:
    """Extract several articles at once."""
    return extract(list(articles), published=day(published) if published else None)


def assert_upcoming(event: ExtractedEvent) -> None:
    """Assert that an event is upcoming, with its description on failure."""
    assert event.status is ExtractedStatus.UPCOMING, show([event])


def assert_past(event: ExtractedEvent) -> None:
    """Assert that an event is past, with its description on failure."""
    assert event.status is ExtractedStatus.PAST, show([event])
