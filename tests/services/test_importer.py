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


CALL = (
    "Paris and Berlin kept talking about the ceasefire this week. On March 9, French President "
    "Emmanuel Macron and German Chancellor Olaf Scholz held a telephone conversation about the "
    "crisis. The OSCE Permanent Council met in Vienna on March 2."
)
CALL_TIME = (
    "The telephone conversation between Emmanuel Macron and Olaf Scholz began at 18:00 Paris "
    "time. It lasted 40 minutes, the Elysee said."
)


async def test_a_later_article_gives_a_stored_call_its_time(
    store: Store, clock: ManualClock
) -> None:
    """One article says which call there was, a later one when it began: imported one by one,
    the time joins the stored call, as it would in one batch; nothing else is touched."""
    importer = Importer(store, clock)
    day = dtm.date(2023, 3, 10)
    first = await importer.import_articles([_text(CALL, day, "call.txt")])
    call, osce = sorted(first.created, key=lambda e: e.start_date, reverse=True)
    assert call.start_at is None
    # An editor's change to the other session must survive the later import.
    await store.events.update(osce.id, {"title": "OSCE council (edited)"}, "editor", "renamed")

    report = await importer.import_articles([_text(CALL_TIME, day, "time.txt")])
    assert report.created == []
    [(timed, _)] = report.updated
    assert timed.id == call.id
    assert timed.start_at == dtm.datetime(2023, 3, 9, 17, 0, tzinfo=dtm.UTC)
    assert timed.end_at == dtm.datetime(2023, 3, 9, 17, 40, tzinfo=dtm.UTC)
    assert timed.timezone == "Europe/Paris"
    assert timed.sequence == call.sequence + 1
    assert {s.file for s in timed.sources} == {"call.txt", "time.txt"}
    kept = await store.events.get(osce.id)
    assert kept is not None
    assert kept.title == "OSCE council (edited)"
    assert [s.file for s in kept.sources] == ["call.txt"]


async def test_a_time_about_other_people_joins_nothing(store: Store, clock: ManualClock) -> None:
    importer = Importer(store, clock)
    day = dtm.date(2023, 3, 10)
    await importer.import_articles([_text(CALL, day, "call.txt")])
    other = CALL_TIME.replace("Emmanuel Macron and Olaf Scholz", "Joe Biden and Xi Jinping")
    report = await importer.import_articles([_text(other, day, "other.txt")])
    assert (report.created, report.updated) == ([], [])
    assert report.articles_new == ["other.txt"]
    call = next(e for e in await store.events.find() if e.start_date == dtm.date(2023, 3, 9))
    assert call.start_at is None


async def test_seeds_one_by_one_give_the_same_calendar_as_a_batch(
    store: Store, clock: ManualClock
) -> None:
    """Seed 001 says the 30 December call began half an hour before midnight Moscow time;
    seed 000, imported before it, says which call that was."""
    importer = Importer(store, clock)
    await importer.import_articles([read_article(SEED_000)])
    await importer.import_articles([read_article(SEED_001)])
    call = next(e for e in await store.events.find() if e.start_date == dtm.date(2021, 12, 30))
    assert call.start_at == dtm.datetime(2021, 12, 30, 20, 30, tzinfo=dtm.UTC)
    assert call.end_at == dtm.datetime(2021, 12, 30, 21, 20, tzinfo=dtm.UTC)
    assert call.timezone == "Europe/Moscow"
    assert len(await store.events.find()) == 8


DATELINE = (
    "VIENNA, Dec 9 (Reuters) - The OSCE Permanent Council will meet in Vienna on December 16 "
    "to discuss the crisis in eastern Ukraine, its chair said on Thursday, as tensions over the "
    "build-up of troops near the border grew through 2021."
)


async def test_a_pasted_text_is_read_as_of_its_own_date_before_the_fallback(
    store: Store, clock: ManualClock
) -> None:
    importer = Importer(store, clock)
    sent = dtm.date(2022, 1, 5)
    reading = await importer.propose_text(DATELINE, "pasted", sent, "the day you sent it")
    assert (reading.day, reading.own_date) == (dtm.date(2021, 12, 9), True)
    assert reading.why == "its dateline 'VIENNA, Dec 9 (Reuters) -'"
    assert (reading.text_day, reading.text_why) == (None, None)
    assert reading.article.published == dtm.date(2021, 12, 9)
    (proposal,) = reading.proposals
    assert (proposal.found.start_date, proposal.action) == (dtm.date(2021, 12, 16), "add")
    assert [s.published for s in proposal.sources] == [dtm.date(2021, 12, 9)]
    assert await store.events.count() == 0  # proposing changes nothing


async def test_a_pasted_text_dated_after_its_message_is_read_as_of_the_message(
    store: Store, clock: ManualClock
) -> None:
    importer = Importer(store, clock)
    later = (
        "Published: Mon, February 14 2022\n\n"
        "The OSCE Permanent Council will meet in Vienna on Thursday, diplomats said."
    )
    sent = dtm.date(2022, 1, 3)
    reading = await importer.propose_text(later, "pasted", sent, "the day it was posted")
    assert (reading.day, reading.why, reading.own_date) == (sent, "the day it was posted", False)
    assert reading.text_day == dtm.date(2022, 2, 14)
    assert reading.text_why == "its publication line 'Published: Mon, February 14 2022'"
    assert reading.article.published == sent
    # Read as of Monday 3 January 2022, "Thursday" is the 6th (not 17 February).
    assert [p.found.start_date for p in reading.proposals] == [dtm.date(2022, 1, 6)]


async def test_a_pasted_text_with_no_date_borrows_the_fallback_and_its_context(
    store: Store, clock: ManualClock
) -> None:
    """A forwarded time with no date of its own is read as of its message, and, as an import
    would, with the stored articles of that day: it gives the stored call its time."""
    importer = Importer(store, clock)
    day = dtm.date(2023, 3, 10)
    first = await importer.import_articles([_text(CALL, day, "call.txt")])
    call = max(first.created, key=lambda e: e.start_date)
    reading = await importer.propose_text(CALL_TIME, "forwarded", day, "the day it was posted")
    assert (reading.day, reading.why, reading.own_date) == (day, "the day it was posted", False)
    assert reading.text_day is None
    (proposal,) = reading.proposals
    assert proposal.existing is not None
    assert (proposal.existing.id, proposal.action) == (call.id, "update")
    assert proposal.found.start_at == dtm.datetime(2023, 3, 9, 17, 0, tzinfo=dtm.UTC)
    updated = await importer.accept(reading.article, proposal, "test")
    assert updated is not None
    assert updated.start_at == dtm.datetime(2023, 3, 9, 17, 0, tzinfo=dtm.UTC)
    stored = await store.articles.get(reading.article.id)
    assert stored is not None
    assert stored.published == day
