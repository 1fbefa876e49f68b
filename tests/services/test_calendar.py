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
