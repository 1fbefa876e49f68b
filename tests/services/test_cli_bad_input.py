"""Operator commands given bad input: one clear line, a non-zero exit, nothing half-written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SEEDS


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("NEGBOT_DATABASE_URL", f"sqlite:///{path}")
    return path


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, f"more than one line: {err!r}"
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://root@127.0.0.1/negbot", "unsupported database 'mysql'"),
        ("not a url at all", "not a database URL"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/negbot", "cannot open the database"),
        ("sqlite:////nonexistent/folder/negbot.db", "cannot open the database"),
        ("sqlite:///", "names no file"),
        ("sqlite://", "names no file"),
    ],
)
def test_a_bad_database_url_is_one_clear_line(
    url: str, problem: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEGBOT_DATABASE_URL", url)
    assert main(["events", "list"]) == 1
    assert problem in _error(capsys)


def test_a_schema_newer_than_this_negbot_is_refused(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    assert main(["events", "list"]) == 1
    assert "schema revision '9999'" in _error(capsys)


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (["--start", "20 January 2022", "--end", "19 January 2022"], "before the start"),
        (["--start", "20 January 2022", "--timezone", "Mars/Olympus"], "unknown timezone"),
        (["--start", "20 January 2022", "--track", "narnia"], "unknown track 'narnia'"),
        (["--start", "30 February 2022"], "not a real date"),
        (["--start", "20 January 2022", "--end", "30 March 2022"], "32 days at most"),
        (["--start", "20 January 9999"], "year 9999 is outside 1900–2200"),
        (["--start", "20 January 1899"], "year 1899 is outside 1900–2200"),
        (["--start", "20 January 2300"], "year 2300 is outside 1900–2200"),
        (["--start", "20 January 2022 25:00"], "25:00 is not a time of day"),
        (["--start", "20 January 2022 24:00"], "24:00 is not a time of day"),
        (["--start", "20 January 2022 10:61"], "10:61 is not a time of day"),
        (["--start", "20 January 2022 10:00 Mars"], "cannot read 'Mars'"),
        (["--start", "2022-01-20 to 2022-01-40"], "not a real date"),
        (["--start", "20 January 2022", "--venue", "V" * 5000], "venue is too long"),
        (["--start", "2" * 5000], "when is too long"),
    ],
)
def test_events_add_refuses_and_stores_nothing(
    arguments: list[str], problem: str, database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(SEEDS)]) == 0
    capsys.readouterr()
    assert main(["events", "add", "--title", "Talks", *arguments]) == 1
    assert problem in _error(capsys)
    assert main(["events", "list", "--all"]) == 0
    assert "8 session(s)" in capsys.readouterr().out


def test_awkward_titles_are_kept_whole_or_refused(
    database: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    title = 'Talks, round 2; "final"\\ back\nslash'
    assert main(["events", "add", "--title", title, "--start", "20 January 2022"]) == 0
    capsys.readouterr()
    out = tmp_path / "all.ics"
    assert main(["export", "--out", str(out)]) == 0
    capsys.readouterr()
    ics = out.read_bytes()
    assert b'SUMMARY:Talks\\, round 2\\; "final"\\\\ back slash\r\n' in ics
    assert main(["events", "add", "--title", "T" * 5000, "--start", "21 January 2022"]) == 1
    assert "too long" in _error(capsys)


def test_a_cancel_reason_has_a_cap_and_the_session_stays(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", "add", "--title", "Talks", "--start", "20 January 2022"]) == 0
    ref = capsys.readouterr().out.split()[1]
    assert main(["events", "cancel", ref, "--reason", "x" * 100_000]) == 1
    assert "reason is too long (100000 characters; 500 at most)" in _error(capsys)
    assert main(["events", "show", ref]) == 0
    assert "cancelled" not in capsys.readouterr().out


def _tables(path: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_a_database_negbot_did_not_create_is_refused_untouched(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE tracks (name TEXT)")
        connection.execute("INSERT INTO tracks VALUES ('mine')")
    before = _tables(database)
    for _ in range(2):  # the second start meets the same file, not a half-migrated one
        assert main(["events", "list"]) == 1
        assert "was not created by negbot (it has tracks" in _error(capsys)
    assert _tables(database) == before


def _damage(path: Path, table: str) -> None:
    """Overwrite the cell pointers of the table's root page, as a bad disk would."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    with path.open("r+b") as file:
        file.seek(size * (root - 1) + 8)
        file.write(b"\xff" * 200)


@pytest.mark.parametrize("command", [["events", "list", "--all"], ["export", "--out", "OUT"]])
def test_a_damaged_file_is_reported_as_damaged_and_never_half_exported(
    command: list[str], database: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(SEEDS)]) == 0
    _damage(database, "events")
    capsys.readouterr()
    out = tmp_path / "all.ics"
    assert main([str(out) if a == "OUT" else a for a in command]) == 1
    assert "is damaged (PRAGMA quick_check" in _error(capsys)
    assert not out.exists()
