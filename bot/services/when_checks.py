"""Refuse typed dates the reader would bend: far years, impossible clock times, unread words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.errors import InputError

FIRST_YEAR, LAST_YEAR = 1900, 2200
_YEAR = re.compile(r"(?<![\d:.])\d{4,}(?![\d:])")
_CLOCK = re.compile(r"(?<![\d:])(\d{1,3}):(\d{1,3})(?![\d:])")
# Words that may sit between a date, a time and a duration without changing their meaning.
_GLUE = re.compile(
    r"\b(?:at|on|from|to|until|till|for|and|the|of|in|local|time|utc|gmt|h|hrs?|hours?|mins?"
    r"|minutes?|an?|one|two|three|four|half|am|pm|a\.m|p\.m|noon|midnight)\b"
    r"|\d{1,4}\s*(?:h|hrs?|hours?|mins?|minutes?|m)\b|[\s,.;:/()\-–—+]",
    re.IGNORECASE,
)


def check_years(text: str) -> None:
    """Refuse a year of four or more digits outside 1900–2200: the reader would drop it."""
    for m in _YEAR.finditer(text):
        if not FIRST_YEAR <= int(m.group()) <= LAST_YEAR:
            raise InputError(
                f"the year {m.group()} is outside {FIRST_YEAR}–{LAST_YEAR}: give one in that range"
            )


def check_clock(text: str) -> None:
    """Refuse a written clock time that no day has (24:00, 25:00, 10:61)."""
    for m in _CLOCK.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour > 23 or minute > 59 or len(m.group(2)) != 2:
            raise InputError(f"{m.group()} is not a time of day: write it like 09:30 or 18:00")


def check_all_read(text: str, spans: Iterable[tuple[int, int]]) -> None:
    """Refuse words that neither the date, the time nor the duration reader used."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    rest = _GLUE.sub(" ", "".join(chars)).split()
    if rest:
        raise InputError(
            f"cannot read {' '.join(rest)!r} in {text.strip()!r}: give only a date and a time"
        )
