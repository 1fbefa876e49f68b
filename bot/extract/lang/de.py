"""German: "am Montag, 10. Januar", "vom 3. bis 5. März", "um 10 Uhr (MEZ)", "auf unbestimmte
Zeit verschoben", "in der Schweizer Stadt"; compounds read by their last word
("Atomgespräche", "Außenministertreffen")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.extract.cues import (
    CALL,
    DECREE,
    ELECTION,
    MEETING,
    PUBLICATION,
    SIGNING,
    SUMMIT,
    TALKS,
    VIDEO,
    VISIT,
    VOTE,
    Tense,
)
from bot.extract.lang import NEVER, PageWords, Phrases
from bot.extract.lang.latin import (
    Token,
    Words,
    alternation,
    calendar_names,
    language,
    tokens_of,
)

_I = re.IGNORECASE
MONTHS, WEEKDAYS = calendar_names("de")
MONTHS.update({"jänner": 1, "janner": 1, "maerz": 3})
_M = rf"(?:{alternation(MONTHS)})(?:\.(?=\s+[\da-zà-ÿ]))?"
_W = alternation(WEEKDAYS)
_PARTS = r"(?:morgen|vormittag|mittag|nachmittag|abend|nacht)"
_WD = rf"(?:{_W}){_PARTS}?"
_NB = r"(?<![\w.-])"
_NA = r"(?![\w-])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])\.?(?![\d:,]\d)"
_SEP = r"\s*(?:-|bis(?:\s+zum)?|und(?:\s+am)?|sowie\s+am)\s*"
_NUMBER = r"ein|einen|eine|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|wenige|einige"
_WEEKDAY_MOD = (
    r"kommenden|kommender|nächsten|nächster|vergangenen|vergangener|letzten|letzter|"
    r"diesen|dieser|vorigen|voriger|folgenden"
)

_DATES = (
    ("range", re.compile(
        rf"{_NB}(?:(?:vom|von|zwischen\s+dem|am)\s+)?(?:(?:{_W}),?\s+(?:den\s+)?)?(?P<d1>{_DAY})"
        rf"\s*(?P<m1>{_M})(?:\s+(?P<y1>(?:19|20)\d{{2}}))?(?P<sep>{_SEP})(?:(?:{_W}),?\s+"
        rf"(?:den\s+)?)?(?P<d2>{_DAY})\s*(?P<m2>{_M})(?:\s+(?P<y2>(?:19|20)\d{{2}}))?{_NA}", _I)),
    ("range", re.compile(
        rf"{_NB}(?:(?:vom|von|zwischen\s+dem|am)\s+)?(?:(?:{_W}),?\s+(?:den\s+)?)?(?P<d1>{_DAY})"
        rf"(?P<sep>{_SEP})(?:(?:{_W}),?\s+(?:den\s+)?)?(?P<d2>{_DAY})\s*(?P<m2>{_M})"
        rf"(?:\s+(?P<y2>(?:19|20)\d{{2}}))?{_NA}", _I)),
    ("day", re.compile(
        rf"{_NB}(?:(?:am|vom|ab|seit)\s+)?(?:(?P<w1>{_W}),?\s+(?:(?:den|dem)\s+)?)?"
        rf"(?P<d1>{_DAY})\s*(?P<m1>{_M})(?:\s+(?P<y1>(?:19|20)\d{{2}}))?{_NA}", _I)),
    ("weekdays", re.compile(
        rf"{_NB}(?:(?:von|zwischen|am)\s+)?(?P<w1>{_W})\s+(?:bis|und)\s+(?:(?:am|zum)\s+)?"
        rf"(?P<w2>{_W}){_NA}", _I)),
    ("weekday", re.compile(
        rf"{_NB}(?:(?:am|an\s+diesem|an\s+jenem|diesen|ab|seit|bis)\s+)?"
        rf"(?:(?P<mod>{_WEEKDAY_MOD})\s+)?(?P<w1>{_W}){_PARTS}?"
        rf"(?:\s+(?P<week>(?:der|in\s+der|nächster|kommender|vergangener)\s+"
        rf"(?:kommenden\s+|nächsten\s+|vergangenen\s+)?Woche))?{_NA}", _I)),
    ("deictic", re.compile(
        rf"{_NB}(?P<word>übermorgen|vorgestern|heute|(?-i:morgen)|gestern|"
        rf"am\s+(?:heutigen|gestrigen|morgigen)\s+(?:{_W}|Tag)|"
        # "das heutige Treffen", "beim gestrigen Gipfel": the adjectives, in any form
        rf"(?:vor|über)?(?:heutig|gestrig|morgig)(?:e|en|er|es|em))"
        rf"(?:\s+(?:früh|morgen|vormittag|mittag|nachmittag|abend|nacht))?{_NA}", _I)),
    ("anchored", re.compile(
        rf"{_NB}(?:(?P<next>am\s+(?:nächsten|folgenden|darauffolgenden)\s+Tag|tags\s+darauf|"
        rf"am\s+Tag\s+danach|am\s+Folgetag|einen\s+Tag\s+später)|(?P<before>(?:am\s+Vortag|"
        rf"am\s+Vorabend)(?!\s+(?:der|des|von|vom))|tags\s+zuvor|einen\s+Tag\s+(?:zuvor|vorher|"
        rf"früher))|"
        rf"(?P<same>am\s+selben\s+Tag|am\s+gleichen\s+Tag|noch\s+am\s+selben\s+Tag)|"
        rf"(?P<n>\d{{1,2}}|{_NUMBER})\s+(?P<unit>Tage|Tagen|Wochen?)\s+(?:später|danach|"
        rf"(?P<ago>zuvor|vorher|früher)))(?![\w-])", _I)),
    ("vague", re.compile(
        rf"{_NB}(?:(?:im|Anfang|Ende|Mitte|Ende\s+des|bis|seit|ab)\s+)?(?:{_M})"
        rf"(?:\s+(?:19|20)\d{{2}})?(?![\w-]|\.?\s*\d)"
        rf"|{_NB}(?:(?:in\s+der|der|die|diese|dieser|nächste|nächster|kommende|kommender|"
        rf"vergangene|vergangener|letzte|letzter|in\s+dieser|Anfang|Ende|Mitte)\s+)+"
        rf"(?:(?:nächsten|kommenden|vergangenen)\s+)?Woche{_NA}"
        rf"|{_NB}(?:im\s+)?(?:nächsten|kommenden|vergangenen|letzten)\s+(?:Monat|Jahr){_NA}",
        _I)),
)  # fmt: skip


def _markers(norm: str, hints: bool) -> list[tuple[int, int, Tense]]:
    """Tense from the verbs' forms: "wird ... stattfinden", "sollen", "geplant" look ahead;
    "fand statt", "trafen sich", "hat ... getroffen", "wurde verschoben", "tagte" look back."""
    found: list[tuple[int, int, Tense]] = []
    words = tokens_of("de", norm)
    for i, t in enumerate(words):
        low = t.text.lower()
        if hints:
            if any(low.startswith(h) for h in _FUTURE_HINTS):
                found.append((t.start, t.end, Tense.FUTURE))
            elif any(low.startswith(h) for h in _PAST_HINTS):
                found.append((t.start, t.end, Tense.PAST))
            continue
        if t.lemma in _REPORTING and low not in _AUXILIARIES_PAST:
            continue
        before = words[i - 1].text.lower() if i else ""
        if low in _AUXILIARIES_FUTURE:
            found.append((t.start, t.end, Tense.FUTURE))
        elif low in _PERFECT and any(
            w.text.lower() in _PLANNED for w in _to_clause_end(norm, words, i)
        ):
            found.append((t.start, t.end, Tense.FUTURE))  # "ist für Montag angesetzt"
        elif low in _AUXILIARIES_PAST or (
            low in _PERFECT and any(_participle(w.text) for w in _to_clause_end(norm, words, i))
        ):
            found.append((t.start, t.end, Tense.PAST))
        elif low in _PLANNED and before not in _WAS:
            found.append((t.start, t.end, Tense.FUTURE))
        elif t.text[:1].islower() and _past_form(low, t.lemma):
            found.append((t.start, t.end, Tense.PAST))
    return found


def _past_form(low: str, lemma: str) -> bool:
    """Tell whether a verb form is a past one: a weak preterite ("tagte", "telefonierten") or
    a strong one ("fand", "trafen"), which simplemma leads back to its infinitive."""
    if lemma == low or not lemma.endswith(("en", "ern", "eln")) or low.startswith("ge"):
        return False
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1]
    if low in {stem + "te", stem + "ten", stem + "ete", stem + "eten"}:
        return True
    present = {stem + e for e in ("e", "st", "t", "et", "est", "en", "end")}
    if low in present or low.endswith(("end", "ung", "lich", "isch")):
        return False
    # A strong present changes its vowel and ends in -t ("berät", "trifft", "läuft"); a strong
    # preterite does not ("fand", "traf", "trafen"), or keeps "ie" ("beriet", "hielt").
    return not low.endswith("t") or "ie" in low


def _to_clause_end(norm: str, words: Sequence[Token], i: int) -> list[Token]:
    """Return the words after the i-th up to the end of its clause, where German puts the
    participle ("hat heute in den Hamburger Messehallen das Treffen ... eröffnet"), 16 at most."""
    found: list[Token] = []
    for previous, word in zip(words[i : i + 16], words[i + 1 : i + 17], strict=False):
        between = _ORDINAL.sub("", norm[previous.end : word.start])  # "das 23. Treffen"
        if any(mark in between for mark in ",;:.!?()"):
            break
        if previous.text.lower() != "zu":  # "hat vor, ... zu vereinbaren": an infinitive
            found.append(word)
    return found


def _participle(word: str) -> bool:
    low = word.lower()
    return word[:1].islower() and (
        (low.startswith("ge") and low.endswith(("t", "en")) and len(low) > 4)
        or low.endswith("iert")
        or ("ge" in low[2:6] and low.endswith(("t", "en")))  # "stattgefunden", "abgesagt"
        # an inseparable prefix takes no "ge": "eröffnet", "verschoben", "beschlossen"
        or (low.startswith(_INSEPARABLE) and low.endswith(("t", "en")) and len(low) > 6)
    )


_ORDINAL = re.compile(r"\d+\.")
_INSEPARABLE = ("be", "emp", "ent", "er", "miss", "ver", "zer", "unterzeichn", "über")


_AUXILIARIES_FUTURE = frozenset(
    "wird werden wirst soll sollen sollte sollten will wollen würde würden".split()
)
_AUXILIARIES_PAST = frozenset(
    """wurde wurden war waren hatte hatten fand fanden traf trafen kam kamen begann
    begannen""".split()
)
_PERFECT = frozenset("hat haben ist sind".split())  # with a participle: "hat ... getroffen"
_PLANNED = frozenset({"geplant", "vorgesehen", "angesetzt", "anberaumt", "terminiert"})
_WAS = frozenset({"war", "waren", "ursprünglich", "eigentlich", "zunächst"})
_FUTURE_HINTS = ("kommend", "nächst", "bevorstehend", "anstehend", "geplant", "künftig")
_PAST_HINTS = ("vergangen", "letzt", "vorig", "bisherig", "zuvor", "bereits", "kürzlich", "jüngst")
_REPORTING = frozenset(
    """sagen erklären mitteilen betonen ankündigen bestätigen berichten schreiben erläutern
    hinzufügen unterstreichen""".split()
)

_KINDS = {
    **dict.fromkeys(("videokonferenz", "videoschalte", "videogipfel", "videogespräch",
                     "schalte", "videoschaltung"), VIDEO),
    **dict.fromkeys(("telefonat", "telefonieren", "telefongespräch", "telefonisch", "anruf",
                     "telefon"), CALL),
    **dict.fromkeys(("gipfel", "gipfeltreffen"), SUMMIT),
    **dict.fromkeys(("dekret", "erlass"), DECREE),
    **dict.fromkeys(("unterzeichnen", "unterzeichnung", "unterschreiben", "unterschrift"),
                    SIGNING),
    **dict.fromkeys(("veröffentlichen", "veröffentlichung"), PUBLICATION),
    **dict.fromkeys(("abstimmung", "abstimmen"), VOTE),
    **dict.fromkeys(("wahl", "referendum", "präsidentschaftswahl", "parlamentswahl"), ELECTION),
    **dict.fromkeys(("besuch", "besuchen", "reise", "reisen", "staatsbesuch"), VISIT),
    **dict.fromkeys(("verhandlung", "verhandeln", "gespräch", "konsultation", "dialog", "runde",
                     "vermittlung", "unterhändler", "beratung", "beraten", "sprechen"), TALKS),
    **dict.fromkeys(("treffen", "sitzung", "tagung", "tagen", "konferenz", "zusammenkunft",
                     "zusammenkommen", "zusammentreffen", "rat", "versammlung", "forum",
                     "empfangen", "austausch", "ministertreffen", "sitzen"), MEETING),
}  # fmt: skip
_KIND_SUFFIXES = {
    "videokonferenz": VIDEO, "telefonat": CALL, "gipfel": SUMMIT, "gipfeltreffen": SUMMIT,
    "gesprach": TALKS, "gesprache": TALKS, "verhandlung": TALKS, "verhandlungen": TALKS,
    "runde": TALKS, "konsultation": TALKS, "konsultationen": TALKS, "treffen": MEETING,
    "sitzung": MEETING, "tagung": MEETING, "konferenz": MEETING, "ministerrat": MEETING,
    "besuch": VISIT, "dialog": TALKS, "forum": MEETING, "kongress": MEETING,
    "beratungen": TALKS, "zeremonie": MEETING,
}  # fmt: skip

_PAGE = PageWords(
    published=re.compile(
        r"^\W*(?P<word>veröffentlicht|erschienen|aktualisiert|zuletzt\s+aktualisiert|stand|"
        r"datum)\b(?:\s+(?:am|um))?\s*[:|-]?\s*", _I),
    updated_words=("aktualis", "stand"),
    byline=re.compile(r"^\W*(?:von|text|autor(?:in)?)\s*:?\s+[^|·•—–]+[|·•—–]", _I),
    dateline=re.compile(
        r"^(?P<place>[A-ZÄÖÜ][A-ZÄÖÜa-zäöüß.'-]*(?:[ -][A-ZÄÖÜ][A-ZÄÖÜa-zäöüß.'-]*){0,2})"
        r"(?:,\s*(?P<date>\d{1,2}\.\s*[A-ZÄÖÜa-zäöü]{3,9}\.?(?:\s+(?:19|20)\d{2})?))?"
        r"\s*(?P<agency>\((?:[A-Za-zÄÖÜ][\w.-]*\s?){1,4}\))?\s*(?:-{1,2}|:)\s+"),
)  # fmt: skip

_COUNTRY_ADJECTIVES = tuple((stem, code) for code, stems in {
    "CH": "schweizer schweizerisch eidgenössisch", "AT": "österreich", "BE": "belgisch",
    "TR": "türkisch", "FI": "finnisch", "BY": "belarussisch weißrussisch", "KZ": "kasachisch",
    "QA": "katarisch", "SA": "saudi", "EG": "ägyptisch", "FR": "französisch", "DE": "deutsch",
    "US": "amerikanisch us-amerikanisch", "CN": "chinesisch", "JP": "japanisch",
    "RU": "russisch", "UA": "ukrainisch", "IT": "italienisch", "GB": "britisch",
    "OM": "omanisch", "IR": "iranisch", "SY": "syrisch", "AZ": "aserbaidschanisch",
    "AM": "armenisch", "GE": "georgisch", "UZ": "usbekisch", "AE": "emiratisch",
    "IN": "indisch", "BR": "brasilianisch", "ZA": "südafrikanisch", "PL": "polnisch",
    "HU": "ungarisch", "RS": "serbisch", "SK": "slowakisch", "CZ": "tschechisch",
    "NO": "norwegisch", "SE": "schwedisch", "DK": "dänisch", "ES": "spanisch",
    "PT": "portugiesisch", "NL": "niederländisch", "IL": "israelisch", "JO": "jordanisch",
    "LB": "libanesisch", "IQ": "irakisch", "KW": "kuwaitisch", "PK": "pakistanisch",
    "AF": "afghanisch", "MN": "mongolisch", "KP": "nordkoreanisch", "KR": "südkoreanisch",
    "VN": "vietnamesisch", "CU": "kubanisch", "VE": "venezolanisch", "MX": "mexikanisch",
    "CA": "kanadisch", "ET": "äthiopisch", "SD": "sudanesisch", "KE": "kenianisch",
    "NG": "nigerianisch", "DZ": "algerisch", "MA": "marokkanisch", "TN": "tunesisch",
    "LY": "libysch", "MD": "moldauisch", "RO": "rumänisch", "BG": "bulgarisch",
    "GR": "griechisch", "CY": "zyprisch", "TH": "thailändisch", "ID": "indonesisch",
    "AR": "argentinisch",
}.items() for stem in stems.split())  # fmt: skip

_LANDMARKS = tuple((re.compile(p, _I), city) for p, city in (
    (r"NATO-(?:Hauptquartier|Zentrale)\w*|Hauptquartier\s+der\s+NATO|Nato-Hauptquartier\w*",
     "Brussels"),
    (r"Palais\s+des\s+Nations|Völkerbundpalast\w*|Uno-Sitz\s+in\s+Genf", "Geneva"),
    (r"Weiße[nm]?\s+Haus(?:es)?|Weisse[nm]?\s+Haus(?:es)?", "Washington"),
    (r"(?<![\w-])Kreml(?:s)?(?![\w-])", "Moscow"),
    (r"Élysée(?:-Palast\w*)?|Elysée(?:-Palast\w*)?|Elysee-Palast\w*", "Paris"),
    (r"(?<![\w-])Hofburg(?![\w-])", "Vienna"),
    (r"(?<![\w-])Palais\s+Coburg(?![\w-])", "Vienna"),
    (r"(?<![\w-])Kanzleramt\w*", "Berlin"),
    (r"(?:UN|UNO)-Hauptquartier\w*", "New York"),
))  # fmt: skip

_PHRASES = Phrases(
    original_slot=re.compile(
        r"(?<![\w-])(?:ursprünglich|eigentlich|(?:war|waren)\s+(?:\w+\s+){0,3}?"
        r"(?:geplant|vorgesehen|angesetzt|terminiert))(?![\w-])",
        _I,
    ),
    ongoing=re.compile(
        r"(?<![\w-])(?:laufen|läuft|dauer(?:n|t)\s+(?:\w+\s+){0,3}?an|im\s+Gange|begonnen|"
        r"eröffnet|tagt|tagen)(?![\w-])",
        _I,
    ),
    since=re.compile(r"(?<![\w-])seit\s+(?:dem\s+)?$", _I),
    nominal=NEVER,
    continues=re.compile(
        r"[\s,;]*(?:und|dann|aber)\s+(?:erneut\s+|wieder\s+|später\s+|nochmals\s+)?"
        r"(?:am|in|im)\s",
        _I,
    ),
    follows_on=re.compile(
        r"(?<![\w-])(?:getrennt|separat|gesondert|anschließend|danach|dann|später|außerdem|"
        r"zudem|ebenfalls|zuvor|vorher|zunächst|zuerst|gleichzeitig|morgens|abends|"
        r"am\s+(?:Morgen|Vormittag|Mittag|Nachmittag|Abend))(?![\w-])",
        _I,
    ),
    there=re.compile(
        r"(?<![\w-])(?:dort|ebendort|ebenda|am selben Ort|in derselben Stadt)"
        r"(?![\w-])",
        _I,
    ),
    # "am Rande des Gipfels", "am Rande der Sicherheitskonferenz"
    sidelines=re.compile(r"(?<![\w-])(?:am|an\s+den)\s+R[äa]nde(?:rn)?(?![\w-])", _I),
    apart=re.compile(r"(?<![\w-])(?:getrennt|separat|gesondert)\w*(?![\w-])", _I),
    separate=re.compile(r"(?<![\w-])(?:getrennt|separat|gesondert)\w*\s+(?:\w+\s+){0,4}?mit\s", _I),
    pronoun_start=re.compile(
        r"^(?:Es|Dies|Das\s+(?:Treffen|Gespräch)|Die\s+(?:Sitzung|Gespräche|Verhandlungen|"
        r"Runde|Konferenz|Tagung)|Der\s+(?:Gipfel|Rat))(?![\w-])"
    ),
    resident=re.compile(
        r"(?<![\w-])(?:Regierung|Behörden|Regime|Botschaft|Konsulat|Führung|Rebellen|Opposition|"
        r"Parlament|Einwohner|Korrespondent\w*|Büro|Botschafter\w*)\s+in\s+$",
        _I,
    ),
    hosts=re.compile(r"^\s+(?:empfängt|empfing|ist\s+Gastgeber|richtet)(?![\w-])", _I),
    attributive=NEVER,
    list_item=re.compile(
        r"^[\s\W]*(?:(?:in|im|am|an|und|dann|später|auch|erneut|wieder|schließlich|vom|von|bis|zum|"
        r"nach|vor|mit|der|die|das|dem|den)(?![\w-])[\s\W]*)*$",
        _I,
    ),
    new_date_before=re.compile(
        r"(?<![\w-])(?:auf|zum|in\s+den|für)\s+(?:den\s+|das\s+|kommenden\s+|nächsten\s+)?$", _I
    ),
    bare_year=re.compile(
        r"(?<![\w-])(?:im\s+Jahre?|seit|von)\s+((?:19|20)\d{2})(?![\w-]|,\d|\s*\d)", _I
    ),
)

WORDS = Words(
    code="de",
    name="German",
    date_patterns=_DATES,
    months=MONTHS,
    weekdays=WEEKDAYS,
    directions={
        "kommenden": 1,
        "kommender": 1,
        "nachsten": 1,
        "nachster": 1,
        "folgenden": 1,
        "vergangenen": -1,
        "vergangener": -1,
        "letzten": -1,
        "letzter": -1,
        "vorigen": -1,
        "voriger": -1,
        "diesen": 2,
        "dieser": 2,
    },
    week_shifts={
        "nächste": 1,
        "nächster": 1,
        "nächsten": 1,
        "nachster": 1,
        "nachsten": 1,
        "kommender": 1,
        "kommenden": 1,
        "nachste": 1,
        "kommende": 1,
        "vergangener": -1,
        "vergangenen": -1,
        "vergangene": -1,
        "letzte": -1,
        "letzter": -1,
    },
    deictic={
        "heute": 0,
        "morgen": 1,
        "gestern": -1,
        "ubermorgen": 2,
        "vorgestern": -2,
        **{
            stem + ending: shift
            for stem, shift in (
                ("heutig", 0),
                ("gestrig", -1),
                ("morgig", 1),
                ("vorgestrig", -2),
                ("ubermorgig", 2),
            )
            for ending in ("e", "en", "er", "es", "em")
        },
    },
    numbers={
        "ein": 1,
        "einen": 1,
        "eine": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "funf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "wenige": 3,
        "einige": 3,
    },
    relative_year=re.compile(
        r",?\s+(?P<rel>vergangenen\s+Jahres|letzten\s+Jahres|des\s+Vorjahres|dieses\s+Jahres|"
        r"nächsten\s+Jahres|kommenden\s+Jahres|desselben\s+Jahres)(?![\w-])",
        _I,
    ),
    year_shifts={
        "vergangenen jahres": -1,
        "letzten jahres": -1,
        "des vorjahres": -1,
        "dieses jahres": 0,
        "nächsten jahres": 1,
        "kommenden jahres": 1,
    },
    week_phrase=re.compile(
        r"(?P<rel>nächste|nächster|nächsten|kommende|kommender|kommenden|vergangene|"
        r"vergangener|vergangenen|letzte|letzter|diese|dieser)\s+Woche$",
        _I,
    ),
    week_joiner=re.compile(r"^[\s,]*(?:am\s+)?$", _I),
    time_pattern=re.compile(
        r"(?<![\w:.])(?:(?P<pre>um|gegen|ab|von|vor|nach|zwischen|bis)\s+)?"
        r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*Uhr(?![\w])"
        r"|(?P<h3>[01]?\d|2[0-3]):(?P<mi3>[0-5]\d)(?!\d)"
        r"|(?P<noon>mittags|Mitternacht))"
        r"(?:\s+(?P<part>morgens|früh|vormittags|nachmittags|abends|nachts))?"
        r"(?:\s*\(?\s*(?:(?P<local>Ortszeit|örtlicher\s+Zeit|Lokalzeit)"
        r"|(?P<city>deutscher|Moskauer|Kiewer|Washingtoner|Pekinger|Genfer|Wiener|Brüsseler)"
        r"\s+Zeit|(?P<abbr>MEZ|MESZ|GMT|UTC|CET|CEST|EET|EEST|MSK)"
        r"(?:\s*(?P<off>[+-]\s?\d{1,2}))?)\)?)?",
        _I,
    ),
    city_zones={
        "deutscher": "Europe/Berlin",
        "moskauer": "Europe/Moscow",
        "kiewer": "Europe/Kyiv",
        "washingtoner": "America/New_York",
        "pekinger": "Asia/Shanghai",
        "genfer": "Europe/Zurich",
        "wiener": "Europe/Vienna",
        "brusseler": "Europe/Brussels",
    },
    afternoon_parts=("nachmittags", "abends"),
    time_until=re.compile(r"\s*(?:-|bis)\s*", _I),
    duration=re.compile(
        r"(?:dauer\w*|gedauert|währt\w*)\s+(?:rund\s+|etwa\s+|gut\s+|knapp\s+|mehr\s+als\s+|"
        r"über\s+|fast\s+)?(?P<n>\d{1,2}(?:,5)?|eine|einer|zwei|drei|vier|fünf|sechs)\s+"
        r"(?P<unit>Stunden?|Minuten)(?![\w-])",
        _I,
    ),
    kinds=_KINDS,
    kind_suffixes=_KIND_SUFFIXES,
    generic=frozenset(
        """stattfinden statt abhalten beginnen eröffnen fortsetzen fortgesetzt wiederaufnehmen
        planen ansetzen anberaumen ausrichten enden beenden abschließen""".split()
    ),
    report=frozenset(
        """sagen erklären mitteilen betonen ankündigen bestätigen berichten schreiben erläutern
        hinzufügen unterstreichen erklärung mitteilung angabe""".split()
    ),
    press=re.compile(
        r"Pressekonferenz\w*|Pressebriefing\w*|Briefing\w*|Pressegespräch\w*|"
        r"Pressestatement\w*|Medienkonferenz\w*",
        _I,
    ),
    negators=frozenset({"ohne", "kein", "keine", "keinen", "keinem", "nicht"}),
    markers=_markers,
    scheduled=re.compile(
        r"(?<![\w-])(?:findet\s+(?:\w+\s+){0,4}?statt|finden\s+(?:\w+\s+){0,4}?statt|"
        r"treffen\s+sich|trifft\s+sich|kommen\s+(?:\w+\s+){0,4}?zusammen|"
        r"kommt\s+(?:\w+\s+){0,4}?zusammen|tagt|tagen|beginnt|beginnen|beraten|berät)(?![\w-])",
        _I,
    ),
    cancelled=re.compile(
        r"(?<![\w-])(?:abgesagt|absagen|Absage|sagte\w*\s+(?:\w+\s+){0,4}?ab|gestrichen|"
        r"f(?:i|a)nd(?:et|en)?\s+(?:\w+\s+){0,3}?nicht\s+statt|"
        r"(?:wird|werden)\s+(?:\w+\s+){0,3}?nicht\s+stattfinden|fällt\s+(?:\w+\s+){0,3}?aus|ausfallen|abgeblasen|"
        r"geplatzt)(?![\w-])",
        _I,
    ),
    postponed=re.compile(
        r"(?<![\w-])(?:verschoben|verschieben|verschob\w*|verschiebt|Verschiebung|vertagt\w*|"
        r"vertagen|vertagte\w*|aufgeschoben|auf\s+unbestimmte\s+Zeit|vorgezogen|ausgesetzt|auf\s+Eis\s+gelegt)(?![\w-])",
        _I,
    ),
    new_date=re.compile(r"(?:^|\s)(?:auf|zum|bis\s+zum|in\s+den)\s+(?:den\s+|das\s+)?$", _I),
    new_time=re.compile(r"^\s*(?:\w+\s+){0,3}?auf\s+\d{1,2}(?:[:.]\d{2})?\s*Uhr", _I),
    starts=re.compile(
        r"(?<![\w-])(?:beginn\w*|begann\w*|begonnen|eröffne\w*|starte\w*|gestartet|Auftakt)", _I
    ),
    ends=re.compile(
        # "schloss" in lower case: "Schloss Elmau" is a castle
        r"(?<![\w-])(?:enden|endet|endete\w*|geendet|abgeschlossen|(?-i:schloss\w*)|beende\w*|"
        r"zu\s+Ende|Abschluss)",
        _I,
    ),
    until=re.compile(
        r"(?<![\w-])(?:dauer\w*|laufen|läuft|andauern|tagen|tagt)\s+(?:\w+\s+){0,2}?"
        r"bis\s+(?:zum\s+)?$",
        _I,
    ),
    bound_before=re.compile(
        r"(?<![\w-])(?:bis\s+(?:zum|spätestens)|spätestens\s+(?:am|bis)|vor\s+dem|ab\s+dem|"
        r"seit\s+dem|Frist\w*|Ultimatum|Stichtag|Jahrestag\w*|geboren\s+am|gestorben\s+am)\s*$",
        _I,
    ),
    bound_in_clause=re.compile(
        r"(?<![\w-])(?:Frist\w*|Ultimatum\w*|Stichtag\w*|Jahrestag\w*|Deadline|läuft\s+ab|"
        r"ausläuft)",
        _I,
    ),
    denied=re.compile(
        r"(?<![\w-])(?:nicht\s+geplant|nicht\s+vorgesehen|kein\w*\s+\w+\s+geplant|ausgeschlossen|"
        r"dementier\w*|keine\s+Pläne)",
        _I,
    ),
    days_long=re.compile(r"(?<![\w-])(?P<n>zwei|drei|vier|fünf|\d{1,2})-?tägig\w*", _I),
    clause_break=re.compile(
        r";|:\s|\s-\s|,\s*(?:aber|doch|während|bevor|nachdem|und|sondern|als|wo|wobei)\s", _I
    ),
    abbreviations=frozenset(
        """dr prof bzw ca nr st hr fr sog vgl evtl inkl gen jan feb febr apr aug sept sep okt
        nov dez z.b u.a usw d.h mio mrd""".split()
    ),
    ordinals=True,
    openers=frozenset(
        """Die Der Das Er Sie Es Ein Eine Am Im In Auch Doch Dann Nach Bei Wir Ich Zuvor Danach
        Damit Dies Diese Dieser Man Mit Zudem Außerdem Laut Nun Noch So Bereits
        Inzwischen""".split()
    ),
    locatives=frozenset("in im nach bei nahe aus".split()),
    not_places=frozenset(
        """essen halle mai rat union hof bad mitte ende nord sud ost west gipfel """.split()
    ),
    landmarks=_LANDMARKS,
    descriptions=re.compile(
        r"(?<![\w-])(?P<adj>[A-Za-zÄÖÜäöüß-]+(?:er|en|e))\s+(?P<noun>Hauptstadt|Stadt|Metropole|"
        r"Kurort|Hafenstadt|Küstenstadt|Badeort)(?![\w-])"
    ),
    country_adjectives=_COUNTRY_ADJECTIVES,
    capital_nouns=frozenset({"hauptstadt"}),
    articles=frozenset("der die das den dem des ein eine einer einem einen".split()),
    prepositions=frozenset(
        """am an ans auf aufs aus bei beim bis durch für gegen im in ins mit nach seit über um
        unter vom von vor zu zum zur""".split()
    ),
    page=_PAGE,
    phrases=_PHRASES,
    called={"mexiko-stadt": "Mexico City"},
    verbs_after_date=re.compile(r"(?<![\w-])(?:und|sowie|aber|doch|oder)(?![\w-])|[,;]", _I),
    place_adjective=re.compile(r"[a-zäöüß][a-zäöüß-]*(?:en|em|er|es|e)"),
    capital_of=re.compile(
        r"(?<![\w-])Hauptstadt\s+(?:von\s+|des\s+|der\s+)?(?P<country>[A-ZÄÖÜ][\wäöüß-]*)"
    ),
    city_adjective=re.compile(r"(?P<stem>[A-ZÄÖÜ][a-zäöüß]+)er"),
    particles={
        "zusammen": (frozenset({"kommen", "treffen", "sitzen", "setzen"}), MEETING),
    },
)
LANGUAGE = language(WORDS)
