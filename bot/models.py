"""The pydantic models of negbot, one per concept, shared by every layer."""

from __future__ import annotations

import datetime as dtm
import enum
import hashlib

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

# A session lasts a few days at most; a longer span is a misreading. The bound also lets the
# store find the sessions still running on a day with an index range (bot.store.events).
MAX_SESSION_DAYS = 31
# Dated milestones of a track (a draft published, a decree signed, a statement issued): kept as
# its history, never a session to list, remind or publish in a feed.
MILESTONE_KINDS = frozenset({"publication", "decree", "statement"})


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
    # The session title in other languages, as (ISO 639-1 code, title) pairs: a track is
    # hashed, so they are a tuple; tracks.toml writes them as a table {ru = "…", fr = "…"}.
    session_titles: tuple[tuple[str, str], ...] = ()

    @field_validator("session_titles", mode="before")
    @classmethod
    def _titles_as_pairs(cls, value: object) -> object:
        return tuple(sorted(value.items())) if isinstance(value, dict) else value

    def title_in(self, language: str | None) -> str:
        """Return the title of one of its sessions in a language (English when it has none)."""
        return dict(self.session_titles).get((language or "en").lower()[:2], self.session_title)


class Article(Frozen):
    """A source text and what is known about it."""

    id: str
    file: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dtm.date | None = None
    language: str | None = None  # ISO 639-1, as its metadata says; None: read from the text

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
    said_start: dtm.date | None = None  # the dates this sentence gives, when it gives any
    said_end: dtm.date | None = None


class ExtractedEvent(Frozen):
    """A session found in one or more articles, before it enters the calendar."""

    title: str
    track: str | None
    start_date: dtm.date
    end_date: dtm.date
    start_at: AwareDatetime | None = None
    end_at: AwareDatetime | None = None
    location: str | None = None
    location_text: str | None = None  # the place as the text writes it: "Женеве", "Genf"
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


class EventStatus(enum.StrEnum):
    """Where a calendar entry stands: confirmed, tentative, postponed (no new date) or cancelled."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class EventSource(Frozen):
    """An article's evidence for a calendar entry, with the reading of the date it gave."""

    article_id: str | None
    file: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dtm.date | None = None
    quote: str
    date_words: str | None = None
    said_start: dtm.date | None = None
    said_end: dtm.date | None = None


class Event(Frozen):
    """A calendar entry: one session of a track (or another dated occurrence).

    `id` is a stable slug derived once, at creation, from the track and the first date; it never
    changes with the content and is the basis of the iCalendar UID. `number` is a short handle
    for typing. All-day sessions have no `start_at`; `end_date` is the inclusive last day.
    """

    id: str
    number: int
    title: str
    track: str | None
    start_date: dtm.date
    end_date: dtm.date
    start_at: AwareDatetime | None = None
    end_at: AwareDatetime | None = None
    location: str | None = None
    timezone: str
    status: EventStatus
    kind: str = "meeting"
    confidence: float = 1.0
    sequence: int = 0
    url: str | None = None
    description: str | None = None
    sources: tuple[EventSource, ...] = ()
    discrepancies: tuple[str, ...] = ()
    created_at: AwareDatetime
    updated_at: AwareDatetime

    @property
    def all_day(self) -> bool:
        """Tell whether the session has no clock time."""
        return self.start_at is None

    @property
    def milestone(self) -> bool:
        """Tell whether this is a milestone of its track (a publication, a decree), not a
        session: kept as history, never listed, reminded or published in a feed."""
        return self.kind in MILESTONE_KINDS

    def starts(self) -> dtm.datetime:
        """Return when the session starts: its start time, or midnight UTC of its first day."""
        if self.start_at is not None:
            return self.start_at
        return dtm.datetime.combine(self.start_date, dtm.time(), tzinfo=dtm.UTC)

    def ends(self) -> dtm.datetime:
        """Return when the session ends: its end time, or the end of its last day (UTC)."""
        if self.end_at is not None:
            return self.end_at
        if self.start_at is not None and self.end_date == self.start_date:
            return self.start_at
        last = dtm.datetime.combine(self.end_date, dtm.time(), tzinfo=dtm.UTC)
        return last + dtm.timedelta(days=1)


class FieldChange(Frozen):
    """One field of an event before and after a change, as display text."""

    field: str
    old: str | None
    new: str | None


class EventChange(Frozen):
    """One entry of an event's history: who changed what, and when."""

    event_id: str
    sequence: int
    at: AwareDatetime
    actor: str
    summary: str
    changes: tuple[FieldChange, ...] = ()


class ChatKind(enum.StrEnum):
    """The kind of a Telegram chat."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"
    TERMINAL = "terminal"  # `negbot chat`: a local chat in the terminal


class Chat(Frozen):
    """A chat that follows tracks: its timezone and reminder offsets.

    Its private feed token is not here: the store keeps only the token's hash, and hands the
    token out once, when it is made (ChatsPort.issue_token, reset_token).
    """

    id: int
    kind: ChatKind
    title: str | None = None
    timezone: str
    reminder_offsets: tuple[int, ...] = (1440, 60)  # minutes before a session
    allday_time: dtm.time = dtm.time(9, 0)
    digest: bool = False
    active: bool = True
    language: str = Field(default="en", pattern=r"^(en|ru)$")  # the interface's, bot/i18n.py
    created_at: AwareDatetime
    updated_at: AwareDatetime


ALL_TRACKS = "*"


class Subscription(Frozen):
    """A chat following a track, or every track (`track == ALL_TRACKS`)."""

    chat_id: int
    track: str


class DeliveryKind(enum.StrEnum):
    """What a delivery carries."""

    REMINDER = "reminder"
    CHANGE = "change"
    DIGEST = "digest"


class DeliveryStatus(enum.StrEnum):
    """Where a delivery stands; `sending` holds a lease."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class Delivery(Frozen):
    """One message to one chat about one event version: sent once, thanks to its unique key."""

    id: int
    key: str
    event_number: int | None
    event_sequence: int
    chat_id: int
    offset_minutes: int
    kind: DeliveryKind
    due_at: AwareDatetime
    status: DeliveryStatus
    attempts: int = 0
    lease_until: AwareDatetime | None = None
    sent_at: AwareDatetime | None = None
    late: bool = False
    last_error: str | None = None
    payload: str | None = None
    message_id: int | None = None


class EventDraft(Frozen):
    """What is needed to create a calendar entry; the store gives it an id and a number."""

    @model_validator(mode="after")
    def _span(self) -> EventDraft:
        if self.end_date < self.start_date:
            raise ValueError("the end date is before the start date")
        if (self.end_date - self.start_date).days > MAX_SESSION_DAYS:
            raise ValueError(f"a session lasts {MAX_SESSION_DAYS + 1} days at most")
        return self

    title: str = Field(min_length=1, max_length=300)
    track: str | None = None
    start_date: dtm.date
    end_date: dtm.date
    start_at: AwareDatetime | None = None
    end_at: AwareDatetime | None = None
    location: str | None = Field(default=None, max_length=120)
    timezone: str
    status: EventStatus = EventStatus.CONFIRMED
    kind: str = "meeting"
    confidence: float = 1.0
    url: str | None = None
    description: str | None = None
    sources: tuple[EventSource, ...] = ()
    discrepancies: tuple[str, ...] = ()
