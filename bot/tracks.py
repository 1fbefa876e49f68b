"""Load the track catalogue (calendars/tracks.toml) and recognise tracks and parties in text."""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from bot.errors import TrackCatalogueError
from bot.models import Track

DEFAULT_TRACKS_FILE = Path(__file__).resolve().parent.parent / "calendars" / "tracks.toml"

# Words that name a party to a track; a party missing here is matched by its own name.
PARTY_WORDS: dict[str, tuple[str, ...]] = {
    "Russia": ("Russia", "Russian", "Russians", "Moscow", "Kremlin", "Russian Federation"),
    "United States": (
        "United States",
        "US",
        "U.S.",
        "USA",
        "Washington",
        "American",
        "Americans",
        "White House",
        "State Department",
    ),
    "NATO": ("NATO", "North Atlantic Alliance", "North Atlantic Treaty Organization"),
    "Ukraine": ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev"),
    "Germany": ("Germany", "German", "Berlin"),
    "France": ("France", "French", "Paris", "Elysee"),
    "Iran": ("Iran", "Iranian", "Tehran"),
    "China": ("China", "Chinese", "Beijing"),
    "Georgia": ("Georgia", "Georgian", "Tbilisi"),
    "Turkey": ("Turkey", "Türkiye", "Turkish", "Ankara"),
    "Syria": ("Syria", "Syrian", "Damascus"),
    "North Korea": ("North Korea", "North Korean", "Pyongyang", "DPRK"),
    "Israel": ("Israel", "Israeli", "Israelis"),
    "Hamas": ("Hamas",),
    "OSCE": ("OSCE",),
}


def _dash_tolerant(word: str) -> str:
    """Return a pattern for `word` where hyphens, dashes and spaces between parts may vary."""
    parts = re.split(r"[\s\-–—]+", word.strip())
    return r"[\s\-–—]*".join(re.escape(part) for part in parts)


def _is_acronym(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return letters.isupper() and len(letters) <= 5


def _trie(words: Iterable[str]) -> str:
    """Return a regex that matches any of `words`, as a trie: shared prefixes are tried once."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [
            (r"\s+" if c == " " else re.escape(c)) + emit(child)
            for c, child in sorted(node.items())
            if c
        ]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if optional else body

    return emit(root)


_DASHES_AS_SPACES = str.maketrans(dict.fromkeys("-–—‒−‐‑", " "))


def _matching_text(norm: str) -> str:
    """Return a text to match folded aliases in: lower case, dashes as spaces, same length."""
    return norm.lower().translate(_DASHES_AS_SPACES)


class PhraseFinder:
    """Find phrases in text: acronyms case-sensitively, other words in any case and with any
    hyphenation ("Russia-NATO Council", "Russia–NATO council")."""

    def __init__(self, words: Iterable[str], *, inside_compounds: bool = False) -> None:
        unique = set(words)
        acronyms = sorted((w for w in unique if _is_acronym(w)), key=len, reverse=True)
        phrases = {_fold_alias(w) for w in unique if not _is_acronym(w)}
        edge = r"\w" if inside_compounds else r"[\w-]"
        self._acronyms = (
            re.compile(rf"(?<!{edge})(?:" + "|".join(map(re.escape, acronyms)) + rf")(?!{edge})")
            if acronyms
            else None
        )
        # Hyphens are spaces in the matching text, so a phrase ends at a word edge.
        self._phrases = re.compile(r"(?<![\w])" + _trie(phrases) + r"(?![\w])") if phrases else None

    def finditer(self, norm: str) -> list[tuple[int, int]]:
        """Return the spans of the phrases in `norm`, in order."""
        spans: list[tuple[int, int]] = []
        if self._phrases is not None:
            spans.extend(m.span() for m in self._phrases.finditer(_matching_text(norm)))
        if self._acronyms is not None:
            spans.extend(m.span() for m in self._acronyms.finditer(norm))
        return sorted(spans)

    def search(self, norm: str) -> bool:
        """Tell whether any phrase occurs in `norm`."""
        if self._phrases is not None and self._phrases.search(_matching_text(norm)):
            return True
        return self._acronyms is not None and self._acronyms.search(norm) is not None


@dataclass(frozen=True, slots=True)
class TrackMention:
    """A track named in a sentence."""

    start: int
    end: int
    track: Track


class TrackCatalogue:
    """The known tracks, with the patterns that find their aliases and parties in text."""

    def __init__(self, tracks: Sequence[Track]) -> None:
        ids = [t.id for t in tracks]
        if len(set(ids)) != len(ids):
            raise TrackCatalogueError("track ids must be unique")
        self._tracks = {t.id: t for t in tracks}
        self._alias_owner: dict[str, Track] = {}
        written: list[str] = []
        for track in tracks:
            for alias in (*track.aliases, track.name):
                if _fold_alias(alias) not in self._alias_owner:
                    self._alias_owner[_fold_alias(alias)] = track
                    written.append(alias)
        self._aliases = PhraseFinder(written) if written else None
        parties = {p for t in tracks for p in t.parties}
        # One finder for every party's words, and which party each word names.
        self._party_of: dict[str, str] = {}
        for party in sorted(parties):
            for word in PARTY_WORDS.get(party, (party,)):
                self._party_of.setdefault(_party_key(word), party)
        self._parties = PhraseFinder(self._party_of, inside_compounds=True) if parties else None

    def __iter__(self) -> Iterator[Track]:
        return iter(self._tracks.values())

    def __len__(self) -> int:
        return len(self._tracks)

    def __contains__(self, track_id: object) -> bool:
        return track_id in self._tracks

    def get(self, track_id: str) -> Track | None:
        """Return the track with that id, if any."""
        return self._tracks.get(track_id)

    def find(self, norm: str, offset: int = 0) -> list[TrackMention]:
        """Return the tracks named in a quote-folded sentence."""
        if self._aliases is None:
            return []
        found = []
        for start, end in self._aliases.finditer(norm):
            track = self._alias_owner.get(_fold_alias(norm[start:end]))
            if track is None:  # an acronym written with different case cannot reach here
                continue
            before = max(0, start - 40)
            if _OWNED_BEFORE.search(norm, before, start) or _OF_AFTER.match(norm, end):
                continue  # "Russia's Security Council" is not the UN's
            found.append(TrackMention(start + offset, end + offset, track))
        return found

    def parties_in(self, norm: str) -> set[str]:
        """Return the parties named in a quote-folded text."""
        if self._parties is None:
            return set()
        found = set()
        for start, end in self._parties.finditer(norm):
            party = self._party_of.get(_party_key(norm[start:end]))
            if party is not None:
                found.add(party)
        return found


# A name owned by a country ("Russia's", "the Russian", "national") or completed by "of X" is
# another body with the same words: "the Security Council of the Russian Federation".
_OWNED_BEFORE = re.compile(
    r"(?:\b\w+'s|\b[A-Z][a-z]+(?:ian|ean|an|ese|ish|i)|\b(?i:national|state|presidential))\s+$"
)
_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")


def _party_key(word: str) -> str:
    """Return how a party's word is looked up: acronyms as written, other words folded."""
    return word if _is_acronym(word) else _fold_alias(word)


def _fold_alias(text: str) -> str:
    return re.sub(r"[\s\-–—‒−‐‑]+", " ", text).strip().lower()


def load_tracks(path: Path = DEFAULT_TRACKS_FILE) -> TrackCatalogue:
    """Read a tracks.toml file into a catalogue, checking every field and timezone."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TrackCatalogueError(f"{path}: cannot read the tracks file: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TrackCatalogueError(f"{path}: not valid TOML: {exc}") from exc
    tracks = []
    for number, entry in enumerate(data.get("track", []), start=1):
        try:
            track = Track.model_validate(entry)
        except ValidationError as exc:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise TrackCatalogueError(f"{path}: track #{number}: {problem}") from exc
        try:
            zoneinfo.ZoneInfo(track.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise TrackCatalogueError(
                f"{path}: track {track.id!r}: unknown timezone {track.timezone!r}"
            ) from exc
        tracks.append(track)
    return TrackCatalogue(tracks)
