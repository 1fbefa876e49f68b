"""Read an article's page furniture: its publication line, its dateline and its headline."""

from __future__ import annotations

import datetime as dtm
import re
from dataclasses import dataclass

from bot.extract import cues, dates, text
from bot.extract.dates import DateKind, DayRef
from bot.extract.places import City, gazetteer

# "Published: Sat, February 09 2019", "First published on Mon 3 Dec 2018 10.00 GMT",
# "Posted 16.11.2018 09:35", "Last updated: 2021-12-09".
_PUBLISHED_LINE = re.compile(
    r"^\W*(?P<word>(?:first\s+)?published|posted|issued|released|created|"
    r"(?:last\s+)?updated|(?:last\s+)?modified|date)\b(?:\s+(?:on|at))?\s*[:|-]?\s*",
    re.IGNORECASE,
)
# "By Jane Roe | 12 March 2025", "Prepared by the Mediation Monitor | Monday 21 July 2025": a
# byline with the day of writing after a separator.
_BYLINE = re.compile(
    r"^\W*(?:(?:prepared|compiled|written|edited|reported|produced)\s+)?by\s+[^|·•—–]+[|·•—–]",
    re.IGNORECASE,
)
# What may stand beside a date on a line of its own: clock times, zones, "2 min read", a place.
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)
_MAX_REST_WORDS = 6
# "VIENNA, March 3 (Reuters) -", "GENEVA (AP) —", "KYIV, Ukraine, Dec. 9 -", "Moscow, 12 January
# (TASS) -", "NEW DELHI, Dec 3:": a place in capitals, or a place with a date or an agency.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'-]*(?:[ -][A-Z][A-Za-z.'-]*){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?))?"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+(?:19|20)\d{2})?|"
    r"\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d{2})?))?"
    r"\s*(?P<agency>\((?:[A-Z][A-Za-z.]*\s?){1,4}\))?"
    r"\s*(?:-{1,2}|:)\s+"
)
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


def _full_day(line: str) -> dtm.date | None:
    """Return the one full date a line names (with its year), if it names exactly one."""
    norm = text.fold(line)
    found = [m for m in dates.find_dates(norm) if m.kind is DateKind.ABSOLUTE]
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


def _bare_date_line(line: str, *, labelled: bool = False) -> dtm.date | None:
    """Return the date of a line that holds a full date and nothing else worth reading:
    "14.01.2020 – Press release No. 12", "October 5, 2019 | 7:18 PM CEST | Updated 2 hours ago".
    After a label ("Published:"), the first full date is the one."""
    norm = text.fold(line.strip())
    found = [m for m in dates.find_dates(norm) if m.kind is DateKind.ABSOLUTE]
    if not found or (not labelled and len(found) > 2):
        return None
    first = found[0]
    if not labelled:
        rest = _CLOCK.sub(" ", norm[: first.start] + " " + norm[first.end :])
        words = [w for w in re.split(r"[\s,|/·•()–-]+", rest) if any(ch.isalpha() for ch in w)]
        if len(words) > _MAX_REST_WORDS or any(
            k.role in {cues.Role.KIND, cues.Role.GENERIC} for k in cues.keywords(rest)
        ):
            return None
    return _full_day(norm[first.start : first.end])


def publication_line(line: str) -> tuple[dtm.date, bool] | None:
    """Return the date a furniture line gives the article, and whether it is an update."""
    match = _PUBLISHED_LINE.match(line.strip())
    if match is not None:
        rest = line.strip()[match.end() :]
        day = _bare_date_line(rest, labelled=True) if rest else None
        if day is not None:
            word = match.group("word").lower()
            return day, "updated" in word or "modified" in word
        return None
    byline = _BYLINE.match(line.strip())
    if byline is not None and not line.rstrip().endswith("."):
        day = _bare_date_line(line.strip()[byline.end() :], labelled=True)
        if day is not None:
            return day, False
    day = _bare_date_line(line)
    return (day, False) if day is not None else None


def _dateline(article_text: str, start: int, line: str) -> Dateline | None:
    norm = text.fold(line)
    match = _DATELINE.match(norm)
    if match is None:
        return None
    place = match.group("place")
    capitals = place.upper() == place and any(ch.isalpha() for ch in place)
    if not (capitals or match.group("date") or match.group("agency")):
        return None
    if len(norm) - match.end() < 20:
        return None  # a headline of the form "GENEVA: talks end", not a dateline
    city = gazetteer().lookup(place.title()) or gazetteer().lookup(place)
    if city is None and not capitals:
        return None
    day = None
    if match.group("date"):
        found = dates.find_dates(match.group("date"))
        if found and found[0].kind is DateKind.ABSOLUTE:
            day = found[0].first
    return Dateline(start, start + match.end(), line[: match.end()], city, day)


def read_page(article_text: str) -> Page:
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
            found = publication_line(line)
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
            dateline = _dateline(article_text, offset, raw.lstrip())
        body_lines += 1
    if published is None and updated is not None:
        published, published_line = updated
    return Page(published, published_line, dateline, headline, frozenset(furniture))
