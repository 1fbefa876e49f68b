"""Tests of the Telegram adapter against the local Bot API server."""
