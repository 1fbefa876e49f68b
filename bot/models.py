"""The pydantic models of negbot, one per concept, shared by every layer."""

from __future__ import annotations

import datetime as dtm
import enum
import hashlib

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    """Base of the value objects: immutable, keyword-only, no stray fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Track(Frozen):
    """A negotiation format: its slug, name, home venue, timezone and the words that name it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    name: str
    session_title: str
    venue: str | None
    timezone: str
    aliases: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    description: str = ""


class Article(Frozen):
    """A source text and what is known about it."""

    id: str
    file: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dtm.date | None = None

    @staticmethod
    def id_for(text: str) -> str:
        """Return the article id: a short hash of its text."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class ExtractedStatus(enum.StrEnum):
    """Where a found session stands relative to the article's reference date."""

    UPCOMING = "upcoming"
    PAST = "past"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class Source(Frozen):
    """One article's evidence for an event: the exact sentence and the date words in it."""

    file: str
    quote: str
    article_id: str | None = None
    date_words: str | None = None
    outlet: str | None = None
    url: str | None = None


class ExtractedEvent(Frozen):
    """A session found in one or more articles, before it enters the calendar."""

    title: str
    track: str | None
    start_date: dtm.date
    end_date: dtm.date
    start_at: AwareDatetime | None = None
    end_at: AwareDatetime | None = None
    location: str | None = None
    timezone: str | None = None
    status: ExtractedStatus
    kind: str = "meeting"
    confidence: float = Field(ge=0.0, le=1.0)
    sources: tuple[Source, ...]
    discrepancies: tuple[str, ...] = ()

    @property
    def all_day(self) -> bool:
        """Tell whether the session has no known clock time."""
        return self.start_at is None
