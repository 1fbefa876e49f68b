"""Print how well the extractor reads the labelled corpus (tests/corpus): precision, recall, F1.

Run from the repository root, in the virtual environment:

    python bench/quality.py                 # every language and split; the misses of dev
    python bench/quality.py --split dev --misses all
    python bench/quality.py --check         # check the gold files instead (schema, places, text)
    python bench/quality.py --check tests/corpus/en/dev/a01-*.txt

Each article is read alone, dated by its sidecar (or by its own text when the sidecar has no
date), and its sessions (milestones left out) are matched one to one with the gold's:
"dates" counts a match when the first and last days agree; "strict" when the place, the status
and the start time (the moment, or none) agree too. Scores are printed per split and language,
per phenomenon tag and per kind of writing; then each miss, each invented session and each
session found on the right days but wrong otherwise, with its sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.tracks import load_tracks  # noqa: E402
from tests.helpers.corpus import (  # noqa: E402
    CORPUS,
    ArticleScore,
    Tally,
    check_article,
    gold_path,
    load_corpus,
    score,
    total,
)


def _row(label: str, tally: Tally, articles: int) -> str:
    dp, dr, df = tally.scores("dates")
    sp, sr, sf = tally.scores("strict")
    return (
        f"{label:<28} {articles:>4} {tally.gold:>5} {tally.found:>5}   "
        f"{dp:5.3f} {dr:5.3f} {df:5.3f}   {sp:5.3f} {sr:5.3f} {sf:5.3f}"
    )


def _header(title: str) -> str:
    return (
        f"{title:<28} {'arts':>4} {'gold':>5} {'found':>5}   "
        f"{'P':>5} {'R':>5} {'F1':>5}   {'P':>5} {'R':>5} {'F1':>5}\n"
        f"{'':<28} {'':>4} {'':>5} {'':>5}   {'dates':^17}   {'strict':^17}"
    )


def _grouped(
    scores: Sequence[ArticleScore], keys: Callable[[ArticleScore], Iterable[str]]
) -> dict[str, list[ArticleScore]]:
    groups: dict[str, list[ArticleScore]] = defaultdict(list)
    for s in scores:
        for key in keys(s):
            groups[key].append(s)
    return dict(sorted(groups.items()))


def _short(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_misses(scores: Sequence[ArticleScore]) -> None:
    """Print each miss, invented session and wrong field, article by article."""
    for s in scores:
        if not (s.missed or s.invented or s.wrong or s.error):
            continue
        where = f"{s.article.lang}/{s.article.split}/{s.article.id}"
        print(f"\n{where}  (published {s.article.gold.published})")
        if s.error:
            print(f"  ERROR {s.error}")
        for g in s.missed:
            end = f"–{g.end}" if g.end else ""
            print(f"  MISSED   {g.start}{end} {g.location or '-'} {g.status}: {g.title}")
            print(f"           « {_short(g.evidence)} »")
        for e in s.invented:
            end = f"–{e.end_date}" if e.end_date != e.start_date else ""
            print(
                f"  INVENTED {e.start_at or e.start_date}{end} {e.location or '-'} "
                f"{e.status.value} [{e.kind}]: {e.title}"
            )
            print(f"           « {_short(e.sources[0].quote)} »")
        for g, e in s.wrong:
            diffs = []
            if (g.location or None) != (e.location or None):
                diffs.append(f"place {e.location} (gold {g.location})")
            if g.status != e.status.value:
                diffs.append(f"status {e.status.value} (gold {g.status})")
            got = e.start_at.isoformat() if e.start_at else None
            if (g.moment.isoformat() if g.moment else None) != got:
                diffs.append(f"time {got} (gold {g.start if g.moment else None})")
            print(f"  WRONG    {g.start_date} {g.title}: {'; '.join(diffs) or 'place spelling'}")
            print(f"           « {_short(e.sources[0].quote)} »")


def report(scores: Sequence[ArticleScore], misses: str) -> None:
    """Print the scores, by split and language, by tag and genre, then the misses."""
    print(_header("split / language"))
    by_split = _grouped(scores, lambda s: [f"{s.article.split} {s.article.lang}"])
    for label, group in by_split.items():
        print(_row(label, total(group), len(group)))
    print()
    for split in ("dev", "test"):
        part = [s for s in scores if s.article.split == split]
        if not part:
            continue
        print(_header(f"{split}: phenomenon"))
        for tag, group in _grouped(part, lambda s: s.article.gold.phenomena).items():
            print(_row(tag, total(group), len(group)))
        print()
        print(_header(f"{split}: kind of writing"))
        for genre, group in _grouped(part, lambda s: [s.article.gold.genre]).items():
            print(_row(genre, total(group), len(group)))
        print()
    if misses != "none":
        shown = [s for s in scores if misses == "all" or s.article.split == misses]
        print_misses(shown)
        print()
    print("summary")
    for label, group in by_split.items():
        tally = total(group)
        print(
            f"  {label}: dates F1 {tally.scores('dates')[2]:.3f}, "
            f"strict F1 {tally.scores('strict')[2]:.3f} "
            f"({tally.gold} sessions, {len(group)} articles)"
        )


def check(paths: Sequence[Path]) -> int:
    """Check gold files; print each problem and return the exit status."""
    catalogue = load_tracks()
    texts = (
        [
            p if p.suffix == ".txt" else p.with_name(p.name.removesuffix(".gold.json") + ".txt")
            for p in paths
        ]
        if paths
        else sorted(CORPUS.glob("*/*/*.txt"))
    )
    problems = 0
    for text in texts:
        if not gold_path(text).is_file():
            print(f"{text}: no gold file beside it")
            problems += 1
            continue
        for problem in check_article(text, catalogue):
            print(problem)
            problems += 1
    print(f"{len(texts)} article(s) checked, {problems} problem(s)")
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Score the corpus, or check it with --check."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", nargs="*", type=Path, metavar="FILE", help="check gold files")
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--split", choices=["dev", "test"], action="append", help="only this split")
    parser.add_argument(
        "--save", type=Path, metavar="FILE", help="write each article's counts to FILE (JSON)"
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="FILE",
        help="list the articles whose counts differ from those saved in FILE",
    )
    parser.add_argument(
        "--misses",
        choices=["none", "dev", "test", "all"],
        default="dev",
        help="whose misses to list (default: dev)",
    )
    args = parser.parse_args(argv)
    if args.check is not None:
        return check(args.check)
    articles = load_corpus(langs=args.lang, splits=args.split or ("dev", "test"))
    if not articles:
        print("no corpus articles found", file=sys.stderr)
        return 1
    scores = score(articles)
    report(scores, args.misses)
    counts = {
        f"{s.article.split}/{s.article.id}": [
            s.tally.gold,
            s.tally.found,
            s.tally.dates,
            s.tally.strict,
        ]
        for s in scores
    }
    if args.compare is not None:
        compare(counts, json.loads(args.compare.read_text(encoding="utf-8")))
    if args.save is not None:
        args.save.write_text(json.dumps(counts, indent=0), encoding="utf-8")
    return 0


def compare(now: dict[str, list[int]], before: dict[str, list[int]]) -> None:
    """Print the articles whose found, date and strict counts changed since a saved run."""
    print("\nchanged since the saved run (gold, found, dates, strict):")
    for key in sorted(now):
        if key in before and before[key] != now[key]:
            delta = now[key][2] - before[key][2], now[key][3] - before[key][3]
            print(
                f"  {key}: {before[key]} -> {now[key]}  (dates {delta[0]:+d}, strict {delta[1]:+d})"
            )


if __name__ == "__main__":
    sys.exit(main())
