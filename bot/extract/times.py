"""Find clock times, their zones and durations in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HOUR_WORDS = {
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
}
_MINUTE_WORDS = {
    "five": 5,
    "ten": 10,
    "a quarter": 15,
    "quarter": 15,
    "twenty": 20,
    "twenty-five": 25,
    "twenty five": 25,
    "half": 30,
}
_AMOUNT_WORDS = {
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
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "ninety": 90,
}

# Abbreviations with the offset they stand for and a zone that uses it, for display.
ZONE_ABBREVIATIONS: dict[str, tuple[int, str]] = {
    "GMT": (0, "UTC"),
    "UTC": (0, "UTC"),
    "Z": (0, "UTC"),
    "WET": (0, "Europe/Lisbon"),
    "WEST": (60, "Europe/Lisbon"),
    "BST": (60, "Europe/London"),
    "CET": (60, "Europe/Paris"),
    "CEST": (120, "Europe/Paris"),
    "EET": (120, "Europe/Kyiv"),
    "EEST": (180, "Europe/Kyiv"),
    "MSK": (180, "Europe/Moscow"),
    "TRT": (180, "Europe/Istanbul"),
    "GST": (240, "Asia/Dubai"),
    "IRST": (210, "Asia/Tehran"),
    "PKT": (300, "Asia/Karachi"),
    "IST": (330, "Asia/Kolkata"),
    "SGT": (480, "Asia/Singapore"),
    "HKT": (480, "Asia/Hong_Kong"),
    "JST": (540, "Asia/Tokyo"),
    "KST": (540, "Asia/Seoul"),
    "AEST": (600, "Australia/Sydney"),
    "AEDT": (660, "Australia/Sydney"),
    "EST": (-300, "America/New_York"),
    "EDT": (-240, "America/New_York"),
    "CST": (-360, "America/Chicago"),
    "CDT": (-300, "America/Chicago"),
    "MST": (-420, "America/Denver"),
    "MDT": (-360, "America/Denver"),
    "PST": (-480, "America/Los_Angeles"),
    "PDT": (-420, "America/Los_Angeles"),
}
# Names that follow the zone's daylight saving time rather than a fixed offset.
ZONE_NAMES: dict[str, str] = {
    "ET": "America/New_York",
    "PT": "America/Los_Angeles",
    "CT": "America/Chicago",
    "eastern time": "America/New_York",
    "eastern standard time": "America/New_York",
    "pacific time": "America/Los_Angeles",
    "central time": "America/Chicago",
    "central european time": "Europe/Paris",
    "central european summer time": "Europe/Paris",
    "eastern european time": "Europe/Kyiv",
    "greenwich mean time": "UTC",
    "coordinated universal time": "UTC",
    "british summer time": "Europe/London",
}

_ABBR = "|".join(sorted((k for k in ZONE_ABBREVIATIONS if k != "Z"), key=len, reverse=True))
_NAMED = "|".join(sorted((k for k in ZONE_NAMES if not k.isupper()), key=len, reverse=True))
_ZONE = (
    r"(?:\s*\(?\s*(?:"
    rf"(?P<abbr>{_ABBR}|ET|PT|CT)(?:\s*(?P<off>[+-]\s?\d{{1,2}}(?::?\d{{2}})?))?"
    rf"|(?P<named>(?i:{_NAMED}))"
    r"|(?P<local>local time)"
    r"|(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) time"
    r")\)?(?![\w]))?"
)
_AP = r"(?P<ap>[ap]\.?\s?m\b\.?)"
_PART = r"(?:\s+(?:in the (?P<part>morning|afternoon|evening)|at (?P<night>night)|tonight))?"
_HW = r"(?P<hw>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|[1-9])"
_AMOUNT = (
    r"(?P<amount>half an hour|an hour and a half|a quarter of an hour|quarter of an hour|an hour|"
    r"(?:\d{1,3}|a|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|forty-five|fifty)"
    r" (?:minutes?|hours?))"
)
_BASE_TIME = (
    r"(?:(?P<h>[01]?\d|2[0-3])(?::|h)(?P<mi>[0-5]\d)(?:\s*" + _AP + r")?"
    r"|(?P<h2>1[0-2]|0?[1-9])(?:[.:](?P<mi2>[0-5]\d))?\s*" + _AP.replace("ap>", "ap2>") + r"|"
    # "at 14.30"; "at 1.00pm" is the clock of the branch above
    r"(?:at|from|by|until|after|before)\s+(?P<h3>[01]?\d|2[0-3])\.(?P<mi3>[0-5]\d)"
    r"(?![\d.]|\s*[ap]\.?\s?m\b)"
    r"|(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)(?=\s*(?:GMT|UTC|CET|CEST|EET|EEST|MSK|EST|EDT|BST|"
    r"PST|PDT|CST|CDT|JST|Z\b|local time|hrs\b|hours\b))"
    r"|(?P<noon>noon|midday|midnight)"
    r"|(?P<frac>half past|a quarter past|quarter past|a quarter to|quarter to|"
    r"(?:five|ten|twenty|twenty-five) (?:minutes )?(?:past|to)) (?:"
    + _HW
    + r"|(?P<fnoon>noon|midnight))(?: o'clock)?"
    + _PART
    + r"|"
    + _HW.replace("hw>", "hw2>")
    + r" o'clock"
    + _PART.replace("part>", "part2>").replace("night>", "night2>")
    + r"|"
    + _HW.replace("hw>", "hw3>")
    + r" in the (?P<part3>morning|afternoon|evening)"
    + r")"
)
_TIME = re.compile(
    r"(?<![\w:.])(?:" + _AMOUNT + r" (?P<dir>before|after) )?" + _BASE_TIME + _ZONE,
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(?:(?:lasted|lasting|lasts|last|will last|took|ran|runs)\s+(?:for\s+)?"
    r"(?:exactly|about|around|roughly|approximately|more than|over|nearly|almost|some|just over|"
    r"just under|less than|under|a little over|a little more than|just|only)?\s*"
    r"(?:(?P<half>an hour and a half|one and a half hours|two and a half hours)"
    r"|(?P<n>\d{1,3}|an|a|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|forty-five|"
    r"fifty|ninety)\s*(?P<u>minutes?|mins?|hours?)(?![\w-]))"
    r"|(?P<n2>\d{1,3}|an|one|two|three|ten|fifteen|twenty|thirty|forty|forty-five|fifty|ninety)"
    r"[- ](?P<u2>minute|hour)(?:-long)?\s+(?:phone |telephone |video |closed-door |private )?"
    r"(?:call|conversation|meeting|talks|session|discussion|summit|negotiations))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Zone:
    """Where a clock time is read: a fixed offset, a named IANA zone, or the venue's own."""

    iana: str | None = None  # the zone to display, or to compute with when `offset` is None
    offset_minutes: int | None = None  # a fixed offset, when the text gave one (GMT, CET+1)
    city: str | None = None  # "Moscow time": resolved through the gazetteer by the caller
    local: bool = False  # "local time": the venue's zone


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A clock time in a sentence, with its zone when the text gives one, and its end if any."""

    start: int
    end: int
    words: str
    hour: int
    minute: int
    zone: Zone | None
    until: tuple[int, int] | None = None  # "from 10:00 to 12:00": the end's hour and minute


def _hour_word(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _HOUR_WORDS[text]


def _to_24h(hour: int, ap: str | None, part: str | None) -> int:
    marker = (ap or "").lower().replace(".", "").replace(" ", "")
    if marker.startswith("p") or part in {"afternoon", "evening", "night"}:
        return hour if hour == 12 and marker.startswith("p") else (hour % 12) + 12
    if marker.startswith("a") or part == "morning":
        return 0 if hour == 12 else hour
    return hour


def _amount_minutes(text: str) -> int:
    text = text.lower()
    fixed = {
        "half an hour": 30,
        "an hour and a half": 90,
        "a quarter of an hour": 15,
        "quarter of an hour": 15,
        "an hour": 60,
    }
    if text in fixed:
        return fixed[text]
    count, unit = text.split(" ", 1)
    value = int(count) if count.isdigit() else _AMOUNT_WORDS[count]
    return value * (60 if unit.startswith("hour") else 1)


def _base_minutes(gd: dict[str, str | None]) -> int | None:
    if gd["h"] is not None:
        hour = int(gd["h"])
        if gd["ap"] and hour > 12:
            return None
        return _to_24h(hour, gd["ap"], None) * 60 + int(gd["mi"] or 0)
    if gd["h2"] is not None:
        return _to_24h(int(gd["h2"]), gd["ap2"], None) * 60 + int(gd["mi2"] or 0)
    if gd["h3"] is not None:
        return int(gd["h3"]) * 60 + int(gd["mi3"] or 0)
    if gd["h4"] is not None:
        return int(gd["h4"]) * 60 + int(gd["mi4"] or 0)
    if gd["noon"] is not None:
        return 0 if gd["noon"].lower() == "midnight" else 12 * 60
    if gd["frac"] is not None and (gd["hw"] is not None or gd["fnoon"] is not None):
        frac = gd["frac"].lower()
        part = gd["part"] or ("night" if gd["night"] else None)
        if gd["fnoon"] is not None:
            hour = 24 if gd["fnoon"].lower() == "midnight" else 12
        else:
            hour = _to_24h(_hour_word(gd["hw"] or "12"), None, part)
        minutes = next(v for k, v in _MINUTE_WORDS.items() if frac.startswith(("a " + k, k)))
        return hour * 60 + (minutes if frac.endswith(("past",)) or " past" in frac else -minutes)
    if gd["hw2"] is not None:
        part = gd["part2"] or ("night" if gd["night2"] else None)
        return _to_24h(_hour_word(gd["hw2"]), None, part) * 60
    if gd["hw3"] is not None:
        return _to_24h(_hour_word(gd["hw3"]), None, gd["part3"]) * 60
    return None


def _zone(gd: dict[str, str | None]) -> Zone | None:
    if gd["abbr"]:
        abbr = gd["abbr"].upper()
        if gd["abbr"] != abbr:
            return None  # "et", "pt": words, not zones
        if abbr in ZONE_NAMES:
            return Zone(iana=ZONE_NAMES[abbr])
        offset, display = ZONE_ABBREVIATIONS[abbr]
        iana: str | None = display
        if gd["off"]:
            sign = -1 if gd["off"].strip().startswith("-") else 1
            digits = re.sub(r"\D", "", gd["off"])
            hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
            offset = sign * (int(hours) * 60 + int(minutes))
            if abs(offset) >= 24 * 60 or int(minutes) >= 60:
                return None  # "UTC+99" is no zone
            iana = None
        return Zone(iana=iana, offset_minutes=offset)
    if gd["named"]:
        return Zone(iana=ZONE_NAMES[gd["named"].lower()])
    if gd["local"]:
        return Zone(local=True)
    if gd["city"]:
        return Zone(city=gd["city"])
    return None


_DIGIT = re.compile(r"\d")
_TIME_WORDS = (
    "noon",
    "midnight",
    "midday",
    "o'clock",
    "quarter",
    "half",
    "in the morning",
    "in the afternoon",
    "in the evening",
    "at night",
    "five past",
    "ten past",
    "twenty past",
    "five to",
    "ten to",
    "twenty to",
    "minutes past",
    "minutes to",
)


def find_times(norm: str, offset: int = 0) -> list[TimeMention]:
    """Return the clock times of a quote-folded sentence with their zones."""
    found: list[TimeMention] = []
    lower = norm.lower()
    if not _DIGIT.search(norm) and not any(w in lower for w in _TIME_WORDS):
        return found
    for m in _TIME.finditer(norm):
        gd = m.groupdict()
        minutes = _base_minutes(gd)
        if minutes is None:
            continue
        if gd["amount"]:
            shift = _amount_minutes(gd["amount"])
            minutes += -shift if gd["dir"].lower() == "before" else shift
        minutes %= 24 * 60
        zone = _zone(gd)
        end = m.end()
        if gd["abbr"] and zone is None:
            end = m.start("abbr")
            while end > m.start() and norm[end - 1] in " (":
                end -= 1
        found.append(
            TimeMention(
                m.start() + offset,
                end + offset,
                norm[m.start() : end],
                minutes // 60,
                minutes % 60,
                zone,
            )
        )
    return _join_ranges(found, norm, offset)


_TIME_RANGE_SEP = re.compile(r"^\s*(?:-|to|until|till|and)\s*$", re.IGNORECASE)


def _join_ranges(found: list[TimeMention], norm: str, offset: int) -> list[TimeMention]:
    """Join "from 10:00 to 12:00 CET" into one time with an end; the zone serves both."""
    joined: list[TimeMention] = []
    for mention in found:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.until is None
            and (prev.zone is None or mention.zone is None or prev.zone == mention.zone)
            and _TIME_RANGE_SEP.match(norm[prev.end - offset : mention.start - offset])
        ):
            joined[-1] = TimeMention(
                prev.start,
                mention.end,
                norm[prev.start - offset : mention.end - offset],
                prev.hour,
                prev.minute,
                prev.zone or mention.zone,
                (mention.hour, mention.minute),
            )
            continue
        joined.append(mention)
    return joined


def find_duration(norm: str) -> int | None:
    """Return the duration in minutes that the sentence gives, if any."""
    lower = norm.lower()
    if "minute" not in lower and "hour" not in lower and "min" not in lower:
        return None
    m = _DURATION.search(norm)
    if m is None:
        return None
    if m.group("half"):
        return 150 if m.group("half").lower().startswith("two") else 90
    amount = (m.group("n") or m.group("n2") or "").lower()
    unit = (m.group("u") or m.group("u2") or "").lower()
    value = int(amount) if amount.isdigit() else _AMOUNT_WORDS.get(amount)
    if value is None or value == 0:
        return None
    minutes = value * 60 if unit.startswith("hour") else value
    more = _MORE_MINUTES.match(norm, m.end())
    if more and unit.startswith("hour"):
        minutes += int(more.group(1))
    return minutes if 0 < minutes <= 24 * 60 else None


_MORE_MINUTES = re.compile(r"\s*(?:and\s+)?(\d{1,2})\s*(?:minutes?|mins?)\b", re.IGNORECASE)
