"""The interface's two languages: gettext catalogues compiled by Babel, and Babel's formats.

The language a text is written in is the context's (a `ContextVar`): a handler or the
reminder composer sets it for the chat it answers with `speaking(chat.language)`, and every
`_()` below, in the messages, the handlers and the services' error one-liners, follows it.
English is the source language: its texts are the msgids themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dtm
import functools
import gettext
import io
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

LANGUAGES = ("en", "ru")
DEFAULT = "en"
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str] = ContextVar("negbot_language", default=DEFAULT)


def language_of(code: str | None) -> str:
    """Return the interface language for a Telegram `language_code`: "ru*" is ru, else en."""
    return "ru" if (code or "").lower().startswith("ru") else DEFAULT


def current() -> str:
    """Return the language texts are written in now."""
    return _current.get()


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write every text in `language` inside the block (an unknown one falls back to English)."""
    token = _current.set(language if language in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def adopt(language: str) -> None:
    """Write in `language` from now until the enclosing `speaking` block ends."""
    _current.set(language if language in LANGUAGES else DEFAULT)


def _mo_bytes(language: str) -> bytes | None:
    """The compiled catalogue: the shipped .mo, or the .po compiled now when it is newer."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo.read_bytes()
    if not po.exists():
        return None
    # A checkout whose .po changed since the build compiled it: compile it here, in memory.
    log.debug("compiling %s in memory: no .mo newer than it", po)
    with po.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """Return the catalogue of a language (English, the source language, translates nothing)."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    data = _mo_bytes(language)
    if data is None:
        log.warning("no catalogue for %r: texts stay in English", language)
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(data))


def _(message: str) -> str:
    """Return `message` in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the form of a message for `n` in the current language (Russian has three)."""
    return translations(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a text for extraction only: it is translated where it is used, with `_()`."""
    return message


def in_language(message: str, language: str) -> str:
    """Return `message` translated into `language`, whatever the current one."""
    return translations(language).gettext(message)


def day_text(day: dtm.date) -> str:
    """Return a day: "Thu 9 Dec 2021", "чт, 9 дек. 2021 г."."""
    if current() == DEFAULT:
        return f"{day:%a} {day.day} {day:%b %Y}"
    return format_skeleton("yMMMEd", day, locale=current())


def days_text(first: dtm.date, last: dtm.date) -> str:
    """Return a span of days: "Sun 9 – Mon 10 Jan 2022", "9—10 янв. 2022 г."."""
    if first == last:
        return day_text(first)
    if current() != DEFAULT:
        return format_interval(first, last, "yMMMd", locale=current())
    if (first.month, first.year) == (last.month, last.year):
        return f"{first:%a} {first.day} – {day_text(last)}"
    return f"{day_text(first)} – {day_text(last)}"


def short_date(day: dtm.date) -> str:
    """Return a date without its weekday: "09 Jan 2022", "9 янв. 2022 г."."""
    if current() == DEFAULT:
        return f"{day:%d %b %Y}"
    return format_date(day, "medium", locale=current())


def week_text(monday: dtm.date, sunday: dtm.date) -> str:
    """Return a week: "3–9 Jan 2022", "3—9 янв. 2022 г."."""
    if current() != DEFAULT:
        return format_interval(monday, sunday, "yMMMd", locale=current())
    if monday.month == sunday.month:
        return f"{monday.day}–{sunday.day} {sunday:%b %Y}"
    return f"{monday.day} {monday:%b} – {sunday.day} {sunday:%b %Y}"
