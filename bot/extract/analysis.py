"""Read each sentence once: its dates, times, places, tracks, keywords, clauses and names."""

from __future__ import annotations

import bisect
import re

from bot.extract import cues, places, text
from bot.extract.lang import Language
from bot.extract.page import Page
from bot.extract.places import Description
from bot.tracks import TrackCatalogue, TrackMention

# What a label may hold besides its dates and places: separators and a few words.
_LABEL_REST = re.compile(
    r"^[\s\W]*(?:(?:(?i:tbc|tba|tbd|provisional|provisionally|local time|all day|from|to|and|"
    r"until|till|through|on|the|next week|this week|week|diary|date|dates|expected|el|al|de|"
    r"des|du|la|le|di|da|van|von|sur|am)|"
    # a place the gazetteer does not know: "Phnom Penh", "northern Kosovo"
    # (a capitalised word in any script: a lower-case word, Latin, accented or Cyrillic, is text)
    r"(?:(?:northern|southern|eastern|western|central)\s+)?(?![a-zß-öø-ÿа-яё\d_])\w[\w'.-]*)"
    # one word a turn, and no turn given back: a long run of names that fails at its end
    # must not be tried split every way (that was a quarter of all reading time)
    r"\b[\s\W]*)*+$"
)


_HOST_WORDS = 5  # how far after "on the sidelines of" the host's event word may stand


def _words_reach(norm: str, start: int, words: int) -> int:
    """Return the offset where the `words`-th word after `start` ends (or the text does)."""
    for found, match in enumerate(re.finditer(r"\S+", norm[start:]), start=1):
        if found == words:
            return start + match.end()
    return len(norm)


class Facts:
    """Everything the extractor reads in one sentence; offsets are relative to the sentence.

    Dates, times, clauses, durations and names are read at once; places, tracks and keywords,
    the costly readings, only when a question needs them (most sentences carry no date).
    """

    __slots__ = (
        "_catalogue",
        "_descriptions",
        "_hosts",
        "_keywords",
        "_labels",
        "_places",
        "_tracks",
        "breaks",
        "dates",
        "duration",
        "lang",
        "names",
        "sentence",
        "times",
    )

    def __init__(self, sentence: text.Sentence, catalogue: TrackCatalogue, lang: Language) -> None:
        norm = sentence.norm
        self.sentence = sentence
        self.lang = lang
        self.dates = lang.find_dates(norm)
        # Breaks inside a date ("9 and 10 January") do not split clauses.
        self.breaks = [
            b for b in lang.clause_breaks(norm) if not any(d.start <= b < d.end for d in self.dates)
        ]
        self.times = lang.find_times(norm)
        self.duration = lang.find_duration(norm)
        self.names = lang.names(norm)
        self._catalogue = catalogue
        self._tracks: list[TrackMention] | None = None
        self._places: list[places.PlaceMention] | None = None
        self._descriptions: list[Description] | None = None
        self._labels: dict[tuple[int, int], bool] = {}
        self._keywords: list[cues.Keyword] | None = None
        self._hosts: frozenset[tuple[int, int]] | None = None

    @property
    def places(self) -> list[places.PlaceMention]:
        """Return the cities the sentence names."""
        if self._places is None:
            self._places = self.lang.find_places(self.sentence.norm)
        return self._places

    @property
    def descriptions(self) -> list[Description]:
        """Return the places the sentence names by description ("the Swiss city")."""
        if self._descriptions is None:
            self._descriptions = self.lang.find_descriptions(self.sentence.norm)
        return self._descriptions

    @property
    def tracks(self) -> list[TrackMention]:
        """Return the tracks the sentence names."""
        if self._tracks is None:
            self._tracks = self.lang.find_tracks(self._catalogue, self.sentence.norm)
        return self._tracks

    @property
    def keywords(self) -> list[cues.Keyword]:
        """Return the event, report and press words of the sentence."""
        if self._keywords is None:
            self._keywords = self.lang.keywords(self.sentence.norm)
        return self._keywords

    @property
    def hosts(self) -> frozenset[tuple[int, int]]:
        """Return the spans of the event words and tracks that name the host of a meeting
        beside it: "summit" and "G20" in "met Xi on the sidelines of the G20 summit"."""
        if self._hosts is None:
            found: set[tuple[int, int]] = set()
            norm = self.sentence.norm
            for phrase in self.lang.phrases.sidelines.finditer(norm):
                # The host's name: the first event word within a few words after the phrase,
                # with the tracks named up to it ("of the OSCE Ministerial Council").
                reach = _words_reach(norm, phrase.end(), _HOST_WORDS)
                host = next(
                    (
                        k
                        for k in self.keywords
                        if k.role is cues.Role.KIND and phrase.end() <= k.start < reach
                    ),
                    None,
                )
                tracks = [t for t in self.tracks if phrase.end() <= t.start < reach]
                if host is not None:
                    found.add((host.start, host.end))
                    tracks = [t for t in tracks if t.start <= host.end]
                found.update((t.start, t.end) for t in tracks)
            self._hosts = frozenset(found)
        return self._hosts

    @property
    def norm(self) -> str:
        """Return the quote-folded sentence."""
        return self.sentence.norm

    def holds_only_labels(self, start: int, end: int) -> bool:
        """Tell whether a stretch of the sentence holds only dates, times, places and
        separators: a listing's label ("Monday 20 October, Luxembourg:")."""
        key = (start, end)
        if key not in self._labels:
            # Places need no blanking: the rest may hold capitalised names (and their "el").
            spans = [(d.start, d.end) for d in self.dates] + [(t.start, t.end) for t in self.times]
            self._labels[key] = bool(_LABEL_REST.match(self.without(start, end, spans)))
        return self._labels[key]

    def without(self, start: int, end: int, spans: list[tuple[int, int]]) -> str:
        """Return a stretch of the sentence with the given spans blanked out."""
        text = list(self.norm[start:end])
        for first, last in spans:
            for pos in range(max(first, start), min(last, end)):
                text[pos - start] = " "
        return "".join(text)

    def clause_of(self, pos: int) -> int:
        """Return the number of the clause that holds offset `pos`."""
        return bisect.bisect_right(self.breaks, pos)

    def clause_span(self, pos: int) -> tuple[int, int]:
        """Return the start and end of the clause that holds offset `pos`."""
        number = self.clause_of(pos)
        start = self.breaks[number - 1] if number > 0 else 0
        end = self.breaks[number] if number < len(self.breaks) else len(self.norm)
        return start, end

    def quoted(self, pos: int) -> bool:
        """Tell whether offset `pos` lies inside a direct quotation."""
        return self.norm.count('"', 0, pos) % 2 == 1


def analyse(
    article_text: str, catalogue: TrackCatalogue, lang: Language, page: Page | None = None
) -> list[Facts]:
    """Split an article into sentences and read the facts of each, in its language.

    With the article's `page`, its furniture lines and its dateline are not read as text.
    """
    if page is None:
        sentences = lang.split_sentences(article_text, (), 0)
    else:
        body_start = page.dateline.end if page.dateline is not None else 0
        sentences = lang.split_sentences(article_text, page.furniture_lines, body_start)
    return [Facts(sentence, catalogue, lang) for sentence in sentences]
