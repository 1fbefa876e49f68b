"""/sources in the bot: editors list, add and remove feeds, and Add or Skip what review sources
found, against the local Bot API."""

from __future__ import annotations

import datetime as dtm

from bot.articles import article_from_text
from bot.outlets import NewSource
from bot.tg.auth import EDITORS_ONLY
from tests.tg.conftest import ADMIN, READER, Harness

OSCE = "The OSCE Permanent Council will meet in Vienna on 24 February 2022, diplomats said."
NORMANDY = "Advisers of the Normandy format will meet in Paris on 26 January 2022, officials said."


async def _propose(harness: Harness, text: str, url: str) -> None:
    feed = f"http://127.0.0.1:9/{len(await harness.store.sources.all())}.xml"
    source = await harness.store.sources.add(NewSource(url=feed))
    article = article_from_text(
        text, url, url=url, outlet="Example Wire", published=dtm.date(2022, 1, 5)
    )
    extraction = await harness.services.importer.read_articles([article])
    for found in extraction.events:
        await harness.store.sources.propose(source.id, article, found)


async def test_only_editors_see_or_change_the_sources(harness: Harness) -> None:
    (refused,) = await harness.say("/sources", chat_id=READER)
    assert refused.text is not None
    assert EDITORS_ONLY[:30] in refused.text
    (added,) = await harness.say("/sources add https://example.org/rss auto", chat_id=ADMIN)
    assert added.text == "✅ Following #1: https://example.org/rss (auto)"
    (listed,) = await harness.say("/sources", chat_id=ADMIN)
    assert listed.text is not None
    assert "<b>#1</b> https://example.org/rss (auto)\nlast poll never" in listed.text
    assert "last poll never" in listed.text
    (bad,) = await harness.say("/sources add ftp://example.org/rss", chat_id=ADMIN)
    assert bad.text is not None
    assert bad.text.startswith("⚠️ not an http(s) feed address")
    (unknown,) = await harness.say("/sources shout", chat_id=ADMIN)
    assert unknown.text is not None
    assert unknown.text.startswith("⚠️ Usage: /sources")
    (gone,) = await harness.say("/sources remove 1", chat_id=ADMIN)
    assert gone.text == "Stopped following #1: https://example.org/rss"
    assert await harness.store.sources.all() == []


async def test_an_editor_adds_one_proposal_and_skips_another(harness: Harness) -> None:
    await _propose(harness, OSCE, "https://wire.example/osce")
    before = len(await harness.store.events.find())
    (first,) = await harness.say("/sources proposals", chat_id=ADMIN)
    assert first.text is not None
    assert "OSCE Permanent Council" in first.text
    assert "https://wire.example/osce" in first.text
    (done,) = await harness.press(first, "Add", user_id=ADMIN, method="sendMessage")
    assert done.text is not None
    assert done.text.startswith("✅ /event_")
    events = await harness.store.events.find()
    assert len(events) == before + 1
    assert any(e.url == "https://wire.example/osce" for e in events)
    assert await harness.store.sources.proposals() == []

    await _propose(harness, NORMANDY, "https://wire.example/normandy")
    (second,) = await harness.say("/sources proposals", chat_id=ADMIN)
    (skipped,) = await harness.press(second, "Skip", user_id=ADMIN, method="sendMessage")
    assert skipped.text is not None
    assert skipped.text.startswith("Skipped: ")
    assert len(await harness.store.events.find()) == before + 1
    (none,) = await harness.say("/sources proposals", chat_id=ADMIN)
    assert none.text == "No proposals waiting."
