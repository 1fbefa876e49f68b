"""Tests of the extractor (bot.extract) and its command `negbot extract`."""
