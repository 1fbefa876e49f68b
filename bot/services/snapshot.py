"""The calendar snapshot in calendars/: the seeds imported on a fixed clock, exported."""

from __future__ import annotations

import datetime as dtm
import tempfile
from pathlib import Path

from bot.articles import expand_paths, read_article
from bot.clock import ManualClock
from bot.services.feeds import Feeds
from bot.services.importer import Importer
from bot.services.links import Links
from bot.store import Store
from bot.tracks import TrackCatalogue

# The seeds were published on 31 December 2021; the snapshot is stamped at that midnight.
SNAPSHOT_CLOCK = dtm.datetime(2021, 12, 31, 0, 0, tzinfo=dtm.UTC)
CALENDAR_FILE = "negotiation-tracks.ics"
SNAPSHOT_URL = "http://127.0.0.1:8080"  # the address `negbot run` serves on by default


async def build_snapshot(
    seeds: Path, catalogue: TrackCatalogue, public_url: str | None = None
) -> dict[str, bytes]:
    """Return the snapshot's files by name: the whole calendar and one feed per track."""
    files, _ = expand_paths([seeds])
    articles = [read_article(path) for path in files]
    links = Links(public_url or SNAPSHOT_URL)
    with tempfile.TemporaryDirectory(prefix="negbot-snapshot-") as folder:
        store = await Store.open(
            f"sqlite:///{Path(folder) / 'snapshot.db'}", ManualClock(SNAPSHOT_CLOCK)
        )
        try:
            await store.tracks.sync(catalogue)
            await Importer(store, store.db.clock).import_articles(articles, actor="snapshot")
            feeds = Feeds(store, links)
            out = {CALENDAR_FILE: (await feeds.calendar()).body}
            for track in catalogue:
                out[f"{track.id}.ics"] = (await feeds.track(track)).body
            return out
        finally:
            await store.close()
