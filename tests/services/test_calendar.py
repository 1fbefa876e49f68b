"""Reading the calendar: what is ahead and what is over, however busy the days around now."""

from __future__ import annotations

import datetime as dtm

from bot.clock import ManualClock
from bot.services.calendar import Calendar
from bot.store import Store
from tests.helpers.drafts import draft

NOW = dtm.datetime(2030, 6, 15, 12, 0, tzinfo=dtm.UTC)


async def _busy_calendar(store: Store) -> None:
    """80 sessions each day from 13 to 17 June 2030, all day in Brussels."""
    drafts = [
        draft(
            title=f"Session {day}-{n}",
            start_date=dtm.date(2030, 6, day),
            end_date=dtm.date(2030, 6, day),
        )
        for day in range(13, 18)
        for n in range(80)
    ]
    await store.events.create_many(drafts, "test")


async def test_busy_days_around_now_do_not_crowd_out_the_listing(store: Store) -> None:
    """The day before yesterday and yesterday (160 sessions, over) sit inside the store's
    date bound for "not over yet"; the 50 listed are still 50 sessions ahead."""
    await _busy_calendar(store)
    calendar = Calendar(store, ManualClock(NOW))
    upcoming = await calendar.upcoming(limit=50)
    assert len(upcoming) == 50
    assert {e.start_date for e in upcoming} == {dtm.date(2030, 6, 15)}  # today is not over
    past = await calendar.past(limit=50)
    assert len(past) == 50
    assert {e.start_date for e in past} == {dtm.date(2030, 6, 14)}
    ahead = await calendar.upcoming(limit=1000)
    assert len(ahead) == 240  # today and the two days after
    assert len(await calendar.past(limit=1000)) == 160


async def test_the_date_bounds_keep_sessions_at_the_edges_of_the_world(store: Store) -> None:
    """Yesterday's all-day session lasts until noon UTC today (its day ends last at UTC−12);
    a session on Kiritimati (UTC+14) dated tomorrow may already be over."""
    yesterday = await store.events.create(
        draft(title="Yesterday", start_date=dtm.date(2030, 6, 14), end_date=dtm.date(2030, 6, 14)),
        "test",
    )
    kiritimati = await store.events.create(
        draft(
            title="Kiritimati",
            start_date=dtm.date(2030, 6, 16),
            end_date=dtm.date(2030, 6, 16),
            start_at=dtm.datetime(2030, 6, 15, 10, 30, tzinfo=dtm.UTC),  # 00:30 local, 16 June
            end_at=dtm.datetime(2030, 6, 15, 11, 0, tzinfo=dtm.UTC),
            location="Kiritimati",
            timezone="Pacific/Kiritimati",
        ),
        "test",
    )

    def at(hour: int, minute: int = 0) -> Calendar:
        return Calendar(store, ManualClock(dtm.datetime(2030, 6, 15, hour, minute, tzinfo=dtm.UTC)))

    assert [e.id for e in await at(6).upcoming()] == [yesterday.id, kiritimati.id]
    assert [e.id for e in await at(11, 30).upcoming()] == [yesterday.id]
    assert [e.id for e in await at(11, 30).past()] == [kiritimati.id]
    assert [e.id for e in await at(12, 30).upcoming()] == []
    assert {e.id for e in await at(12, 30).past()} == {yesterday.id, kiritimati.id}
