"""Text to entities as Telegram makes them: strict HTML parse_mode, commands and links."""

from __future__ import annotations

import dataclasses
import html
import re

from .errors import ApiError, bad_request
from .models import Entity

MAX_TEXT = 4096
MAX_CAPTION = 1024

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_AUTO = re.compile(
    r"(?P<bot_command>(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)"
    r"|(?P<url>https?://[^\s<>\"]+)"
    r"|(?P<mention>(?<!\w)@[A-Za-z0-9_]{5,32})"
)


def utf16_len(text: str) -> int:
    """Count UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _parse_error(problem: str) -> ApiError:
    return bad_request(f"can't parse entities: {problem}")


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


class _Open:
    """A start tag waiting for its end tag."""

    def __init__(self, name: str, offset: int, attrs: dict[str, str]) -> None:
        self.name = name
        self.offset = offset
        self.attrs = attrs


def _entity(tag: _Open, end: int) -> Entity | None:
    kind = _SIMPLE_TAGS[tag.name]
    if end == tag.offset:
        return None
    url = tag.attrs.get("href") if kind == "text_link" else None
    if kind == "text_link" and not url:
        # Telegram drops a link without an address but keeps its text.
        return None
    if kind == "blockquote" and "expandable" in tag.attrs:
        kind = "expandable_blockquote"
    emoji = tag.attrs.get("emoji-id") if kind == "custom_emoji" else None
    language = None
    if kind == "pre":
        language = tag.attrs.get("language")
    return Entity(
        type=kind,
        offset=tag.offset,
        length=end - tag.offset,
        url=url,
        language=language,
        custom_emoji_id=emoji,
    )


def _open_tag(source: str, start: int, name: str, raw_attrs: str) -> _Open:
    if name not in _SIMPLE_TAGS:
        where = _byte_offset(source, start)
        raise _parse_error(f'unsupported start tag "{name}" at byte offset {where}')
    attrs = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(raw_attrs)}
    if "expandable" in raw_attrs.split():
        attrs["expandable"] = ""
    if name == "span" and attrs.get("class") != "tg-spoiler":
        where = _byte_offset(source, start)
        raise _parse_error(f'tag "span" must have class "tg-spoiler" at byte offset {where}')
    return _Open(name, 0, attrs)


def parse_html(source: str) -> tuple[str, tuple[Entity, ...]]:
    """Turn HTML-formatted text into plain text and entities, or fail as Telegram does."""
    plain: list[str] = []
    length = 0
    stack: list[_Open] = []
    entities: list[Entity] = []
    position = 0
    while position < len(source):
        lt = source.find("<", position)
        chunk = html.unescape(source[position : lt if lt >= 0 else len(source)])
        plain.append(chunk)
        length += utf16_len(chunk)
        if lt < 0:
            break
        match = _TAG.match(source, lt)
        if match is None:
            where = _byte_offset(source, lt)
            raise _parse_error(f"unexpected character '<' at byte offset {where}")
        closing, name, raw_attrs = match[1] == "/", match[2].lower(), match[3]
        if not closing:
            tag = _open_tag(source, lt, name, raw_attrs)
            tag.offset = length
            if name == "code" and stack and stack[-1].name == "pre":
                # <pre><code class="language-x"> gives the pre entity its language.
                stack[-1].attrs["language"] = tag.attrs.get("class", "").removeprefix("language-")
            stack.append(tag)
        else:
            if not stack or stack[-1].name != name:
                expected = f'"</{stack[-1].name}>"' if stack else "no end tag"
                where = _byte_offset(source, lt)
                found = f'"</{name}>"'
                raise _parse_error(
                    f"unmatched end tag at byte offset {where}, expected {expected}, found {found}"
                )
            tag = stack.pop()
            inside_pre = tag.name == "code" and stack and stack[-1].name == "pre"
            entity = None if inside_pre else _entity(tag, length)
            if entity is not None:
                entities.append(entity)
        position = match.end()
    if stack:
        raise _parse_error(f'can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e.offset, -e.length))
    return "".join(plain), tuple(entities)


def strip_text(text: str, entities: tuple[Entity, ...]) -> tuple[str, tuple[Entity, ...]]:
    """Trim surrounding whitespace as Telegram does, moving and clipping entities along."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    kept: list[Entity] = []
    for entity in entities:
        start = max(entity.offset - shift, 0)
        end = min(entity.offset + entity.length - shift, limit)
        if end > start:
            kept.append(dataclasses.replace(entity, offset=start, length=end - start))
    return stripped, tuple(kept)


def format_text(
    text: str,
    parse_mode: str | None,
    *,
    limit: int = MAX_TEXT,
    empty: str = "message text is empty",
) -> tuple[str, tuple[Entity, ...]]:
    """Apply parse_mode and Telegram's checks; Markdown modes are kept verbatim, unparsed."""
    if parse_mode is not None and parse_mode.lower() == "html":
        plain, entities = parse_html(text)
    else:
        plain, entities = text, ()
    plain, entities = strip_text(plain, entities)
    if not plain:
        raise bad_request(empty)
    if utf16_len(plain) > limit:
        too_long = "message is too long" if limit == MAX_TEXT else "message caption is too long"
        raise bad_request(too_long)
    return plain, entities


def detect_entities(text: str) -> tuple[Entity, ...]:
    """Find what Telegram's clients mark in text a user types: commands, links, mentions."""
    found: list[Entity] = []
    for match in _AUTO.finditer(text):
        kind = match.lastgroup or "url"
        found.append(
            Entity(
                type=kind,
                offset=utf16_len(text[: match.start()]),
                length=utf16_len(match.group()),
            )
        )
    return tuple(found)
