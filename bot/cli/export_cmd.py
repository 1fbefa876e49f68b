"""`negbot export`: write the calendar (or one track) as an iCalendar file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.context import open_store, run, settings
from bot.errors import InputError

if TYPE_CHECKING:
    from bot.services.feeds import Feed

SEEDS = Path("seeds")


def register(commands: Any) -> None:
    """Add the `export` sub-command."""
    parser = commands.add_parser(
        "export",
        help="write the calendar as iCalendar (RFC 5545)",
        description="Write the whole calendar, or one track's sessions, as an .ics file. "
        "With --snapshot DIR, rebuild the checked-in snapshot from seeds/ instead.",
    )
    parser.add_argument("--track", help="only this track")
    parser.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    parser.add_argument(
        "--snapshot",
        type=Path,
        metavar="DIR",
        help="import seeds/ into a temporary store on a fixed clock and write the whole "
        "calendar and one file per track into DIR (calendars/ is the checked-in one)",
    )
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="the seeds (with --snapshot)")
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    """Export, or rebuild the snapshot."""
    from bot.clock import SystemClock
    from bot.services.calendar import Calendar
    from bot.services.feeds import Feeds
    from bot.services.links import Links
    from bot.services.snapshot import build_snapshot
    from bot.tracks import load_tracks

    config = settings()
    if args.snapshot is not None:
        if not args.seeds.is_dir():
            raise InputError(f"{args.seeds}: no such directory of seed articles")
        files = run(lambda: build_snapshot(args.seeds, load_tracks(config.tracks_file)))
        args.snapshot.mkdir(parents=True, exist_ok=True)
        for name, body in files.items():
            (args.snapshot / name).write_bytes(body)
        print(f"wrote {len(files)} files into {args.snapshot}")
        return 0

    async def job() -> Feed:
        async with open_store(config) as store:
            feeds = Feeds(store, Links(config.base_url))
            if args.track:
                track = await Calendar(store, SystemClock()).track(args.track)
                if track is None:
                    raise InputError(f"unknown track {args.track!r} (see `negbot tracks list`)")
                return await feeds.track(track)
            return await feeds.calendar()

    feed = run(job)
    if args.out is None:
        sys.stdout.buffer.write(feed.body)
        sys.stdout.flush()
    else:
        try:
            args.out.write_bytes(feed.body)
        except OSError as exc:
            raise InputError(f"{args.out}: cannot write: {exc.strerror}") from None
        print(f"wrote {len(feed.body)} bytes to {args.out}", file=sys.stderr)
    return 0
