"""`negbot tracks`: list the known tracks and add new ones."""

from __future__ import annotations

import argparse
import zoneinfo
from typing import TYPE_CHECKING, Any

from bot.cli.context import open_store, run, settings
from bot.errors import InputError

if TYPE_CHECKING:
    from bot.models import Track


def register(commands: Any) -> None:
    """Add the `tracks` sub-command."""
    parser = commands.add_parser("tracks", help="list or add negotiation tracks")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list the tracks")
    listing.set_defaults(handler=_list)
    add = sub.add_parser(
        "add",
        help="add a track",
        description="Add a track, e.g. `negbot tracks add black-sea-grain --name 'Black Sea "
        "Grain Initiative' --venue Istanbul --alias 'grain deal' --alias 'grain corridor'`.",
    )
    add.add_argument("id", help="a slug: lower-case letters, digits and hyphens")
    add.add_argument("--name", required=True)
    add.add_argument("--session-title", help="default: the name")
    add.add_argument("--venue", help="the home city")
    add.add_argument("--timezone", help="default: the venue's")
    add.add_argument("--alias", action="append", default=[], help="a name used in articles")
    add.set_defaults(handler=_add)


def _list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from bot.clock import SystemClock
    from bot.services.calendar import Calendar

    config = settings()

    async def job() -> list[Track]:
        async with open_store(config) as store:
            return await Calendar(store, SystemClock()).tracks()

    table = Table()
    for column in ("id", "name", "venue", "timezone", "aliases"):
        table.add_column(column, overflow="fold")
    for t in run(job):
        table.add_row(t.id, t.name, t.venue or "—", t.timezone, ", ".join(t.aliases[:4]))
    Console(width=160).print(table)
    return 0


def _add(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from bot.extract.places import gazetteer
    from bot.models import Track

    config = settings()
    timezone = args.timezone
    if args.venue and gazetteer().lookup(args.venue) is None:
        raise InputError(f"unknown place {args.venue!r}: give a city name")
    if timezone is None:
        city = gazetteer().lookup(args.venue) if args.venue else None
        timezone = city.timezone if city else "UTC"
    try:
        zoneinfo.ZoneInfo(timezone)
        track = Track(
            id=args.id,
            name=args.name,
            session_title=args.session_title or args.name,
            venue=args.venue,
            timezone=timezone,
            aliases=tuple(args.alias),
        )
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise InputError(
                f"bad track: {'; '.join(str(e['msg']) for e in exc.errors())}"
            ) from None
        raise InputError(f"unknown timezone {timezone!r}") from None

    async def job() -> Track:
        async with open_store(config) as store:
            return await store.tracks.add(track)

    added = run(job)
    print(f"added track {added.id}: {added.name}")
    return 0
