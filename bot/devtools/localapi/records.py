"""What the bot sent, as the test reads it, and the server's call counts."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping
from typing import Any

from .models import JsonObject, Message, StoredFile


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class SentRecord:
    """One successful call by which the bot sent, changed or answered something."""

    id: int
    method: str
    time: float
    chat_id: int | None = None
    message_id: int | None = None
    text: str | None = None
    parse_mode: str | None = None
    reply_markup: JsonObject | None = None
    document: StoredFile | None = None
    caption: str | None = None
    message: Message | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def plain_text(self) -> str | None:
        """The text as the user sees it, with the markup of parse_mode already applied."""
        if self.message is None:
            return self.text
        return self.message.text if self.message.text is not None else self.message.caption

    def to_json(self) -> JsonObject:
        """Describe the record for the HTTP control interface (file bytes in base64)."""
        document = None
        if self.document is not None:
            document = self.document.to_document() | {
                "content_base64": base64.b64encode(self.document.content).decode("ascii")
            }
        return {
            "id": self.id,
            "method": self.method,
            "time": self.time,
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "text": self.text,
            "plain_text": self.plain_text,
            "parse_mode": self.parse_mode,
            "reply_markup": self.reply_markup,
            "caption": self.caption,
            "document": document,
        }


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    """Counts of the calls the server answered, taken at one moment."""

    calls: Mapping[str, int]
    errors: Mapping[int, int]

    @property
    def too_many_requests(self) -> int:
        """How many 429 answers were sent, by fault rules and the flood limiter alike."""
        return self.errors.get(429, 0)

    def to_json(self) -> JsonObject:
        return {
            "calls": dict(self.calls),
            "errors": {str(code): count for code, count in self.errors.items()},
            "too_many_requests": self.too_many_requests,
        }
