"""`negbot events`: list, show, add, edit and cancel calendar entries."""

from __future__ import annotations

import argparse
import zoneinfo
from typing import TYPE_CHECKING, Any

from bot.cli.context import open_store, run, settings
from bot.cli.extract_cmd import parse_date
from bot.errors import InputError
from bot.services.fields import FIELDS

if TYPE_CHECKING:
    from bot.models import Event

ACTOR = "cli"


def register(commands: Any) -> None:
    """Add the `events` sub-command and its own sub-commands."""
    parser = commands.add_parser(
        "events",
        help="list, show, add, edit or cancel sessions",
        description="Work with the calendar's sessions. Every change bumps the session's "
        "SEQUENCE and is kept in its history.",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="list sessions (upcoming by default)")
    listing.add_argument("--track", help="only this track's sessions")
    listing.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="from this day")
    listing.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="until this day")
    listing.add_argument("--all", action="store_true", help="past sessions too")
    listing.set_defaults(handler=_list)

    show = sub.add_parser("show", help="a session with its sources, discrepancies and history")
    show.add_argument("ref", metavar="ID", help="the session's id or number")
    show.set_defaults(handler=_show)

    add = sub.add_parser(
        "add",
        help="add a session",
        description="Add a session, e.g. `negbot events add --title 'NATO–Russia Council' "
        "--track nato-russia-council --start '12 January 2022 10:00' --venue Brussels`.",
    )
    add.add_argument("--title", required=True)
    add.add_argument("--start", required=True, help="a date, a range, or a date and a time")
    add.add_argument("--end", help="the last day, or the end time")
    add.add_argument("--duration", help="e.g. 90m, 2h (timed sessions)")
    add.add_argument("--track", help="a track id (see `negbot tracks list`)")
    add.add_argument("--venue", help="a city; its timezone follows")
    add.add_argument("--timezone", help="an IANA zone; default: the venue's or the track's")
    add.set_defaults(handler=_add)

    edit = sub.add_parser(
        "edit",
        help="change one field of a session",
        description="Fields: " + "; ".join(f"{k}: {v}" for k, v in FIELDS.items()),
    )
    edit.add_argument("ref", metavar="ID")
    edit.add_argument("field", choices=sorted(FIELDS))
    edit.add_argument("value", nargs="+")
    edit.set_defaults(handler=_edit)

    cancel = sub.add_parser("cancel", help="mark a session cancelled")
    cancel.add_argument("ref", metavar="ID")
    cancel.add_argument("--reason")
    cancel.set_defaults(handler=_cancel)


def when_text(event: Event) -> str:
    """Return when a session is, in its venue's zone."""
    if event.start_at is not None:
        local = event.start_at.astimezone(zoneinfo.ZoneInfo(event.timezone))
        text = local.strftime("%Y-%m-%d %H:%M %Z")
        if event.end_at is not None:
            text += event.end_at.astimezone(local.tzinfo).strftime("–%H:%M")
        return text
    if event.end_date != event.start_date:
        return f"{event.start_date} – {event.end_date}"
    return event.start_date.isoformat()


def _list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from bot.clock import SystemClock
    from bot.services.calendar import Calendar

    config = settings()
    start = parse_date(args.start, "--from") if args.start else None
    end = parse_date(args.end, "--to") if args.end else None
    if start and end and start > end:
        raise InputError("--from is after --to")

    async def job() -> list[Event]:
        async with open_store(config) as store:
            calendar = Calendar(store, SystemClock())
            if args.track and await calendar.track(args.track) is None:
                raise InputError(f"unknown track {args.track!r} (see `negbot tracks list`)")
            today = SystemClock().now().date()
            first = start if start or args.all else today
            return await calendar.everything(
                [args.track] if args.track else None, start=first, end=end
            )

    events = run(job)
    table = Table()
    for column in ("id", "#", "when", "title", "track", "where", "status", "seq"):
        table.add_column(column)
    for e in events:
        table.add_row(
            e.id,
            str(e.number),
            when_text(e),
            e.title,
            e.track or "—",
            e.location or "—",
            e.status.value,
            str(e.sequence),
        )
    console = Console(width=160) if not Console().is_terminal else Console()
    console.print(table)
    console.print(
        f"{len(events)} session(s)"
        + ("" if args.all or start else " from today; --all for past ones")
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from bot.clock import SystemClock
    from bot.services.calendar import Calendar

    config = settings()

    async def job() -> tuple[Event, list[Any]]:
        async with open_store(config) as store:
            view = await Calendar(store, SystemClock()).view(args.ref)
            if view is None:
                raise InputError(f"no session {args.ref!r} (see `negbot events list --all`)")
            return view.event, view.history

    event, history = run(job)
    console = Console(width=160) if not Console().is_terminal else Console()
    out = [
        f"{event.title}",
        f"  id: {event.id}   number: {event.number}   sequence: {event.sequence}",
        f"  when: {when_text(event)}   timezone: {event.timezone}",
        f"  track: {event.track or '—'}   where: {event.location or '—'}"
        f"   status: {event.status.value}",
    ]
    if event.url:
        out.append(f"  url: {event.url}")
    out.append("  sources:")
    for s in event.sources:
        origin = ", ".join(x for x in (s.outlet, s.file, str(s.published or "")) if x)
        out.append(f"    - {origin}: \u201c{s.quote}\u201d")
    if event.discrepancies:
        out.append("  discrepancies:")
        out.extend(f"    - {d}" for d in event.discrepancies)
    out.append("  history:")
    for change in history:
        fields = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in change.changes)
        out.append(
            f"    - #{change.sequence} {change.at:%Y-%m-%d %H:%M} UTC {change.actor}: "
            f"{change.summary}{' (' + fields + ')' if fields else ''}"
        )
    for line in out:
        console.print(line, highlight=False, markup=False, soft_wrap=True)
    return 0


def _add(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.services.editing import AddRequest, Editor

    config = settings()
    request = AddRequest(
        title=args.title,
        when=args.start,
        track=args.track,
        venue=args.venue,
        timezone=args.timezone,
        duration=args.duration,
        end=args.end,
    )

    async def job() -> Event:
        async with open_store(config) as store:
            return await Editor(store, SystemClock(), config.default_timezone).add(request, ACTOR)

    event = run(job)
    print(f"added {event.id} (#{event.number}): {when_text(event)} {event.title}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.services.editing import Editor

    config = settings()

    async def job() -> Event:
        async with open_store(config) as store:
            editor = Editor(store, SystemClock(), config.default_timezone)
            return await editor.edit(args.ref, args.field, " ".join(args.value), ACTOR)

    event = run(job)
    print(f"changed {event.id}: {args.field} (sequence {event.sequence})")
    return 0


def _cancel(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.models import EventStatus
    from bot.services.editing import Editor

    config = settings()

    async def job() -> Event:
        async with open_store(config) as store:
            editor = Editor(store, SystemClock(), config.default_timezone)
            return await editor.cancel(args.ref, ACTOR, args.reason)

    event = run(job)
    status = EventStatus(event.status).value
    print(f"{event.id} is now {status} (sequence {event.sequence})")
    return 0
