"""Readers for languages of the Latin script that inflect little (French, German).

A pack of such a language is data: its month and weekday names (from Babel's CLDR data), its
date, time and cue phrases as regular expressions with the group names this module reads,
and its event words as lemmas (simplemma, a maintained lemmatiser of 50-odd languages, reads
"négociations" as "négociation" and "verschoben" as "verschieben"). `language()` turns that
data into the `Language` the pipeline reads with, so a new language of this kind is a file of
words, not code.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from babel import Locale
from babel import dates as babel_dates

from bot.extract import cues as english_cues
from bot.extract import dates, places, text
from bot.extract.cues import (
    Change,
    Edge,
    Keyword,
    Kind,
    Role,
    Tense,
)
from bot.extract.dates import DateKind, DateMention, DayRef
from bot.extract.lang import Language, PageWords, Phrases
from bot.extract.places import City, Description, PlaceMention
from bot.extract.times import ZONE_ABBREVIATIONS, TimeMention, Zone
from bot.tracks import TrackCatalogue, TrackMention

__all__ = ["Token", "Words", "calendar_names", "language", "lemma", "plain", "tokens_of"]


def plain(word: str) -> str:
    """Return a word in lower case without its accents ("février" → "fevrier")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


@functools.lru_cache(maxsize=65536)
def lemma(word: str, code: str) -> str:
    """Return a word's lemma in lower case (the word itself when simplemma does not know it)."""
    return dictionary_entry(word, code)[0].lower()


@functools.lru_cache(maxsize=65536)
def dictionary_entry(word: str, code: str) -> tuple[str, bool]:
    """Return a word's lemma as the dictionary writes it ("Gespräch", "confédération") and
    whether the dictionary knows the word at all."""
    import simplemma  # its tables load on first use: a fraction of a second per language

    return str(simplemma.lemmatize(word, lang=code)), bool(simplemma.is_known(word, lang=code))


def calendar_names(locale: str) -> tuple[dict[str, int], dict[str, int]]:
    """Return the month names (1-12) and weekday names (0 = Monday) of a locale, in lower case,
    with and without accents, in full and abbreviated ("févr", "sept"), from Babel."""
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in babel_dates.get_month_names(width, context, locale).items():
                for form in {name.lower().rstrip("."), plain(name).rstrip(".")}:
                    if len(form) >= 3:
                        months[form] = number
    weekdays: dict[str, int] = {}
    for number, name in babel_dates.get_day_names("wide", "format", locale).items():
        weekdays[name.lower()] = number
        weekdays[plain(name)] = number
    return months, weekdays


def alternation(words: Collection[str]) -> str:
    """Return a regex alternation of words, longest first (give it both spellings of a word,
    with and without accents, as `calendar_names` does)."""
    forms = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) for w in forms)


@dataclass(frozen=True, slots=True)
class Words:
    """Everything a Latin-script pack says about its language.

    Date patterns are (kind, pattern) pairs, tried in order (the earlier wins a tie of
    length); their groups, by kind:
    - "range": d1, m1?, y1?, sep, d2, m2, y2? ("du 3 au 5 mars", "vom 3. bis 5. März");
    - "day": w1?, d1, m1, y1? ("lundi 10 janvier 2022", "Montag, 10. Januar");
    - "weekdays": mod?, w1, w2 ("de lundi à mercredi");
    - "weekday": pre?, mod?, w1, post?, week? ("lundi prochain", "am kommenden Montag");
    - "deictic": word, looked up in `deictic` by its first word ("demain", "gestern Abend");
    - "anchored": same? (the same day), next? (the day after), before? (the day before), or
      n and unit with after? / ago? ("deux jours plus tard", "zwei Tage später");
    - "vague": a month, a week or a season ("en janvier", "nächste Woche").
    """

    code: str
    name: str
    date_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    directions: Mapping[str, int]  # "prochain": 1, "dernier": -1, "ce": 2 (this week's)
    week_shifts: Mapping[str, int]  # "prochaine": 1, "dernière": -1
    deictic: Mapping[str, int]  # "demain": 1, "hier": -1
    numbers: Mapping[str, int]  # "deux": 2
    relative_year: re.Pattern[str]  # after a day: group rel ("de l'année dernière")
    year_shifts: Mapping[str, int]
    week_phrase: re.Pattern[str]  # ends a vague mention: group rel ("la semaine prochaine")
    week_joiner: re.Pattern[str]
    time_pattern: re.Pattern[str]  # groups pre?, h, mi?, noon?, part?, abbr?, off?, local?, city?
    city_zones: Mapping[str, str]  # "de Moscou": "Europe/Moscow" (group city, lower case)
    afternoon_parts: Collection[str]  # "de l'après-midi", "abends": add 12 hours
    time_until: re.Pattern[str]  # between two times of a range ("à", "bis")
    duration: re.Pattern[str]  # groups n, unit ("ont duré trois heures")
    kinds: Mapping[str, Kind]  # event words by lemma (lower case)
    kind_suffixes: Mapping[str, Kind]  # German compounds: "atomgespräch" ends in "gespräch"
    generic: frozenset[str]  # verbs that say something happens, no kind of their own
    report: frozenset[str]  # speech acts
    press: re.Pattern[str]  # press conferences and briefings ("conférence de presse")
    negators: frozenset[str]
    markers: Callable[[str, bool], list[tuple[int, int, Tense]]]  # see cues.tense_at
    scheduled: re.Pattern[str]  # present tense of an occurrence ("se tiennent", "findet statt")
    cancelled: re.Pattern[str]
    postponed: re.Pattern[str]
    new_date: re.Pattern[str]  # the words between a postponement and its new date
    new_time: re.Pattern[str]
    starts: re.Pattern[str]  # the words before a first day (search on the left text)
    ends: re.Pattern[str]
    until: re.Pattern[str]
    bound_before: re.Pattern[str]
    bound_in_clause: re.Pattern[str]
    denied: re.Pattern[str]
    days_long: re.Pattern[str]  # group n ("de deux jours", "zweitägig")
    clause_break: re.Pattern[str]
    abbreviations: frozenset[str]
    ordinals: bool  # a period after a day number is no sentence end ("am 10. Januar")
    openers: frozenset[str]  # ... unless one of these opens the next ("auf 12. Die Regierung")
    locatives: frozenset[str]
    not_places: frozenset[str]  # capitalised words that name cities only by accident
    landmarks: tuple[tuple[re.Pattern[str], str], ...]  # "siège de l'OTAN" → Brussels
    descriptions: re.Pattern[str]  # groups adj and noun ("la ville suisse")
    country_adjectives: tuple[tuple[str, str], ...]  # stems: ("suisse", "CH")
    capital_nouns: frozenset[str]
    articles: frozenset[str] = field(default_factory=frozenset)  # "der", "die": not names
    prepositions: frozenset[str] = field(default_factory=frozenset)  # "Am Morgen": no name
    city_adjective: re.Pattern[str] | None = None  # group stem: "Genfer" → "Genf"
    called: Mapping[str, str] = field(default_factory=dict)  # "mexico" → "Mexico City"
    lowercase_nouns: bool = False  # French: a capitalised common noun is no town
    # an adjective between a preposition and its place: "im schottischen Glasgow"
    place_adjective: re.Pattern[str] | None = None
    # the conjunctions of a language that writes the verb after the date ("am Montag begonnen
    # hatten"): the words after a date are read for its edge, up to one of them
    verbs_after_date: re.Pattern[str] | None = None
    venue_of: re.Pattern[str] | None = None  # "les pourparlers de" before a place: its venue
    capital_of: re.Pattern[str] | None = None  # group country: "la capitale de la Barbade"
    # a separated verb's particle, the verbs it closes and their kind: "kommen ... zusammen"
    particles: Mapping[str, tuple[frozenset[str], Kind]] = field(default_factory=dict)
    page: PageWords | None = None
    phrases: Phrases | None = None


_DIGIT = re.compile(r"\d")


def _lookup(table: Mapping[str, int], word: str | None) -> int | None:
    if not word:
        return None
    key = word.lower().rstrip(".")
    if key in table:
        return table[key]
    return table.get(plain(key))


def _direction(words: Words, gd: dict[str, str | None]) -> int:
    for group in ("mod", "post"):
        value = _lookup(words.directions, gd.get(group))
        if value is not None:
            return value
    return 0


def _week_shift(words: Words, week: str | None) -> int:
    if not week:
        return 0
    for part in week.lower().split():
        value = _lookup(words.week_shifts, part)
        if value is not None:
            return value
    return 0


def _int(value: str | None) -> int | None:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return int(digits) if digits else None


def _count(words: Words, value: str | None) -> int | None:
    if not value:
        return 1
    if value.isdigit():
        return int(value)
    return _lookup(words.numbers, value)


def _mention(words: Words, kind: str, m: re.Match[str], offset: int) -> DateMention | None:
    start, end, said = m.start() + offset, m.end() + offset, m.group(0)
    gd = m.groupdict()
    if kind == "vague":
        return DateMention(DateKind.VAGUE, start, end, said)
    if kind == "deictic":
        parts = gd["word"].lower().replace("'", " ").split()
        shift = next((s for s in map(functools.partial(_lookup, words.deictic), parts)
                      if s is not None), None)  # fmt: skip
        if shift is None:
            return None
        return DateMention(DateKind.DEICTIC, start, end, said, offset_days=shift)
    if kind == "anchored":
        if gd.get("same"):
            return DateMention(DateKind.ANCHORED, start, end, said, same_day=True)
        if gd.get("next"):
            return DateMention(DateKind.ANCHORED, start, end, said, offset_days=1)
        if gd.get("before"):
            return DateMention(DateKind.ANCHORED, start, end, said, offset_days=-1)
        count = _count(words, gd.get("n"))
        if count is None:
            return None
        unit = plain(gd.get("unit") or "")
        days = count * (7 if unit.startswith(("semaine", "woche")) else 1)
        return DateMention(
            DateKind.ANCHORED, start, end, said, offset_days=-days if gd.get("ago") else days
        )
    if kind in {"weekday", "weekdays"}:
        first = DayRef(None, None, weekday=_lookup(words.weekdays, gd["w1"]))
        last = DayRef(None, None, weekday=_lookup(words.weekdays, gd.get("w2")))
        if first.weekday is None:
            return None
        return DateMention(
            DateKind.WEEKDAY, start, end, said, first, last if kind == "weekdays" else first,
            week_shift=_week_shift(words, gd.get("week")), direction=_direction(words, gd),
        )  # fmt: skip
    if kind in {"iso", "dotted"}:
        ref = DayRef(int(gd["m1"]), int(gd["d1"]), int(gd["y1"]))
        if not 1 <= int(gd["m1"]) <= 12:
            return None
        return DateMention(DateKind.ABSOLUTE, start, end, said, ref, ref)
    if kind == "range":
        y2 = _int(gd.get("y2"))
        m2 = _lookup(words.months, gd.get("m2"))
        m1 = _lookup(words.months, gd.get("m1")) or m2
        first = DayRef(m1, _int(gd["d1"]), _int(gd.get("y1")) or y2)
        last = DayRef(m2, _int(gd["d2"]), y2)
        if first.month is None or last.month is None:
            return None
        joined = plain(gd.get("sep") or "").strip()
        between = plain(said).startswith(("entre", "zwischen"))  # "entre le 10 et le 14"
        listed = (
            not between
            and joined.startswith(("et", "und"))
            and last.day is not None
            and first.day is not None
            and (last.day - first.day > 1 or first.month != last.month)
        )
        return DateMention(DateKind.ABSOLUTE, start, end, said, first, last, listed=listed)
    # "day": "lundi 10 janvier", or "lundi 25" (the month the text is in)
    first = DayRef(
        _lookup(words.months, gd.get("m1")), _int(gd["d1"]), _int(gd.get("y1")),
        _lookup(words.weekdays, gd.get("w1")),
    )  # fmt: skip
    if first.month is None and first.weekday is None:
        return None
    return DateMention(DateKind.ABSOLUTE, start, end, said, first, first)


_ISO = re.compile(r"(?<![\w.])(?P<y1>(?:19|20)\d{2})-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)(?![\w-])")
_DOTTED = re.compile(
    r"(?<![\w.])(?P<d1>[0-3]?\d)[./](?P<m1>[01]?\d)[./](?P<y1>(?:19|20)\d{2})(?![\w.]\w)"
)
_NUMERIC = {"range", "day", "iso", "dotted"}


def find_dates(words: Words, norm: str, offset: int = 0) -> list[DateMention]:
    """Return the date mentions of a quote-folded sentence, leftmost-longest, no overlaps."""
    found: list[tuple[int, int, int, DateMention]] = []
    digits = _DIGIT.search(norm) is not None
    patterns = (*words.date_patterns, ("iso", _ISO), ("dotted", _DOTTED))
    for rank, (kind, pattern) in enumerate(patterns):
        if kind in _NUMERIC and not digits:
            continue
        for m in pattern.finditer(norm):
            if m.end() == m.start():
                continue
            mention = _mention(words, kind, m, offset)
            if mention is not None:
                found.append((mention.start, -(mention.end - mention.start), rank, mention))
    chosen = dates.longest(found)
    chosen = dates.relative_years(chosen, norm, offset, words.relative_year, words.year_shifts)
    return dates.join_week_phrases(
        chosen, norm, offset, words.week_phrase, words.week_joiner, words.week_shifts
    )


# Times --------------------------------------------------------------------------------------


def _minutes(words: Words, gd: dict[str, str | None]) -> int | None:
    if gd.get("noon"):
        return 0 if plain(gd["noon"] or "").startswith(("minuit", "mitternacht")) else 12 * 60
    hour_text = gd.get("h") or gd.get("h2") or gd.get("h3")
    if hour_text is None:
        return None
    if gd.get("h2") and not (gd.get("pre") or gd.get("part") or gd.get("abbr") or gd.get("local")):
        return None  # "3 heures" alone is a length, not a time
    hour = int(hour_text)
    minute = int(gd.get("mi") or gd.get("mi2") or gd.get("mi3") or 0)
    part = plain(gd.get("part") or "")
    if part and any(part.startswith(p) for p in words.afternoon_parts) and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


# The zones' abbreviations of other languages: MEZ is "mitteleuropäische Zeit".
_ZONE_NAMES = {"MEZ": "CET", "MESZ": "CEST", "OEZ": "EET", "OESZ": "EEST", "HEC": "CET",
               "HAEC": "CEST"}  # fmt: skip


def _zone(words: Words, gd: dict[str, str | None]) -> Zone | None:
    if gd.get("local"):
        return Zone(local=True)
    if gd.get("abbr"):
        abbr = (gd["abbr"] or "").upper()
        offset, display = ZONE_ABBREVIATIONS[_ZONE_NAMES.get(abbr, abbr)]
        if gd.get("off"):
            return Zone(offset_minutes=int((gd["off"] or "").replace(" ", "")) * 60)
        return Zone(iana=display, offset_minutes=offset)
    if gd.get("city"):
        zone = words.city_zones.get(plain(gd["city"] or ""))
        return Zone(iana=zone) if zone else None
    return None


def find_times(words: Words, norm: str, offset: int = 0) -> list[TimeMention]:
    """Return the clock times of a sentence; a range ("de 10 h à 12 h") is one, and a time in
    brackets after a zoned one (the same moment in another zone) is left out."""
    found: list[TimeMention] = []
    for m in words.time_pattern.finditer(norm):
        gd = m.groupdict()
        minutes = _minutes(words, gd)
        if minutes is None:
            continue
        hour, minute = divmod(minutes, 60)
        mention = TimeMention(m.start() + offset, m.end() + offset, m.group(0), hour, minute,
                              _zone(words, gd))  # fmt: skip
        prev = found[-1] if found else None
        if prev is not None:
            digits = min(m.start(g) for g in ("h", "h2", "h3", "noon") if gd.get(g))
            gap = norm[prev.end - offset : digits]
            if prev.until is None and words.time_until.fullmatch(gap):
                found[-1] = TimeMention(prev.start, mention.end, norm[prev.start - offset :
                                        m.end()], prev.hour, prev.minute,
                                        prev.zone or mention.zone, (hour, minute))  # fmt: skip
                continue
            if gap.strip() == "(" or (prev.zone is not None and not gap.strip() and "(" in
                                       norm[prev.end - offset : m.end()]):  # fmt: skip
                continue  # "à 10 h (9 h GMT)": the same moment again
        found.append(mention)
    return found


def find_duration(words: Words, norm: str) -> int | None:
    """Return how many minutes a session lasted or will last, when the sentence says so."""
    m = words.duration.search(norm)
    if m is None:
        return None
    n = m.group("n") or "1"
    value = float(n.replace(",", ".")) if n[0].isdigit() else _lookup(words.numbers, n)
    if value is None:
        return None
    unit = plain(m.group("unit") or "")
    minutes = int(value * (1 if unit.startswith("minute") else 60))
    return minutes if 0 < minutes <= 24 * 60 else None


# Event words and tense ----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a sentence with its lemma (lower case)."""

    start: int
    end: int
    text: str
    lemma: str


@functools.lru_cache(maxsize=4096)
def tokens_of(code: str, norm: str) -> tuple[Token, ...]:
    """Return the words of a sentence with their lemmas."""
    return tuple(
        Token(m.start(), m.end(), m.group(0), lemma(m.group(0), code)) for m in _WORD.finditer(norm)
    )


def _kind_of(words: Words, token: Token) -> Kind | None:
    for key in (token.lemma, token.text.lower(), plain(token.lemma)):
        kind = words.kinds.get(key)
        if kind is not None:
            return kind
    low = plain(token.lemma)
    for suffix, kind in words.kind_suffixes.items():
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            return kind
    return None


def keywords(words: Words, norm: str, offset: int = 0) -> list[Keyword]:
    """Return the event, report and press words of a quote-folded sentence."""
    found = [Keyword(m.start() + offset, m.end() + offset, Role.PRESS)
             for m in words.press.finditer(norm)]  # fmt: skip
    pressed = [(k.start - offset, k.end - offset) for k in found]
    tokens = tokens_of(words.code, norm)
    for i, token in enumerate(tokens):
        start, end = token.start + offset, token.end + offset
        if any(a <= token.start < b for a, b in pressed):
            continue
        keys = {token.lemma, token.text.lower(), plain(token.lemma)}
        kind = _kind_of(words, token)
        particle = words.particles.get(token.text.lower())
        if kind is None and particle is not None and _separated(tokens, i, particle[0], norm):
            kind = particle[1]
        if kind is not None:
            if i > 0 and tokens[i - 1].lemma in words.negators and kind.session:
                continue  # "sans réunion", "kein Treffen"
            found.append(Keyword(start, end, Role.KIND, kind))
        elif keys & words.generic:
            found.append(Keyword(start, end, Role.GENERIC))
        elif keys & words.report:
            found.append(Keyword(start, end, Role.REPORT))
    return found


def _separated(tokens: tuple[Token, ...], i: int, verbs: frozenset[str], norm: str) -> bool:
    """Tell whether a particle closes a separated verb of `verbs` ("kommen ... zusammen"): a
    verb before it in the clause, and no noun after it ("zusammen mit" is "together with")."""
    after = norm[tokens[i].end : tokens[i].end + 2].lstrip()
    if after[:1].isalpha():
        following = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
        if following not in {"und", "oder", "aber", "sowie"}:
            return False
    return any(t.lemma in verbs for t in tokens[max(0, i - 10) : i])


def change(words: Words, norm: str) -> tuple[Change, int] | None:
    """Return the change of plan a clause reports and where its cue ends, if it reports one."""
    cancelled = words.cancelled.search(norm)
    postponed = words.postponed.search(norm)
    if cancelled is not None and (postponed is None or cancelled.start() <= postponed.start()):
        return Change.CANCELLED, cancelled.end()
    if postponed is not None:
        return Change.POSTPONED, postponed.end()
    return None


def edge(words: Words, left: str, right: str = "") -> Edge | None:
    """Tell whether the words around a date make it a session's first or last day: the words
    before it, and in a language that puts its verbs last the words after it too ("die am
    Montag begonnen hatten"), each side up to a conjunction ("am Montag begonnen hatte und
    heute zu Ende ging")."""
    tail = left[-90:]
    if words.until.search(tail):
        return Edge.UNTIL
    if words.verbs_after_date is not None:
        tail = words.verbs_after_date.split(tail)[-1]
    found = _edge_cue(words, tail, last=True)
    if found is None and words.verbs_after_date is not None:
        found = _edge_cue(words, words.verbs_after_date.split(right[:60])[0], last=False)
    return found


def _edge_cue(words: Words, text: str, *, last: bool) -> Edge | None:
    best: tuple[int, Edge] | None = None
    for pattern, kind in ((words.starts, Edge.START), (words.ends, Edge.END)):
        for m in pattern.finditer(text):
            if best is None or (m.start() > best[0]) == last:
                best = (m.start(), kind)
    return best[1] if best else None


def is_deadline(words: Words, left: str, clause: str, right: str = "") -> bool:
    """Tell whether a date is a deadline or a bound rather than the day of an occurrence."""
    if words.bound_before.search(left):
        return edge(words, left, right) is None
    if edge(words, left, right) is not None:
        return False
    return bool(words.bound_in_clause.search(left[-60:]))


def days_long(words: Words, clause: str) -> int | None:
    """Return how many days a session lasts when the clause says so ("zweitägige Gespräche")."""
    m = words.days_long.search(clause)
    if m is None:
        return None
    n = m.group("n")
    days = int(n) if n.isdigit() else _lookup(words.numbers, n)
    return days if days is not None and 2 <= days <= 14 else None


# Places -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _countries(code: str) -> frozenset[str]:
    names = set(Locale(code).territories.values()) | set(Locale("en").territories.values())
    return frozenset(plain(n) for n in names)


_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*")
_MIN_POPULATION = 30_000
_SENTENCE_START_MIN_POPULATION = 500_000


def find_places(words: Words, norm: str, offset: int = 0) -> list[PlaceMention]:
    """Return the cities a sentence names: in the language's own names ("Genève", "Wien",
    "Le Caire") or in English, and its landmarks ("NATO-Hauptquartier")."""
    gazetteer = places.gazetteer()
    tokens = list(_CAPITALISED.finditer(norm))
    countries = _countries(words.code)
    found: list[PlaceMention] = []
    i = 0
    while i < len(tokens):
        best: tuple[int, City] | None = None
        for j in range(min(len(tokens), i + 3) - 1, i - 1, -1):
            span = norm[tokens[i].start() : tokens[j].end()].rstrip(".'’")
            if j > i and any(
                norm[tokens[k].end() : tokens[k + 1].start()] not in {" ", "-"} for k in range(i, j)
            ):
                continue
            key = plain(span)
            if key in words.not_places or (
                j == i and key not in words.called and _common_noun(words, span)
            ):
                continue
            city = gazetteer.lookup(words.called.get(key, span))
            if (
                city is not None
                and key in countries
                and key not in words.called
                and plain(city.name) not in countries
            ):
                continue  # "Mexiko" is the country; "Luxemburg" and "Singapur" are cities too
            if city is None and words.city_adjective is not None:
                city = _city_of_adjective(words, span)
            if city is not None and j == i and _names_a_person(words, norm, tokens, i, city):
                city = None
            if city is not None and city.population >= _MIN_POPULATION:
                best = (j, city)
                break
        if best is None:
            i += 1
            continue
        j, city = best
        start, end = (
            tokens[i].start(),
            tokens[i].start() + len(norm[tokens[i].start() : tokens[j].end()].rstrip(".'’")),
        )
        before = norm[:start].rstrip()
        first_word = not before or before[-1] in '.!?:"(-'
        alone = not norm[end:].strip(" .:;-–—")  # "Pressburg." under a date
        if first_word and city.population < _SENTENCE_START_MIN_POPULATION and not alone:
            i = j + 1
            continue
        previous = _previous_word(words, before, adjectives=True)
        locative = (
            previous in words.locatives
            or norm[max(0, start - 2) : start] in {"à ", "a "}
            or (words.venue_of is not None and words.venue_of.search(norm, 0, start) is not None)
        )
        found.append(PlaceMention(start + offset, end + offset, norm[start:end], city, locative))
        i = j + 1
    landmarks = [*words.landmarks, *((places.VENUE_PATTERN, None),)]
    for pattern, name in landmarks:
        for m in pattern.finditer(norm):
            city = gazetteer.lookup(name or places.VENUES[m.group(0)])
            if city is None:
                continue
            # A landmark wins over the town its words also spell ("Maison Blanche", Algeria).
            found = [f for f in found if not (m.start() < f.end - offset and f.start - offset <
                                              m.end())]  # fmt: skip
            # "au fort de Brégançon", "im Schloss Elmau": the building's word is no preposition
            before = (
                _BUILDING_BEFORE.sub("", norm[: m.start()]) if name is None else norm[: m.start()]
            )
            previous = _previous_word(words, before)
            found.append(PlaceMention(m.start() + offset, m.end() + offset, m.group(0), city,
                                      previous in words.locatives))  # fmt: skip
    return sorted(found, key=lambda p: p.start)


_PERSON_MIN_POPULATION = 1_000_000


def _names_a_person(
    words: Words, norm: str, tokens: list[re.Match[str]], i: int, city: City
) -> bool:
    """Tell whether a town's name is a first name or a common word here: "Nancy Pelosi",
    "Florence Parly" (a capitalised word follows that names no place), "die Lage in der
    Ukraine" (German capitalises its nouns; a town of that name must be a big one)."""
    if i + 1 < len(tokens) and norm[tokens[i].end() : tokens[i + 1].start()] == " ":
        following = tokens[i + 1].group(0).rstrip(".'’")
        if (
            following.lower() not in words.articles
            and _lookup(words.weekdays, following) is None
            and _lookup(words.months, following) is None
            and places.gazetteer().lookup(following) is None
            and city.population < _PERSON_MIN_POPULATION
        ):
            return True
    if words.lowercase_nouns or city.population >= _BIG_TOWN:
        return False
    if _previous_word(words, norm[: tokens[i].start()]) in words.locatives:
        return False  # "in Essen": the town
    return dictionary_entry(tokens[i].group(0), words.code)[1]


_BIG_TOWN = 200_000


def _common_noun(words: Words, word: str) -> bool:
    """Tell whether a capitalised word is a common noun of a language that writes its nouns in
    lower case ("Confédération", "Commission" are no towns)."""
    if not words.lowercase_nouns:
        return False
    entry, known = dictionary_entry(word, words.code)
    return entry[:1].islower() and known


def _city_of_adjective(words: Words, span: str) -> City | None:
    """Return the city a city adjective names ("Genfer" → Geneva, "Hamburger" → Hamburg)."""
    assert words.city_adjective is not None
    m = words.city_adjective.fullmatch(span)
    if m is None:
        return None
    city = places.gazetteer().lookup(m.group("stem"))
    return city if city is not None and city.population >= _ADJECTIVE_MIN_POPULATION else None


_ADJECTIVE_MIN_POPULATION = 100_000


_BUILDING_BEFORE = re.compile(
    r"(?<![\w-])(?:fort|château|chateau|domaine|palais|villa|résidence|hôtel|"
    r"\w*(?:schloss|burg|haus|palast|hotel))"
    r"\s+(?:de\s+|d'|du\s+)?$",
    re.IGNORECASE,
)


def _previous_word(words: Words, before: str, *, adjectives: bool = False) -> str:
    """Return the word before a place, past any article ("in der Schweizer Stadt") and, with
    `adjectives`, past the adjectives the language writes before a place ("im schottischen
    Glasgow", two at most)."""
    parts = before.replace("'", " ").split()
    skipped = 0
    while adjectives and parts and skipped < 2 and words.place_adjective is not None:
        if not words.place_adjective.fullmatch(parts[-1]):
            break
        parts.pop()
        skipped += 1
    parts = [p.lower() for p in parts]
    while parts and parts[-1] in words.articles:
        parts.pop()
    return parts[-1] if parts else ""


@functools.lru_cache(maxsize=8)
def _country_codes(code: str) -> dict[str, str]:
    """Return the ISO codes of the countries by their names in a language (Babel's CLDR)."""
    return {plain(name): territory for territory, name in Locale(code).territories.items()
            if len(territory) == 2 and territory.isalpha()}  # fmt: skip


def find_descriptions(words: Words, norm: str) -> list[Description]:
    """Return the places a sentence names by description ("la capitale autrichienne", "in der
    Schweizer Stadt", "la capitale de la Barbade")."""
    found = []
    if words.capital_of is not None:
        countries = _country_codes(words.code)
        for m in words.capital_of.finditer(norm):
            territory = countries.get(plain(m.group("country")))
            if territory is not None:
                previous = _previous_word(words, norm[: m.start()])
                found.append(Description(m.start(), m.end(), territory, True,
                                         previous in words.locatives))  # fmt: skip
    for m in words.descriptions.finditer(norm):
        adjective = plain(m.group("adj"))
        code = next(
            (c for stem, c in words.country_adjectives if adjective.startswith(plain(stem))), None
        )
        if code is None:
            continue
        capital = plain(m.group("noun")) in words.capital_nouns
        previous = _previous_word(words, norm[: m.start()])
        found.append(Description(m.start(), m.end(), code, capital, previous in words.locatives))
    return found


def names(words: Words, norm: str) -> frozenset[str]:
    """Return the surnames of people named in full: two or three capitalised words that are
    no place, whose last word the language's dictionary does not know as a common word."""
    found = set()
    for m in re.finditer(r"(?<![\w'])(?:[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?\s+){1,2}"
                         r"([A-ZÀ-Þ][a-zà-ÿ]{2,})(?![\w-])", norm):  # fmt: skip
        parts = m.group(0).split()
        while parts and _no_first_name(words, parts[0]):
            parts = parts[1:]
        if len(parts) < 2 or places.gazetteer().lookup(" ".join(parts)) is not None:
            continue
        surname = parts[-1]
        if plain(surname) in _countries(words.code) or _no_first_name(words, surname):
            continue  # "Am Freitagabend" names no one
        found.add(surname)
    return frozenset(found)


def _no_first_name(words: Words, word: str) -> bool:
    """Tell whether a capitalised word cannot open a person's name: an article, a preposition,
    an inflected common word ("Schloss Elmau", "Am Montag"), a month or weekday ("Juni
    Gastgeber", "Donnerstagvormittag")."""
    lowered = word.lower()
    if lowered in words.articles or lowered in words.prepositions or lowered in words.locatives:
        return True
    if _common(words.code, word):
        return True
    months, weekdays = _calendar_keys(words)
    key = plain(lowered)
    return key in months or key.startswith(weekdays)


_CALENDAR_KEYS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}


def _calendar_keys(words: Words) -> tuple[frozenset[str], tuple[str, ...]]:
    """Return a language's month names and full weekday names, accent-free, read once."""
    keys = _CALENDAR_KEYS.get(words.code)
    if keys is None:
        months = frozenset(plain(month) for month in words.months)
        weekdays = tuple(plain(day) for day in words.weekdays if len(day) > 4)
        keys = _CALENDAR_KEYS[words.code] = (months, weekdays)
    return keys


def _common(code: str, word: str) -> bool:
    """Tell whether the dictionary knows a word as an inflected common word (no surname)."""
    return dictionary_entry(word, code)[1] and lemma(word, code) != word.lower()


# The pack -----------------------------------------------------------------------------------


def language(words: Words) -> Language:
    """Return the pack that reads with `words`."""
    w = words
    assert w.page is not None
    assert w.phrases is not None

    def split(article: str, skip: Collection[int], body: int) -> list[text.Sentence]:
        return text.split_sentences(
            article, skip, body, w.abbreviations, ordinals=w.ordinals, openers=w.openers
        )

    markers = functools.lru_cache(maxsize=4096)(w.markers)

    def tracks(catalogue: TrackCatalogue, norm: str) -> list[TrackMention]:
        return catalogue.find(norm)

    def names_new_date(norm: str, cue_end: int, date_start: int) -> bool:
        left = norm[cue_end:date_start]
        return len(left) < 80 and w.new_date.search(left) is not None

    return Language(
        code=w.code,
        name=w.name,
        split_sentences=split,
        find_dates=functools.partial(find_dates, w),
        find_times=functools.partial(find_times, w),
        find_duration=functools.partial(find_duration, w),
        clause_breaks=lambda norm: [m.start() for m in w.clause_break.finditer(norm)],
        keywords=functools.partial(keywords, w),
        names=functools.partial(names, w),
        find_places=functools.partial(find_places, w),
        lookup_place=places.gazetteer().lookup,
        find_descriptions=functools.partial(find_descriptions, w),
        find_tracks=tracks,
        tense=lambda norm: english_cues.tense(norm, markers=markers),
        tense_at=lambda norm, pos: english_cues.tense_at(norm, pos, markers=markers),
        tense_before=lambda norm, pos: english_cues.tense_before(norm, pos, markers=markers),
        tense_after=lambda norm, pos: english_cues.tense_after(norm, pos, markers=markers),
        scheduled_present=lambda norm: w.scheduled.search(norm) is not None,
        change=functools.partial(change, w),
        names_new_date=names_new_date,
        names_new_time=lambda norm, cue_end: w.new_time.match(norm[cue_end:]) is not None,
        edge=functools.partial(edge, w),
        is_deadline=functools.partial(is_deadline, w),
        is_denied=lambda left: w.denied.search(left) is not None,
        days_long=functools.partial(days_long, w),
        page=w.page,
        phrases=w.phrases,
    )
