"""Every link negbot hands out, built from the public address."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Links:
    """The addresses of the page and the feeds, and subscribe links for calendar apps."""

    base_url: str
    bot_username: str | None = None

    def page(self) -> str:
        """Return the web page's address."""
        return f"{self.base_url}/"

    def calendar(self) -> str:
        """Return the whole calendar's feed."""
        return f"{self.base_url}/calendar.ics"

    def track(self, track_id: str) -> str:
        """Return one track's feed."""
        return f"{self.base_url}/tracks/{urllib.parse.quote(track_id)}.ics"

    def track_page(self, track_id: str) -> str:
        """Return one track's page."""
        return f"{self.base_url}/tracks/{urllib.parse.quote(track_id)}"

    def chat(self, token: str) -> str:
        """Return a chat's private feed."""
        return f"{self.base_url}/feeds/{token}.ics"

    def event(self, event_id: str) -> str:
        """Return one session as a file."""
        return f"{self.base_url}/events/{urllib.parse.quote(event_id)}.ics"

    @staticmethod
    def webcal(url: str) -> str:
        """Return the webcal:// form calendar apps subscribe to."""
        return "webcal://" + url.split("://", 1)[-1]

    @staticmethod
    def google(url: str) -> str:
        """Return Google Calendar's "add by URL" link for a feed."""
        return "https://calendar.google.com/calendar/render?cid=" + urllib.parse.quote(
            Links.webcal(url), safe=""
        )

    def bot_start(self, payload: str) -> str | None:
        """Return the t.me deep link that opens the bot with a /start payload."""
        if not self.bot_username:
            return None
        return f"https://t.me/{self.bot_username}?start={urllib.parse.quote(payload)}"
