"""Secrets never reach a log: the bot token is scrubbed from messages, arguments and tracebacks."""

from __future__ import annotations

import logging

import pytest

from bot import logs

TOKEN = "987654321:AAH-secret-part-of-the-token_xyz"


def test_the_token_is_scrubbed_wherever_it_appears(caplog: pytest.LogCaptureFixture) -> None:
    logs.protect(logs.token_secrets(TOKEN))
    log = logging.getLogger("negbot.test")
    with caplog.at_level(logging.DEBUG):
        log.info("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        log.warning("the secret alone: AAH-secret-part-of-the-token_xyz")
        try:
            raise RuntimeError(f"request to /bot{TOKEN}/sendMessage failed")
        except RuntimeError:
            log.exception("sending failed")
    assert TOKEN not in caplog.text
    assert "AAH-secret-part-of-the-token_xyz" not in caplog.text
    assert caplog.text.count("[redacted]") >= 3
    assert "sending failed" in caplog.text


def test_no_token_means_nothing_to_hide() -> None:
    assert logs.token_secrets(None) == []
    assert logs.token_secrets("123:abc") == ["123:abc", "abc"]
