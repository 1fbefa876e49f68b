"""The labelled corpus: its gold files are sound, and the extractor scores above the floors."""

from __future__ import annotations

import tomllib
from functools import cache

import pytest

from bot.tracks import load_tracks
from tests.helpers.corpus import CORPUS, ArticleScore, check_article, load_corpus, score, total

FLOORS: dict[str, dict[str, dict[str, float]]] = tomllib.loads(
    (CORPUS / "floors.toml").read_text(encoding="utf-8")
)
CASES = [(lang, split) for lang, splits in FLOORS.items() for split in splits]


@cache
def _scores(lang: str, split: str) -> tuple[ArticleScore, ...]:
    return tuple(score(load_corpus(langs=[lang], splits=[split])))


def test_every_gold_file_is_sound() -> None:
    catalogue = load_tracks()
    problems = [
        p for text in sorted(CORPUS.glob("*/*/*.txt")) for p in check_article(text, catalogue)
    ]
    assert problems == []


@pytest.mark.parametrize(("lang", "split"), CASES)
@pytest.mark.parametrize("level", ["dates", "strict"])
def test_the_extractor_scores_at_least_the_floor(lang: str, split: str, level: str) -> None:
    scores = _scores(lang, split)
    assert scores, f"no {lang}/{split} articles"
    f1 = total(scores).scores("dates" if level == "dates" else "strict")[2]
    floor = FLOORS[lang][split][level]
    assert f1 >= floor - 1e-9, (
        f"{lang}/{split} {level} F1 fell to {f1:.3f}, below the floor {floor:.3f} "
        "(python bench/quality.py lists the misses)"
    )


def test_the_english_corpus_is_big_and_split_two_to_one() -> None:
    dev = load_corpus(langs=["en"], splits=["dev"])
    test = load_corpus(langs=["en"], splits=["test"])
    assert len(dev) + len(test) >= 150
    assert 0.25 <= len(test) / (len(dev) + len(test)) <= 0.4
    formats = {a.gold.format for a in [*dev, *test]}
    assert len(formats) >= 40
