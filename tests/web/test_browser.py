"""The page in Debian's headless Chromium, driven by Playwright: what a reader sees.

Screenshots (phone and desktop) are saved under test-artifacts/ for a person to look at.
Chromium missing skips these tests, except under CI=true, where it fails them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright

from bot.clock import ManualClock
from bot.store import Store
from bot.web import WebServer
from tests.conftest import ROOT
from tests.web.helpers import BOT_USERNAME, serving

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless."""
    if shutil.which(CHROMIUM) is None:
        reason = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def site(sqlite_store: Store, clock: ManualClock) -> AsyncIterator[WebServer]:
    """The seeds served from SQLite (the page does not depend on the backend)."""
    from tests.web.conftest import import_seeds

    await import_seeds(sqlite_store, clock)
    async with serving(sqlite_store, clock) as running:
        yield running


async def open_page(
    browser: Browser, url: str, viewport: dict[str, int], *, javascript: bool = True
) -> tuple[Page, list[str]]:
    """Open a page; return it and every console error, page error and failed request."""
    context = await browser.new_context(viewport=viewport, java_script_enabled=javascript)  # type: ignore[arg-type]
    page = await context.new_page()
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            problems.append(f"console {message.type}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    await page.goto(url, wait_until="load")
    return page, problems


async def shoot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def test_the_page_shows_the_seed_sessions_and_subscribe_links(
    browser: Browser, site: WebServer
) -> None:
    page, problems = await open_page(browser, f"{site.url}/", DESKTOP)
    host = site.url.removeprefix("http://")
    upcoming = page.locator("section.upcoming")
    for title, when in (
        ("US–Russia security talks", "Sun 9 – Mon 10 January 2022"),
        ("NATO–Russia Council meeting", "Wed 12 January 2022"),
        ("OSCE Permanent Council session", "Thu 13 January 2022"),
    ):
        card = upcoming.locator("article.session", has_text=title)
        await card.wait_for(state="visible", timeout=5000)
        assert await card.locator("time").inner_text() == when
    assert await page.locator("#subscribe-webcal").get_attribute("href") == (
        f"webcal://{host}/calendar.ics"
    )
    assert await page.locator("#feed-url").input_value() == f"{site.url}/calendar.ics"
    google = await page.locator("#subscribe-google").get_attribute("href")
    assert google is not None
    assert google.startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F")
    assert await page.locator("#subscribe-bot").get_attribute("href") == (
        f"https://t.me/{BOT_USERNAME}?start=all"
    )
    assert await page.locator("button.copy").is_visible()
    assert await page.locator("svg.timeline .lane").count() >= 3
    # The past is folded: the phone call of 30 December is in the page but not shown.
    call = page.locator("details.past article.session", has_text="Phone call: Putin")
    assert await call.count() == 1
    assert not await call.is_visible()
    await page.locator("details.past summary").click()
    assert await call.is_visible()
    reader = call.locator(".reader-time")
    assert "your time" in await reader.inner_text()  # filled in by the script
    await shoot(page, "page-desktop")
    assert problems == []

    phone, phone_problems = await open_page(browser, f"{site.url}/", PHONE)
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "nothing makes the phone page scroll sideways"
    await shoot(phone, "page-phone")
    assert phone_problems == []


async def test_a_track_page_and_the_page_without_javascript(
    browser: Browser, site: WebServer
) -> None:
    page, problems = await open_page(browser, f"{site.url}/tracks/osce", PHONE)
    assert await page.locator("h1").inner_text() == "OSCE"
    assert await page.locator("#subscribe-bot").get_attribute("href") == (
        f"https://t.me/{BOT_USERNAME}?start=track_osce"
    )
    assert await page.locator("#feed-url").input_value() == f"{site.url}/tracks/osce.ics"
    await shoot(page, "track-phone")
    assert problems == []

    bare, bare_problems = await open_page(browser, f"{site.url}/", PHONE, javascript=False)
    card = bare.locator("section.upcoming article.session", has_text="OSCE Permanent Council")
    assert await card.locator("time").inner_text() == "Thu 13 January 2022"
    assert not await bare.locator("button.copy").is_visible(), "no dead button without a script"
    assert await bare.locator("#feed-url").is_visible()
    assert bare_problems == []
