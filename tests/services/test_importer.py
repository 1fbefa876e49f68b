"""Importing articles into the calendar: idempotent, merging, moving and cancelling sessions."""

from __future__ import annotations

import datetime as dtm
from pathlib import Path

from bot.articles import article_from_text, read_article
from bot.clock import ManualClock
from bot.models import Article, EventStatus
from bot.services.importer import Importer
from bot.store import Store
from tests.conftest import SEEDS

SEED_000 = SEEDS / "000_6d0122ac0ca97e75.txt"
SEED_001 = SEEDS / "001_22e714e69b9a5890.txt"


def _seeds() -> list[Article]:
    return [read_article(SEED_000), read_article(SEED_001)]


def _text(text: str, published: dtm.date, name: str) -> Article:
    return article_from_text(text, name, outlet="Test Wire", published=published)


async def test_seeds_give_eight_sessions_three_of_them_in_january_2022(
    store: Store, clock: ManualClock
) -> None:
    report = await Importer(store, clock).import_articles(_seeds())
    assert len(report.created) == 8
    upcoming = await store.events.find(start=dtm.date(2022, 1, 1))
    assert [(e.track, e.start_date, e.end_date, e.location) for e in upcoming] == [
        ("us-russia-security", dtm.date(2022, 1, 9), dtm.date(2022, 1, 10), "Geneva"),
        ("nato-russia-council", dtm.date(2022, 1, 12), dtm.date(2022, 1, 12), "Brussels"),
        ("osce", dtm.date(2022, 1, 13), dtm.date(2022, 1, 13), "Vienna"),
    ]
    for event in upcoming:
        assert {Path(s.file or "").name for s in event.sources} == {SEED_000.name, SEED_001.name}
    geneva = upcoming[0]
    assert len(geneva.discrepancies) == 1
    assert "10 January 2022" in geneva.discrepancies[0]


async def test_importing_the_same_articles_twice_changes_nothing(
    store: Store, clock: ManualClock
) -> None:
    importer = Importer(store, clock)
    await importer.import_articles(_seeds())
    revision = await store.db.revision()
    before = await store.events.find()
    clock.advance(dtm.timedelta(days=1))
    report = await importer.import_articles(_seeds())
    assert not report.changed
    assert report.articles_known == [str(SEED_000), str(SEED_001)]
    assert await store.events.find() == before
    assert await store.db.revision() == revision


async def test_articles_one_by_one_merge_and_keep_the_better_reading(
    store: Store, clock: ManualClock
) -> None:
    importer = Importer(store, clock)
    await importer.import_articles([read_article(SEED_001)])
    geneva = (await store.events.find(tracks=["us-russia-security"]))[0]
    assert (geneva.start_date, geneva.end_date) == (dtm.date(2022, 1, 10), dtm.date(2022, 1, 10))
    await importer.import_articles([read_article(SEED_000)])
    merged = await store.events.get(geneva.id)
    assert merged is not None
    assert (merged.start_date, merged.end_date) == (dtm.date(2022, 1, 9), dtm.date(2022, 1, 10))
    assert merged.sequence == 1
    assert len(merged.sources) == 2
    assert len(merged.discrepancies) == 1
    assert len(await store.events.find(tracks=["us-russia-security"])) == 1


async def test_an_article_that_moves_a_session_updates_it(store: Store, clock: ManualClock) -> None:
    importer = Importer(store, clock)
    await importer.import_articles(_seeds())
    council = (await store.events.find(tracks=["nato-russia-council"]))[0]
    moving = _text(
        "The meeting of the NATO-Russia Council in Brussels will now take place on "
        "Thursday, January 13, diplomats said.",
        dtm.date(2022, 1, 5),
        "wire-0105.txt",
    )
    report = await importer.import_articles([moving])
    assert [e.id for e, _ in report.updated] == [council.id]
    moved = await store.events.get(council.id)
    assert moved is not None
    assert moved.start_date == dtm.date(2022, 1, 13)
    assert moved.sequence == council.sequence + 1
    assert "wire-0105.txt" in {s.file for s in moved.sources}
    history = await store.events.history(council.id)
    assert any(c.field == "start_date" and c.old == "2022-01-12" for c in history[-1].changes)
    assert len(await store.events.find(tracks=["nato-russia-council"])) == 1


async def test_an_article_that_cancels_a_session_sets_its_status(
    store: Store, clock: ManualClock
) -> None:
    importer = Importer(store, clock)
    await importer.import_articles(_seeds())
    cancel = _text(
        "The OSCE meeting with the Russian delegation in Vienna on January 13 has been "
        "cancelled, the organisation said.",
        dtm.date(2022, 1, 11),
        "wire-0111.txt",
    )
    await importer.import_articles([cancel])
    osce = (await store.events.find(tracks=["osce"]))[0]
    assert osce.status is EventStatus.CANCELLED
    assert osce.start_date == dtm.date(2022, 1, 13)
    assert osce.sequence == 1


async def test_an_article_that_postpones_a_session_keeps_its_date(
    store: Store, clock: ManualClock
) -> None:
    importer = Importer(store, clock)
    await importer.import_articles(_seeds())
    postpone = _text(
        "The Russia-NATO Council meeting in Brussels on January 12 has been postponed.",
        dtm.date(2022, 1, 8),
        "wire-0108.txt",
    )
    await importer.import_articles([postpone])
    council = (await store.events.find(tracks=["nato-russia-council"]))[0]
    assert council.status is EventStatus.POSTPONED
    assert council.start_date == dtm.date(2022, 1, 12)


async def test_no_session_is_ever_deleted_by_an_import(store: Store, clock: ManualClock) -> None:
    importer = Importer(store, clock)
    await importer.import_articles(_seeds())
    count = await store.events.count()
    unrelated = _text(
        "Foreign ministers of the Normandy format met in Berlin on 11 February 2022.",
        dtm.date(2022, 2, 12),
        "wire-0212.txt",
    )
    await importer.import_articles([unrelated])
    assert await store.events.count() == count + 1
