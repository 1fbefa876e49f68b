"""Events in the store: creation, changes with SEQUENCE and history, queries, on both backends."""

from __future__ import annotations

import datetime as dtm
import zoneinfo

import pytest

from bot.clock import ManualClock
from bot.errors import InputError
from bot.models import EventSource, EventStatus
from bot.store import Store
from tests.helpers.drafts import draft

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


async def test_create_gives_a_stable_slug_a_number_and_sequence_zero(store: Store) -> None:
    event = await store.events.create(draft(), "test")
    assert event.id == "nato-russia-council-2022-01-12"
    assert event.number == 1
    assert event.sequence == 0
    assert [s.quote for s in event.sources] == ["The council meets on 12 January."]
    again = await store.events.create(draft(title="Second session, same day"), "test")
    assert again.id == "nato-russia-council-2022-01-12-2"


async def test_get_by_id_by_number_and_hash_number(store: Store) -> None:
    event = await store.events.create(draft(), "test")
    for ref in (event.id, event.id.upper(), event.number, str(event.number), f"#{event.number}"):
        found = await store.events.get(ref)
        assert found is not None
        assert found.id == event.id
    assert await store.events.get("no-such-event") is None
    assert await store.events.get(999) is None


async def test_a_change_bumps_sequence_and_is_kept_in_history(
    store: Store, clock: ManualClock
) -> None:
    event = await store.events.create(draft(), "creator")
    clock.advance(dtm.timedelta(hours=1))
    moved, changed = await store.events.update(
        event.id,
        {"start_date": dtm.date(2022, 1, 13), "end_date": dtm.date(2022, 1, 13)},
        "editor",
        "moved",
    )
    assert changed
    assert moved.sequence == 1
    assert moved.id == event.id
    assert moved.updated_at == clock.now()
    assert moved.created_at == event.created_at
    history = await store.events.history(event.id)
    assert [h.sequence for h in history] == [0, 1]
    assert history[1].actor == "editor"
    assert {(c.field, c.old, c.new) for c in history[1].changes} == {
        ("start_date", "2022-01-12", "2022-01-13"),
        ("end_date", "2022-01-12", "2022-01-13"),
    }


async def test_histories_of_many_events_match_each_ones_history(store: Store) -> None:
    first = await store.events.create(draft(), "creator")
    second = await store.events.create(draft(title="OSCE Permanent Council"), "creator")
    await store.events.update(first.id, {"title": "NRC meeting"}, "editor", "renamed")
    found = await store.events.histories([first, second])
    assert found == {
        first.number: await store.events.history(first.id),
        second.number: await store.events.history(second.id),
    }
    assert [h.sequence for h in found[first.number]] == [0, 1]
    assert [h.event_id for h in found[second.number]] == [second.id]


async def test_asking_for_what_is_there_changes_nothing(store: Store, clock: ManualClock) -> None:
    event = await store.events.create(draft(), "test")
    revision_before = await store.db.revision()
    clock.advance(dtm.timedelta(hours=1))
    same, changed = await store.events.update(
        event.id,
        {"status": EventStatus.CONFIRMED, "location": "Brussels"},
        "test",
        "noop",
        sources=event.sources,
    )
    assert not changed
    assert same.sequence == 0
    assert same.updated_at == event.updated_at
    assert len(await store.events.history(event.id)) == 1
    assert (await store.db.revision())[0] == revision_before[0]


async def test_a_new_source_is_a_change_and_a_known_one_is_not(store: Store) -> None:
    event = await store.events.create(draft(), "test")
    new = EventSource(article_id=None, quote="Another article confirms 12 January.")
    updated, changed = await store.events.update(event.id, {}, "test", "source", [new])
    assert changed
    assert updated.sequence == 1
    assert len(updated.sources) == 2
    _, changed_again = await store.events.update(event.id, {}, "test", "source", [new])
    assert not changed_again


async def test_times_are_aware_and_come_back_in_utc(store: Store) -> None:
    start = dtm.datetime(2022, 1, 12, 10, 0, tzinfo=BRUSSELS)
    event = await store.events.create(
        draft(start_at=start, end_at=start + dtm.timedelta(hours=3)), "t"
    )
    loaded = await store.events.get(event.id)
    assert loaded is not None
    assert loaded.start_at == start
    assert loaded.start_at is not None
    assert loaded.start_at.utcoffset() == dtm.timedelta(0)
    assert loaded.start_at.hour == 9


async def test_a_naive_time_is_refused(store: Store) -> None:
    event = await store.events.create(draft(), "test")
    naive = dtm.datetime(2022, 1, 12, 10)  # noqa: DTZ001 - the point of the test
    with pytest.raises(Exception, match="naive datetime"):
        await store.events.update(event.id, {"start_at": naive}, "t", "x")
    unchanged = await store.events.get(event.id)
    assert unchanged is not None
    assert unchanged.start_at is None
    assert unchanged.sequence == 0


async def test_end_before_start_is_refused_and_nothing_is_stored(store: Store) -> None:
    event = await store.events.create(draft(), "test")
    with pytest.raises(InputError, match="end date"):
        await store.events.update(event.id, {"end_date": dtm.date(2022, 1, 1)}, "t", "x")
    unchanged = await store.events.get(event.id)
    assert unchanged is not None
    assert unchanged.end_date == dtm.date(2022, 1, 12)


async def test_find_filters_by_track_dates_and_status(store: Store) -> None:
    geneva = await store.events.create(
        draft(
            title="Geneva",
            track="us-russia-security",
            start_date=dtm.date(2022, 1, 9),
            end_date=dtm.date(2022, 1, 10),
            location="Geneva",
            timezone="Europe/Zurich",
        ),
        "t",
    )
    council = await store.events.create(draft(), "t")
    osce = await store.events.create(
        draft(
            title="OSCE",
            track="osce",
            start_date=dtm.date(2022, 1, 13),
            end_date=dtm.date(2022, 1, 13),
            status=EventStatus.CANCELLED,
        ),
        "t",
    )
    ids = [e.id for e in await store.events.find()]
    assert ids == [geneva.id, council.id, osce.id]
    assert [e.id for e in await store.events.find(tracks=["osce"])] == [osce.id]
    assert [e.id for e in await store.events.find(start=dtm.date(2022, 1, 10))] == [
        geneva.id,
        council.id,
        osce.id,
    ]
    assert [e.id for e in await store.events.find(start=dtm.date(2022, 1, 11))] == [
        council.id,
        osce.id,
    ]
    assert [e.id for e in await store.events.find(end=dtm.date(2022, 1, 9))] == [geneva.id]
    confirmed = await store.events.find(statuses=[EventStatus.CONFIRMED])
    assert [e.id for e in confirmed] == [geneva.id, council.id]
    newest = await store.events.find(newest_first=True, limit=1)
    assert [e.id for e in newest] == [osce.id]
    assert await store.events.count() == 3


async def test_every_write_moves_the_revision_and_tells_listeners(store: Store) -> None:
    heard: list[int] = []

    async def listener() -> None:
        heard.append(1)

    store.db.listen(listener)
    before, _ = await store.db.revision()
    await store.events.create(draft(), "test")
    after, _ = await store.db.revision()
    assert after == before + 1
    assert heard == [1]


async def test_unknown_fields_are_refused(store: Store) -> None:
    event = await store.events.create(draft(), "test")
    with pytest.raises(InputError, match="cannot change sequence"):
        await store.events.update(event.id, {"sequence": 7}, "t", "x")
