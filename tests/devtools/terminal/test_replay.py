"""`negbot replay`: the seeds' reminders on a simulated clock, a moved session, bad options."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from bot.cli import main
from bot.config import Settings
from bot.devtools.terminal.replay import Replay, ReplayPlan
from tests.conftest import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "data" / "replay_seeds.txt"


def _replay(
    *, moves: tuple[str, ...] = (), speed: str = "3600", start: str = "2022-01-07"
) -> tuple[str, list[float]]:
    """Run a replay in this process; return what it printed and the pauses it made."""
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    plan = ReplayPlan.parse(
        start=start,
        end="2022-01-14",
        speed=speed,
        zone="Europe/Moscow",
        remind=["1d", "2h"],
        moves=moves,
        seeds=Path("seeds"),
    )
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, highlight=False, width=80)
    asyncio.run(Replay(plan, Settings(_env_file=None), console, sleep).run())
    return out.getvalue(), pauses


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.slow
def test_the_seeds_replay_as_recorded(workdir: Path, environment: dict[str, str]) -> None:
    """The golden run: six reminders in order, at 09:00 Moscow time, Geneva's disagreement
    shown in both of its reminders."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "replay", "--chat-tz", "Europe/Moscow"],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == GOLDEN.read_text(encoding="utf-8")


def test_reminders_come_in_order_at_their_times_with_paced_pauses() -> None:
    output, pauses = _replay()
    assert output == GOLDEN.read_text(encoding="utf-8")
    stamps = [line for line in output.splitlines() if line.startswith("── ")]
    assert stamps == [
        "── Sat 8 Jan 2022 09:00 MSK",
        "── Sun 9 Jan 2022 09:00 MSK",
        "── Tue 11 Jan 2022 09:00 MSK",
        "── Wed 12 Jan 2022 09:00 MSK",
        "── Thu 13 Jan 2022 09:00 MSK",
    ]
    body = output.split("── Sat 8 Jan", 1)[1]
    order = ["US–Russia security talks", "NATO–Russia Council meeting", "OSCE Permanent"]
    assert [body.index(title) for title in order] == sorted(body.index(t) for t in order)
    assert body.count("⏰ Reminder") == 6
    assert body.count("Note: sources disagree") == 2
    # 33 simulated hours before the first stop, a day between the next ones: all capped.
    assert pauses == [0.75] * 5


def test_a_slow_replay_pauses_in_proportion() -> None:
    _, pauses = _replay(speed="864000")  # ten days a second
    # From Fri 7 Jan 00:00 to Sat 8 Jan 09:00 Moscow time is 33 hours; then 1, 2, 1, 1 days.
    first = dtm.timedelta(hours=33).total_seconds() / 864000
    expected = [first] + [days * 86400 / 864000 for days in (1, 2, 1, 1)]
    assert pauses == pytest.approx(expected)


def test_a_long_replay_reaches_sessions_beyond_the_planning_horizon() -> None:
    """From October, the December sessions lie beyond the planner's 45 days: the clock moves
    a week at a time when nothing is due, so they are planned, and reminded, on the way."""
    output, _ = _replay(start="2021-10-01")
    assert "── Mon 6 Dec 2021 09:00 MSK" in output  # the video call of 7 December, a day before
    assert "── Thu 30 Dec 2021 21:30 MSK" in output  # the phone call at 23:30, 2 hours before
    # Two reminders for each of the five sessions; the publication of 17 December is none.
    assert output.count("⏰ Reminder") == 10


def test_a_moved_session_sends_a_notice_and_bumps_the_feed_sequence() -> None:
    output, _ = _replay(moves=("osce-2022-01-13=2022-01-20",))
    lines = output.splitlines()
    edit = lines.index(
        "✏️ An editor moves osce-2022-01-13 to 2022-01-20 (/edit osce-2022-01-13 when 2022-01-20)"
    )
    assert lines[edit - 1] == "── Mon 10 Jan 2022 12:00 MSK"
    notice = lines.index("🔁 Moved: OSCE Permanent Council session")
    assert lines[notice + 1 : notice + 3] == [
        "was: Thu 13 Jan 2022 (all day)",
        "now: Thu 20 Jan 2022 (all day)",
    ]
    feed = lines.index("calendar feed, VEVENT of osce-2022-01-13:")
    assert edit < notice < feed
    assert lines[feed + 1] == "  before  UID:osce-2022-01-13@negbot  SEQUENCE:0"
    assert lines[feed + 2] == "  after   UID:osce-2022-01-13@negbot  SEQUENCE:1"
    # The OSCE reminders moved with the session, past the end of the replay.
    assert "OSCE Permanent Council session\nThu 13 Jan" not in output
    assert lines[-1].startswith("replay over: 4 reminders and 1 change notice sent")


def test_a_stored_calendar_replays_from_a_copy_left_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'stored.db'}"
    monkeypatch.setenv("NEGBOT_DATABASE_URL", url)
    assert main(["import", str(SEEDS)]) == 0
    before = (tmp_path / "stored.db").read_bytes()
    capsys.readouterr()
    code = main(
        [
            "replay",
            "--database",
            url,
            "--chat-tz",
            "Europe/Moscow",
            "--speed",
            "1e9",
            "--move",
            "osce-2022-01-13=2022-01-20",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert f"calendar: the sessions stored in {url}, copied" in out
    assert out.count("⏰ Reminder") == 4
    assert "Note: sources disagree — 001_22e714e69b9a5890.txt says 10 January 2022" in out
    assert "🔁 Moved: OSCE Permanent Council session" in out
    assert (tmp_path / "stored.db").read_bytes() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--speed", "0"], "--speed must be more than 0"),
        (["--speed", "-5"], "--speed must be more than 0"),
        (["--speed", "fast"], "--speed 'fast' is not a number"),
        (["--from", "2022-01-15"], "--from 2022-01-15 is not before --to 2022-01-14"),
        (["--to", "2022-01-07"], "is not before --to 2022-01-07"),
        (["--from", "next week"], "--from: cannot read 'next week' as a time"),
        (["--to", "2022-02-30"], "--to: cannot read '2022-02-30' as a time"),
        (["--chat-tz", "Mars/Olympus"], "--chat-tz: unknown timezone 'Mars/Olympus'"),
        (["--remind", "soon"], "--remind: cannot read 'soon'"),
        (["--move", "osce-2022-01-13"], "write it like --move osce-2022-01-13=2022-01-20"),
        (["--move", "narnia-2022-01-01=2022-01-20"], "--move: no session 'narnia-2022-01-01'"),
        (["--move", "osce-2022-01-13=someday"], "cannot read a date in 'someday'"),
        (["--seeds", "no-such-dir"], "--seeds no-such-dir: no such directory"),
        (["--seeds", "seeds", "--database", "sqlite://"], "give --seeds or --database"),
    ],
)
def test_bad_options_are_usage_errors_with_one_clear_line(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["replay", "--chat-tz", "UTC", "--speed", "1e9", *options])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("negbot replay: ")
    assert message in lines[0]
