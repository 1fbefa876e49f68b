"""Shared builders and fixtures' machinery for the tests."""
