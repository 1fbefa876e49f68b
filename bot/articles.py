"""Read articles from files (with an optional .toml sidecar of metadata) or from pasted text."""

from __future__ import annotations

import datetime as dtm
import re
import tomllib
from pathlib import Path

from bot.errors import ArticleError
from bot.models import Article

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
_SIDECAR_FIELDS = {"title", "outlet", "url", "published", "language"}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def article_from_text(
    text: str,
    source: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: dtm.date | None = None,
    language: str | None = None,
) -> Article:
    """Build an article from text, refusing what cannot be an article."""
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            source, f"too large ({_size(size)}; the limit is {_size(MAX_ARTICLE_BYTES)})"
        )
    if "\x00" in text:
        raise ArticleError(source, "binary data, not text")
    if not text.strip():
        raise ArticleError(source, "empty: no text to read")
    return Article(
        id=Article.id_for(text),
        file=source,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        language=language,
    )


def _sidecar(path: Path) -> dict[str, object]:
    meta = path.with_suffix(".toml")
    if not meta.is_file():
        return {}
    try:
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ArticleError(str(meta), f"unreadable metadata: {exc}") from exc
    unknown = set(data) - _SIDECAR_FIELDS
    if unknown:
        raise ArticleError(str(meta), f"unknown metadata field(s): {', '.join(sorted(unknown))}")
    published = data.get("published")
    if published is not None and not isinstance(published, dtm.date | str):
        raise ArticleError(str(meta), "published must be a date such as 2021-12-31")
    if isinstance(published, dtm.datetime):
        data["published"] = published.date()
    elif isinstance(published, str):
        try:
            data["published"] = dtm.date.fromisoformat(published)
        except ValueError as exc:
            raise ArticleError(str(meta), f"published is not a date: {published!r}") from exc
    language = data.get("language")
    if language is not None and not (
        isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2}(?:[-_][A-Za-z]{2})?", language)
    ):
        raise ArticleError(str(meta), f"language must be a code such as en or ru: {language!r}")
    if isinstance(language, str):
        data["language"] = language[:2].lower()
    return data


def read_article(path: Path) -> Article:
    """Read an article file and its sidecar; raise ArticleError saying what is wrong."""
    source = str(path)
    try:
        if path.is_dir():
            raise ArticleError(source, "is a directory, not an article")
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(
                source, f"too large ({_size(size)}; the limit is {_size(MAX_ARTICLE_BYTES)})"
            )
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ArticleError(source, "no such file") from exc
    except PermissionError as exc:
        raise ArticleError(source, "cannot read: permission denied") from exc
    except OSError as exc:
        raise ArticleError(source, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            source, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from exc
    meta = _sidecar(path)
    published = meta.get("published")
    return article_from_text(
        text,
        source,
        title=str(meta["title"]) if "title" in meta else None,
        outlet=str(meta["outlet"]) if "outlet" in meta else None,
        url=str(meta["url"]) if "url" in meta else None,
        published=published if isinstance(published, dtm.date) else None,
        language=str(meta["language"]) if "language" in meta else None,
    )


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[ArticleError]]:
    """Return the files named, each directory replaced by its .txt files in name order, and
    the directories that hold none."""
    files: list[Path] = []
    empty: list[ArticleError] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
            if not inside:
                empty.append(ArticleError(str(path), "a directory with no .txt articles in it"))
            files.extend(inside)
        else:
            files.append(path)
    return files, empty
