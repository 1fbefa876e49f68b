"""Golden tests for the two seed articles: exactly what issue 2 says they hold, nothing else."""

from __future__ import annotations

import datetime as dtm
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.articles import read_article
from bot.extract import Extraction, extract
from bot.models import ExtractedEvent, ExtractedStatus
from tests.extract.extract_helpers import DATA, ROOT, SEEDS, at, day, show

SEED_000 = "000_6d0122ac0ca97e75.txt"
SEED_001 = "001_22e714e69b9a5890.txt"
PUBLISHED = [None, "2021-12-30", "2021-12-31"]
CONTRACT = ("title", "track", "start", "end", "location", "timezone", "status", "discrepancies")


def _extract(folder: Path, published: str | None) -> Extraction:
    articles = [read_article(folder / name) for name in (SEED_000, SEED_001)]
    return extract(articles, published=day(published) if published else None)


@pytest.fixture
def bare_seeds(tmp_path: Path) -> Path:
    """The seed texts alone, without their .toml sidecars: the date must come from the text."""
    for name in (SEED_000, SEED_001):
        shutil.copyfile(SEEDS / name, tmp_path / name)
    return tmp_path


def _files(event: ExtractedEvent) -> set[str]:
    return {Path(s.file).name for s in event.sources}


def _check(result: Extraction, folder: Path) -> None:
    found = result.events
    assert result.problems == [], result.problems
    assert len(found) == 8, show(found)
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in (SEED_000, SEED_001)}
    for event in found:
        for source in event.sources:
            assert source.quote in texts[Path(source.file).name], source.quote

    upcoming = [e for e in found if e.status is ExtractedStatus.UPCOMING]
    assert [(e.track, e.start_date, e.end_date, e.location, e.timezone) for e in upcoming] == [
        ("us-russia-security", day("2022-01-09"), day("2022-01-10"), "Geneva", "Europe/Zurich"),
        (
            "nato-russia-council",
            day("2022-01-12"),
            day("2022-01-12"),
            "Brussels",
            "Europe/Brussels",
        ),
        ("osce", day("2022-01-13"), day("2022-01-13"), "Vienna", "Europe/Vienna"),
    ], show(found)
    for event in upcoming:
        assert _files(event) == {SEED_000, SEED_001}, show([event])
        assert event.start_at is None, show([event])
    geneva, brussels, vienna = upcoming
    assert len(geneva.discrepancies) == 1, show([geneva])
    assert SEED_001 in geneva.discrepancies[0]
    assert "10 January 2022" in geneva.discrepancies[0]
    assert brussels.discrepancies == ()
    assert vienna.discrepancies == ()

    past = [e for e in found if e.status is ExtractedStatus.PAST]
    assert [(e.start_date, e.kind) for e in past] == [
        (day("2021-04-13"), "call"),
        (day("2021-04-15"), "decree"),
        (day("2021-12-07"), "video"),
        (day("2021-12-17"), "publication"),
        (day("2021-12-30"), "call"),
    ], show(found)
    for event in past:
        assert event.location is None, show([event])
        assert event.track is None, show([event])
        assert event.start_date == event.end_date
    video, call = past[2], past[4]
    assert _files(video) == {SEED_000, SEED_001}, show([video])
    assert _files(call) == {SEED_000, SEED_001}, show([call])
    assert call.start_at == at("2021-12-30T23:30", "Europe/Moscow"), show([call])
    assert call.end_at == at("2021-12-31T00:20", "Europe/Moscow"), show([call])
    assert call.timezone == "Europe/Moscow"


@pytest.mark.parametrize("published", PUBLISHED)
def test_seeds_with_metadata(published: str | None) -> None:
    _check(_extract(SEEDS, published), SEEDS)


@pytest.mark.parametrize("published", PUBLISHED)
def test_seeds_without_metadata(bare_seeds: Path, published: str | None) -> None:
    result = _extract(bare_seeds, published)
    _check(result, bare_seeds)
    if published is None:
        assert set(result.references.values()) <= {day("2021-12-30"), day("2021-12-31")}


def test_seed_references_from_metadata() -> None:
    result = _extract(SEEDS, None)
    assert sorted(result.references.values()) == [day("2021-12-31"), day("2021-12-31")]


def test_seed_000_alone_without_metadata_infers_its_date(bare_seeds: Path) -> None:
    result = extract([read_article(bare_seeds / SEED_000)])
    assert result.problems == []
    assert next(iter(result.references.values())) in {day("2021-12-30"), day("2021-12-31")}
    upcoming = [e for e in result.events if e.status is ExtractedStatus.UPCOMING]
    assert [(e.track, e.start_date) for e in upcoming] == [
        ("us-russia-security", day("2022-01-09")),
        ("nato-russia-council", day("2022-01-12")),
        ("osce", day("2022-01-13")),
    ], show(result.events)


def test_seed_001_alone_without_metadata_dates_itself_or_says_to_pass_published(
    bare_seeds: Path,
) -> None:
    result = extract([read_article(bare_seeds / SEED_001)])
    if result.problems:
        assert result.events == []
        assert "--published" in str(result.problems[0])
        assert SEED_001 in str(result.problems[0])
    else:
        upcoming = [e for e in result.events if e.status is ExtractedStatus.UPCOMING]
        assert {e.start_date for e in upcoming} >= {day("2022-01-10"), day("2022-01-13")}


def test_seed_texts_are_kept_byte_for_byte() -> None:
    for name in (SEED_000, SEED_001):
        article = read_article(SEEDS / name)
        assert article.text.encode("utf-8") == (SEEDS / name).read_bytes()
        assert article.published == dtm.date(2021, 12, 31)


# -- the CLI's JSON, against the checked-in golden file ------------------------------------


def _cli_json(*args: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "extract", *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


def _contract(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **{key: item[key] for key in CONTRACT},
            "sources": [{"file": s["file"], "quote": s["quote"]} for s in item["sources"]],
            "end_at": item.get("end_at"),
            "kind": item.get("kind"),
        }
        for item in items
    ]


@pytest.mark.parametrize("published", PUBLISHED)
def test_cli_json_matches_the_golden_file(published: str | None) -> None:
    golden = json.loads((DATA / "seeds_extract.json").read_text(encoding="utf-8"))
    args = ["seeds/"] + (["--published", published] if published else [])
    output = _cli_json(*args)
    assert _contract(output) == _contract(golden)
    for item in output:
        assert set(CONTRACT) | {"sources"} <= set(item)
        assert isinstance(item.get("confidence", 0.5), float | int)
        assert 0.0 <= item.get("confidence", 0.5) <= 1.0


def test_cli_json_contract_types() -> None:
    for item in _cli_json("seeds/"):
        start = item["start"]
        if "T" in start:
            parsed = dtm.datetime.fromisoformat(start)
            assert parsed.utcoffset() is not None
        else:
            dtm.date.fromisoformat(start)
        if item["end"] is not None:
            assert dtm.date.fromisoformat(item["end"]) >= dtm.date.fromisoformat(start[:10])
        assert item["status"] in {"upcoming", "past", "cancelled", "postponed"}
        assert isinstance(item["discrepancies"], list)
        assert all(set(s) >= {"file", "quote"} for s in item["sources"])
