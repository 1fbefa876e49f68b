"""Builders of calendar entries for tests: sensible defaults, any field overridden by keyword."""

from __future__ import annotations

import datetime as dtm
from typing import Any
from zoneinfo import ZoneInfo

from bot.models import Event, EventSource, EventStatus, Track
from bot.tracks import load_tracks

CREATED = dtm.datetime(2022, 1, 1, 9, 0, tzinfo=dtm.UTC)
UPDATED = dtm.datetime(2022, 1, 5, 18, 30, tzinfo=dtm.UTC)


def make_source(**overrides: Any) -> EventSource:
    """Build an article's evidence for an event."""
    fields: dict[str, Any] = {
        "article_id": "6d0122ac0ca97e75",
        "file": "000_6d0122ac0ca97e75.txt",
        "outlet": "RT",
        "published": dtm.date(2021, 12, 31),
        "quote": "The talks will be held in Geneva on January 9-10.",
        "date_words": "January 9-10",
    }
    fields.update(overrides)
    return EventSource(**fields)


def make_event(**overrides: Any) -> Event:
    """Build an all-day confirmed session in Geneva on 9–10 January 2022, unless told otherwise."""
    fields: dict[str, Any] = {
        "id": "us-russia-security-2022-01-09",
        "number": 1,
        "title": "US–Russia security talks",
        "track": "us-russia-security",
        "start_date": dtm.date(2022, 1, 9),
        "end_date": dtm.date(2022, 1, 10),
        "location": "Geneva",
        "timezone": "Europe/Zurich",
        "status": EventStatus.CONFIRMED,
        "sources": (make_source(),),
        "created_at": CREATED,
        "updated_at": UPDATED,
    }
    fields.update(overrides)
    return Event(**fields)


def at(year: int, month: int, day: int, hour: int, minute: int, zone: str) -> dtm.datetime:
    """Return a wall-clock time in an IANA zone, as an aware datetime."""
    return dtm.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def seed_events() -> list[Event]:
    """Return five sessions like the seeds': Geneva, Brussels, Vienna, a cancelled, a Moscow one."""
    return [
        make_event(
            discrepancies=("RT says 9–10 January; TASS says 10 January.",),
            sources=(
                make_source(),
                make_source(
                    article_id="22e714e69b9a5890",
                    file="001_22e714e69b9a5890.txt",
                    outlet="TASS",
                    published=dtm.date(2022, 1, 3),
                    quote="Russia and the US will hold talks in Geneva on January 10.",
                    date_words="January 10",
                    url="https://tass.com/politics/1383000",
                ),
            ),
            url="https://example.org/sessions/us-russia-security-2022-01-09",
        ),
        make_event(
            id="nato-russia-council-2022-01-12",
            number=2,
            title="NATO–Russia Council meeting",
            track="nato-russia-council",
            start_date=dtm.date(2022, 1, 12),
            end_date=dtm.date(2022, 1, 12),
            location="Brussels",
            timezone="Europe/Brussels",
            sources=(make_source(quote="The Russia-NATO Council will meet on January 12."),),
        ),
        make_event(
            id="osce-2022-01-13",
            number=3,
            title="OSCE Permanent Council session",
            track="osce",
            start_date=dtm.date(2022, 1, 13),
            end_date=dtm.date(2022, 1, 13),
            start_at=at(2022, 1, 13, 10, 0, "Europe/Vienna").astimezone(dtm.UTC),
            location="Vienna",
            timezone="Europe/Vienna",
            sequence=1,
            sources=(make_source(quote="The OSCE will meet in Vienna on January 13 at 10:00."),),
        ),
        make_event(
            id="normandy-format-2022-01-20",
            number=4,
            title="Normandy format talks",
            track="normandy-format",
            start_date=dtm.date(2022, 1, 20),
            end_date=dtm.date(2022, 1, 20),
            location="Paris",
            timezone="Europe/Paris",
            status=EventStatus.CANCELLED,
            sequence=2,
            sources=(make_source(quote="The Normandy talks in Paris on January 20 are off."),),
        ),
        make_event(
            id="russia-us-consultations-2022-01-18",
            number=5,
            title="Russia–US consultations",
            track=None,
            start_date=dtm.date(2022, 1, 18),
            end_date=dtm.date(2022, 1, 18),
            start_at=at(2022, 1, 18, 15, 0, "Europe/Moscow").astimezone(dtm.UTC),
            end_at=at(2022, 1, 18, 17, 0, "Europe/Moscow").astimezone(dtm.UTC),
            location="Moscow",
            timezone="Europe/Moscow",
            status=EventStatus.TENTATIVE,
            sources=(make_source(quote="Consultations may follow in Moscow on January 18."),),
        ),
    ]


def track_map() -> dict[str, Track]:
    """Return the shipped track catalogue keyed by track id."""
    return {track.id: track for track in load_tracks()}
