"""VEVENT blocks rendered at write time: kept by the importer and the editor, exact, replaced on a
change, and rendered by the feeds when missing or stale; on both backends."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from pathlib import Path

import pytest
from sqlalchemy import delete

from bot.articles import read_article
from bot.cli import main
from bot.clock import ManualClock
from bot.ical import vevent_bytes
from bot.models import Event
from bot.services import blocks
from bot.services.blocks import DOMAIN, Blocks, block_key
from bot.services.editing import AddRequest, Editor
from bot.services.feeds import Feeds
from bot.services.importer import Importer
from bot.services.links import Links
from bot.store import Store
from bot.store.tables import RenderRow
from bot.tracks import TrackCatalogue
from tests.conftest import SEEDS
from tests.helpers.drafts import draft
from tests.helpers.events import make_event

LINKS = Links("https://negbot.example")


async def _import_seeds(store: Store, clock: ManualClock) -> list[Event]:
    await Importer(store, clock).import_articles(
        [read_article(p) for p in sorted(SEEDS.glob("*.txt"))]
    )
    return await store.events.find()


async def _fresh(store: Store, event: Event) -> tuple[str, bytes]:
    """Return the key and the bytes a render of the event as stored now gives."""
    whole = await store.events.get(event.number)
    assert whole is not None
    tracks = await Blocks(store).tracks()
    return block_key(whole, tracks), vevent_bytes(whole, tracks=tracks, domain=DOMAIN)


async def _forget_blocks(store: Store) -> None:
    async with store.db.transaction() as session:
        await session.execute(delete(RenderRow))


def _no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any render of a block fail: what follows must use kept blocks only."""

    def refuse(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("a block was rendered again")

    monkeypatch.setattr(blocks, "vevent_bytes", refuse)


def test_the_key_changes_with_everything_a_block_shows(
    catalogue: TrackCatalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracks = {t.id: t for t in catalogue}
    event = make_event(track="osce")
    key = block_key(event, tracks)
    assert block_key(event.model_copy(), dict(tracks)) == key
    later = event.updated_at + dtm.timedelta(seconds=1)
    others = [
        event.model_copy(update={"id": "osce-2022-01-14"}),
        event.model_copy(update={"sequence": event.sequence + 1}),
        event.model_copy(update={"updated_at": later}),
        event.model_copy(update={"track": None}),
        event.model_copy(update={"track": "a-track-not-in-the-store"}),
    ]
    assert all(block_key(other, tracks) != key for other in others)
    renamed = tracks["osce"].model_copy(update={"name": "OSCE Council (renamed)"})
    assert block_key(event, {**tracks, "osce": renamed}) != key
    monkeypatch.setattr(blocks, "VEVENT_FORMAT", "another-renderer")
    assert block_key(event, tracks) != key


async def test_an_import_keeps_every_block_as_a_fresh_render_gives_it(
    store: Store, clock: ManualClock
) -> None:
    events = await _import_seeds(store, clock)
    assert len(events) == 8
    kept = await store.renders.get(e.number for e in events)
    assert sorted(kept) == sorted(e.number for e in events)
    for event in events:
        assert kept[event.number] == await _fresh(store, event), event.id


async def test_the_first_export_after_an_import_renders_nothing_and_matches_a_fresh_one(
    store: Store, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _import_seeds(store, clock)
    with monkeypatch.context() as patched:
        _no_rendering(patched)
        from_kept = (await Feeds(store, LINKS).calendar()).body
    await _forget_blocks(store)
    assert (await Feeds(store, LINKS).calendar()).body == from_kept


async def test_a_session_added_by_hand_is_kept_at_once(store: Store, clock: ManualClock) -> None:
    event = await Editor(store, clock).add(
        AddRequest(title="OSCE council", when="13 January 2022 10:00", track="osce"), "t"
    )
    kept = await store.renders.get([event.number])
    assert kept == {event.number: await _fresh(store, event)}
    assert b"DTSTART;TZID=Europe/Vienna:20220113T100000\r\n" in kept[event.number][1]


async def test_an_edit_and_a_cancellation_replace_the_block(
    store: Store, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _import_seeds(store, clock)
    osce = await store.events.get("osce-2022-01-13")
    assert osce is not None
    before = (await store.renders.get([osce.number]))[osce.number]
    editor = Editor(store, clock)

    clock.advance(dtm.timedelta(hours=1))
    moved = await editor.edit(osce.id, "when", "14 January 2022", "editor")
    after_edit = (await store.renders.get([osce.number]))[osce.number]
    assert after_edit != before
    assert after_edit == await _fresh(store, moved)
    assert b"DTSTART;VALUE=DATE:20220114\r\n" in after_edit[1]
    assert b"SEQUENCE:1\r\n" in after_edit[1]

    clock.advance(dtm.timedelta(hours=1))
    cancelled = await editor.cancel(osce.id, "editor", "called off")
    after_cancel = (await store.renders.get([osce.number]))[osce.number]
    assert after_cancel == await _fresh(store, cancelled)
    assert b"STATUS:CANCELLED\r\n" in after_cancel[1]

    # The feed of a new process serves the cancelled version without rendering anything.
    _no_rendering(monkeypatch)
    body = (await Feeds(store, LINKS).calendar()).body
    assert after_cancel[1] in body


async def test_a_session_written_around_the_services_is_rendered_by_the_feed(
    store: Store,
) -> None:
    event = await store.events.create(draft(), "test")
    assert await store.renders.get([event.number]) == {}
    body = (await Feeds(store, LINKS).calendar()).body
    kept = await store.renders.get([event.number])
    assert kept == {event.number: await _fresh(store, event)}
    assert kept[event.number][1] in body


async def test_a_renamed_track_makes_its_blocks_stale(
    store: Store, clock: ManualClock, catalogue: TrackCatalogue
) -> None:
    events = await _import_seeds(store, clock)
    osce = next(e for e in events if e.track == "osce")
    old = (await store.renders.get([osce.number]))[osce.number]
    renamed = [
        t.model_copy(update={"name": "OSCE Council (renamed)"}) if t.id == "osce" else t
        for t in catalogue
    ]
    await store.tracks.sync(TrackCatalogue(renamed))
    body = (await Feeds(store, LINKS).calendar()).body
    new = (await store.renders.get([osce.number]))[osce.number]
    assert new != old
    assert new == await _fresh(store, osce)
    assert b"CATEGORIES:OSCE Council (renamed)\r\n" in new[1]
    assert new[1] in body


async def test_a_failed_prerender_keeps_the_change_and_the_feed_renders_it(
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(_blocks: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(store.renders, "put", broken)
        with caplog.at_level(logging.WARNING, logger="bot.services.blocks"):
            event = await Editor(store, clock).add(
                AddRequest(title="OSCE council", when="13 January 2022", track="osce"), "t"
            )
    assert "could not pre-render 1 VEVENT block(s)" in caplog.text
    assert await store.events.get(event.id) is not None
    assert await store.renders.get([event.number]) == {}
    body = (await Feeds(store, LINKS).calendar()).body
    assert (await store.renders.get([event.number]))[event.number][1] in body


def test_the_commands_keep_the_blocks_of_what_they_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: ManualClock
) -> None:
    database = tmp_path / "cli.db"
    monkeypatch.setenv("NEGBOT_DATABASE_URL", f"sqlite:///{database}")
    assert main(["import", str(SEEDS)]) == 0
    assert main(["events", "add", "--title", "Extra round", "--start", "20 January 2022"]) == 0
    assert main(["events", "edit", "osce-2022-01-13", "venue", "Geneva"]) == 0
    assert main(["events", "cancel", "nato-russia-council-2022-01-12"]) == 0

    async def check() -> None:
        store = await Store.open(f"sqlite:///{database}", clock)
        try:
            events = await store.events.find()
            assert len(events) == 9
            kept = await store.renders.get(e.number for e in events)
            for event in events:
                assert kept[event.number] == await _fresh(store, event), event.id
        finally:
            await store.close()

    asyncio.run(check())
