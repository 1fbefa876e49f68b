"""Telegram HTML as terminal text: bold, italic, struck, code and links, and numbered buttons."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

from rich.style import Style
from rich.text import Text

# Telegram's HTML parse mode knows these tags (and their synonyms); anything else is text.
_STYLES = {
    "b": Style(bold=True),
    "strong": Style(bold=True),
    "i": Style(italic=True),
    "em": Style(italic=True),
    "u": Style(underline=True),
    "ins": Style(underline=True),
    "s": Style(strike=True),
    "strike": Style(strike=True),
    "del": Style(strike=True),
    "code": Style(color="cyan"),
    "pre": Style(color="cyan"),
    "tg-spoiler": Style(reverse=True),
    "blockquote": Style(italic=True, dim=True),
}
_URL_STYLE = Style(dim=True)


@dataclasses.dataclass(frozen=True, slots=True)
class Button:
    """One inline button as the terminal offers it: its number, label, and what it does."""

    number: int
    label: str
    data: str | None = None
    url: str | None = None


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = Text()
        self._open: list[tuple[str, int, str | None]] = []  # tag, start offset, link target

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "span" and found.get("class") == "tg-spoiler":
            tag = "tg-spoiler"
        if tag in _STYLES or tag == "a":
            self._open.append((tag, len(self.text), found.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            tag = "tg-spoiler"
        for index in range(len(self._open) - 1, -1, -1):
            name, start, href = self._open[index]
            if name != tag:
                continue
            del self._open[index]
            if name == "a":
                self._link(start, href)
            else:
                self.text.stylize(_STYLES[name], start, len(self.text))
            return

    def _link(self, start: int, href: str | None) -> None:
        if not href:
            return
        label = self.text.plain[start:]
        self.text.stylize(Style(underline=True, link=href), start, len(self.text))
        if label.strip() != href:
            self.text.append(f" ({href})", style=_URL_STYLE)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_text(html: str | None) -> Text:
    """Return Telegram HTML as styled terminal text; links keep their address in sight."""
    renderer = _Renderer()
    renderer.feed(html or "")
    renderer.close()
    return renderer.text


def buttons(markup: Mapping[str, Any] | None) -> list[list[Button]]:
    """Return an inline keyboard's rows of buttons, numbered from 1 in reading order."""
    rows: list[list[Button]] = []
    number = 0
    for row in (markup or {}).get("inline_keyboard", []):
        line = []
        for button in row:
            number += 1
            line.append(
                Button(
                    number,
                    str(button.get("text", "")),
                    data=button.get("callback_data"),
                    url=button.get("url"),
                )
            )
        rows.append(line)
    return rows


def keyboard_text(rows: Sequence[Sequence[Button]]) -> Text:
    """Return the buttons as numbered choices, one keyboard row per line."""
    text = Text()
    for row in rows:
        for index, button in enumerate(row):
            if index:
                text.append("   ")
            text.append(f"[{button.number}]", style=Style(bold=True, color="magenta"))
            text.append(f" {button.label}")
            if button.url:
                text.append(f" ({button.url})", style=_URL_STYLE)
        text.append("\n")
    text.rstrip()
    return text
