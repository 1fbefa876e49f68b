"""English: the pack the pipeline was first written for; its readers live in the modules
named after what they read (dates, times, cues, places, people, text)."""

from __future__ import annotations

import re

from bot.extract import cues, dates, people, places, text, times
from bot.extract.lang import NEVER, Language, PageWords, Phrases
from bot.tracks import TrackCatalogue, TrackMention

# "Published: Sat, February 09 2019", "First published on Mon 3 Dec 2018 10.00 GMT",
# "Posted 16.11.2018 09:35", "Last updated: 2021-12-09".
_PUBLISHED_LINE = re.compile(
    r"^\W*(?P<word>(?:first\s+)?published|posted|issued|released|created|"
    r"(?:last\s+)?updated|(?:last\s+)?modified|date)\b(?:\s+(?:on|at))?\s*[:|-]?\s*",
    re.IGNORECASE,
)
# "By Jane Roe | 12 March 2025", "Prepared by the Mediation Monitor | Monday 21 July 2025": a
# byline with the day of writing after a separator.
_BYLINE = re.compile(
    r"^\W*(?:(?:prepared|compiled|written|edited|reported|produced)\s+)?by\s+[^|·•—–]+[|·•—–]",
    re.IGNORECASE,
)
# "VIENNA, March 3 (Reuters) -", "GENEVA (AP) —", "KYIV, Ukraine, Dec. 9 -", "Moscow, 12 January
# (TASS) -", "NEW DELHI, Dec 3:": a place in capitals, or a place with a date or an agency.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'-]*(?:[ -][A-Z][A-Za-z.'-]*){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?))?"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+(?:19|20)\d{2})?|"
    r"\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d{2})?))?"
    r"\s*(?P<agency>\((?:[A-Z][A-Za-z.]*\s?){1,4}\))?"
    r"\s*(?:-{1,2}|:)\s+"
)


_CONTINUES = re.compile(
    r"[\s,;]*(?:and|or|then|but)\s+(?:again\s+|later\s+|also\s+|back\s+)?(?:on|in|at)\s",
    re.IGNORECASE,
)
# "He then saw Merkel separately", "He also held a separate meeting with ...": another
# meeting on the day of the one before.
_FOLLOWS_ON = re.compile(
    r"(?<![\w-])(?:separately|separate|then|also|afterwards|later|next|earlier|before\s+that|"
    r"after\s+that|in\s+the\s+(?:morning|afternoon|evening))(?![\w-])",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(
    r"^(?:It|They|This|That|These|The (?:meeting|session|talks|round|"
    r"conference|summit|event))\b"
)
_SINCE = re.compile(r"(?<![\w-])since\s+(?:the\s+)?$", re.IGNORECASE)
# "on the sidelines of the G20 summit", "on the margins of the UN General Assembly"
_SIDELINES = re.compile(
    r"(?<![\w-])(?:on|at|in)\s+the\s+(?:sidelines?|margins?|fringes?)\s+of(?![\w-])", re.IGNORECASE
)
# "met there again", "in the same city": not the "there" of "there is", "there were"
_THERE = re.compile(
    r"(?<![\w-])(?:there|in the same (?:city|place|venue))(?![\w'-])(?!\s+(?:is|are|was|were|"
    r"will|would|has|have|had|seems?|appears?|remains?|could|can|may|might|must|should)\b)",
    re.IGNORECASE,
)
_APART = re.compile(r"(?<![\w-])(?:separately|separate|apart)(?![\w-])", re.IGNORECASE)
# The day a session had before it moved: "had been scheduled for", "was first due to open on".
_ORIGINAL_SLOT = re.compile(
    r"(?<![\w-])(?:had been|was originally|were originally|was initially|were initially|"
    r"was first|were first|originally|initially|first)\s+(?:\w+\s+)?(?:scheduled|planned|"
    r"set(?!\s+(?:in motion|up|out|off|aside)\b)|slated|due|expected|meant|supposed|intended|"
    r"announced|penciled|pencilled)\b|"
    r"(?<![\w-])(?:was|were) to have (?:opened|begun|started|taken place|been held|met)\b",
    re.IGNORECASE,
)
_ONGOING = re.compile(
    r"(?<![\w-])(?:under way|underway|ongoing|in session|in progress|is meeting|are meeting|"
    r"continues|opened|began|started|got under way)(?![\w-])",
    re.IGNORECASE,
)
_SEPARATE = re.compile(
    r"(?<![\w-])separate(?:ly)?\s+(?:\w+\s+){0,2}?(?:calls?|conversations?|meetings?|talks)"
    r",?\s+with\s",
    re.IGNORECASE,
)
_RESIDENT = re.compile(
    r"(?<![\w-])(?:government|authorities|regime|embassy|embassies|consulate|leadership|rebels|"
    r"opposition|parliament|court|residents|crowds|protesters|correspondent|bureau|ambassador|"
    r"based)"
    r"\s+in\s+$",
    re.IGNORECASE,
)
_NOMINAL = re.compile(r"(?<![\w-])(?:rounds?|meetings?|talks|sessions?|summits?) of\s+$")
_HOSTS = re.compile(r"^(?:'s)?\s+(?:will\s+host|hosts|hosted|is\s+hosting|to\s+host)\b")
_ATTRIBUTIVE = re.compile(
    r"^(?:'s)?\s+(?:talks|summit|meeting|negotiations|round|format|process)\b"
)


_LIST_ITEM = re.compile(
    r"^[\s\W]*(?:(?:in|on|at|and|again|then|later|also|finally|back|the|a|that year|of|to|from|"
    r"until|with|before|after|followed by|respectively)\b[\s\W]*)*$",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(r"(?<![\w-])(?:in|of|during)\s+((?:19|20)\d{2})(?![\w-]|,\d|\s*\d)")


def _places(norm: str) -> list[places.PlaceMention]:
    return places.gazetteer().find(norm)


def _tracks(catalogue: TrackCatalogue, norm: str) -> list[TrackMention]:
    return catalogue.find(norm)


def _lookup(name: str) -> places.City | None:
    return places.gazetteer().lookup(name)


LANGUAGE = Language(
    code="en",
    name="English",
    split_sentences=text.split_sentences,
    find_dates=dates.find_dates,
    find_times=times.find_times,
    find_duration=times.find_duration,
    clause_breaks=cues.clause_breaks,
    keywords=cues.keywords,
    names=people.names,
    find_places=_places,
    lookup_place=_lookup,
    find_descriptions=places.find_descriptions,
    find_tracks=_tracks,
    tense=cues.tense,
    tense_at=cues.tense_at,
    tense_before=cues.tense_before,
    tense_after=cues.tense_after,
    scheduled_present=cues.scheduled_present,
    change=cues.change,
    names_new_date=cues.names_new_date,
    names_new_time=cues.names_new_time,
    edge=cues.edge,
    is_deadline=cues.is_deadline,
    is_denied=cues.is_denied,
    days_long=cues.days_long,
    page=PageWords(
        published=_PUBLISHED_LINE,
        updated_words=("updated", "modified"),
        byline=_BYLINE,
        dateline=_DATELINE,
    ),
    phrases=Phrases(
        original_slot=_ORIGINAL_SLOT,
        ongoing=_ONGOING,
        since=_SINCE,
        nominal=_NOMINAL,
        continues=_CONTINUES,
        follows_on=_FOLLOWS_ON,
        apart=_APART,
        separate=_SEPARATE,
        pronoun_start=_PRONOUN_START,
        resident=_RESIDENT,
        hosts=_HOSTS,
        attributive=_ATTRIBUTIVE,
        list_item=_LIST_ITEM,
        bare_year=_BARE_YEAR,
        new_date_before=NEVER,
        sidelines=_SIDELINES,
        there=_THERE,
    ),
)
