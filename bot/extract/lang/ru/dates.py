"""Find Russian date expressions: "25 января", "в понедельник, 25 января", "с 14 по 16 февраля",
"на следующей неделе", "на следующий день, 19 июня", "в июле".

Month and weekday words are matched in every case form, generated from their lemmas by
pymorphy3 (its lexemes), not listed by hand.
"""

from __future__ import annotations

import functools
import re

from bot.extract.dates import (
    DateKind,
    DateMention,
    DayRef,
    join_week_phrases,
    longest,
    relative_years,
)
from bot.extract.lang.ru import morph

MONTHS = {
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}  # fmt: skip
WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "среда": 2, "четверг": 3, "пятница": 4, "суббота": 5,
    "воскресенье": 6,
}  # fmt: skip
# Numbers of days and weeks written as words: "через два дня", "спустя неделю".
NUMBERS = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "пара": 2, "несколько": 3,
}  # fmt: skip


def _lemma_of(word: str, table: dict[str, int]) -> int | None:
    for reading in morph.readings(word):
        if reading.lemma in table:
            return table[reading.lemma]
    return None


@functools.cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    month = morph.alternation(tuple(MONTHS), "NOUN")
    weekday = morph.alternation(tuple(WEEKDAYS), "NOUN")
    nb, na = r"(?<![\w.])", r"(?![\w-])"
    day = r"(?:3[01]|[12]\d|0?[1-9])(?![\d:.,]\d)"
    year = r"(?:\s+(?P<{}>(?:19|20)\d{{2}})(?:\s*(?:года|году|год|г\.))?)"
    # "в понедельник, ", "ВТОРНИК–СРЕДА, " (a listing's days)
    prefix = rf"(?:(?:в|во)\s+)?(?:(?:{weekday})(?:\s*-\s*(?:{weekday}))?,?\s+)"
    wd = rf"(?:(?:в|во)\s+)?(?P<w1>{weekday}),?\s+"
    sep = r"\s*(?:-|по|до|и)\s*"
    i = re.IGNORECASE

    def y(name: str) -> str:
        return year.format(name)

    return [
        # 29 ноября - 6 декабря, с 30 января по 2 февраля 2022 года
        ("dm_dm", re.compile(
            rf"{nb}(?:с\s+)?(?:{prefix})?(?P<d1>{day})\s+(?P<m1>{month}){y('y1')}?"
            rf"(?P<sep>{sep})(?:{prefix})?(?P<d2>{day})\s+(?P<m2>{month}){y('y2')}?{na}", i)),
        # 20-21 февраля, с 14 по 16 февраля, 9 и 10 января
        ("d_dm", re.compile(
            rf"{nb}(?:{prefix})?(?:с\s+)?(?P<d1>{day})(?P<sep>{sep})(?P<d2>{day})\s+(?P<m1>{month})"
            rf"{y('y1')}?{na}", i)),
        # (в понедельник,) 25 января (2022 года)
        ("dm", re.compile(
            rf"{nb}(?:{wd})?(?P<d1>{day})(?:-?(?:го|е|ого))?\s+(?P<m1>{month}){y('y1')}?{na}",
            i)),
        ("iso", re.compile(rf"{nb}(?P<y1>(?:19|20)\d{{2}})-(?P<m1>[01]\d)-(?P<d1>[0-3]\d){na}")),
        ("dotted", re.compile(
            rf"{nb}(?P<d1>[0-3]?\d)\.(?P<m1>[01]?\d)\.(?P<y1>(?:19|20)\d{{2}})(?![\w.]\w)")),
        # в понедельник и вторник, с понедельника по среду
        ("wd_wd", re.compile(
            rf"(?<![\w-])(?:(?:в|во|с)\s+)?(?:(?P<mod>\w+)\s+)?(?P<w1>{weekday})"
            rf"\s*(?:-|по|и)\s*(?:в\s+|во\s+)?(?P<w2>{weekday}){na}", i)),
        # (в) (следующий) понедельник (на следующей неделе)
        ("wd", re.compile(
            rf"(?<![\w-])(?:(?P<pre>в|во|к|на)\s+)?(?:(?P<mod>\w+)\s+)?(?P<w1>{weekday}){na}"
            r"(?:\s+(?P<mod2>на\s+(?:этой|следующей|прошлой|будущей|минувшей|предстоящей)"
            r"\s+неделе))?", i)),
        ("deictic_pair", re.compile(
            r"(?<![\w-])(?P<w1>вчера|сегодня)\s+(?:и|-)\s+(?P<w2>сегодня|завтра)(?![\w-])", i)),
        ("deictic", re.compile(
            r"(?<![\w-])(?P<word>послезавтра|позавчера|сегодня|завтра|вчера|накануне|"
            r"этим\s+(?:утром|вечером)|сегодня\s+(?:утром|днем|днём|вечером)|"
            r"вчера\s+(?:утром|днем|днём|вечером)|минувшей\s+ночью|прошлой\s+ночью|"
            # "сегодняшняя встреча", "на вчерашних переговорах": the adjectives, in any form
            r"(?:поза|после)?(?:сегодняшн|вчерашн|завтрашн)\w+)(?![\w-])", i)),
        ("anchored", re.compile(
            r"(?<![\w-])(?P<phrase>на\s+(?:следующий|другой)\s+день|днем\s+позже|днём\s+позже|"
            r"днем\s+ранее|днём\s+ранее|в\s+тот\s+же\s+день|в\s+этот\s+же\s+день|"
            r"(?:через|спустя)\s+(?P<n1>\d{1,2}|\w+)?\s*(?P<u1>дня|дней|день|недел[юиь]|недель)|"
            r"(?P<n2>\d{1,2}|\w+)\s+(?P<u2>дня|дней|день|недели|недель)\s+(?P<dir2>спустя|"
            r"назад))(?![\w-])", i)),
        ("vague", re.compile(
            rf"(?<![\w-])(?:(?:в|к|до|с|на)\s+)?(?:(?:начале|конце|середине|первой\s+половине|"
            rf"второй\s+половине)\s+)?(?:{month})(?:\s+(?:19|20)\d{{2}}(?:\s*(?:года|г\.))?)?"
            r"(?![\w-]|\.?\s*\d)"
            r"|(?<![\w-])(?:(?:в|на)\s+)?(?:(?:начале|конце|середине)\s+)?(?:этой|следующей|"
            r"прошлой|будущей|минувшей|предстоящей|текущей)\s+недел[еи](?![\w-])"
            r"|(?<![\w-])(?:в\s+)?(?:этом|следующем|прошлом|будущем|текущем)\s+(?:месяце|году)"
            r"(?![\w-])", i)),
    ]  # fmt: skip


_DEICTIC_SHIFT = {
    "послезавтра": 2, "позавчера": -2, "сегодня": 0, "завтра": 1, "вчера": -1, "накануне": -1,
    "этим": 0, "минувшей": -1, "прошлой": -1,
    "сегодняшний": 0, "вчерашний": -1, "завтрашний": 1, "позавчерашний": -2,
    "послезавтрашний": 2,
}  # fmt: skip
_NEXT = frozenset({"следующий", "будущий", "ближайший", "предстоящий", "грядущий"})
_LAST = frozenset({"прошлый", "минувший", "прошедший", "предыдущий"})
_THIS = frozenset({"этот", "текущий", "нынешний"})


def _direction(mod: str | None) -> int | None:
    """Return the direction a modifier gives a weekday, or None when it is no modifier."""
    if not mod:
        return 0
    lemmas = {r.lemma for r in morph.readings(mod)}
    if lemmas & _NEXT:
        return 1
    if lemmas & _LAST:
        return -1
    if lemmas & _THIS:
        return 2
    return None


def _week_shift(mod2: str | None) -> int:
    """Return the weeks "на следующей неделе" moves a weekday (the same table as the joins)."""
    return _WEEK_SHIFTS.get(mod2.split()[1].lower(), 0) if mod2 else 0


def _count(word: str | None) -> int | None:
    if not word:
        return 1
    if word.isdigit():
        return int(word)
    return _lemma_of(word, NUMBERS)


def _month(word: str | None) -> int | None:
    return _lemma_of(word, MONTHS) if word else None


def _weekday(word: str | None) -> int | None:
    return _lemma_of(word, WEEKDAYS) if word else None


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _mention(kind: str, m: re.Match[str], offset: int) -> DateMention | None:
    start, end, words = m.start() + offset, m.end() + offset, m.group(0)
    gd = m.groupdict()
    if kind == "vague":
        return DateMention(DateKind.VAGUE, start, end, words)
    if kind == "deictic":
        first = gd["word"].split()[0].lower()
        if first not in _DEICTIC_SHIFT:  # an adjective: "сегодняшнюю" is "сегодняшний"
            first = next((r.lemma for r in morph.readings(first) if r.lemma in _DEICTIC_SHIFT), "")
            if not first:
                return None
        return DateMention(DateKind.DEICTIC, start, end, words, offset_days=_DEICTIC_SHIFT[first])
    if kind == "deictic_pair":
        a, b = _DEICTIC_SHIFT[gd["w1"].lower()], _DEICTIC_SHIFT[gd["w2"].lower()]
        if b <= a:
            return None
        return DateMention(DateKind.DEICTIC, start, end, words, offset_days=a, extra_days=b - a)
    if kind == "anchored":
        phrase = gd["phrase"].lower()
        if "тот же" in phrase or "этот же" in phrase:
            return DateMention(DateKind.ANCHORED, start, end, words, same_day=True)
        if "день" in phrase.split()[-1] and phrase.startswith("на "):
            return DateMention(DateKind.ANCHORED, start, end, words, offset_days=1)
        if phrase.startswith(("днем", "днём")):
            shift = 1 if phrase.endswith("позже") else -1
            return DateMention(DateKind.ANCHORED, start, end, words, offset_days=shift)
        unit = gd["u1"] or gd["u2"] or ""
        count = _count(gd["n1"] if gd["u1"] else gd["n2"])
        if count is None:
            return None
        days = count * (7 if unit.startswith("недел") else 1)
        if (gd["dir2"] or "").lower() == "назад":
            days = -days
        return DateMention(DateKind.ANCHORED, start, end, words, offset_days=days)
    if kind in {"wd", "wd_wd"}:
        direction = _direction(gd.get("mod"))
        if direction is None:
            if kind == "wd" and not gd.get("pre"):
                return None  # "Среда" as a noun ("in this environment"), not a day
            direction = 0
            cut = m.start("mod") - m.start() + len(gd["mod"]) + 1  # the word is no modifier
            start, words = start + cut, words[cut:]
        first = DayRef(None, None, weekday=_weekday(gd["w1"]))
        last = DayRef(None, None, weekday=_weekday(gd["w2"])) if kind == "wd_wd" else first
        if kind == "wd" and not gd.get("pre") and not gd.get("mod") and not gd.get("mod2"):
            return None  # a bare "среда", "пятница": too often a noun or a name
        return DateMention(
            DateKind.WEEKDAY, start, end, words, first, last,
            week_shift=_week_shift(gd.get("mod2")), direction=direction,
        )  # fmt: skip
    if kind in {"iso", "dotted"}:
        ref = DayRef(int(gd["m1"]), int(gd["d1"]), int(gd["y1"]))
        if not 1 <= ref.month <= 12:  # type: ignore[operator]
            return None
        return DateMention(DateKind.ABSOLUTE, start, end, words, ref, ref)
    if kind == "dm_dm":
        y2 = _int(gd["y2"])
        first = DayRef(_month(gd["m1"]), _int(gd["d1"]), _int(gd["y1"]) or y2)
        last = DayRef(_month(gd["m2"]), _int(gd["d2"]), y2)
    elif kind == "d_dm":
        month, year = _month(gd["m1"]), _int(gd["y1"])
        first, last = DayRef(month, _int(gd["d1"]), year), DayRef(month, _int(gd["d2"]), year)
    else:
        first = DayRef(_month(gd["m1"]), _int(gd["d1"]), _int(gd["y1"]), _weekday(gd.get("w1")))
        last = first
    if first.month is None or last.month is None:
        return None
    sep = (gd.get("sep") or "").strip().lower()
    listed = (
        sep == "и"
        and first.day is not None
        and last.day is not None
        and (last.day - first.day > 1 or first.month != last.month)
    )
    return DateMention(DateKind.ABSOLUTE, start, end, words, first, last, listed=listed)


_DIGIT = re.compile(r"\d")


def find_dates(norm: str, offset: int = 0) -> list[DateMention]:
    """Return the date mentions of a quote-folded sentence, leftmost-longest, no overlaps."""
    found: list[tuple[int, int, int, DateMention]] = []
    digits = _DIGIT.search(norm) is not None
    for rank, (kind, pattern) in enumerate(_patterns()):
        if kind in {"dm_dm", "d_dm", "dm", "iso", "dotted"} and not digits:
            continue
        for m in pattern.finditer(norm):
            if m.end() == m.start():
                continue
            mention = _mention(kind, m, offset)
            if mention is not None:
                found.append((mention.start, -(mention.end - mention.start), rank, mention))
    return _relative(longest(found), norm, offset)


_RELATIVE_YEAR = re.compile(
    r"\s+(?P<rel>прошлого|этого|текущего|следующего|будущего|того\s+же)\s+года(?![\w-])",
    re.IGNORECASE,
)
_YEAR_SHIFTS = {"прошлого": -1, "этого": 0, "текущего": 0, "следующего": 1, "будущего": 1}
_WEEK_PHRASE = re.compile(
    r"(?P<rel>этой|следующей|прошлой|будущей|минувшей|предстоящей|текущей)\s+неделе$", re.I
)
_WEEK_JOINER = re.compile(r"^[\s,]*(?:в|во)?\s*$", re.IGNORECASE)
_WEEK_SHIFTS = {"следующей": 1, "будущей": 1, "предстоящей": 1, "прошлой": -1, "минувшей": -1}


def _relative(mentions: list[DateMention], norm: str, offset: int) -> list[DateMention]:
    """Read "15 ноября прошлого года" and join "на следующей неделе, в четверг"."""
    years = relative_years(mentions, norm, offset, _RELATIVE_YEAR, _YEAR_SHIFTS, {"того же"})
    return join_week_phrases(years, norm, offset, _WEEK_PHRASE, _WEEK_JOINER, _WEEK_SHIFTS)
