"""The rendered feed imported by real calendar programs: khal (PyPI) and calcurse (Debian).

Each runs in a temporary home with its local zone set to Europe/Vienna, without a terminal or
network. A missing program skips its tests, except under CI=true, where it fails them.
"""

from __future__ import annotations

import datetime as dtm
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.ical import render_calendar
from bot.models import Event
from tests.helpers.events import UPDATED, at, make_event, seed_events, track_map

ZONE = "Europe/Vienna"
FIRST_DAY = "2022-01-01"

# Day → what each program shows that day. The Moscow session (15:00–17:00 MSK) appears at
# 13:00–15:00 Vienna time; the Geneva talks appear on both of their days.
SEED_DAYS = {
    "2022-01-09": ["all day: US–Russia security talks"],
    "2022-01-10": ["all day: US–Russia security talks"],
    "2022-01-12": ["all day: NATO–Russia Council meeting"],
    "2022-01-13": ["10:00-11:00: OSCE Permanent Council session"],
    "2022-01-18": ["13:00-15:00: Russia–US consultations"],
    "2022-01-20": ["all day: Cancelled: Normandy format talks"],
}

# Forty days from FIRST_DAY, by day, with ISO dates and 24-hour times.
KHAL_DAYS = ("--day-format", "== {date} ==", FIRST_DAY, "40d")
CALCURSE_DAYS = (
    *("--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d"),
    *("-Q", "--from", FIRST_DAY, "--days", "40"),
    *("--format-apt", "%S-%E: %m\\n"),
    *("--format-event", "all day: %m\\n", "--format-recur-event", "all day: %m\\n"),
)
# calcurse's import report, e.g. "2 apps / 3 events / 0 todos / 0 skipped" ("1 app" when one).
REPORT = re.compile(r"(\d+) apps? / (\d+) events? / (\d+) todos? / (\d+) skipped")

KHAL_CONFIG = """\
[calendars]
[[negbot]]
path = {vdir}
type = calendar

[locale]
local_timezone = {zone}
default_timezone = {zone}
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[default]
default_calendar = negbot

[sqlite]
path = {database}
"""


def program(name: str) -> str:
    """Return the path of a calendar program; skip when it is missing, fail under CI=true."""
    beside_python = Path(sys.executable).with_name(
        name
    )  # khal lives in the venv, maybe unactivated
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        how = "pip install -e .[test]" if name == "khal" else f"apt-get install {name}"
        reason = f"{name} is not installed ({how})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    return found


def run(args: Sequence[str | Path], home: Path) -> subprocess.CompletedProcess[str]:
    """Run a program in a private home, with a fixed zone and locale, no terminal, 60 s at most."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TZ": ZONE,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUTF8": "1",
    }
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=home,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def write_feed(path: Path, events: list[Event]) -> Path:
    """Render the events as a feed into a file and return its path."""
    path.write_bytes(render_calendar(events, name="Negotiation tracks", tracks=track_map()))
    return path


def days(listing: str, heading: str) -> dict[str, list[str]]:
    """Group a day-by-day listing: `heading` matches a day line and captures its ISO date."""
    grouped: dict[str, list[str]] = {}
    day = None
    for line in listing.splitlines():
        if found := re.fullmatch(heading, line):
            day = found.group(1)
            grouped[day] = []
        elif line.strip() and day is not None:
            grouped[day].append(line.strip())
    return grouped


class TestKhal:
    """khal reads the feed with `printics`, imports it into a vdir and lists it by day."""

    @pytest.fixture
    def khal(self, tmp_path: Path) -> list[str]:
        """Return the khal command line with a config of its own (vdir, database, zone)."""
        (tmp_path / "vdir").mkdir()
        config = tmp_path / "khal.conf"
        config.write_text(
            KHAL_CONFIG.format(vdir=tmp_path / "vdir", database=tmp_path / "khal.db", zone=ZONE)
        )
        return [program("khal"), "-c", str(config)]

    def listing(self, khal: list[str], home: Path) -> dict[str, list[str]]:
        """Return what `khal list` shows from the first day for 40 days, by day."""
        result = run(
            [*khal, "list", *("--format", "{start-time}-{end-time}: {title}"), *KHAL_DAYS],
            home,
        )
        assert result.returncode == 0, result.stderr
        listed = days(result.stdout, r"== (\d{4}-\d\d-\d\d) ==")
        # khal leaves {start-time} and {end-time} empty for an all-day event.
        return {
            day: [re.sub("^-: ", "all day: ", e) for e in entries]
            for day, entries in listed.items()
        }

    def test_printics_reads_every_session(self, khal: list[str], tmp_path: Path) -> None:
        feed = write_feed(tmp_path / "negbot.ics", seed_events())
        form = "{start-long}|{end-long}|{title}|{location}|{status}"
        result = run([*khal, "printics", "--format", form, feed], tmp_path)
        assert result.returncode == 0, result.stderr
        first, *lines = (line.rstrip() for line in result.stdout.splitlines())
        assert first == f"5 events found in {feed}"
        assert lines == [
            "2022-01-09|2022-01-10|US–Russia security talks|Geneva|CONFIRMED",
            "2022-01-12|2022-01-12|NATO–Russia Council meeting|Brussels|CONFIRMED",
            "2022-01-13 10:00|2022-01-13 11:00|OSCE Permanent Council session|Vienna|CONFIRMED",
            "2022-01-18 13:00|2022-01-18 15:00|Russia–US consultations|Moscow|TENTATIVE",
            "2022-01-20|2022-01-20|Cancelled: Normandy format talks|Paris|CANCELLED",
        ]

    def test_import_lists_sessions_on_their_days(self, khal: list[str], tmp_path: Path) -> None:
        feed = write_feed(tmp_path / "negbot.ics", seed_events())
        result = run([*khal, "import", "--batch", "-a", "negbot", feed], tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(list((tmp_path / "vdir").glob("*.ics"))) == 5
        assert self.listing(khal, tmp_path) == SEED_DAYS

    def test_a_moved_session_moves(self, khal: list[str], tmp_path: Path) -> None:
        events = seed_events()
        moved = events[2].model_copy(
            update={
                "start_date": dtm.date(2022, 1, 14),
                "end_date": dtm.date(2022, 1, 14),
                "start_at": at(2022, 1, 14, 10, 0, ZONE),
                "sequence": events[2].sequence + 1,
                "updated_at": UPDATED + dtm.timedelta(days=2),
            }
        )
        for name, version in (
            ("before.ics", events),
            ("after.ics", [*events[:2], moved, *events[3:]]),
        ):
            feed = write_feed(tmp_path / name, version)
            result = run([*khal, "import", "--batch", "-a", "negbot", feed], tmp_path)
            assert result.returncode == 0, result.stderr
        expected = {day: entries for day, entries in SEED_DAYS.items() if day != "2022-01-13"}
        expected["2022-01-14"] = ["10:00-11:00: OSCE Permanent Council session"]
        assert self.listing(khal, tmp_path) == dict(sorted(expected.items()))


class TestCalcurse:
    """calcurse imports the feed (its report must say nothing was skipped) and lists it by day."""

    def import_feed(self, feed: Path, home: Path) -> tuple[int, int, int, int]:
        """Import into a fresh calcurse directory; return apps, events, todos and skipped.

        calcurse exits 0 even when it skips items, so its report is the verdict.
        """
        calcurse = program("calcurse")
        result = run([calcurse, "-D", home / "data", "-C", home / "conf", "-i", feed], home)
        report = REPORT.search(result.stdout)
        assert report is not None, result.stdout + result.stderr
        apps, events, todos, skipped = (int(number) for number in report.groups())
        return apps, events, todos, skipped

    def listing(self, home: Path) -> dict[str, list[str]]:
        """Return what calcurse shows from the first day for 40 days, by day."""
        result = run(
            [program("calcurse"), "-D", home / "data", "-C", home / "conf", *CALCURSE_DAYS],
            home,
        )
        assert result.returncode == 0, result.stderr
        return days(result.stdout, r"(\d{4}-\d\d-\d\d):")

    def test_import_reads_every_session(self, tmp_path: Path) -> None:
        for folder in ("data", "conf"):
            (tmp_path / folder).mkdir()
        feed = write_feed(tmp_path / "negbot.ics", seed_events())
        assert self.import_feed(feed, tmp_path) == (2, 3, 0, 0)
        assert self.listing(tmp_path) == SEED_DAYS

    def test_import_takes_hostile_text(self, tmp_path: Path) -> None:
        for folder in ("data", "conf"):
            (tmp_path / folder).mkdir()
        hostile = 'Talks, "round 2"; </script> \\ back\\slash\r\nnext line'
        events = [
            make_event(title=hostile, description=hostile, location=hostile),
            make_event(id="long-title", title="Long " * 1000, start_at=at(2022, 1, 9, 9, 0, ZONE)),
        ]
        feed = write_feed(tmp_path / "hostile.ics", events)
        assert self.import_feed(feed, tmp_path) == (1, 1, 0, 0)
        shown = self.listing(tmp_path)["2022-01-09"]
        assert 'all day: Talks, "round 2"; </script> \\ back\\slash next line' in shown
