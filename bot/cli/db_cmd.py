"""`negbot db`: the database schema."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.context import run, settings


def register(commands: Any) -> None:
    """Add the `db` sub-command."""
    parser = commands.add_parser("db", help="database schema: upgrade, current")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    upgrade = sub.add_parser("upgrade", help="apply the pending migrations (start-up does too)")
    upgrade.set_defaults(handler=_upgrade)
    current = sub.add_parser("current", help="print the schema revision")
    current.set_defaults(handler=_current)


def _upgrade(args: argparse.Namespace) -> int:
    from bot.store import Store
    from bot.store.migrate import current_revision
    from bot.store.urls import redacted

    config = settings()

    async def job() -> str | None:
        store = await Store.open(config.database_url)
        try:
            return await current_revision(store.db.engine)
        finally:
            await store.close()

    print(f"{redacted(config.database_url)} is at revision {run(job)}")
    return 0


def _current(args: argparse.Namespace) -> int:
    from bot.store import Store
    from bot.store.migrate import current_revision, head_revision
    from bot.store.urls import redacted

    config = settings()

    async def job() -> str | None:
        store = await Store.open(config.database_url, migrate=False)
        try:
            return await current_revision(store.db.engine)
        finally:
            await store.close()

    revision = run(job) or "none"
    print(f"{redacted(config.database_url)}: revision {revision} (newest: {head_revision()})")
    return 0
