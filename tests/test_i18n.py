"""The gettext catalogues: the .pot matches the source, Russian translates every msgid."""

from __future__ import annotations

import datetime as dtm
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot import i18n
from bot.i18n import _, days_text, language_of, ngettext, speaking
from bot.messages import days_ahead, offset_text
from tests.conftest import ROOT

LOCALE = ROOT / "bot" / "locale"
_FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def _extracted() -> set[str | tuple[str, str]]:
    """The msgids the source holds now, extracted as babel.cfg says."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "bot", method_map, options_map
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _ids(catalog: Catalog) -> set[str | tuple[str, str]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}  # type: ignore[misc]


def test_the_template_is_not_stale() -> None:
    template = _ids(_read(LOCALE / "messages.pot"))
    source = _extracted()
    assert sorted(map(str, source - template)) == [], "run pybabel extract (see babel.cfg)"
    assert sorted(map(str, template - source)) == [], "run pybabel extract (see babel.cfg)"


def test_every_msgid_has_a_russian_translation() -> None:
    template = _read(LOCALE / "messages.pot")
    russian = _read(LOCALE / "ru" / "LC_MESSAGES" / "messages.po", locale="ru")
    assert _ids(russian) == _ids(template), "run pybabel update (see babel.cfg)"
    untranslated = [
        m.id
        for m in russian
        if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert untranslated == []
    assert russian.num_plurals == 3


def test_russian_keeps_every_placeholder_and_babel_finds_no_error() -> None:
    russian = _read(LOCALE / "ru" / "LC_MESSAGES" / "messages.po", locale="ru")
    assert [errors for _message, errors in russian.check()] == []
    for message in russian:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else [*(message.string or ())]
        wanted = set(_FIELD.findall(ids[-1]))
        for string in strings:
            assert set(_FIELD.findall(str(string))) == wanted, (message.id, string)


def test_a_telegram_language_code_picks_the_language() -> None:
    assert [language_of(c) for c in ("ru", "ru-RU", "RU", "en", "uk", None, "")] == [
        "ru",
        "ru",
        "ru",
        "en",
        "en",
        "en",
        "en",
    ]


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (1, "через 1 день"),
        (3, "через 3 дня"),
        (5, "через 5 дней"),
        (11, "через 11 дней"),
        (21, "через 21 день"),
        (22, "через 22 дня"),
    ],
)
def test_russian_plural_forms(days: int, text: str) -> None:
    with speaking("ru"):
        assert ngettext("in {n} day", "in {n} days", days).format(n=days) == text


def test_days_ahead_and_offsets_in_both_languages() -> None:
    due = dtm.datetime(2022, 1, 10, 9, 0, tzinfo=dtm.UTC)
    day = dtm.date(2022, 1, 13)
    assert days_ahead(day, due, "UTC") == "in 3 days"
    assert offset_text(1561) == "1 day 2 hours 1 minute"
    with speaking("ru"):
        assert days_ahead(day, due, "UTC") == "через 3 дня"
        assert days_ahead(dtm.date(2022, 1, 11), due, "UTC") == "завтра"
        assert offset_text(1561) == "1 день 2 часа 1 минуту"
        assert offset_text(5 * 60 + 2) == "5 часов 2 минуты"
    assert i18n.current() == "en"


def test_dates_are_babels_in_russian_and_unchanged_in_english() -> None:
    first, last = dtm.date(2022, 1, 9), dtm.date(2022, 1, 10)
    assert days_text(first, last) == "Sun 9 – Mon 10 Jan 2022"
    assert days_text(first, dtm.date(2022, 2, 1)) == "Sun 9 Jan 2022 – Tue 1 Feb 2022"
    with speaking("ru"):
        assert days_text(first, last) == "9—10 янв. 2022\u202fг."
        assert days_text(first, first) == "вс, 9 янв. 2022\u202fг."


def test_an_unknown_language_falls_back_to_english() -> None:
    with speaking("xx"):
        assert i18n.current() == "en"
        assert _("Upcoming sessions") == "Upcoming sessions"


def test_a_po_newer_than_its_mo_is_compiled_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = (LOCALE / "ru" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    (folder / "messages.po").write_text(
        po.replace('msgstr "Предстоящие встречи"', 'msgstr "Встречи впереди"'), encoding="utf-8"
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        with speaking("ru"):
            assert _("Upcoming sessions") == "Встречи впереди"
    finally:
        i18n.translations.cache_clear()
