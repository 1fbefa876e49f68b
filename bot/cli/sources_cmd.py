"""`negbot sources`: follow outlets' RSS/Atom feeds, poll them, review what they found."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot.cli.context import open_store, run, settings
from bot.errors import InputError

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.outlets import FeedSource, PendingProposal
    from bot.services.polling import PollReport, SourcePoller
    from bot.services.sources import SourcesService

T = TypeVar("T")


def _id(text: str) -> int:
    try:
        number = int(text.lstrip("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    return number


def register(commands: Any) -> None:
    """Add the `sources` sub-command and its own sub-commands."""
    parser = commands.add_parser(
        "sources",
        help="follow outlets' RSS/Atom feeds: new sessions arrive by themselves",
        description="Follow outlets' feeds. Each poll reads every new article once (by URL and "
        "by text) and applies the sessions it announces (--trust auto) or keeps them for "
        "review (--trust review, the default).",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="follow a feed")
    add.add_argument("url", metavar="URL", help="the RSS or Atom feed's address")
    add.add_argument("--language", help="the articles' language (en, ru, fr, de); default: read")
    add.add_argument("--tracks", help="only sessions of these tracks, e.g. osce,nato-russia")
    add.add_argument("--trust", default="review", help="auto or review (default)")
    add.add_argument("--every", type=float, metavar="MINUTES", help="poll interval (15)")
    add.set_defaults(handler=_add)
    load = sub.add_parser("load", help="follow every feed of a TOML file (see deploy/)")
    load.add_argument("file", type=Path, metavar="FILE")
    load.set_defaults(handler=_load)
    sub.add_parser("list", help="the sources and how their polling stands").set_defaults(
        handler=_list
    )
    remove = sub.add_parser("remove", help="stop following a source")
    remove.add_argument("source", type=_id, metavar="ID")
    remove.set_defaults(handler=_remove)
    poll = sub.add_parser("poll", help="poll every source (or one) now")
    poll.add_argument("source", type=_id, nargs="?", metavar="ID")
    poll.add_argument("--due", action="store_true", help="only the sources whose time came")
    poll.set_defaults(handler=_poll)
    sub.add_parser("proposals", help="sessions waiting for review").set_defaults(handler=_proposals)
    for verb, text in (("accept", "put a proposed session in the calendar"), ("skip", "drop it")):
        chosen = sub.add_parser(verb, help=text)
        chosen.add_argument("proposal", type=_id, metavar="N")
        chosen.set_defaults(handler=_accept if verb == "accept" else _skip)


@contextlib.asynccontextmanager
async def _service(config: Settings) -> AsyncIterator[SourcesService]:
    from bot.clock import SystemClock
    from bot.services.importer import Importer
    from bot.services.sources import SourcesService

    clock = SystemClock()
    async with open_store(config, clock) as store:
        importer = Importer(store, clock, config.default_timezone)
        yield SourcesService(store, importer, clock)


def _with_service(work: Callable[[SourcesService], Awaitable[T]]) -> T:
    config = settings()

    async def job() -> T:
        async with _service(config) as service:
            return await work(service)

    return run(job)


def _add(args: argparse.Namespace) -> int:
    tracks = [t.strip() for t in (args.tracks or "").split(",") if t.strip()]
    if args.tracks is not None and not tracks:
        raise InputError("--tracks names no track (e.g. --tracks osce,nato-russia)")
    source = _with_service(
        lambda s: s.add(
            args.url,
            language=args.language,
            tracks=tracks,
            trust=args.trust,
            every_minutes=args.every,
        )
    )
    print(f"added source #{source.id}: {source.url} ({source.trust}, every {_minutes(source)})")
    return 0


def _load(args: argparse.Namespace) -> int:
    from bot.cli.sources_file import read_sources_file

    entries = read_sources_file(args.file)

    async def work(service: SourcesService) -> list[str]:
        known = {s.url for s in await service.all()}
        checked = [
            await service.check(
                e.url, language=e.language, tracks=e.tracks, trust=e.trust, every_minutes=e.every
            )
            for e in entries
        ]  # all of them before any is added: a bad entry adds nothing
        lines = []
        for new in checked:
            if new.url in known:
                lines.append(f"already followed: {new.url}")
                continue
            source = await service.add_checked(new)
            known.add(source.url)
            lines.append(f"added source #{source.id}: {source.url} ({source.trust})")
        return lines

    print("\n".join(_with_service(work)))
    return 0


def _minutes(source: FeedSource) -> str:
    return f"{source.every.total_seconds() / 60:g} min"


def _list(args: argparse.Namespace) -> int:
    from bot.cli.sources_view import print_sources

    async def work(service: SourcesService) -> tuple[list[FeedSource], list[PendingProposal]]:
        return await service.all(), await service.proposals()

    print_sources(*_with_service(work))
    return 0


def _remove(args: argparse.Namespace) -> int:
    source = _with_service(lambda s: s.remove(args.source))
    print(f"removed source #{source.id}: {source.url} (what it found stays in the calendar)")
    return 0


@contextlib.asynccontextmanager
async def poller(config: Settings, service: SourcesService) -> AsyncIterator[SourcePoller]:
    """A poller over the open store, reading the web with the configured manners."""
    from bot.clock import SystemClock
    from bot.sources.http import HttpClient
    from bot.sources.reader import WebReader

    client = HttpClient(contact=config.public_url, timeout=config.source_timeout)
    reader = WebReader(SystemClock(), client=client, spacing=config.source_spacing)
    try:
        yield service.poller(reader)
    finally:
        await reader.close()


def _poll(args: argparse.Namespace) -> int:
    from bot.cli.sources_view import print_poll

    config = settings()

    async def job() -> list[PollReport]:
        async with _service(config) as service, poller(config, service) as polling:
            if args.source is not None:
                return [await polling.poll(await service.get(args.source))]
            if args.due:
                return await polling.poll_due()
            return await polling.poll_many(await service.all())

    reports = run(job)
    print_poll(reports)
    return 1 if any(r.error for r in reports) else 0


def _proposals(args: argparse.Namespace) -> int:
    from bot.cli.sources_view import print_proposals

    print_proposals(_with_service(lambda s: s.proposals()))
    return 0


def _accept(args: argparse.Namespace) -> int:
    event = _with_service(lambda s: s.accept(args.proposal))
    if event is None:
        print(f"proposal #{args.proposal}: the calendar has this session already; nothing changed")
    else:
        print(f"proposal #{args.proposal}: {event.id}  {event.start_date}  {event.title}")
    return 0


def _skip(args: argparse.Namespace) -> int:
    pending = _with_service(lambda s: s.skip(args.proposal))
    print(f"proposal #{pending.id} skipped: {pending.found.title} ({pending.found.start_date})")
    return 0
