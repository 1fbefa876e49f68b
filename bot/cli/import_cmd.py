"""`negbot import`: extract articles into the calendar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.context import open_store, run, settings
from bot.cli.extract_cmd import parse_date
from bot.errors import ArticleError

if TYPE_CHECKING:
    from rich.console import Console

    from bot.models import Article
    from bot.services.importer import ImportReport

_PROGRESS_FROM = 5  # files; fewer go by without a bar


def register(commands: Any) -> None:
    """Add the `import` sub-command."""
    parser = commands.add_parser(
        "import",
        help="extract articles and store their sessions in the calendar",
        description="Read articles (files, or directories of .txt files) and add the sessions "
        "they announce to the calendar. Importing an article twice changes nothing; an article "
        "that moves, cancels or postpones a known session updates it.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="the articles' date")
    parser.set_defaults(handler=command)


def _read(paths: list[Path], console: Console) -> tuple[list[Article], bool]:
    from rich.progress import Progress

    from bot.articles import expand_paths, read_article

    articles: list[Article] = []
    files, empty = expand_paths(paths)
    for problem in empty:
        print(f"negbot import: {problem}", file=sys.stderr)
    failed = bool(empty)
    with Progress(console=console, transient=True, disable=len(files) < _PROGRESS_FROM) as bar:
        task = bar.add_task("reading", total=len(files))
        for path in files:
            try:
                articles.append(read_article(path))
            except ArticleError as exc:
                print(f"negbot import: {exc}", file=sys.stderr)
                failed = True
            bar.advance(task)
    return articles, failed


def print_report(report: ImportReport, console: Console) -> None:
    """Say what the import did."""
    for event in report.created:
        console.print(
            f"added    {event.id}  {event.start_date}  {event.title}",
            highlight=False,
            soft_wrap=True,
        )
    for event, summary in report.updated:
        console.print(
            f"updated  {event.id}  {summary} (sequence {event.sequence})",
            highlight=False,
            soft_wrap=True,
        )
    for note in report.notes:
        console.print(f"note: {note}", highlight=False, soft_wrap=True)
    console.print(
        f"{len(report.articles_new)} new article(s), {len(report.articles_known)} already "
        f"imported; {len(report.created)} session(s) added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged",
        highlight=False,
        soft_wrap=True,
    )


def command(args: argparse.Namespace) -> int:
    """Import and report; exit 1 when some file could not be used."""
    from rich.console import Console

    from bot.clock import SystemClock
    from bot.services.importer import Importer

    published = parse_date(args.published, "--published") if args.published is not None else None
    config = settings()
    console = Console(stderr=False)
    articles, failed = _read(args.files, console)

    async def job() -> ImportReport:
        async with open_store(config) as store:
            importer = Importer(store, SystemClock(), config.default_timezone)
            return await importer.import_articles(articles, published, actor="cli import")

    report = run(job)
    for problem in report.problems:
        print(f"negbot import: {problem}", file=sys.stderr)
    print_report(report, console)
    return 1 if failed or report.problems else 0
