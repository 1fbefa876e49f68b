"""The words around a date that tell what happens on it: its kind, tense and status."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Family(enum.StrEnum):
    """Kinds that may describe the same occurrence."""

    CONTACT = "contact"  # calls and meetings between the same people
    ACT = "act"  # a decree, a signing
    PUBLICATION = "publication"
    VOTE = "vote"


@dataclass(frozen=True, slots=True)
class Kind:
    """What a dated occurrence is: a call, talks, a decree..."""

    name: str
    title: str
    family: Family
    session: bool  # a session of a negotiation track may be of this kind
    rank: int  # the more specific kind wins when a sentence names several


VIDEO = Kind("video", "Video call", Family.CONTACT, False, 9)
CALL = Kind("call", "Phone call", Family.CONTACT, False, 8)
SUMMIT = Kind("summit", "Summit", Family.CONTACT, True, 7)
DECREE = Kind("decree", "Decree", Family.ACT, False, 7)
SIGNING = Kind("signing", "Signing", Family.ACT, False, 6)
PUBLICATION = Kind("publication", "Publication", Family.PUBLICATION, False, 6)
VOTE = Kind("vote", "Vote", Family.VOTE, True, 6)
ELECTION = Kind("election", "Election", Family.VOTE, False, 6)
VISIT = Kind("visit", "Visit", Family.CONTACT, False, 5)
TALKS = Kind("talks", "Talks", Family.CONTACT, True, 4)
MEETING = Kind("meeting", "Meeting", Family.CONTACT, True, 3)
KINDS = {
    k.name: k
    for k in (
        VIDEO,
        CALL,
        SUMMIT,
        DECREE,
        SIGNING,
        PUBLICATION,
        VOTE,
        ELECTION,
        VISIT,
        TALKS,
        MEETING,
    )
}

_KIND_WORDS: list[tuple[Kind, str]] = [
    (
        VIDEO,
        r"video ?(?:call|conference|link|talks|summit|meeting|conversation)s?|"
        r"videoconferenc(?:e|es|ing)|video-?link|virtual (?:summit|meeting|talks)|"
        r"via video|by video|online (?:summit|meeting|talks)",
    ),
    (
        CALL,
        r"(?:tele)?phone (?:call|conversation|talks?)s?|telephone|by phone|over the phone|"
        r"phone|phoned|telephoned|got in touch|spoke by|call(?:ed)? each other|"
        r"(?:held|had|made|holds|has|hold)\s+(?:a\s+|an\s+|two\s+)?"
        r"(?:separate\s+|brief\s+|lengthy\s+|long\s+|short\s+|first\s+|second\s+)?"
        r"calls?|calls?\s+with|"
        # "had called Zelensky", "called both leaders": a person after it, not "called for"
        r"call(?:ed|s)?(?=\s+(?-i:(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)[A-Z][a-z])|"
        r"\s+(?:both|his|her|their|the two)\s+(?:leaders?|presidents?|counterparts?|"
        r"prime ministers?|ministers?))",
    ),
    (SUMMIT, r"summits?"),
    (DECREE, r"decrees?|executive orders?"),
    (SIGNING, r"signed|signing|will sign|to sign|signs"),
    (PUBLICATION, r"published|publish(?:es|ing)?|publication|made public|unveiled|released"),
    (VOTE, r"votes?|voting|voted|referendum|ballot"),
    (ELECTION, r"elections?|runoff|polls open"),
    (VISIT, r"visit(?:s|ed|ing)?|trip to|tour of"),
    (
        TALKS,
        r"talks|negotiations?|negotiat(?:e|ed|ing)|consultations?|discussions?|dialogue|"
        r"round of talks|rounds? of (?:negotiations|consultations)|parley|rounds?",
    ),
    (
        MEETING,
        r"meetings?|meet(?:s|ing)?|met|sessions?|conferences?|convene[sd]?|convening|"
        r"plenary|ministerials?|gathering|gather(?:s|ed)?|forum|hearings?|council|assembly|"
        r"congress|consultative|summit meeting|COP\s?\d{1,2}|pre-COP|COP|"
        r"conference of the parties|sherpas?",
    ),
]
_GENERIC_EVENT = (
    r"take place|takes place|took place|taking place|will be held|was held|were held|be held|"
    r"is held|are held|held|hold|holds|holding|begin|begins|began|begun|start|starts|started|"
    r"resume|resumes|resumed|open|opens|opened|kick off|kicks off|scheduled|planned|set for|"
    r"slated|due to|is due|are due|to be held|host|hosts|hosted|gather|gathered|will be"
)
_REPORT = (
    r"said|says|say|told|tells|stated|states|wrote|writes|reported|reports|announced|announces|"
    r"added|noted|notes|tweeted|declared|warned|commented|explained|claimed|insisted|stressed|"
    r"emphasi[sz]ed|revealed|acknowledged|replied|responded|argued|urged|recalled|informed|"
    r"quoted|according to|statement|interview|op-ed|press release|tweet|posted|remarks"
)
_PRESS = (
    r"press conference|news conference|press briefing|briefing|press event|presser|"
    r"brief(?:s|ed|ing)? (?:the )?(?:press|reporters|journalists|the media|media)"
)

_KEYWORD = re.compile(
    "|".join(
        [f"(?P<k{i}>{words})" for i, (_kind, words) in enumerate(_KIND_WORDS)]
        + [f"(?P<press>{_PRESS})", f"(?P<generic>{_GENERIC_EVENT})", f"(?P<report>(?-i:{_REPORT}))"]
    ).join([r"(?<![\w-])(?:", r")(?![\w-])"]),
    re.IGNORECASE,
)


class Role(enum.StrEnum):
    """What a keyword near a date says about it."""

    KIND = "kind"
    GENERIC = "generic"  # an event verb without a kind: took place, will be held
    REPORT = "report"  # a speech act: said, told, in a statement
    PRESS = "press"  # a press conference or briefing


@dataclass(frozen=True, slots=True)
class Keyword:
    """A word that says what a date refers to, with its span."""

    start: int
    end: int
    role: Role
    kind: Kind | None = None


def keywords(norm: str, offset: int = 0) -> list[Keyword]:
    """Return the event, report and press keywords of a quote-folded text."""
    found = []
    for m in _KEYWORD.finditer(norm):
        group = m.lastgroup or ""
        start, end = m.start() + offset, m.end() + offset
        if group.startswith("k"):
            found.append(Keyword(start, end, Role.KIND, _KIND_WORDS[int(group[1:])][0]))
        elif group == "press":
            found.append(Keyword(start, end, Role.PRESS))
        elif group == "generic":
            found.append(Keyword(start, end, Role.GENERIC))
        else:
            found.append(Keyword(start, end, Role.REPORT))
    return found


_FUTURE = re.compile(
    r"(?<![\w-])(?:will|shall|'ll|would|is to|are to|is going to|are going to|"
    r"(?:is|are|was|were) (?:scheduled|expected|due|set|slated|planned|supposed)|scheduled|"
    r"to be held|to take place|to meet|to begin|to start|to resume|upcoming|forthcoming|"
    r"next|coming|plans? to|planning to|kick off|will be|is due|are due)(?![\w-])",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"(?<![\w-])(?:was|were|had|did|took place|held|met|signed|published|began|ended|"
    r"concluded|got|communicated|spoke|talked|discussed|reached|earlier|previous|previously|"
    r"ago|last|recalled|passed|adopted|launched|agreed|took|came|went|visited|announced|"
    r"resumed|opened|reopened|started|convened|hosted|wrapped up|kicked off|gathered|arrived|"
    r"returned|voted|demanded|failed|broke up|collapsed|yielded|produced)(?![\w-])",
    re.IGNORECASE,
)
_NOT_PAST_AFTER_TO_BE = re.compile(r"(?:be|been|to be)\s+$", re.IGNORECASE)


class Tense(enum.StrEnum):
    """Whether a clause speaks of what is coming or of what has been."""

    FUTURE = "future"
    PAST = "past"


def tense_at(norm: str, pos: int, reach: int = 60) -> Tense | None:
    """Return the tense of the marker nearest to `pos` (within `reach` characters), if any.

    "…held security talks on Monday as Moscow demanded guarantees that NATO would not…": the
    verb next to the date tells its tense; a "would" further on belongs to another clause.
    """
    best: tuple[int, Tense] | None = None
    ties = False
    for pattern, kind in ((_FUTURE, Tense.FUTURE), (_PAST, Tense.PAST)):
        for m in pattern.finditer(norm):
            if (
                kind is Tense.PAST
                and m.group(0).lower() == "held"
                and _NOT_PAST_AFTER_TO_BE.search(norm[: m.start()])
            ):
                continue
            gap = pos - m.end() if m.end() <= pos else m.start() - pos
            if gap < 0 or gap > reach:
                continue
            if best is None or gap < best[0]:
                best, ties = (gap, kind), False
            elif gap == best[0] and kind is not best[1]:
                ties = True
    if best is None or ties:
        return None
    return best[1]


def tense(norm: str) -> Tense | None:
    """Return the tense a clause speaks in, or None when it does not say."""
    future = sum(1 for _ in _FUTURE.finditer(norm))
    past = 0
    for m in _PAST.finditer(norm):
        if m.group(0).lower() == "held" and _NOT_PAST_AFTER_TO_BE.search(norm[: m.start()]):
            continue
        past += 1
    if future > past:
        return Tense.FUTURE
    if past > future:
        return Tense.PAST
    return None


class Change(enum.StrEnum):
    """A change of plan that a clause reports."""

    CANCELLED = "cancelled"
    POSTPONED = "postponed"


_CANCELLED = re.compile(
    r"(?<![\w-])(?:cancel(?:l)?ed|cancel(?:l)?ing|cancels|called off|calls off|call off|"
    r"scrapped|scraps|axed|(?:will|would|did|does|do|shall) not take place|won't take place|"
    r"will no longer take place|not go ahead|won't go ahead|will not go ahead)(?![\w-])",
    re.IGNORECASE,
)
_POSTPONED = re.compile(
    r"(?<![\w-])(?:postponed|postpone|postpones|postponing|delayed|put off|pushed back|"
    r"rescheduled|reschedule|deferred|moved to a later date|moved to|moved back|shifted to|"
    r"pushed to|bumped to)(?![\w-])",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:not|n't|never|no)\s+(?:been\s+|be\s+)?$", re.IGNORECASE)


def change(norm: str) -> tuple[Change, int] | None:
    """Return the change of plan a clause reports and where its cue ends, if it reports one."""
    for pattern, kind in ((_CANCELLED, Change.CANCELLED), (_POSTPONED, Change.POSTPONED)):
        for m in pattern.finditer(norm):
            if kind is Change.POSTPONED and _NEGATED.search(norm[: m.start()]):
                continue
            if (
                kind is Change.CANCELLED
                and "not" not in m.group(0).lower()
                and _NEGATED.search(norm[: m.start()])
            ):
                continue
            return kind, m.end()
    return None


_NOT_A_SESSION_BEFORE = re.compile(
    r"(?<![\w-])(?:by|until|till|before|after|since|no later than|not later than|as of|dated|"
    r"effective|expires?(?: on)?|expiring(?: on)?|deadline(?: of| is)?|ultimatum(?: of)?|"
    r"due by|born(?: on)?|died(?: on)?|anniversary of|ahead of)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_A_SESSION_IN_CLAUSE = re.compile(
    r"(?<![\w-])(?:deadline|ultimatum|expires|expire|expiry|anniversary|birthday|holiday|"
    r"christmas|new year's)(?![\w-])",
    re.IGNORECASE,
)


def is_deadline(left: str, clause: str) -> bool:
    """Tell whether a date is a deadline or a bound rather than the day of an occurrence."""
    return bool(_NOT_A_SESSION_BEFORE.search(left) or _NOT_A_SESSION_IN_CLAUSE.search(clause))


_DENIED = re.compile(
    r"(?<![\w-])(?:no plans?|not planning|no intention|(?:has|have|had) not (?:been )?"
    r"(?:planned|scheduled|agreed)|(?:is|are|was|were) not (?:planned|scheduled|expected)|"
    r"there (?:will be|is|are|was|were) no|ruled out|denied (?:that|reports|plans)|"
    r"dismissed (?:reports|claims)|(?:will|would|did|does|do) not (?:meet|hold|attend)|"
    r"won't (?:meet|hold|attend)|didn't (?:meet|hold)|nor (?:will|would))(?![\w-])",
    re.IGNORECASE,
)


def is_denied(left: str) -> bool:
    """Tell whether the words before a date deny the plan ("there are no plans to meet")."""
    return bool(_DENIED.search(left))


_NEW_DATE_BEFORE = re.compile(r"(?<![\w-])(?:to|until|till|for)\s+(?:the\s+)?$", re.IGNORECASE)


_NEW_DATE_AFTER_CUE = re.compile(
    r"^\s*(?:(?:to|until|till|for)\s+)?(?:(?:the\s+)?(?:morning|afternoon|evening|noon|"
    r"midday|night)\s+(?:of\s+|on\s+)?|\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s+on\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


_CUE_ENDS_WITH_TO = re.compile(r"\s(?:to|until|for)$", re.IGNORECASE)


def names_new_date(norm: str, cue_end: int, date_start: int) -> bool:
    """Tell whether a date after a postponement cue is the new date ("postponed to ...",
    "moved to noon on Thursday", "pushed back to March 3")."""
    left = norm[cue_end:date_start]
    if _CUE_ENDS_WITH_TO.search(norm[max(0, cue_end - 7) : cue_end]):
        return bool(_NEW_DATE_AFTER_CUE.match(left))
    if _NEW_DATE_BEFORE.search(left):
        return True
    to = re.match(r"^\s*(?:to|until|till|for)\s", left, re.IGNORECASE)
    return bool(to and _NEW_DATE_AFTER_CUE.match(left))


_CLAUSE_BREAK = re.compile(
    r";|:\s|\s-\s|,\s*(?:and|but|while|whereas|then|and then|after which|followed by|before)\s|"
    r"\s(?:and then|followed by)\s",
    re.IGNORECASE,
)


def clause_breaks(norm: str) -> list[int]:
    """Return the offsets where one clause of a sentence ends and the next begins."""
    return [m.start() for m in _CLAUSE_BREAK.finditer(norm)]
