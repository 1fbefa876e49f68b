"""Find date expressions in a sentence: days, ranges, weekdays and relative phrases."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "couple": 2,
    "a couple of": 2,
    "a few": 3,
    "few": 3,
}

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?"
    r"|Aug(?:ust|\.)?|Sep(?:t(?:ember)?)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|(?:JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)\.?)"
)
# Listings and headings write them in capitals: "TUESDAY 29 NOV – TUESDAY 6 DEC | CAIRO".
_WD_FULL = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
)
_WD_ANY = _WD_FULL + r"|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d)"
_YEAR = r"(?:,?\s*(?:(?:19|20)\d{2})(?![\d:]))"
_SEP = r"\s*(?:-|to|through|till|until|and|&)\s*"
_NB = r"(?<![\w.])"  # not in the middle of a word or number
_NA = r"(?![\w-])"

_WEEKDAY_PREFIX = rf"(?:(?:{_WD_ANY}),?\s+(?:the\s+)?)?"
_Y4 = r"(?:19|20)\d{2}"
_ISO = rf"{_NB}(?P<y1>{_Y4})-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)(?![\w-])"
_DOTTED = rf"{_NB}(?P<d1>[0-3]?\d)\.(?P<m1>[01]?\d)\.(?P<y1>{_Y4})(?![\w.]\w)"
_SLASHED = rf"{_NB}(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y1>{_Y4})(?![\w/])"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "md_md",  # January 30 - February 2, 2022
        re.compile(
            rf"{_NB}(?:from\s+|between\s+)?{_WEEKDAY_PREFIX}{_g('m1', _MONTH)}\s+{_g('d1', _DAY)}"
            rf"{_g('y1', _YEAR)}?{_g('sep', _SEP)}{_WEEKDAY_PREFIX}{_g('m2', _MONTH)}\s+"
            rf"{_g('d2', _DAY)}"
            rf"{_g('y2', _YEAR)}?{_NA}"
        ),
    ),
    (
        "dm_dm",  # 30 January - 2 February 2022
        re.compile(
            rf"{_NB}(?:from\s+|between\s+)?{_WEEKDAY_PREFIX}{_g('d1', _DAY)}\s+(?:of\s+)?"
            rf"{_g('m1', _MONTH)}{_g('y1', _YEAR)}?{_g('sep', _SEP)}{_WEEKDAY_PREFIX}"
            rf"{_g('d2', _DAY)}\s+"
            rf"(?:of\s+)?{_g('m2', _MONTH)}{_g('y2', _YEAR)}?{_NA}"
        ),
    ),
    (
        "md_d",  # January 9-10, January 9 and 10, from January 15 to 17
        re.compile(
            rf"{_NB}(?:from\s+|between\s+)?{_WEEKDAY_PREFIX}{_g('m1', _MONTH)}\s+{_g('d1', _DAY)}"
            rf"{_g('sep', _SEP)}{_g('d2', _DAY)}{_g('y1', _YEAR)}?{_NA}"
        ),
    ),
    (
        "d_dm",  # 9-10 January, from 15 to 17 January, between 15 and 17 January
        re.compile(
            rf"{_NB}(?:from\s+|between\s+)?(?:the\s+)?{_g('d1', _DAY)}{_g('sep', _SEP)}"
            rf"(?:the\s+)?{_g('d2', _DAY)}\s+(?:of\s+)?{_g('m1', _MONTH)}{_g('y1', _YEAR)}?{_NA}"
        ),
    ),
    (
        "wd_d_wd_d",  # Thursday 3 and Friday 4 (March)
        re.compile(
            rf"{_NB}(?:from\s+)?{_g('w1', _WD_FULL)},?\s+(?:the\s+)?{_g('d1', _DAY)}"
            rf"(?:\s+{_g('m1', _MONTH)})?{_g('sep', _SEP)}{_g('w2', _WD_FULL)},?\s+(?:the\s+)?"
            rf"{_g('d2', _DAY)}(?:\s+(?:of\s+)?{_g('m2', _MONTH)})?{_g('y1', _YEAR)}?{_NA}"
        ),
    ),
    (
        "md",  # (Wednesday,) January 12(th)(, 2022)
        re.compile(
            rf"{_NB}(?:{_g('w1', _WD_ANY)},?\s+)?(?:the\s+)?{_g('m1', _MONTH)}\s+{_g('d1', _DAY)}"
            rf"{_g('y1', _YEAR)}?{_NA}"
        ),
    ),
    (
        "dm",  # (Wednesday,) 12(th) (of) January (2022)
        re.compile(
            rf"{_NB}(?:{_g('w1', _WD_ANY)},?\s+)?(?:the\s+)?{_g('d1', _DAY)}\s+(?:of\s+)?"
            rf"{_g('m1', _MONTH)}{_g('y1', _YEAR)}?{_NA}"
        ),
    ),
    (
        "iso",  # 2022-01-12
        re.compile(_ISO),
    ),
    (
        "dotted",  # 12.01.2022, the day first as in Europe
        re.compile(_DOTTED),
    ),
    (
        "slashed",  # 12/01/2022 or 01/12/2022: used only when one reading is impossible
        re.compile(_SLASHED),
    ),
    (
        "wd_wd",  # on Tuesday and Wednesday, from Monday to Wednesday (next week)
        re.compile(
            rf"{_NB}(?:(?:on|from|between)\s+)?(?:{_g('mod', r'next|last|this|coming')}\s+)?"
            rf"{_g('w1', _WD_FULL)}{_g('sep', _SEP)}{_g('w2', _WD_FULL)}{_NA}"
            rf"(?:\s+{_g('mod2', r'next week|last week|this week')})?"
        ),
    ),
    (
        "wd",  # (next|last|this|on) Monday
        re.compile(
            rf"{_NB}(?:{_g('mod', r'next|last|this|coming|this coming|past|on')}\s+)?"
            rf"{_g('w1', _WD_FULL)}{_NA}(?:\s+{_g('mod2', r'next week|last week|this week|week')})?"
        ),
    ),
    (
        "deictic_pair",  # today and tomorrow, yesterday and today
        re.compile(
            r"(?<![\w-])(?P<w1>yesterday|today)\s+(?:and|-|to)\s+(?P<w2>today|tomorrow)(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"(?<![\w-])(?P<word>the day after tomorrow|the day before yesterday|tomorrow|today|"
            r"tonight|yesterday|(?:earlier |later )?this (?:morning|afternoon|evening)|"
            r"last night|overnight)(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    (
        "anchored",  # in a couple of days, two days later, the next day, on the same day
        re.compile(
            r"(?<![\w-])(?P<phrase>"
            r"(?:with)?in (?P<n1>a couple of|a few|an?|one|two|three|four|five|six|seven|"
            r"eight|nine|ten|\d{1,2}) (?P<u1>days?|weeks?)(?!'|\s+(?:of|after|from)\b)"
            r"|(?P<n2>a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
            # "two days after" counts from the day named before only when nothing follows:
            # "a week after the round was broken off" counts from an event, not a date.
            r"\d{1,2}) (?P<u2>days?|weeks?) (?P<dir2>later|afterwards|earlier|"
            r"(?:after|before)(?=\s*(?:[,.;:)]|$|that\b|this\b)))"
            r"|the (?P<nd>next|following|previous|preceding) day"
            r"|the day (?P<da>after|before)(?=\s*(?:[,.;:)]|$|that\b))"
            r"|(?:on )?the same day|a day (?P<dl>later|earlier)"
            r"|(?P<same>(?:later|earlier) that day|(?:later |earlier )?that (?:morning|afternoon|"
            r"evening|night)|the same (?:evening|morning|afternoon|night)))(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    (
        "vague",  # month-only, week-only and season phrases: dated, but not to a day
        re.compile(
            rf"(?<![\w-])(?:(?:early|mid|late|the end of|the beginning of|the start of)[- ]?)?"
            rf"(?:(?:in|by|until|since|during)\s+)?{_MONTH}(?:\s+(?:19|20)\d{{2}})?"
            r"(?![\w-]|\.?\s*\d)"
            r"|(?<![\w-])(?:[Nn]ext|[Ll]ast|[Tt]his|[Cc]oming|[Tt]he following) (?:week|month|year)"
            r"(?![\w-])"
            r"|(?<![\w-])(?:every|each)(?: other)? " + _WD_FULL + r"(?![\w-])"
        ),
    ),
]


class DateKind(enum.StrEnum):
    """What sort of date expression a mention is."""

    ABSOLUTE = "absolute"  # a month and a day (the year may be missing)
    WEEKDAY = "weekday"  # a weekday, resolved from the reference date
    DEICTIC = "deictic"  # today, tomorrow, yesterday
    ANCHORED = "anchored"  # in a couple of days, the next day: from the date named before
    VAGUE = "vague"  # a month, a week or a season only


@dataclass(frozen=True, slots=True)
class DayRef:
    """A day as written: month and day (either may be missing) and an optional year."""

    month: int | None
    day: int | None
    year: int | None = None
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression in a sentence, with its span in the sentence."""

    kind: DateKind
    start: int
    end: int
    words: str
    first: DayRef | None = None
    last: DayRef | None = None
    week_shift: int = 0  # next week: +1, last week: -1 (weekdays)
    direction: int = 0  # next Monday: +1, last Monday: -1, plain Monday: 0
    offset_days: int = 0  # anchored and deictic phrases
    extra_days: int = 0  # "today and tomorrow": the days after the first
    same_day: bool = False
    listed: bool = False  # "12 and 19 January": two separate days, not a range
    year_shift: int | None = None  # "on 15 November last year": the reference's year - 1
    year_as_before: bool = False  # "on Nov. 14 the same year": the year the text named last
    possessive: bool = False  # "Thursday's signing": a name for a nearby day, either way


def _month(text: str | None) -> int | None:
    if not text:
        return None
    return MONTHS.get(text.rstrip(".").lower())


def _day(text: str | None) -> int | None:
    if not text:
        return None
    return int(re.sub(r"\D", "", text))


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else None


def _weekday(text: str | None) -> int | None:
    if not text:
        return None
    return WEEKDAYS.get(text.rstrip(".").lower())


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _is_and(sep: str | None) -> bool:
    return sep is not None and sep.strip() in {"and", "&"}


def _absolute(kind: str, m: re.Match[str]) -> tuple[DayRef, DayRef] | None:
    gd = m.groupdict()
    if kind in {"md_md", "dm_dm"}:
        y2 = _year(gd["y2"])
        y1 = _year(gd["y1"]) or (y2 if y2 and _month(gd["m1"]) <= _month(gd["m2"]) else None)  # type: ignore[operator]
        return (
            DayRef(_month(gd["m1"]), _day(gd["d1"]), y1),
            DayRef(_month(gd["m2"]), _day(gd["d2"]), y2),
        )
    if kind in {"md_d", "d_dm"}:
        month, year = _month(gd["m1"]), _year(gd["y1"])
        return DayRef(month, _day(gd["d1"]), year), DayRef(month, _day(gd["d2"]), year)
    if kind == "wd_d_wd_d":
        m2 = _month(gd["m2"]) or _month(gd["m1"])
        m1 = _month(gd["m1"]) or m2
        year = _year(gd["y1"])
        return (
            DayRef(m1, _day(gd["d1"]), year, _weekday(gd["w1"])),
            DayRef(m2, _day(gd["d2"]), year, _weekday(gd["w2"])),
        )
    if kind in {"md", "dm"}:
        ref = DayRef(_month(gd["m1"]), _day(gd["d1"]), _year(gd["y1"]), _weekday(gd["w1"]))
        return ref, ref
    if kind in {"iso", "dotted"}:
        ref = DayRef(int(gd["m1"]), int(gd["d1"]), int(gd["y1"]))
        return ref, ref
    if kind == "slashed":
        a, b = int(gd["a"]), int(gd["b"])
        if a > 12 >= b:
            ref = DayRef(b, a, int(gd["y1"]))
        elif b > 12 >= a or a == b:
            ref = DayRef(a, b, int(gd["y1"]))
        else:
            return None  # 03/04/2022: April 3rd or March 4th; not guessed
        return ref, ref
    return None


_DEICTIC_SHIFT = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "last night": -1,
    "overnight": 0,
    "the day after tomorrow": 2,
    "the day before yesterday": -2,
}


def _weekday_modifiers(mod: str | None, mod2: str | None) -> tuple[int, int]:
    """Return the direction and week shift of "next Monday", "Monday next week"..."""
    mod, mod2 = (mod or "").lower(), (mod2 or "").lower()
    direction = {"next": 1, "coming": 1, "this coming": 1, "last": -1, "past": -1}.get(mod, 0)
    week_shift = {"next week": 1, "last week": -1}.get(mod2, 0)
    if mod == "this" or mod2 == "this week":
        direction = 2  # the weekday of the reference date's own week
    return direction, week_shift


def _mention(kind: str, m: re.Match[str], offset: int) -> DateMention | None:
    start, end = m.start() + offset, m.end() + offset
    words = m.group(0)
    gd = m.groupdict()
    if kind == "vague":
        return DateMention(DateKind.VAGUE, start, end, words)
    if kind == "deictic":
        word = gd["word"].lower()
        shift = _DEICTIC_SHIFT.get(word.removeprefix("earlier ").removeprefix("later "), 0)
        return DateMention(DateKind.DEICTIC, start, end, words, offset_days=shift)
    if kind == "deictic_pair":
        shift, last_shift = _DEICTIC_SHIFT[gd["w1"].lower()], _DEICTIC_SHIFT[gd["w2"].lower()]
        if last_shift <= shift:
            return None
        return DateMention(
            DateKind.DEICTIC, start, end, words, offset_days=shift, extra_days=last_shift - shift
        )
    if kind == "anchored":
        phrase = gd["phrase"].lower()
        if "same day" in phrase or gd["same"]:
            return DateMention(DateKind.ANCHORED, start, end, words, same_day=True)
        if gd["n1"]:
            days = _count(gd["n1"]) * (7 if gd["u1"].lower().startswith("week") else 1)
        elif gd["n2"]:
            days = _count(gd["n2"]) * (7 if gd["u2"].lower().startswith("week") else 1)
            if gd["dir2"].lower() in {"before", "earlier"}:
                days = -days
        elif gd["nd"]:
            days = 1 if gd["nd"].lower() in {"next", "following"} else -1
        elif gd["da"]:
            days = 1 if gd["da"].lower() == "after" else -1
        else:
            days = 1 if (gd["dl"] or "").lower() == "later" else -1
        return DateMention(DateKind.ANCHORED, start, end, words, offset_days=days)
    if kind in {"wd_wd", "wd"}:  # "on Tuesday and Wednesday", "next Monday"
        first = DayRef(None, None, weekday=_weekday(gd["w1"]))
        last = DayRef(None, None, weekday=_weekday(gd["w2"])) if kind == "wd_wd" else first
        direction, week_shift = _weekday_modifiers(gd["mod"], gd["mod2"])
        return DateMention(
            DateKind.WEEKDAY,
            start,
            end,
            words,
            first,
            last,
            week_shift=week_shift,
            direction=direction,
            possessive=m.string.startswith(("'s", "’s"), m.end()),
        )
    pair = _absolute(kind, m)
    if pair is None:
        return None
    first, last = pair
    listed = (
        _is_and(gd.get("sep"))
        and not words.lower().startswith(("between", "from"))
        and first.day is not None
        and last.day is not None
        and (last.day - first.day > 1 or first.month != last.month)
    )
    return DateMention(DateKind.ABSOLUTE, start, end, words, first, last, listed=listed)


_WEEKDAY_WORD = re.compile(_WD_FULL)
_DIGIT = re.compile(r"\d")
_MONTH_WORD = re.compile(_MONTH)
_DEICTIC_WORDS = (
    "today",
    "tomorrow",
    "tonight",
    "yesterday",
    "this morning",
    "this afternoon",
    "this evening",
    "last night",
    "overnight",
)


def _wanted(norm: str) -> set[str]:
    """Return the patterns worth running on a sentence (most sentences carry no date)."""
    wanted: set[str] = set()
    month = _MONTH_WORD.search(norm) is not None
    weekday = _WEEKDAY_WORD.search(norm) is not None
    if _DIGIT.search(norm):
        wanted |= {"iso", "dotted", "slashed"}
        if month:
            wanted |= {"md_md", "dm_dm", "md_d", "d_dm", "md", "dm", "wd_d_wd_d"}
        if weekday:
            wanted.add("wd_d_wd_d")
    if weekday:
        wanted |= {"wd_wd", "wd", "vague"}
    lower = norm.lower()
    if any(word in lower for word in _DEICTIC_WORDS):
        wanted |= {"deictic", "deictic_pair"}
    if "day" in lower or "week" in lower:
        wanted |= {"anchored", "vague"}
    if month or "month" in lower or "year" in lower:
        wanted.add("vague")
    return wanted


def find_dates(norm: str, offset: int = 0) -> list[DateMention]:
    """Return the date mentions of a quote-folded sentence, leftmost-longest, no overlaps."""
    found: list[tuple[int, int, int, DateMention]] = []
    wanted = _wanted(norm)
    for rank, (kind, pattern) in enumerate(_PATTERNS):
        if kind not in wanted:
            continue
        for m in pattern.finditer(norm):
            if m.end() == m.start():
                continue
            mention = _mention(kind, m, offset)
            if mention is not None:
                found.append((m.start(), -(m.end() - m.start()), rank, mention))
    return join_week_phrases(relative_years(longest(found), norm, offset), norm, offset)


def longest(found: list[tuple[int, int, int, DateMention]]) -> list[DateMention]:
    """Return the mentions that win their overlaps, in text order, from (start, -length,
    pattern rank, mention): the longest wins ("on Thursday, January 13" is one date, not a
    weekday and a date), then the leftmost, then the earlier pattern."""
    found = sorted(found, key=lambda item: (item[1], item[0], item[2]))
    chosen: list[DateMention] = []
    for _start, _neg_len, _rank, mention in found:
        if any(mention.start < c.end and c.start < mention.end for c in chosen):
            continue
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


_RELATIVE_YEAR = re.compile(
    r",?\s+(?:of\s+)?(?P<rel>last|this|next|that|the same) year\b", re.IGNORECASE
)
_YEAR_SHIFTS = {"last": -1, "this": 0, "next": 1}
_SAME_YEAR = frozenset({"that", "the same"})


def relative_years(
    mentions: list[DateMention],
    norm: str,
    offset: int,
    pattern: re.Pattern[str] = _RELATIVE_YEAR,
    shifts: Mapping[str, int] = _YEAR_SHIFTS,
    same: Collection[str] = _SAME_YEAR,
) -> list[DateMention]:
    """Read "on Nov. 15 last year", "15 ноября прошлого года": a day in a year counted from the
    reference date's. `pattern` (matched right after the day, group `rel`) is the language's
    phrase; `shifts` says how many years each `rel` (lower case, one space) moves, and `same`
    which ones mean the year the text named last."""
    found = []
    for mention in mentions:
        first = mention.first
        if mention.kind is DateKind.ABSOLUTE and first is not None and first.year is None:
            m = pattern.match(norm, mention.end - offset)
            if m is not None:
                rel = " ".join(m.group("rel").lower().split())
                mention = dataclasses.replace(
                    mention, end=m.end() + offset, words=mention.words + m.group(0),
                    year_shift=shifts.get(rel), year_as_before=rel in same,
                )  # fmt: skip
        found.append(mention)
    return [m for m in found if not any(o is not m and o.start <= m.start < o.end for o in found)]


_WEEK_PHRASE = re.compile(r"(?P<rel>next|last|this|coming) week$", re.IGNORECASE)
_WEEK_JOINER = re.compile(r"^[\s,]*(?:on\s+)?$")
_WEEK_SHIFTS = {"next": 1, "coming": 1, "last": -1}


def join_week_phrases(
    mentions: list[DateMention],
    norm: str,
    offset: int,
    phrase: re.Pattern[str] = _WEEK_PHRASE,
    joiner: re.Pattern[str] = _WEEK_JOINER,
    shifts: Mapping[str, int] = _WEEK_SHIFTS,
) -> list[DateMention]:
    """Join "next week, on Thursday" into one weekday mention a week on. `phrase` finds the
    week at the end of a vague mention (group `rel`, looked up in `shifts`, 0 when absent);
    `joiner` matches what may stand between it and the weekday."""
    joined: list[DateMention] = []
    for mention in mentions:
        prev = joined[-1] if joined else None
        week = phrase.search(prev.words) if prev is not None else None
        if (
            prev is not None
            and week is not None
            and prev.kind is DateKind.VAGUE
            and mention.kind is DateKind.WEEKDAY
            and joiner.match(norm[prev.end - offset : mention.start - offset])
        ):
            shift = shifts.get(week.group("rel").lower(), 0)
            joined[-1] = DateMention(
                DateKind.WEEKDAY,
                prev.start,
                mention.end,
                norm[prev.start - offset : mention.end - offset],
                mention.first,
                mention.last,
                week_shift=shift,
                direction=2 if shift == 0 else 0,
            )
            continue
        joined.append(mention)
    return joined
