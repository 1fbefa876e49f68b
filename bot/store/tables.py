"""The database tables; rows never leave the store package (they become pydantic models)."""

from __future__ import annotations

import datetime as dtm
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base with stable constraint names (migrations refer to them)."""

    metadata = MetaData(naming_convention=NAMING)


class TrackRow(Base):
    __tablename__ = "tracks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    session_title: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str | None] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    parties: Mapped[list[Any]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    session_titles: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=dict)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    file: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dtm.date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_dates", "start_date", "end_date"),
        # "What is next on these tracks" (/upcoming for a chat, a track's feed): a range per track.
        Index("ix_events_track_dates", "track_id", "start_date", "end_date"),
    )

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(96), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    track_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("tracks.id", ondelete="SET NULL"), index=True
    )
    start_date: Mapped[dtm.date] = mapped_column(Date)
    end_date: Mapped[dtm.date] = mapped_column(Date)
    start_at: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    end_at: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    location: Mapped[str | None] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    discrepancies: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class EventSourceRow(Base):
    __tablename__ = "event_sources"
    __table_args__ = (UniqueConstraint("event_number", "article_id", "quote_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_number: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.number", ondelete="CASCADE"), index=True
    )
    article_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    quote: Mapped[str] = mapped_column(Text)
    quote_hash: Mapped[str] = mapped_column(String(32))
    date_words: Mapped[str | None] = mapped_column(String(200))
    said_start: Mapped[dtm.date | None] = mapped_column(Date)
    said_end: Mapped[dtm.date | None] = mapped_column(Date)
    added_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class EventHistoryRow(Base):
    __tablename__ = "event_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_number: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.number", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    changes: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ChatRow(Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(300))
    timezone: Mapped[str] = mapped_column(String(64))
    reminder_offsets: Mapped[list[Any]] = mapped_column(JSON, default=list)
    allday_time: Mapped[str] = mapped_column(String(5), default="09:00")
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Only the private feed token's hash is kept (the token is shown once, when made), and
    # feeds are looked up by it. NULL until the chat first asks for its feed.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"

    chat_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"),
        primary_key=True,
    )
    track: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    created_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    event_number: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("events.number", ondelete="CASCADE"), index=True
    )
    event_sequence: Mapped[int] = mapped_column(Integer, default=0)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"), index=True
    )
    offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class HandledUpdateRow(Base):
    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    instance: Mapped[str] = mapped_column(String(64))
    handled_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class SendPaceRow(Base):
    """The next free moment for a message of the bot, shared by every instance."""

    __tablename__ = "send_pace"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    next_at: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())


class SendSlotRow(Base):
    """One of the bot's places in Telegram's rolling second, shared by every instance.

    A message holds a slot from before it leaves until a second after its answer came back, so
    however its request was delayed on the way, no more messages than there are slots can
    reach Telegram within any one second.
    """

    __tablename__ = "send_slots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    holder: Mapped[str | None] = mapped_column(String(64))
    held_since: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    free_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class RevisionRow(Base):
    """One row counting the changes to what feeds show, so that servers notice them."""

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class SourceRow(Base):
    """An RSS or Atom feed negbot polls, and how its polling stands."""

    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_next_poll_at", "next_poll_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(8))
    tracks: Mapped[list[Any]] = mapped_column(JSON, default=list)
    trust: Mapped[str] = mapped_column(String(16))
    every_seconds: Mapped[int] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_poll_at: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    articles_read: Mapped[int] = mapped_column(Integer, default=0)
    sessions_found: Mapped[int] = mapped_column(Integer, default=0)
    # The instance polling the source now, and until when (a dead one's lease runs out).
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dtm.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class SeenArticleRow(Base):
    """An article a source led to, read once: by its URL (unique) and by its text's hash."""

    __tablename__ = "seen_articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    text_hash: Mapped[str] = mapped_column(String(32), index=True)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    seen_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())


class SourceProposalRow(Base):
    """A session found in a review source's article, waiting for an editor."""

    __tablename__ = "source_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    article: Mapped[dict[str, Any]] = mapped_column(JSON)
    found: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dtm.datetime] = mapped_column(UTCDateTime())
