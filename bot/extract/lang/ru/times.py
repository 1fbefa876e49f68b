"""Find Russian clock times and their zones: "в 17:00 по московскому времени", "в 17:00 мск",
"в 09:00 по местному времени (04:00 мск)", "в 10 утра", "с 10:00 до 12:00"."""

from __future__ import annotations

import re

from bot.extract.times import ZONE_ABBREVIATIONS, TimeMention, Zone

_ZONE = (
    r"(?:\s*\(?\s*(?:"
    r"(?P<msk>по\s+московскому(?:\s+времени)?|по\s+времени\s+москвы|по\s+мск|мск|MSK)"
    r"|(?P<local>по\s+местному(?:\s+времени)?)"
    r"|(?P<abbr>GMT|UTC|CET|CEST|EET|EEST)(?:\s*(?P<off>[+-]\s?\d{1,2}))?"
    r"|по\s+(?P<city>киевскому|минскому|вашингтонскому|пекинскому|токийскому|"
    r"стамбульскому|женевскому|венскому|брюссельскому|нью-йоркскому)(?:\s+времени)?"
    r")\)?(?![\w]))?"
)
_CITY_ZONES = {
    "киевскому": "Europe/Kyiv", "минскому": "Europe/Minsk", "вашингтонскому": "America/New_York",
    "нью-йоркскому": "America/New_York", "пекинскому": "Asia/Shanghai",
    "токийскому": "Asia/Tokyo", "стамбульскому": "Europe/Istanbul",
    "женевскому": "Europe/Zurich", "венскому": "Europe/Vienna", "брюссельскому": "Europe/Brussels",
}  # fmt: skip
_PART = r"(?P<part>утра|дня|вечера|ночи)"
_TIME = re.compile(
    r"(?<![\w:.])(?:(?P<pre>в|к|с|около|до|на|от|примерно\s+в|начиная\s+с)\s+)?"
    r"(?:(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?![\d])"
    r"|(?P<h2>[01]?\d|2[0-3])\s+(?:час(?:а|ов)?\s+)?" + _PART + r"(?![\w])"
    r"|(?P<h3>[01]?\d|2[0-3])\s+час(?:а|ов)(?![\w])"
    r"|(?P<noon>полдень|полночь))" + _ZONE,
    re.IGNORECASE,
)
_UNTIL = re.compile(r"^\s*(?:-|до|по)\s*$", re.IGNORECASE)


def _minutes(gd: dict[str, str | None]) -> int | None:
    if gd["h"] is not None:
        return int(gd["h"]) * 60 + int(gd["mi"] or 0)
    if gd["h2"] is not None:
        hour, part = int(gd["h2"]), (gd["part"] or "").lower()
        if part in {"дня", "вечера"} and hour < 12:
            hour += 12
        elif part == "ночи" and hour == 12:
            hour = 0
        return hour * 60
    if gd["h3"] is not None:
        return int(gd["h3"]) * 60
    if gd["noon"] is not None:
        return 0 if gd["noon"].lower() == "полночь" else 12 * 60
    return None


def _zone(gd: dict[str, str | None]) -> Zone | None:
    if gd["msk"]:
        return Zone(iana="Europe/Moscow")
    if gd["local"]:
        return Zone(local=True)
    if gd["abbr"]:
        offset, display = ZONE_ABBREVIATIONS[gd["abbr"].upper()]
        if gd["off"]:
            offset = int(gd["off"].replace(" ", "")) * 60
            return Zone(offset_minutes=offset)
        return Zone(iana=display, offset_minutes=offset)
    if gd["city"]:
        return Zone(iana=_CITY_ZONES[gd["city"].lower()])
    return None


def find_times(norm: str, offset: int = 0) -> list[TimeMention]:
    """Return the clock times of a quote-folded sentence, a range ("с 10:00 до 12:00") as one.

    A time in brackets after a zoned one ("в 09:00 по местному времени (04:00 мск)") says the
    same moment again and is left out.
    """
    found: list[TimeMention] = []
    for m in _TIME.finditer(norm):
        gd = m.groupdict()
        minutes = _minutes(gd)
        if minutes is None or (gd["h"] is None and gd["h2"] is None and not gd["pre"]):
            continue  # "3 часа" without "в" is a length, not a time
        hour, minute = divmod(minutes, 60)
        start = m.start("pre") if gd["pre"] else m.start()
        mention = TimeMention(start + offset, m.end() + offset, norm[start : m.end()],
                              hour, minute, _zone(gd))  # fmt: skip
        prev = found[-1] if found else None
        if prev is not None:
            gap = norm[prev.end - offset : start]
            pre = (gd["pre"] or "").lower()
            if prev.until is None and (
                (pre == "до" and not gap.strip()) or (not pre and _UNTIL.match(gap))
            ):
                found[-1] = TimeMention(prev.start, mention.end, norm[prev.start - offset :
                                        m.end()], prev.hour, prev.minute, prev.zone or
                                        mention.zone, (hour, minute))  # fmt: skip
                continue
            if prev.zone is not None and gap.strip() == "" and norm[start - 1 : start] == "(":
                continue  # the same moment in another zone
            if (
                prev.zone is not None
                and gap.strip() in {"(", ""}
                and "(" in norm[prev.end - offset : m.end()]
            ):
                continue
        found.append(mention)
    return found


_DURATION = re.compile(
    r"(?:продлил(?:ись|ась|ся|ось)|длил(?:ись|ась|ся|ось)|продлятся|продлится|продолжал(?:ись|ась|ся)"
    r")\s+(?:около\s+|более\s+|почти\s+|примерно\s+|свыше\s+)?(?P<n>\d{1,3}|час|полтора|полутора|"
    r"двух|два|трех|трёх|три|четырех|четыре|пяти|пять)?\s*(?P<u>час(?:а|ов)?|минут[уы]?)?(?![\w])",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "час": 1, "полтора": 1.5, "полутора": 1.5, "два": 2, "двух": 2, "три": 3, "трех": 3,
    "трёх": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5,
}  # fmt: skip


def find_duration(norm: str) -> int | None:
    """Return how many minutes a session lasted or will last, when the sentence says so
    ("переговоры продлились около трех часов" is three hours; a day's length is not read)."""
    m = _DURATION.search(norm)
    if m is None or (m.group("n") is None and m.group("u") is None):
        return None
    word, unit = (m.group("n") or "час").lower(), (m.group("u") or "час").lower()
    value = float(word) if word.isdigit() else _WORD_NUMBERS.get(word)
    if value is None:
        return None
    minutes = int(value * (60 if unit.startswith("час") else 1))
    return minutes if 0 < minutes <= 24 * 60 else None
