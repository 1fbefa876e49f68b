"""Find the people an English sentence names in full ("Vladimir Putin", "President Biden")."""

from __future__ import annotations

import re

from bot.extract import places

_NAME_RUN = re.compile(
    r"(?<![\w'])(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,3}([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)"
    r"(?![\w-])"
)
_NOT_SURNAMES = frozenset(
    """House Council Ministry Office Department Union Nations States Federation Alliance Service
    Committee Foundation Institute University Academy News Policy Organization Organisation Treaty
    Press Secretary President Minister Kingdom Republic Europe Sea Party Government Parliament
    Assembly Court Bank Agency Forces Army Navy Times Post Journal Review Sciences Studies Center
    Centre Group Commission Summit Talks Format Discussions Conference Administration Council
    Security Affairs Defense Defence Relations Office Embassy Mission Staff Chiefs General Guard
    Force Fund Monetary Trade World Forum Week Day Year Time Square Street Palace Hall Hotel
    Building Airport Station Press Agency Media Channel Network Online Daily Weekly Herald Tribune
    Pravda Reuters Russia Russian America American Ukraine China States Kingdom Emirates Arabia
    Korea Africa Asia East West North South Central Eastern Western Council Dialogue Stability
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Premier Chancellor Envoy Ambassador
    Spokesman Spokeswoman Spokesperson Representative Adviser Advisor Chairman Chairwoman Leader
    King Queen Prince Pope Emir Sheikh Senator Governor Mayor Director Commissioner Chief Deputy
    Vice""".split()
)
_NOT_NAME_STARTS = frozenset(
    """The On In At By For From To As Of And But Late Early Recall However Earlier Then This That
    These Those Since After Before During When While Despite According Meanwhile Moreover Also If
    Yet So Thus Still Last Next Both Some Many Most All Each Every Such Our Their His Her Its Why
    How What Where Who Which Although Though Unlike Like With Without Under Over Between Among
    During Until Following Asked Speaking""".split()
)


def names(norm: str) -> frozenset[str]:
    """Return the surnames of the people named in full ("Vladimir Putin", "President Biden")."""
    found = set()
    for m in _NAME_RUN.finditer(norm):
        words = m.group(0).split()
        while words and words[0] in _NOT_NAME_STARTS:
            words = words[1:]
        if len(words) < 2 or words[-1] in _NOT_SURNAMES:
            continue
        if places.gazetteer().lookup(" ".join(words)) is not None:
            continue  # "San Francisco" is a place, not Mr Francisco
        found.add(words[-1])
    return frozenset(found)


def shown_name(name: str) -> str:
    """Return a surname as a title shows it: a language's lower-case key ("пашинян", which
    every Russian case form shares) with its capital."""
    return name[:1].upper() + name[1:] if name[:1].islower() else name
