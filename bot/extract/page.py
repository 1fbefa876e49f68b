"""Read an article's page furniture: its publication line, its dateline and its headline."""

from __future__ import annotations

import datetime as dtm
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.extract import cues, text
from bot.extract.dates import DateKind, DayRef
from bot.extract.places import City

if TYPE_CHECKING:
    from bot.extract.lang import Language

# What may stand beside a date on a line of its own: clock times, zones, "2 min read", a place.
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)
_MAX_REST_WORDS = 6
_HEADLINE_MAX = 160


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place (and day) an agency filed a story from: "VIENNA, March 3 (Reuters) -"."""

    start: int  # offsets in the article's text
    end: int
    words: str
    city: City | None
    day: DayRef | None


@dataclass(frozen=True, slots=True)
class Page:
    """What the furniture of an article says about it."""

    published: dtm.date | None = None
    published_line: str | None = None
    dateline: Dateline | None = None
    headline: str | None = None
    furniture_lines: frozenset[int] = frozenset()  # offsets where furniture lines start


def _full_day(line: str, lang: Language) -> dtm.date | None:
    """Return the one full date a line names (with its year), if it names exactly one."""
    norm = text.fold(line)
    found = [m for m in lang.find_dates(norm) if m.kind is DateKind.ABSOLUTE]
    if len(found) != 1 or found[0].first is None or found[0].first != found[0].last:
        return None
    ref = found[0].first
    if ref.year is None or ref.month is None or ref.day is None:
        return None
    try:
        day = dtm.date(ref.year, ref.month, ref.day)
    except ValueError:
        return None
    if ref.weekday is not None and day.weekday() != ref.weekday:
        return None
    return day


def _bare_date_line(line: str, lang: Language, *, labelled: bool = False) -> dtm.date | None:
    """Return the date of a line that holds a full date and nothing else worth reading:
    "14.01.2020 – Press release No. 12", "October 5, 2019 | 7:18 PM CEST | Updated 2 hours ago".
    After a label ("Published:"), the first full date is the one."""
    norm = text.fold(line.strip())
    found = [m for m in lang.find_dates(norm) if m.kind is DateKind.ABSOLUTE]
    if not found or (not labelled and len(found) > 2):
        return None
    first = found[0]
    if not labelled:
        rest = _CLOCK.sub(" ", norm[: first.start] + " " + norm[first.end :])
        words = [w for w in re.split(r"[\s,|/·•()–-]+", rest) if any(ch.isalpha() for ch in w)]
        if len(words) > _MAX_REST_WORDS or any(
            k.role in {cues.Role.KIND, cues.Role.GENERIC} for k in lang.keywords(rest)
        ):
            return None
    return _full_day(norm[first.start : first.end], lang)


def publication_line(line: str, lang: Language) -> tuple[dtm.date, bool] | None:
    """Return the date a furniture line gives the article, and whether it is an update."""
    match = lang.page.published.match(line.strip())
    if match is not None:
        rest = line.strip()[match.end() :]
        day = _bare_date_line(rest, lang, labelled=True) if rest else None
        if day is not None:
            word = match.group("word").lower()
            return day, any(stem in word for stem in lang.page.updated_words)
        return None
    byline = lang.page.byline.match(line.strip())
    if byline is not None and not line.rstrip().endswith("."):
        day = _bare_date_line(line.strip()[byline.end() :], lang, labelled=True)
        if day is not None:
            return day, False
    day = _bare_date_line(line, lang)
    return (day, False) if day is not None else None


def _dateline(start: int, line: str, lang: Language) -> Dateline | None:
    norm = text.fold(line)
    match = lang.page.dateline.match(norm)
    if match is None:
        return None
    place = match.group("place")
    capitals = place.upper() == place and any(ch.isalpha() for ch in place)
    if not (capitals or match.group("date") or match.group("agency")):
        return None
    if len(norm) - match.end() < 20:
        return None  # a headline of the form "GENEVA: talks end", not a dateline
    city = lang.lookup_place(place.title()) or lang.lookup_place(place)
    if city is None and not capitals:
        return None
    day = None
    if match.group("date"):
        found = lang.find_dates(match.group("date"))
        if found and found[0].kind is DateKind.ABSOLUTE:
            day = found[0].first
    return Dateline(start, start + match.end(), line[: match.end()], city, day)


def read_page(article_text: str, lang: Language) -> Page:
    """Read the publication line, the dateline and the headline of an article."""
    published: dtm.date | None = None
    published_line: str | None = None
    updated: tuple[dtm.date, str] | None = None
    dateline: Dateline | None = None
    headline: str | None = None
    furniture: set[int] = set()
    pos = 0
    lines = article_text.split("\n")
    body_lines = 0
    for number, raw in enumerate(lines):
        start = pos
        pos += len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        offset = start + (len(raw) - len(raw.lstrip()))
        near_edge = body_lines < 8 or number >= len(lines) - 6
        if near_edge and len(line) <= 100:
            found = publication_line(line, lang)
            if found is not None:
                furniture.add(offset)
                day, is_update = found
                if is_update:
                    updated = updated or (day, line)
                elif published is None:
                    published, published_line = day, line
                continue
        if headline is None and len(line) <= _HEADLINE_MAX and not line.endswith((".", ":")):
            headline = line
        if dateline is None and body_lines < 6:
            dateline = _dateline(offset, raw.lstrip(), lang)
        body_lines += 1
    if published is None and updated is not None:
        published, published_line = updated
    return Page(published, published_line, dateline, headline, frozenset(furniture))
