"""Logging set-up: one format, quiet libraries, and secrets scrubbed from every record."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from typing import Any

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_secrets: list[str] = []
_original_factory: Callable[..., logging.LogRecord] | None = None


def scrub(text: str) -> str:
    """Replace every registered secret in a text."""
    for secret in _secrets:
        text = text.replace(secret, "[redacted]")
    return text


def _factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _original_factory is not None
    record = _original_factory(*args, **kwargs)
    if not _secrets:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: leave it to logging to report
        return record
    record.msg, record.args = scrub(message), None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip())
    return record


def token_secrets(token: str | None) -> list[str]:
    """Return what must never be logged of a bot token: all of it, and its secret half."""
    if not token:
        return []
    return [token, token.split(":", 1)[-1]]


def protect(secrets: Iterable[str]) -> None:
    """Scrub these secrets from every log record made from now on, whoever handles it."""
    global _original_factory
    for secret in secrets:
        if secret and len(secret) >= 8 and secret not in _secrets:
            _secrets.append(secret)
    if _original_factory is None:
        _original_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_factory)


def setup(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once: our format, the level asked, secrets redacted."""
    protect(secrets)
    root = logging.getLogger()
    if not any(getattr(h, "_negbot", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._negbot = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level.upper())
    # httpx logs every request URL, and Bot API URLs carry the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
