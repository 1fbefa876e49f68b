"""What every store-backed command needs: settings, a clock, an open store, a console.

`negbot --help` imports this module (through `add_start_options`), so, like the command
modules, it keeps the store, the settings and pydantic out of its top-level imports.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot.errors import InputError

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.store import Store

T = TypeVar("T")


def settings() -> Settings:
    """Build the settings from the environment; raise InputError naming a bad variable."""
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"NEGBOT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise InputError(f"bad configuration: {problems}") from None


@contextlib.asynccontextmanager
async def open_store(config: Settings, clock: Clock | None = None) -> AsyncIterator[Store]:
    """Open (and migrate) the store, with the shipped tracks in it."""
    from bot.clock import SystemClock
    from bot.store import Store
    from bot.tracks import load_tracks

    store = await Store.open(config.database_url, clock or SystemClock())
    try:
        await store.tracks.sync(load_tracks(config.tracks_file))
        yield store
    finally:
        await store.close()


def add_start_options(parser: argparse.ArgumentParser) -> None:
    """Add what `negbot run` and `negbot chat` both start with: seeds, and the web or not."""
    parser.add_argument(
        "--seeds",
        type=Path,
        metavar="DIR",
        help="import these articles first when the calendar is empty (e.g. seeds/)",
    )
    parser.add_argument("--no-web", action="store_true", help="do not serve the feeds and page")


def seeds_folder(args: argparse.Namespace) -> Path | None:
    """Return the --seeds folder, if given; raise InputError when it is not a folder."""
    seeds: Path | None = args.seeds
    if seeds is not None and not seeds.is_dir():
        raise InputError(f"{seeds}: no such directory of articles")
    return seeds


def run(job: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run an async job from a synchronous command."""
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return asyncio.run(job())
