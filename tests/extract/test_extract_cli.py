"""`negbot extract` on bad input: one line per problem, a non-zero exit, the rest still read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.extract.lang import SUPPORTED
from tests.extract.extract_helpers import ROOT

GOOD_TEXT = "The OSCE Permanent Council will meet in Vienna on January 13, 2022.\n"
GOOD_TOML = 'published = 2022-01-05\noutlet = "Test wire"\n'


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    status = main(["extract", *args])
    captured = capsys.readouterr()
    return status, captured.out, [line for line in captured.err.splitlines() if line.strip()]


def _starts(out: str) -> list[str]:
    items: list[dict[str, Any]] = json.loads(out)
    return [item["start"] for item in items]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    path.with_suffix(".toml").write_text(GOOD_TOML, encoding="utf-8")
    return path


def _one_line_about(err: list[str], path: Path, *words: str) -> None:
    about = [line for line in err if path.name in line]
    assert len(about) == 1, err
    assert "Traceback" not in "\n".join(err)
    for word in words:
        assert word.lower() in about[0].lower(), about[0]


def test_good_file_alone(capsys: pytest.CaptureFixture[str], good: Path) -> None:
    status, out, err = _run(capsys, str(good), "--json")
    assert status == 0, err
    assert err == []
    assert _starts(out) == ["2022-01-13"]


def test_missing_file(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    status, out, err = _run(capsys, str(missing), str(good), "--json")
    assert status != 0
    _one_line_about(err, missing, "no such file")
    assert _starts(out) == ["2022-01-13"]


def test_empty_file(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    status, out, err = _run(capsys, str(empty), str(good), "--json")
    assert status != 0
    _one_line_about(err, empty, "empty")
    assert _starts(out) == ["2022-01-13"]


def test_whitespace_only_file(
    capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path
) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\t\n", encoding="utf-8")
    status, out, err = _run(capsys, str(blank), str(good), "--json")
    assert status != 0
    _one_line_about(err, blank, "empty")
    assert _starts(out) == ["2022-01-13"]


def test_non_utf8_file(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Les pourparlers de Genève auront lieu le 10 janvier.".encode("latin-1"))
    status, out, err = _run(capsys, str(latin), str(good), "--json")
    assert status != 0
    _one_line_about(err, latin, "UTF-8")
    assert _starts(out) == ["2022-01-13"]


def test_binary_file(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"GIF89a\x00\x01\x00\x01talks on January 10")
    status, out, err = _run(capsys, str(binary), str(good), "--json")
    assert status != 0
    _one_line_about(err, binary, "binary")
    assert _starts(out) == ["2022-01-13"]


def test_ten_megabyte_file(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    sentence = "The Iran nuclear talks will resume in Vienna on November 29, the EU said. "
    big.write_text(sentence * (10 * 1024 * 1024 // len(sentence) + 1), encoding="utf-8")
    assert big.stat().st_size >= 10 * 1024 * 1024
    status, out, err = _run(capsys, str(big), str(good), "--json")
    assert status != 0
    _one_line_about(err, big, "too large")
    assert _starts(out) == ["2022-01-13"]


def test_unreadable_file(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_TEXT, encoding="utf-8")
    locked.chmod(0)
    try:
        status, out, err = _run(capsys, str(locked), str(good), "--json")
    finally:
        locked.chmod(0o644)
    assert status != 0
    _one_line_about(err, locked, "permission")
    assert _starts(out) == ["2022-01-13"]


def test_directory_named_like_an_article(
    capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path
) -> None:
    # Unreadable as a file even for root.
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    status, out, err = _run(capsys, str(folder / "inside.txt"), str(good), "--json")
    assert status != 0
    _one_line_about(err, folder / "inside.txt", "no such file")
    assert _starts(out) == ["2022-01-13"]


def test_path_through_a_file(
    capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path
) -> None:
    through = good / "x.txt"
    status, out, err = _run(capsys, str(through), str(good), "--json")
    assert status != 0
    about = [line for line in err if "x.txt" in line]
    assert len(about) == 1, err
    assert _starts(out) == ["2022-01-13"]


def test_empty_directory_is_reported(
    capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "nothing_here"
    folder.mkdir()
    status, out, err = _run(capsys, str(folder), str(good), "--json")
    assert status != 0, "a directory with no article in it is unusable input"
    _one_line_about(err, folder, "")
    assert _starts(out) == ["2022-01-13"]


def test_directory_with_one_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "a.toml").write_text(GOOD_TOML, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00bad")
    status, out, err = _run(capsys, str(tmp_path), "--json")
    assert status != 0
    _one_line_about(err, tmp_path / "b.txt")
    assert _starts(out) == ["2022-01-13"]


def test_bad_sidecar(capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("The NATO-Russia Council will meet in Brussels on January 12.", "utf-8")
    other.with_suffix(".toml").write_text("published = [not toml", encoding="utf-8")
    status, out, err = _run(capsys, str(other), str(good), "--json")
    assert status != 0
    _one_line_about(err, other.with_suffix(".toml"))
    assert _starts(out) == ["2022-01-13"]


def test_undatable_article_says_to_pass_published(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("The talks will be held in Geneva on Tuesday.\n", encoding="utf-8")
    status, out, err = _run(capsys, str(undated), "--json")
    assert status != 0
    _one_line_about(err, undated, "--published")
    assert json.loads(out) == []


@pytest.mark.parametrize("value", ["yesterday", "2022-13-01", "2022-02-30", "31.12.2021", ""])
def test_published_not_a_date(capsys: pytest.CaptureFixture[str], good: Path, value: str) -> None:
    status, out, err = _run(capsys, str(good), "--published", value, "--json")
    assert status != 0
    assert len(err) == 1, err
    assert "--published" in err[0]
    assert repr(value) in err[0] or value in err[0]
    assert "Traceback" not in err[0]
    assert out == ""


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_extreme_published_dates_do_not_crash(tmp_path: Path, value: str) -> None:
    article = tmp_path / "edge.txt"
    article.write_text(
        "The Security Council will meet tomorrow. The Security Council met yesterday. "
        "The OSCE met on January 1 at 00:10 MSK.\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "extract", str(article), "--published", value, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    if done.returncode == 1:
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    else:
        json.loads(done.stdout)


def test_all_inputs_bad(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    status, out, err = _run(capsys, str(empty), str(missing), "--json")
    assert status != 0
    assert json.loads(out) == []
    _one_line_about(err, empty, "empty")
    _one_line_about(err, missing, "no such file")


def test_table_output_reports_errors_on_stderr(
    capsys: pytest.CaptureFixture[str], good: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    status, out, err = _run(capsys, str(missing), str(good))
    assert status != 0
    _one_line_about(err, missing, "no such file")
    assert "2022-01-13" in out
    assert "osce" in out


def test_subprocess_exit_status_and_streams(good: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "extract", str(missing), str(good), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "missing.txt" in done.stderr
    assert _starts(done.stdout) == ["2022-01-13"]


def test_extract_help_names_every_language_it_reads(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "Read English news" not in shown
    assert f"({', '.join(SUPPORTED)})" in shown
