"""`negbot sources` end to end: a local outlet's feed leads to an article page, whose session
lands in the calendar with the page as its source, once however often it is polled."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.models import Event
from bot.store import Store
from tests.conftest import ROOT
from tests.helpers.outlet_server import Outlet, Reply, article_page, rss

PAGE = "/world/2026/02/20/osce-council-vienna"
HEADLINE = "OSCE Permanent Council to meet in Vienna"
PARAGRAPHS = [
    "The OSCE Permanent Council will meet in Vienna on 12 March 2026, diplomats said on Friday.",
    "The chair said the agenda would be circulated to the participating States beforehand.",
]


@pytest.fixture
def outlet() -> Iterator[Outlet]:
    with Outlet().running() as running:
        page = article_page(HEADLINE, PARAGRAPHS, published="2026-02-20")
        running.replies[PAGE] = Reply(body=page.encode())
        item = {
            "title": HEADLINE,
            "link": running.url(PAGE),
            "description": "The council meets in March.",
            "pubDate": "Fri, 20 Feb 2026 09:00:00 GMT",
        }
        running.replies["/feed.xml"] = Reply(
            body=rss("Example Wire", [item]), content_type="application/rss+xml"
        )
        yield running


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'negbot.db'}"
    monkeypatch.setenv("NEGBOT_DATABASE_URL", url)
    monkeypatch.setenv("NEGBOT_SOURCE_SPACING", "0")
    monkeypatch.setenv("NEGBOT_SOURCE_TIMEOUT", "5")
    return url


def _events(url: str) -> list[Event]:
    async def read() -> list[Event]:
        store = await Store.open(url)
        try:
            return await store.events.find()
        finally:
            await store.close()

    return asyncio.run(read())


def test_a_trusted_feed_puts_its_article_s_session_in_the_calendar_once(
    outlet: Outlet, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", outlet.url("/feed.xml"), "--trust", "auto"]) == 0
    assert "added source #1" in capsys.readouterr().out
    assert main(["sources", "poll"]) == 0
    first = capsys.readouterr().out
    assert "1 new article(s), 0 already seen; 1 session(s) found: 1 added" in first
    [event] = _events(database)
    assert (event.track, event.start_date, event.location) == (
        "osce",
        dtm.date(2026, 3, 12),
        "Vienna",
    )
    assert event.url == outlet.url(PAGE)
    [source] = event.sources
    assert (source.url, source.outlet, source.published) == (
        outlet.url(PAGE),
        "Example Wire",
        dtm.date(2026, 2, 20),
    )
    assert "12 March 2026" in source.quote
    assert "negbot/" in outlet.requests[-1].headers["User-Agent"]

    assert main(["sources", "poll"]) == 0
    second = capsys.readouterr().out
    assert "0 new article(s), 1 already seen; 0 session(s) found: 0 added" in second
    assert _events(database) == [event]
    assert outlet.hits(PAGE) == 1  # not fetched again

    assert main(["sources", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Example Wire; auto; all tracks" in listing
    assert "1 article(s) read, 1 session(s) found" in listing
    assert "last error" not in listing


def test_a_review_feed_keeps_the_session_until_an_editor_accepts_it(
    outlet: Outlet, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "add", outlet.url("/feed.xml"), "--tracks", "osce"]) == 0
    assert main(["sources", "poll", "1"]) == 0
    assert "1 proposed for review" in capsys.readouterr().out
    assert _events(database) == []
    assert main(["sources", "list"]) == 0
    assert "1 proposal(s) waiting for review" in capsys.readouterr().out
    assert main(["sources", "proposals"]) == 0
    listed = capsys.readouterr().out
    assert "#1  2026-03-12  OSCE Permanent Council session, Vienna" in listed
    assert outlet.url(PAGE) in listed
    assert main(["sources", "accept", "1"]) == 0
    assert "2026-03-12" in capsys.readouterr().out
    [event] = _events(database)
    assert event.url == outlet.url(PAGE)
    assert main(["sources", "proposals"]) == 0
    assert "no proposals waiting" in capsys.readouterr().out


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, f"more than one line: {err!r}"
    return err


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (["add", "ftp://example.org/feed"], "not an http(s) feed address"),
        (["add", "not a url"], "not an http(s) feed address"),
        (["add", "http://127.0.0.1/f", "--trust", "always"], "--trust must be auto or review"),
        (["add", "http://127.0.0.1/f", "--tracks", "atlantis"], "unknown track 'atlantis'"),
        (["add", "http://127.0.0.1/f", "--language", "xx"], "unknown language 'xx'"),
        (["add", "http://127.0.0.1/f", "--every", "0"], "--every must be from 1 to"),
        (["remove", "7"], "no source #7"),
        (["poll", "7"], "no source #7"),
        (["accept", "3"], "no proposal #3"),
    ],
)
def test_bad_input_is_one_clear_line_and_stores_nothing(
    arguments: list[str], problem: str, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", *arguments]) == 1
    assert problem in _error(capsys)
    assert main(["sources", "list"]) == 0
    assert "no sources yet" in capsys.readouterr().out


def test_the_example_file_loads_without_fetching_and_loading_again_adds_nothing(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    example = ROOT / "deploy" / "sources.example.toml"
    assert main(["sources", "load", str(example)]) == 0
    added = capsys.readouterr().out
    assert added.count("added source #") == 6
    assert main(["sources", "load", str(example)]) == 0
    assert capsys.readouterr().out.count("already followed") == 6
    assert main(["sources", "list"]) == 0
    listing = capsys.readouterr().out
    assert "nato-russia-council; language en; every 15 min" in listing
    assert listing.count("last poll never") == 6


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("nonsense = [", "not valid TOML"),
        ("title = 'x'", "no [[source]] tables"),
        ("[[source]]\nlanguage = 'ru'", "source 1: url is missing"),
        ("[[source]]\nurl = 'http://a/f'\ncolour = 'red'", "unknown setting(s) colour"),
        ("[[source]]\nurl = 'http://a/f'\nevery = 'often'", "every must be a number"),
        (
            "[[source]]\nurl = 'http://a/f'\n[[source]]\nurl = 'http://b/f'\ntracks = ['atlantis']",
            "unknown track 'atlantis'",
        ),
    ],
)
def test_a_bad_sources_file_is_one_line_and_adds_nothing(
    text: str,
    problem: str,
    tmp_path: Path,
    database: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["sources", "load", str(path)]) == 1
    assert problem in _error(capsys)
    assert main(["sources", "list"]) == 0
    assert "no sources yet" in capsys.readouterr().out
