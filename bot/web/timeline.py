"""The timeline picture: one lane per track, its sessions as bars on a shared time axis.

This module only measures (where each lane, bar and tick goes); `templates/timeline.svg`
draws the result inline in the page, escaped like everything else the templates print.
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.models import Event, Track

WIDTH = 480.0  # small enough that the labels stay legible when a phone shrinks it
LANE = 46.0
BAR_TOP = 21.0
BAR_HEIGHT = 18.0
AXIS = 26.0
MIN_BAR = 4.0
EDGE = 20.0
MIN_SPAN = dtm.timedelta(days=14)
_STEPS = (1, 2, 7, 14)  # days between ticks, or a month when none fits
Scale = Callable[[dtm.datetime], float]


@dataclass(frozen=True, slots=True)
class Bar:
    """One session in its lane."""

    x: float
    width: float
    label: str
    href: str
    status: str


@dataclass(frozen=True, slots=True)
class Lane:
    """One track's row."""

    label: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    """A labelled day on the axis."""

    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """The measured picture."""

    width: float
    height: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    today: float | None
    summary: str


def build_timeline(
    events: Sequence[Event],
    focus: Sequence[Event],
    tracks: dict[str, Track],
    now: dtm.datetime,
) -> Timeline | None:
    """Measure the lanes of the sessions around `focus` (the ones the page lists first).

    The window spans the focus sessions, widened to at least two weeks, and reaches back to
    today when today is at most a month before them. Returns None when there is nothing to draw.
    """
    if not focus:
        return None
    first = min(_start(e) for e in focus)
    last = max(_end(e) for e in focus)
    if first - dtm.timedelta(days=30) <= now <= last:
        first = min(first, now)
    if last - first < MIN_SPAN:
        pad = (MIN_SPAN - (last - first)) / 2
        first, last = first - pad, last + pad
    margin = (last - first) / 20
    first, last = first - margin, last + margin
    scale = WIDTH / (last - first).total_seconds()

    def x_of(moment: dtm.datetime) -> float:
        return round((moment - first).total_seconds() * scale, 1)

    by_lane: dict[str | None, list[Event]] = {}
    for event in sorted(events, key=_start):
        if _end(event) >= first and _start(event) <= last:
            key = event.track if event.track in tracks else None
            by_lane.setdefault(key, []).append(event)
    order = sorted(by_lane, key=lambda k: (k is None, tracks[k].name if k else ""))
    lanes = []
    for index, key in enumerate(order):
        bars = []
        for event in by_lane[key]:
            left = max(0.0, x_of(_start(event)))
            right = min(WIDTH, x_of(_end(event)))
            width = max(MIN_BAR, right - left)
            left = min(left, WIDTH - width)
            bars.append(
                Bar(
                    x=left,
                    width=round(width, 1),
                    label=f"{event.title} — {_day_label(event)}",
                    href=f"#session-{event.id}",
                    status=event.status.value,
                )
            )
        label = tracks[key].name if key else "Other sessions"
        lanes.append(Lane(label=label, y=index * LANE, bars=tuple(bars)))
    if not lanes:
        return None
    height = len(lanes) * LANE + AXIS
    today = x_of(now) if first <= now <= last else None
    summary = f"Sessions from {first:%-d %B %Y} to {last:%-d %B %Y}, one lane per track."
    # A label centred on a tick near an edge would be cut off.
    ticks = tuple(t for t in _ticks(first, last, x_of) if EDGE <= t.x <= WIDTH - EDGE)
    return Timeline(WIDTH, height, tuple(lanes), ticks, today, summary)


def _start(event: Event) -> dtm.datetime:
    return event.starts()


def _end(event: Event) -> dtm.datetime:
    if event.start_at is not None:
        return max(event.ends(), event.start_at + dtm.timedelta(hours=1))
    return event.ends()


def _day_label(event: Event) -> str:
    if event.start_date == event.end_date:
        return f"{event.start_date:%-d %b %Y}"
    return f"{event.start_date:%-d %b} – {event.end_date:%-d %b %Y}"


def _ticks(first: dtm.datetime, last: dtm.datetime, x_of: Scale) -> tuple[Tick, ...]:
    days = (last - first).days
    step = next((s for s in _STEPS if days / s <= 9), 0)
    day = first.date() + dtm.timedelta(days=1)
    ticks = []
    if step:
        if step >= 7:  # weekly ticks fall on Mondays
            day += dtm.timedelta(days=(7 - day.weekday()) % 7)
        while day <= last.date():
            ticks.append(_tick(day, x_of, f"{day:%-d %b}"))
            day += dtm.timedelta(days=step)
        return tuple(ticks)
    months = max(1, round(days / 30 / 8))
    day = day.replace(day=1)
    while day <= last.date():
        if day >= first.date():
            ticks.append(_tick(day, x_of, f"{day:%b %Y}"))
        month = day.month - 1 + months
        day = day.replace(year=day.year + month // 12, month=month % 12 + 1)
    return tuple(ticks)


def _tick(day: dtm.date, x_of: Scale, label: str) -> Tick:
    moment = dtm.datetime.combine(day, dtm.time(), tzinfo=dtm.UTC)
    return Tick(x=x_of(moment), label=label)
