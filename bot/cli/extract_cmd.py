"""`negbot extract`: print the sessions that articles announce or report."""

from __future__ import annotations

import argparse
import datetime as dtm
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.errors import ArticleError, InputError
from bot.tracks import DEFAULT_TRACKS_FILE

if TYPE_CHECKING:
    from rich.console import Console

    from bot.extract import Extraction
    from bot.models import Article, ExtractedEvent


def register(commands: Any) -> None:
    """Add the `extract` sub-command."""
    parser = commands.add_parser(
        "extract",
        help="find the scheduled sessions in news articles",
        description=(
            "Read news articles (English, Russian, French, German) and print the sessions they "
            "announce or report. "
            "A FILE may be a directory (its .txt files are read). Metadata (outlet, published "
            "date) comes from a .toml file beside each article, if there is one."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="read every article as published on this date (default: its metadata, or the "
        "date its text implies)",
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help="the articles' language when their metadata does not say (en, ru, fr, de); "
        "by default each article's own, detected from its text",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array (the contract)")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="say, for each date expression, what it became (a session, a merge into another, "
        "dropped) and why; on stderr with --json",
    )
    parser.add_argument(
        "--tracks",
        type=Path,
        default=DEFAULT_TRACKS_FILE,
        metavar="FILE",
        help="the track catalogue (default: calendars/tracks.toml)",
    )
    parser.set_defaults(handler=run)


def parse_date(value: str, option: str) -> dtm.date:
    """Return a YYYY-MM-DD date, or raise InputError naming the option."""
    try:
        day = dtm.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date (expected YYYY-MM-DD)") from None
    if not 1900 <= day.year <= 2200:
        raise InputError(f"{option}: {value!r} is out of range (years 1900 to 2200)")
    return day


def event_json(event: ExtractedEvent) -> dict[str, Any]:
    """Return an event as the JSON contract of `negbot extract --json`."""
    start: str = event.start_at.isoformat() if event.start_at else event.start_date.isoformat()
    end = event.end_date.isoformat() if event.end_date != event.start_date else None
    return {
        "title": event.title,
        "track": event.track,
        "start": start,
        "end": end,
        "location": event.location,
        "timezone": event.timezone,
        "status": event.status.value,
        "sources": [{"file": s.file, "quote": s.quote} for s in event.sources],
        "discrepancies": list(event.discrepancies),
        "end_at": event.end_at.isoformat() if event.end_at else None,
        "kind": event.kind,
        "confidence": event.confidence,
        "location_text": event.location_text,
    }


def _when(event: ExtractedEvent) -> str:
    if event.start_at is not None:
        text = event.start_at.strftime("%Y-%m-%d %H:%M %Z").strip()
        if event.end_at is not None:
            text += event.end_at.strftime("–%H:%M")
        return text
    if event.end_date != event.start_date:
        return f"{event.start_date.isoformat()} – {event.end_date.isoformat()}"
    return event.start_date.isoformat()


def _shorten(quote: str, limit: int = 120) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1].rsplit(" ", 1)[0] + "…"


def print_table(events: list[ExtractedEvent], console: Console) -> None:
    """Print events as a readable table, with their sources and disagreements."""
    from rich.table import Table

    table = Table(show_lines=True)
    for column in ("when", "session", "track", "where", "status", "sources"):
        table.add_column(column, overflow="fold")
    for event in events:
        sources = "\n".join(f"{Path(s.file).name}: {_shorten(s.quote)}" for s in event.sources)
        session = event.title
        if event.discrepancies:
            session += "\n[yellow]" + "\n".join(f"⚠ {d}" for d in event.discrepancies) + "[/]"
        table.add_row(
            _when(event),
            session,
            event.track or "—",
            event.location or "—",
            event.status.value,
            sources,
        )
    console.print(table)
    console.print(f"{len(events)} session(s)")


def print_explanation(result: Extraction, articles: list[Article], out: TextIO) -> None:
    """Print, article by article, as of which day it was read and what each date became."""
    from bot.extract.explain import reference_line

    for article in articles:
        day = result.references.get(article.id)
        print(reference_line(article.file, day, result.reasons.get(article.id)), file=out)
        for item in (e for e in result.explanations if e.file == article.file):
            days = f" → {item.days}" if item.days else ""
            print(f"  sentence {item.sentence}: «{item.words}»{days}: {item.outcome}", file=out)
        print(file=out)


def run(args: argparse.Namespace) -> int:
    """Extract and print; exit 1 when some file could not be used."""
    from rich.console import Console

    from bot.articles import expand_paths, read_article
    from bot.extract import extract
    from bot.extract.lang import SUPPORTED
    from bot.tracks import load_tracks

    published = parse_date(args.published, "--published") if args.published is not None else None
    catalogue = load_tracks(args.tracks)
    articles: list[Article] = []
    paths, empty = expand_paths(args.files)
    for problem in empty:
        print(f"negbot extract: {problem}", file=sys.stderr)
    failed = bool(empty)
    for path in paths:
        try:
            articles.append(read_article(path))
        except ArticleError as exc:
            print(f"negbot extract: {exc}", file=sys.stderr)
            failed = True
    if args.lang is not None and args.lang.lower() not in SUPPORTED:
        known = ", ".join(SUPPORTED)
        raise InputError(f"--lang {args.lang}: not a language negbot reads (it reads {known})")
    result = extract(articles, catalogue, published, language=args.lang)
    for problem in result.problems:
        print(f"negbot extract: {problem}", file=sys.stderr)
        failed = True
    for note in result.notes:
        print(f"negbot extract: note: {note}", file=sys.stderr)
    if args.explain:
        print_explanation(result, articles, sys.stderr if args.json else sys.stdout)
    if args.json:
        json.dump([event_json(e) for e in result.events], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        console = Console() if sys.stdout.isatty() else Console(width=160)
        print_table(result.events, console)
    return 1 if failed else 0
