"""Choose between the dates that different sources give for one session, and word the rest."""

from __future__ import annotations

import datetime as dtm
from collections.abc import Mapping, Sequence

Reading = tuple[dtm.date, dtm.date]


def reading_text(reading: Reading) -> str:
    """Return a reading as people write it: "9–10 January 2022"."""
    first, last = reading
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.month, first.year) == (last.month, last.year):
        return f"{first.day}–{last.day} {first:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def choose_reading(
    support: Mapping[Reading, Sequence[str]], explicit: Mapping[Reading, int] | None = None
) -> Reading:
    """Return the best-supported reading.

    `support` maps each reading to the articles that give it. The reading most articles give
    wins; between equals, the one that contains the others (an article naming only the main day
    of a two-day session agrees with it), then the one written as a date rather than derived.
    """
    explicit = explicit or {}

    def rank(reading: Reading) -> tuple[int, int, int, int]:
        contains = sum(
            1
            for other in support
            if other != reading and reading[0] <= other[0] and other[1] <= reading[1]
        )
        articles = len(set(support[reading]))
        return articles, contains, explicit.get(reading, 0), -reading[0].toordinal()

    return max(support, key=rank)


def discrepancy(
    other: Reading,
    other_files: str,
    other_words: str | None,
    chosen: Reading,
    chosen_files: str,
    chosen_words: str | None,
) -> str:
    """Word a disagreement between sources about a session's date."""

    def said(files: str, reading: Reading, words: str | None) -> str:
        quoted = f" (\u201c{words}\u201d)" if words else ""
        return f"{files} says {reading_text(reading)}{quoted}"

    return f"{said(other_files, other, other_words)}; {said(chosen_files, chosen, chosen_words)}"
