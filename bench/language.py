"""Print how well and how fast negbot tells an article's language, beside lingua and py3langid.

Run from the repository root, in the virtual environment with the `bench` extra:

    python bench/language.py

The texts are the corpus articles (tests/corpus/<lang>/*/), each cut four ways: the headline
(the first line), the first 60 and 200 characters of the body, and the whole text; the truth is
the folder's language. negbot's `detect` answers None for too little text, which the extractor
reads as English, as it did before it read other languages; the figures count it that way.
lingua (lingua-language-detector) is asked to choose among the languages negbot names
(`bot.extract.lang.NAMES`), py3langid among all 97 of its own. Nothing here is a test.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
CUTS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("headline", lambda text: text.strip().split("\n", 1)[0]),
    ("60 chars", lambda text: _body(text)[:60]),
    ("200 chars", lambda text: _body(text)[:200]),
    ("article", lambda text: text),
)


def _body(text: str) -> str:
    lines = [line for line in text.split("\n") if len(line.strip()) > 60]
    return " ".join(lines) if lines else text


def samples() -> list[tuple[str, str]]:
    """Return (language, text) for every corpus article."""
    found = []
    for path in sorted(CORPUS.glob("*/*/*.txt")):
        found.append((path.parent.parent.name, path.read_text(encoding="utf-8")))
    return found


def _ours() -> Callable[[str], str]:
    from bot.extract.lang import detect

    return lambda text: detect(text) or "en"


def _lingua() -> Callable[[str], str] | None:
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError:
        return None
    from bot.extract.lang import NAMES

    codes = [getattr(IsoCode639_1, code.upper()) for code in NAMES]
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else "en"

    return detect


def _py3langid() -> Callable[[str], str]:
    import py3langid

    return lambda text: str(py3langid.classify(text)[0])


def measure(
    name: str, make: Callable[[], Callable[[str], str] | None], data: Sequence[tuple[str, str]]
) -> None:
    """Print one detector's accuracy per cut and language, its start-up and its speed."""
    start = time.perf_counter()
    detect = make()
    if detect is None:
        print(f"{name:<12} not installed")
        return
    detect("Warm-up text for the detector, in English.")
    startup = time.perf_counter() - start
    cells = []
    calls, elapsed = 0, 0.0
    for _cut, cut in CUTS:
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for lang, text in data:
            piece = cut(text)
            began = time.perf_counter()
            guess = detect(piece)
            elapsed += time.perf_counter() - began
            calls += 1
            total[lang] += 1
            right[lang] += guess == lang
        every = sum(right.values()) / sum(total.values())
        worst = min(total, key=lambda lang: right[lang] / total[lang])
        cells.append(f"{every:>6.1%} ({worst} {right[worst] / total[worst]:.0%})")
    rate = calls / elapsed if elapsed else float("inf")
    print(f"{name:<12} {startup:>7.2f}s {rate:>9.0f}/s  " + "  ".join(f"{c:<17}" for c in cells))


def main() -> int:
    """Run the measurement and print its figures."""
    data = samples()
    if not data:
        print(f"bench: no corpus articles under {CORPUS}", file=sys.stderr)
        return 2
    counts = Counter(lang for lang, _ in data)
    print(
        f"{len(data)} articles: " + ", ".join(f"{n} {lang}" for lang, n in sorted(counts.items()))
    )
    print("accuracy per cut, and in brackets the language it gets least often right")
    print(
        f"{'detector':<12} {'start-up':>8} {'speed':>10}  " + "  ".join(f"{c:<17}" for c, _ in CUTS)
    )
    measure("negbot", _ours, data)
    measure("lingua", _lingua, data)
    measure("py3langid", _py3langid, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
