"""Split an article into sentences with their exact offsets, skipping credit and bullet lines."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

# One character in, one character out: offsets in the normalised text are offsets in the input.
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
        "―": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\t": " ",
        "\r": " ",
    }
)

_BULLETS = "•·▪●■◦‣∙*"
_CREDIT_WORDS = re.compile(
    r"^(?:photo|photograph|image|picture|credit|credits|source|getty images|afp|ap photo|"
    r"reuters|tass|ria novosti|sputnik|epa|read more|read also|also read|see also|advertisement|"
    r"subscribe|share|video|watch)\b",
    re.IGNORECASE,
)
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt st jr sr vs etc e.g i.e u.s u.k u.n no nos fig
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    sen rep gov pres amb adm maj capt cmdr inc ltd co corp approx dept
    """.split()
)
# A sentence ends before a capital or a digit, in any script (checked on the match).
_SENTENCE_END = re.compile(r"""[.!?]+["')\]]*(?=\s+["'(\[]?\w)""")
_ZONE_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+ time\b|[A-Z]{2,4}\b|local time\b)")
# Lines that are captions or links to other stories, however long they are.
_ALWAYS_NOISE = re.compile(
    r"^(?:file photo|photo|photograph|pictured|caption|read more|read also|related|see also|"
    r"watch|listen|"
    # the same furniture on Russian, French and German pages
    r"фото|фотография|видео|читайте\s+также|читайте|смотрите\s+также|по\s+теме|подробнее|"
    r"теги|источник|légende|crédit|crédits|lire\s+aussi|à\s+lire\s+aussi|voir\s+aussi|"
    r"sur\s+le\s+même\s+sujet|foto|bild|bildunterschrift|lesen\s+sie\s+auch|"
    r"mehr\s+zum\s+thema|auch\s+interessant|quelle)\s*[:|-]|reuters/|/reuters\b|\bafp/|"
    r"getty images\s*$",
    re.IGNORECASE,
)
# A line that stops on one of these words is cut mid-sentence (hard-wrapped text).
_OPEN_ENDINGS = frozenset(
    "a an the of in on at to for with and or but by from as that which who than into about "
    "between during after before since until".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: where it is, its exact text and its quote-folded twin."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    norm: str


def fold(text: str) -> str:
    """Return the text with quotes, dashes and odd spaces folded, at the same length."""
    return text.translate(_FOLD)


def is_noise_line(line: str) -> bool:
    """Tell whether a line is a photo credit, a byline fragment or a short bullet."""
    stripped = line.strip()
    if not stripped:
        return True
    if "©" in stripped or _ALWAYS_NOISE.search(stripped):
        return True
    if all(not ch.isalnum() for ch in stripped):
        return True
    head = stripped[0]
    if head in _BULLETS or head == "-":
        body = stripped.lstrip(_BULLETS + "- ").strip()
        return len(body) <= 60 and not body.endswith((".", "!", "?"))
    return (
        len(stripped) <= 60 and bool(_CREDIT_WORDS.match(stripped)) and not stripped.endswith(".")
    )


def _segments(text: str, norm: str, skip_lines: Collection[int] = ()) -> list[tuple[int, int, int]]:
    """Return (start, end, paragraph) of each usable line, joining hard-wrapped lines.

    News text puts one paragraph on a line; a line that stops mid-sentence and is followed by
    one starting in lower case is a hard wrap and joins it. Lines that start at an offset of
    `skip_lines` (page furniture: "Published: ..." lines) are left out.
    """
    segments: list[tuple[int, int, int]] = []
    paragraph = 0
    blank_before = False
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        line = norm[start:end]
        if not line.strip():
            blank_before = True
            continue
        lead = len(line) - len(line.lstrip())
        if is_noise_line(line) or start + lead in skip_lines:
            continue
        trail = len(line) - len(line.rstrip())
        start, end = start + lead, end - trail
        stripped = line.strip()
        if segments and not blank_before:
            prev_start, prev_end, prev_par = segments[-1]
            prev = norm[prev_start:prev_end]
            last_word = prev.rsplit(None, 1)[-1].lower() if prev.split() else ""
            if not prev.endswith((".", "!", "?", '"', "'", ":", ")")) and (
                stripped[:1].islower() or last_word in _OPEN_ENDINGS
            ):
                segments[-1] = (prev_start, end, prev_par)
                continue
        segments.append((start, end, paragraph))
        paragraph += 1
        blank_before = False
    return segments


_ORDINAL = re.compile(r"(?<![\d.,:])\d{1,2}\.$")


def _opens(norm: str, end: int, openers: Collection[str]) -> bool:
    """Tell whether the word after `end` is one that opens sentences."""
    following = norm[end : end + 20].split(None, 1)
    return bool(following) and following[0].strip("\"'(,") in openers


def _is_ordinal(norm: str, end: int) -> bool:
    """Tell whether the period before `end` follows a day's or a round's number ("10.")."""
    return _ORDINAL.search(norm, max(0, end - 6), end) is not None


def _starts_sentence(norm: str, end: int) -> bool:
    """Tell whether the text after a sentence-ending mark starts a new sentence."""
    rest = norm[end : end + 8].lstrip().lstrip("\"'([")
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _is_abbreviation(norm: str, dot: int, abbreviations: Collection[str]) -> bool:
    """Tell whether the period at `dot` closes an abbreviation rather than a sentence."""
    if norm[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (norm[word_start - 1].isalpha() or norm[word_start - 1] == "."):
        word_start -= 1
    word = norm[word_start:dot].lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Biden"
    if word in abbreviations:
        return True
    if word in {"a.m", "p.m"}:
        return bool(_ZONE_AFTER.match(norm, dot + 1))
    return False


def split_sentences(
    text: str,
    skip_lines: Collection[int] = (),
    body_start: int = 0,
    abbreviations: Collection[str] = _ABBREVIATIONS,
    *,
    ordinals: bool = False,
    openers: Collection[str] = (),
) -> list[Sentence]:
    """Split an article into sentences; their `text` is an exact slice of the input.

    Lines starting at an offset of `skip_lines` are left out; the line that holds `body_start`
    (the end of a dateline) is read from there. A period after one of `abbreviations` (lower
    case, without the period) does not end a sentence; with `ordinals`, neither does one after
    a number of one or two digits (German writes "am 10. Januar", "die 5. Runde"), unless the
    next word is one of `openers`, words that open sentences ("… stieg auf 12. Die Regierung").
    """
    norm = fold(text)
    sentences: list[Sentence] = []
    for seg_start, seg_end, paragraph in _segments(text, norm, skip_lines):
        if seg_start <= body_start < seg_end:
            seg_start = body_start
        cursor = seg_start
        for match in _SENTENCE_END.finditer(norm, seg_start, seg_end):
            if (
                not _starts_sentence(norm, match.end())
                or _is_abbreviation(norm, match.start(), abbreviations)
                or (
                    ordinals
                    and _is_ordinal(norm, match.end())
                    and not _opens(norm, match.end(), openers)
                )
            ):
                continue
            _append(sentences, text, norm, cursor, match.end(), paragraph)
            cursor = match.end()
        _append(sentences, text, norm, cursor, seg_end, paragraph)
    return sentences


def _append(
    sentences: list[Sentence], text: str, norm: str, start: int, end: int, paragraph: int
) -> None:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end - start < 2 or not any(ch.isalnum() for ch in norm[start:end]):
        return
    sentences.append(
        Sentence(len(sentences), paragraph, start, end, text[start:end], norm[start:end])
    )
