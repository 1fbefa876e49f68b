"""Kept VEVENT blocks: put and get, replacement, large lookups, racing writers; both backends."""

from __future__ import annotations

import asyncio

from bot.store import Store
from tests.helpers.drafts import draft


async def test_blocks_come_back_by_event_with_their_keys(store: Store) -> None:
    first = await store.events.create(draft(), "t")
    second = await store.events.create(draft(title="Another session"), "t")
    await store.renders.put({first.number: ("k1", b"BEGIN:VEVENT\r\none\r\nEND:VEVENT\r\n")})
    assert await store.renders.get([first.number, second.number, 999]) == {
        first.number: ("k1", b"BEGIN:VEVENT\r\none\r\nEND:VEVENT\r\n")
    }
    assert await store.renders.get([]) == {}
    await store.renders.put({})


async def test_a_new_block_replaces_the_old_one_of_its_event(store: Store) -> None:
    event = await store.events.create(draft(), "t")
    await store.renders.put({event.number: ("old", b"old")})
    await store.renders.put({event.number: ("new", b"new")})
    assert await store.renders.get([event.number]) == {event.number: ("new", b"new")}


async def test_thousands_of_blocks_are_put_and_found_in_one_call(store: Store) -> None:
    events = await store.events.create_many([draft(title=f"Session {n}") for n in range(1200)], "t")
    blocks = {e.number: (f"key-{e.number}", f"block {e.number}".encode()) for e in events}
    await store.renders.put(blocks)
    wanted = [e.number for e in reversed(events)]
    assert await store.renders.get(iter(wanted)) == blocks


async def test_two_writers_keeping_one_event_at_once_both_succeed(store: Store) -> None:
    event = await store.events.create(draft(), "t")
    written = [("a", b"a"), ("b", b"b"), ("c", b"c")]
    await asyncio.gather(*(store.renders.put({event.number: kept}) for kept in written))
    assert (await store.renders.get([event.number]))[event.number] in written
