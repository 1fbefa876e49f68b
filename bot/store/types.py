"""Column types: timestamps that are always aware and stored in UTC, on every backend."""

from __future__ import annotations

import datetime as dtm
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dtm.datetime]):
    """An aware datetime, stored in UTC; naive values are refused, values come back in UTC.

    SQLite keeps no offset, so the value is stored as naive UTC there and made aware on read;
    PostgreSQL keeps it in a `timestamptz`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dtm.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dtm.datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} refused: timestamps must be aware"
            )
        utc = value.astimezone(dtm.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dtm.datetime | None:
        if not isinstance(value, dtm.datetime):
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dtm.UTC)
        return value.astimezone(dtm.UTC)
