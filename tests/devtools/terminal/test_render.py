"""Telegram HTML as terminal text, and inline keyboards as numbered choices."""

from __future__ import annotations

from rich.console import Console

from bot.devtools.terminal.render import buttons, html_text, keyboard_text


def _styles(html: str) -> dict[str, str]:
    text = html_text(html)
    return {text.plain[span.start : span.end]: str(span.style) for span in text.spans}


def test_tags_become_styles_and_entities_are_read() -> None:
    styles = _styles("<b>Bold</b> <i>it</i> <s>was</s> <code>osce</code> &lt;b&gt; &amp;")
    assert html_text("<b>Bold</b> &lt;b&gt; &amp;").plain == "Bold <b> &"
    assert "bold" in styles["Bold"]
    assert "italic" in styles["it"]
    assert "strike" in styles["was"]
    assert "cyan" in styles["osce"]


def test_nested_and_unknown_tags_keep_their_text() -> None:
    text = html_text("<b>a <i>b</i> c</b> <blink>d</blink>")
    assert text.plain == "a b c d"
    assert "italic" in _styles("<b>a <i>b</i> c</b>")["b"]


def test_links_show_their_address_unless_it_is_the_text() -> None:
    assert html_text('<a href="https://x.example/a">more</a>').plain == (
        "more (https://x.example/a)"
    )
    assert html_text('<a href="https://x.example">https://x.example</a>').plain == (
        "https://x.example"
    )


def test_plain_output_has_no_escape_codes() -> None:
    console = Console(force_terminal=False, width=40)
    with console.capture() as captured:
        console.print(html_text("<b>Upcoming</b> <s>old</s>"), soft_wrap=True)
    assert captured.get() == "Upcoming old\n"


def test_keyboards_are_numbered_in_reading_order() -> None:
    markup = {
        "inline_keyboard": [
            [{"text": "Subscribe: OSCE", "callback_data": "f:osce"}],
            [
                {"text": "Page", "url": "https://x.example"},
                {"text": "All", "callback_data": "f:*"},
            ],
        ]
    }
    rows = buttons(markup)
    assert [(b.number, b.label, b.data) for row in rows for b in row] == [
        (1, "Subscribe: OSCE", "f:osce"),
        (2, "Page", None),
        (3, "All", "f:*"),
    ]
    assert keyboard_text(rows).plain == (
        "[1] Subscribe: OSCE\n[2] Page (https://x.example)   [3] All"
    )
    assert buttons(None) == []
    assert buttons({"keyboard": [[{"text": "reply keyboard"}]]}) == []
