"""The timeline's measures: one lane per track, bars inside the picture, today marked."""

from __future__ import annotations

import datetime as dtm

from bot.models import Event
from bot.tracks import load_tracks
from bot.web.timeline import WIDTH, build_timeline
from tests.helpers.events import seed_events


def test_one_lane_per_track_with_the_sessions_in_order() -> None:
    events = seed_events()
    tracks = {t.id: t for t in load_tracks()}
    now = dtm.datetime(2021, 12, 31, 8, 0, tzinfo=dtm.UTC)
    picture = build_timeline(events, events, tracks, now)
    assert picture is not None
    lanes = {lane.label: lane for lane in picture.lanes}
    assert set(lanes) == {tracks[e.track].name for e in events if e.track} | {"Other sessions"}
    assert [lane.label for lane in picture.lanes][-1] == "Other sessions"
    for lane in picture.lanes:
        xs = [bar.x for bar in lane.bars]
        assert xs == sorted(xs)
        for bar in lane.bars:
            assert bar.x >= 0
            assert bar.x + bar.width <= WIDTH + 0.1
            assert bar.href.startswith("#session-")
    assert picture.today is not None
    assert picture.today < min(bar.x for lane in picture.lanes for bar in lane.bars)
    assert [t.label for t in picture.ticks][:2] == ["3 Jan", "10 Jan"]  # weekly, on Mondays


def test_nothing_to_draw() -> None:
    now = dtm.datetime(2021, 12, 31, 8, 0, tzinfo=dtm.UTC)
    assert build_timeline([], [], {}, now) is None


def test_sessions_far_apart_get_monthly_ticks() -> None:
    first = seed_events()[0]
    late: Event = first.model_copy(
        update={"id": "late", "start_date": dtm.date(2022, 9, 1), "end_date": dtm.date(2022, 9, 1)}
    )
    events = [first, late]
    tracks = {t.id: t for t in load_tracks()}
    picture = build_timeline(events, events, tracks, dtm.datetime(2020, 1, 1, tzinfo=dtm.UTC))
    assert picture is not None
    assert picture.today is None
    assert all(t.label.endswith("2022") for t in picture.ticks)
    assert 3 <= len(picture.ticks) <= 10
