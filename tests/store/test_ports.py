"""The same behaviour from every implementation of the ports: in memory, SQLite and PostgreSQL.

APScheduler 4 runs one suite over its memory and SQLAlchemy data stores; so do we, so that the
in-memory store can stand in for the database in fast service tests.
"""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.errors import InputError
from bot.models import ALL_TRACKS, Article, ChatKind, EventSource, EventStatus, Track
from bot.ports import StorePort
from bot.services.calendar import Calendar
from bot.services.following import Following
from bot.store import Store
from bot.store.memory import MemoryStore
from bot.tracks import TrackCatalogue
from tests.helpers.drafts import draft
from tests.helpers.postgres import fresh_database


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def ports(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock, catalogue: TrackCatalogue
) -> AsyncIterator[StorePort]:
    """A store holding the shipped tracks; typed as the port, so mypy proves each conforms."""
    if request.param == "memory":
        memory = MemoryStore(clock)
        await memory.tracks.sync(catalogue)
        yield memory
        return
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'negbot.db'}"
        else:
            url = stack.enter_context(fresh_database())
        store = await Store.open(url, clock)
        await store.tracks.sync(catalogue)
        try:
            yield store
        finally:
            await store.close()


async def test_a_new_event_has_a_free_slug_a_number_and_one_history_entry(
    ports: StorePort,
) -> None:
    first = await ports.events.create(draft(), "creator")
    second = await ports.events.create(draft(), "creator")
    assert (first.id, first.sequence) == ("nato-russia-council-2022-01-12", 0)
    assert second.id == "nato-russia-council-2022-01-12-2"
    assert await ports.events.get(f"#{second.number}") == second
    assert await ports.events.get(first.id.upper()) == first
    assert [h.summary for h in await ports.events.history(first.number)] == ["created"]


async def test_a_change_bumps_sequence_and_history_and_a_repeat_changes_nothing(
    ports: StorePort, clock: ManualClock
) -> None:
    event = await ports.events.create(draft(), "creator")
    clock.advance(dtm.timedelta(hours=1))
    moved_to = {"start_date": dtm.date(2022, 1, 13), "end_date": dtm.date(2022, 1, 13)}
    moved, changed = await ports.events.update(event.id, moved_to, "editor", "moved")
    assert changed
    assert (moved.sequence, moved.updated_at, moved.created_at) == (
        1,
        clock.now(),
        event.created_at,
    )
    again, changed = await ports.events.update(event.id, moved_to, "editor", "moved")
    assert not changed
    assert again.sequence == 1
    history = await ports.events.history(event.id)
    assert [(h.sequence, h.actor) for h in history] == [(0, "creator"), (1, "editor")]
    assert {(c.field, c.old, c.new) for c in history[1].changes} == {
        ("start_date", "2022-01-12", "2022-01-13"),
        ("end_date", "2022-01-12", "2022-01-13"),
    }
    assert await ports.events.histories([event]) == {event.number: history}


async def test_a_status_change_and_a_new_source_are_both_recorded(ports: StorePort) -> None:
    event = await ports.events.create(draft(), "creator")
    source = EventSource(article_id=None, quote="The council was called off.")
    after, changed = await ports.events.update(
        event.id, {"status": EventStatus.CANCELLED}, "editor", "called off", [source]
    )
    assert changed
    assert after.status is EventStatus.CANCELLED
    assert [s.quote for s in after.sources] == [event.sources[0].quote, source.quote]
    changes = (await ports.events.history(event.id))[-1].changes
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("status", "confirmed", "cancelled"),
        ("sources", None, "manual"),
    ]


async def test_bad_changes_are_refused_and_nothing_is_stored(ports: StorePort) -> None:
    event = await ports.events.create(draft(), "test")
    with pytest.raises(InputError, match="end date"):
        await ports.events.update(event.id, {"end_date": dtm.date(2022, 1, 1)}, "t", "x")
    with pytest.raises(InputError, match="cannot change number"):
        await ports.events.update(event.id, {"number": 9}, "t", "x")
    with pytest.raises(InputError, match="no event"):
        await ports.events.update("nothing-here", {"title": "x"}, "t", "x")
    assert await ports.events.get(event.id) == event
    assert len(await ports.events.history(event.id)) == 1


async def test_find_filters_by_track_dates_status_and_kind(ports: StorePort) -> None:
    geneva = await ports.events.create(
        draft(
            title="Geneva",
            track="us-russia-security",
            start_date=dtm.date(2022, 1, 9),
            end_date=dtm.date(2022, 1, 10),
            timezone="Europe/Zurich",
        ),
        "t",
    )
    quote = EventSource(article_id=None, quote="The council meets on Wednesday.")
    council = await ports.events.create(draft(sources=(quote,)), "t")
    osce = await ports.events.create(
        draft(
            title="OSCE",
            track="osce",
            start_date=dtm.date(2022, 1, 13),
            end_date=dtm.date(2022, 1, 13),
            status=EventStatus.CANCELLED,
        ),
        "t",
    )
    decree = await ports.events.create(
        draft(
            title="Decree",
            kind="decree",
            start_date=dtm.date(2022, 1, 14),
            end_date=dtm.date(2022, 1, 14),
        ),
        "t",
    )

    async def ids(**filters: object) -> list[str]:
        return [e.id for e in await ports.events.find(**filters)]  # type: ignore[arg-type]

    assert await ids() == [geneva.id, council.id, osce.id, decree.id]
    assert await ids(milestones=False) == [geneva.id, council.id, osce.id]
    assert await ids(tracks=["osce"]) == [osce.id]
    assert await ids(start=dtm.date(2022, 1, 11), end=dtm.date(2022, 1, 13)) == [
        council.id,
        osce.id,
    ]
    assert await ids(statuses=[EventStatus.CONFIRMED], limit=1) == [geneva.id]
    assert await ids(newest_first=True, limit=2) == [decree.id, osce.id]
    bare = await ports.events.find(tracks=["nato-russia-council"], sources=False)
    assert [e.sources for e in bare] == [(), ()]
    assert await ports.events.with_sources(bare) == [council, decree]
    assert await ports.events.by_source(None, quote.quote) == council  # type: ignore[arg-type]


async def test_tracks_sync_list_and_refuse_a_taken_id(
    ports: StorePort, catalogue: TrackCatalogue
) -> None:
    every = await ports.tracks.all()
    assert [t.id for t in every] == sorted(t.id for t in catalogue)
    assert await ports.tracks.sync(catalogue) == 0
    osce = await ports.tracks.get("osce")
    assert osce is not None
    assert await ports.tracks.get("nothing") is None
    assert [t.id for t in await ports.tracks.catalogue()] == [t.id for t in every]
    assert isinstance(osce, Track)


async def test_articles_are_kept_once_and_found_by_publication_date(ports: StorePort) -> None:
    def article(n: int, day: int) -> Article:
        return Article(id=f"a{n}", file=f"{n}.txt", text="t", published=dtm.date(2022, 1, day))

    assert await ports.articles.add(article(1, 10))
    assert not await ports.articles.add(article(1, 10))
    assert await ports.articles.add(article(2, 12))
    assert await ports.articles.add(article(3, 20))
    assert await ports.articles.has("a2")
    assert not await ports.articles.has("a9")
    found = await ports.articles.published_between(dtm.date(2022, 1, 1), dtm.date(2022, 1, 15), 5)
    assert [a.id for a in found] == ["a2", "a1"]


async def test_following_a_track_over_either_store(ports: StorePort) -> None:
    following = Following(ports, "Europe/Moscow")
    chat = await following.chat(7, ChatKind.PRIVATE, "me")
    assert (chat.timezone, chat.reminder_offsets) == ("Europe/Moscow", (1440, 60))
    osce = await following.track("OSCE")
    assert osce is not None
    assert await ports.chats.subscribe(7, osce.id)
    assert not await ports.chats.subscribe(7, osce.id)
    assert await ports.chats.subscribe(7, ALL_TRACKS)
    assert await following.followed(7) == sorted([ALL_TRACKS, "osce"])
    changed = await ports.chats.change(7, reminder_offsets=[60, 1440, 60])
    assert changed.reminder_offsets == (1440, 60)
    first = await ports.chats.issue_token(7)
    assert first is not None
    assert await ports.chats.issue_token(7) is None  # made once; kept only as a hash
    assert (found := await ports.chats.by_token(first)) is not None
    assert found.id == 7
    token = await ports.chats.reset_token(7)
    assert token != first
    assert await ports.chats.by_token(first) is None
    assert (renewed := await ports.chats.by_token(token)) is not None
    assert renewed.id == 7
    assert await ports.chats.unsubscribe(7, ALL_TRACKS)
    assert await ports.chats.subscriptions(7) == []


async def test_a_chat_keeps_its_first_language_and_changes_it_on_request(
    ports: StorePort,
) -> None:
    following = Following(ports, "UTC")
    assert (await following.chat(8, ChatKind.PRIVATE, None, "ru")).language == "ru"
    assert (await following.chat(8, ChatKind.PRIVATE, None, "en")).language == "ru"
    assert (await following.chat(9, ChatKind.GROUP, "desk")).language == "en"
    with pytest.raises(InputError, match="unknown language 'xx'"):
        await following.set_language(8, "xx")
    assert (await following.set_language(8, " EN ")).language == "en"
    stored = await ports.chats.get(8)
    assert stored is not None
    assert stored.language == "en"


async def test_the_calendar_shows_a_session_with_its_track_and_history(
    ports: StorePort, clock: ManualClock
) -> None:
    event = await ports.events.create(draft(), "creator")
    await ports.events.update(event.id, {"title": "NRC"}, "editor", "renamed")
    calendar = Calendar(ports, clock)
    view = await calendar.view(event.id)
    assert view is not None
    assert view.track is not None
    assert view.track.id == "nato-russia-council"
    assert [h.summary for h in view.history] == ["created", "renamed"]
    assert [e.title for e in await calendar.upcoming()] == ["NRC"]
    histories = await calendar.histories(await calendar.everything())
    assert list(histories) == [event.number]
