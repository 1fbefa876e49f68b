"""Export: the checked-in snapshot, round trips through an edit, and the seeds in calendar apps."""

from __future__ import annotations

import datetime as dtm
import re
from pathlib import Path

import pytest

from bot.articles import read_article
from bot.cli import main
from bot.clock import ManualClock
from bot.services.editing import Editor
from bot.services.feeds import Feeds, Window
from bot.services.importer import Importer
from bot.services.links import Links
from bot.services.snapshot import build_snapshot
from bot.store import Store
from bot.tracks import TrackCatalogue
from tests.conftest import ROOT, SEEDS
from tests.ical.test_clients import REPORT, days, program, run

CALENDARS = ROOT / "calendars"


def _blocks(body: bytes) -> dict[str, bytes]:
    """Split a calendar into its VEVENTs, by UID."""
    found = {}
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", body, re.S):
        uid = re.search(rb"\r\nUID:([^\r]+)\r\n", block)
        assert uid is not None
        found[uid.group(1).decode()] = block
    return found


async def test_the_checked_in_snapshot_is_what_the_seeds_build(catalogue: TrackCatalogue) -> None:
    built = await build_snapshot(SEEDS, catalogue)
    on_disk = {p.name: p.read_bytes() for p in CALENDARS.glob("*.ics")}
    assert sorted(built) == sorted(on_disk), "run: negbot export --snapshot calendars"
    for name, body in built.items():
        assert body == on_disk[name], (
            f"calendars/{name} is stale: negbot export --snapshot calendars"
        )
    assert len(_blocks(built["negotiation-tracks.ics"])) == 6
    assert len(_blocks(built["osce.ics"])) == 1


async def test_an_edit_changes_one_event_only(store: Store, clock: ManualClock) -> None:
    await Importer(store, clock).import_articles(
        [read_article(p) for p in sorted(SEEDS.glob("*.txt"))]
    )
    feeds = Feeds(store, Links("https://negbot.example"))
    before = _blocks((await feeds.calendar()).body)
    clock.advance(dtm.timedelta(days=2))
    await Editor(store, clock).edit("osce-2022-01-13", "when", "14 January 2022", "test")
    after = _blocks((await feeds.calendar()).body)
    assert sorted(after) == sorted(before)
    moved = after["osce-2022-01-13@negbot"]
    assert b"SEQUENCE:1\r\n" in moved
    assert b"DTSTART;VALUE=DATE:20220114\r\n" in moved
    assert b"DTSTAMP:20220102T080000Z\r\n" in moved
    for uid, block in before.items():
        if uid != "osce-2022-01-13@negbot":
            assert after[uid] == block, uid
    # Feeds list sessions without their sources; the one rendered again is loaded whole, so
    # its quotes are still there.
    assert _description(moved) == _description(before["osce-2022-01-13@negbot"])
    assert "OSCE" in _description(moved)
    # Another server, with the blocks from the store only, gives the same bytes.
    fresh = Feeds(store, Links("https://negbot.example"))
    assert (await fresh.calendar()).body == (await feeds.calendar()).body


def _description(block: bytes) -> str:
    unfolded = block.replace(b"\r\n ", b"").decode()
    found = re.search(r"\r\nDESCRIPTION:([^\r]*)\r\n", unfolded)
    assert found is not None
    return found.group(1)


def test_export_command_writes_one_track(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEGBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert main(["import", str(SEEDS)]) == 0
    out = tmp_path / "osce.ics"
    assert main(["export", "--track", "osce", "--out", str(out)]) == 0
    blocks = _blocks(out.read_bytes())
    assert list(blocks) == ["osce-2022-01-13@negbot"]
    assert main(["export", "--track", "narnia"]) == 1
    assert "unknown track 'narnia'" in capsys.readouterr().err


def test_calcurse_shows_the_three_seed_sessions_on_their_days(tmp_path: Path) -> None:
    for folder in ("data", "conf"):
        (tmp_path / folder).mkdir()
    calcurse = program("calcurse")
    feed = CALENDARS / "negotiation-tracks.ics"
    result = run([calcurse, "-D", tmp_path / "data", "-C", tmp_path / "conf", "-i", feed], tmp_path)
    report = REPORT.search(result.stdout)
    assert report is not None, result.stdout + result.stderr
    assert report.group(4) == "0", result.stdout
    listing = run(
        [
            calcurse,
            "-D",
            tmp_path / "data",
            "-C",
            tmp_path / "conf",
            "--input-datefmt",
            "4",
            "--output-datefmt",
            "%Y-%m-%d",
            "-Q",
            "--from",
            "2022-01-01",
            "--days",
            "30",
            "--format-apt",
            "%S-%E: %m\n",
            "--format-event",
            "all day: %m\n",
            "--format-recur-event",
            "all day: %m\n",
        ],
        tmp_path,
    )
    shown = days(listing.stdout, r"(\d{4}-\d\d-\d\d):")
    assert shown == {
        "2022-01-09": ["all day: US–Russia security talks"],
        "2022-01-10": ["all day: US–Russia security talks"],
        "2022-01-12": ["all day: NATO–Russia Council meeting"],
        "2022-01-13": ["all day: OSCE Permanent Council session"],
    }


def test_khal_prints_the_three_seed_sessions_on_their_days(tmp_path: Path) -> None:
    khal = program("khal")
    config = tmp_path / "khal.conf"
    (tmp_path / "calendar").mkdir()
    config.write_text(
        f"[calendars]\n[[negbot]]\npath = {tmp_path}/calendar\ntype = calendar\n"
        "[locale]\nlocal_timezone = Europe/Vienna\ndefault_timezone = Europe/Vienna\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ntimeformat = %H:%M\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[default]\ndefault_calendar = negbot\n[sqlite]\npath = {tmp_path}/khal.db\n"
    )
    result = run(
        [
            khal,
            "-c",
            config,
            "printics",
            "--format",
            "{start-long}|{end-long}|{title}",
            CALENDARS / "negotiation-tracks.ics",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = set(result.stdout.splitlines())
    assert "2022-01-09|2022-01-10|US–Russia security talks" in lines
    assert "2022-01-12|2022-01-12|NATO–Russia Council meeting" in lines
    assert "2022-01-13|2022-01-13|OSCE Permanent Council session" in lines


async def test_a_feed_window_keeps_recent_and_upcoming_but_never_empties(
    store: Store, clock: ManualClock
) -> None:
    await Importer(store, clock).import_articles(
        [read_article(p) for p in sorted(SEEDS.glob("*.txt"))]
    )
    links = Links("https://negbot.example")
    clock.set(dtm.datetime(2026, 11, 24, tzinfo=dtm.UTC))  # the seeds' sessions are 5 years old
    everything = _blocks((await Feeds(store, links).calendar()).body)
    few = _blocks((await Feeds(store, links, Window(clock, at_least=3)).calendar()).body)
    assert len(everything) == 6  # the seeds' sessions, without their two milestones
    # Nothing within the window: the latest three sessions stand in, so the feed is not empty.
    assert sorted(few) == [
        "nato-russia-council-2022-01-12@negbot",
        "osce-2022-01-13@negbot",
        "us-russia-security-2022-01-09@negbot",
    ]
    clock.set(dtm.datetime(2022, 1, 5, tzinfo=dtm.UTC))
    window = Window(clock, past=dtm.timedelta(days=30), at_least=0)
    recent = _blocks((await Feeds(store, links, window).calendar()).body)
    assert "call-2021-04-13@negbot" not in recent
    assert "call-2021-12-30@negbot" in recent
    assert "osce-2022-01-13@negbot" in recent
