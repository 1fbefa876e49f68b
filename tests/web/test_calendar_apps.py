"""Calendar programs against the running server: vdirsyncer syncs, khal lists, calcurse imports.

vdirsyncer (its `http` storage; it sends no If-None-Match) copies the feeds into folders; khal
lists those folders in two local zones; after a session is moved with `negbot events edit` in
another process, the server notices through the store's change counter and a new sync moves it.
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import aiohttp

from bot.models import ChatKind
from bot.store import Store
from bot.web import WebServer
from tests.conftest import ROOT
from tests.ical.test_clients import KHAL_CONFIG, days, program
from tests.web.helpers import Ran, program_env, report, run

VDIRSYNCER_CONFIG = """\
[general]
status_path = "{home}/status/"

{pairs}
"""
PAIR = """\
[pair {name}]
a = "{name}_remote"
b = "{name}_local"
collections = null

[storage {name}_remote]
type = "http"
url = "{url}"

[storage {name}_local]
type = "filesystem"
path = "{folder}"
fileext = ".ics"
"""
FIRST_DAY, SPAN = "2021-12-28", "20d"
CALL = "Phone call: Putin – Biden"
ALL_DAY = {
    "2022-01-09": ["all day: US–Russia security talks"],
    "2022-01-10": ["all day: US–Russia security talks"],
    "2022-01-12": ["all day: NATO–Russia Council meeting"],
    "2022-01-13": ["all day: OSCE Permanent Council session"],
}


async def sync(home: Path, feeds: dict[str, str]) -> dict[str, Path]:
    """Sync each feed URL into a folder of its own with vdirsyncer; return the folders."""
    folders = {name: home / "vdirs" / name for name in feeds}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    pairs = "\n".join(
        PAIR.format(name=name, url=url, folder=folders[name]) for name, url in feeds.items()
    )
    config = home / "vdirsyncer.conf"
    config.write_text(VDIRSYNCER_CONFIG.format(home=home, pairs=pairs))
    vdirsyncer = program("vdirsyncer")
    for action in ("discover", "sync"):
        done = await run([vdirsyncer, "-c", config, action], home)
        assert done.returncode == 0, done.stdout + done.stderr
    return folders


async def khal_days(folder: Path, home: Path, zone: str) -> dict[str, list[str]]:
    """List a synced folder with khal in a local zone, by day."""
    config = home / f"khal-{zone.replace('/', '-')}.conf"
    config.write_text(
        KHAL_CONFIG.format(vdir=folder, database=home / f"khal-{config.stem}.db", zone=zone)
    )
    done = await run(
        [
            program("khal"),
            "-c",
            config,
            "list",
            *("--format", "{start-time}-{end-time}: {title}"),
            *("--day-format", "== {date} =="),
            FIRST_DAY,
            SPAN,
        ],
        home,
        env=program_env(home, zone),
    )
    assert done.returncode == 0, done.stderr
    listed = days(done.stdout, r"== (\d{4}-\d\d-\d\d) ==")
    return {d: [re.sub("^-: ", "all day: ", e) for e in entries] for d, entries in listed.items()}


async def cli(database_url: str, home: Path, *args: str) -> Ran:
    """Run `negbot` in another process on the same database."""
    env = program_env(home, NEGBOT_DATABASE_URL=database_url, PYTHONPATH=str(ROOT))
    return await run([sys.executable, "-m", "bot", *args], home, env=env)


async def test_vdirsyncer_and_khal_follow_the_feeds_and_a_move(
    server: WebServer, http: aiohttp.ClientSession, database_url: str, tmp_path: Path
) -> None:
    feeds = {"all": f"{server.url}/calendar.ics", "osce": f"{server.url}/tracks/osce.ics"}
    folders = await sync(tmp_path, feeds)
    # Six sessions; the seeds' two milestones (a publication, a decree) are no feed's business.
    assert len(list(folders["all"].glob("*.ics"))) == 6
    assert len(list(folders["osce"].glob("*.ics"))) == 1

    vienna = await khal_days(folders["all"], tmp_path, "Europe/Vienna")
    assert vienna == {"2021-12-30": [f"21:30-22:20: {CALL}"], **ALL_DAY}
    # 23:30 Moscow time is 12:30 in Los Angeles; the all-day sessions keep their dates.
    pacific = await khal_days(folders["all"], tmp_path, "America/Los_Angeles")
    assert pacific == {"2021-12-30": [f"12:30-13:20: {CALL}"], **ALL_DAY}
    osce = await khal_days(folders["osce"], tmp_path, "America/Los_Angeles")
    assert osce == {"2022-01-13": ["all day: OSCE Permanent Council session"]}

    async with http.get(feeds["all"]) as response:
        etag = response.headers["ETag"]
    moved = await cli(
        database_url, tmp_path, "events", "edit", "osce-2022-01-13", "when", "14 January 2022"
    )
    assert moved.returncode == 0, moved.stderr
    # The CLI's change reaches this server only through the store's change counter (polled).
    await _wait_for_change(http, feeds["all"], etag)

    await sync(tmp_path, feeds)
    expected = {**ALL_DAY}
    del expected["2022-01-13"]
    expected["2022-01-14"] = ["all day: OSCE Permanent Council session"]
    for zone, call in (("Europe/Vienna", "21:30-22:20"), ("America/Los_Angeles", "12:30-13:20")):
        listed = await khal_days(folders["all"], tmp_path, zone)
        assert listed == {"2021-12-30": [f"{call}: {CALL}"], **dict(sorted(expected.items()))}
    osce = await khal_days(folders["osce"], tmp_path, "Europe/Vienna")
    assert osce == {"2022-01-14": ["all day: OSCE Permanent Council session"]}


async def _wait_for_change(http: aiohttp.ClientSession, url: str, etag: str) -> None:
    """Wait (10 s at most) until the feed's ETag differs from `etag`."""
    async with asyncio.timeout(10):
        while True:
            async with http.get(url, headers={"If-None-Match": etag}) as response:
                if response.status == 200:
                    return
            await asyncio.sleep(0.05)


async def test_calcurse_imports_every_feed_without_skipping(
    server: WebServer, http: aiohttp.ClientSession, seeded: Store, tmp_path: Path
) -> None:
    await seeded.chats.ensure(5, ChatKind.PRIVATE, "reader", "Europe/Vienna")
    token = await seeded.chats.issue_token(5)
    await seeded.chats.subscribe(5, "*")
    expected = {
        "calendar.ics": 6,
        "tracks/us-russia-security.ics": 1,
        "tracks/osce.ics": 1,
        f"feeds/{token}.ics": 6,
        "events/call-2021-12-30.ics": 1,
    }
    calcurse = program("calcurse")
    for index, (path, count) in enumerate(expected.items()):
        async with http.get(f"{server.url}/{path}") as response:
            assert response.status == 200
            body = await response.read()
        home = tmp_path / f"calcurse-{index}"
        for folder in ("data", "conf"):
            (home / folder).mkdir(parents=True)
        feed = home / "feed.ics"
        feed.write_bytes(body)
        done = await run([calcurse, "-D", home / "data", "-C", home / "conf", "-i", feed], home)
        apps, events, _, skipped = report(done.stdout + done.stderr)
        assert skipped == 0, (path, done.stdout)
        assert apps + events == count, (path, done.stdout)
