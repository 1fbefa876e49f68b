"""French: "lundi 10 janvier", "du 3 au 5 mars", "à 10 h (9 h GMT)", "reportée sine die", "la
capitale autrichienne"; verbs read by their lemmas and endings ("se tiendra", "s'est tenue")."""

from __future__ import annotations

import re

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
from bot.extract.lang.latin import Token, Words, alternation, calendar_names, language, tokens_of

_I = re.IGNORECASE
MONTHS, WEEKDAYS = calendar_names("fr")
del MONTHS["sept"]  # "sept" is seven before it is September
_M = rf"(?:{alternation(MONTHS)})(?:\.(?=\s+[\da-zà-ÿ]))?"
_W = alternation(WEEKDAYS)
_NB = r"(?<![\w.-])"
_NA = r"(?![\w-])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:er|e)?(?![\d:.,]\d)"
_SEP = r"\s*(?:-|au|à|a|et(?:\s+le)?|jusqu'au)\s*"
_NUMBER = r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quelques"

_DATES = (
    ("range", re.compile(
        rf"{_NB}(?:(?:du|depuis\s+le|entre\s+le)\s+)?(?:(?:{_W})\s+)?(?P<d1>{_DAY})\s+(?P<m1>{_M})"
        rf"(?:\s+(?P<y1>(?:19|20)\d{{2}}))?(?P<sep>{_SEP})(?:(?:{_W})\s+)?(?P<d2>{_DAY})\s+"
        rf"(?P<m2>{_M})(?:\s+(?P<y2>(?:19|20)\d{{2}}))?{_NA}", _I)),
    ("range", re.compile(
        rf"{_NB}(?:(?:du|les|entre\s+le|depuis\s+le)\s+)?(?:(?:{_W})\s+)?(?P<d1>{_DAY})"
        rf"(?P<sep>{_SEP})(?:(?:{_W})\s+)?(?P<d2>{_DAY})\s+(?P<m2>{_M})"
        rf"(?:\s+(?P<y2>(?:19|20)\d{{2}}))?{_NA}", _I)),
    ("day", re.compile(
        rf"{_NB}(?:(?P<w1>{_W}),?\s+)?(?:le\s+)?(?P<d1>{_DAY})\s+(?P<m1>{_M})"
        rf"(?:\s+(?P<y1>(?:19|20)\d{{2}}))?{_NA}", _I)),
    # "lundi 25": a weekday and its day of the month
    ("day", re.compile(rf"{_NB}(?P<w1>{_W})\s+(?P<d1>{_DAY})(?!\s*(?:h\b|heures?|:|\d|{_M}))", _I)),
    ("weekdays", re.compile(
        rf"{_NB}(?:(?:de|du|entre)\s+)?(?:le\s+)?(?P<w1>{_W})\s+(?:au|à|a|et)\s+(?:le\s+)?"
        rf"(?P<w2>{_W}){_NA}", _I)),
    ("weekday", re.compile(
        rf"{_NB}(?:(?P<mod>ce|cet|dès)\s+)?(?P<w1>{_W})(?:\s+(?P<post>prochain|dernier|passé|"
        rf"passe|précédent|precedent|suivant))?(?:\s+(?P<week>de\s+la\s+semaine\s+(?:prochaine|"
        rf"dernière|derniere|passée|passee|suivante)))?(?:\s+(?:matin|soir|après-midi|midi))?{_NA}",
        _I)),
    ("deictic", re.compile(
        rf"{_NB}(?P<word>aujourd'hui|après-demain|apres-demain|avant-hier|demain|hier|"
        rf"ce\s+matin|ce\s+soir|cet\s+après-midi|cette\s+nuit)(?:\s+(?:matin|soir|après-midi|"
        rf"midi))?{_NA}", _I)),
    ("anchored", re.compile(
        rf"{_NB}(?:(?P<next>le\s+lendemain|le\s+jour\s+suivant)|(?P<before>la\s+veille)|"
        rf"(?P<same>le\s+même\s+jour|le\s+jour\s+même|ce\s+même\s+jour)|"
        rf"(?P<n>\d{{1,2}}|{_NUMBER})\s+(?P<unit>jours?|semaines?)\s+(?:plus\s+tard|après|"
        rf"(?P<ago>plus\s+tôt|auparavant|avant)))"
        rf"(?![\w-]|\s+(?:le|la|les|l'|de|d'|du|que|qu'))", _I)),
    ("vague", re.compile(
        rf"{_NB}(?:(?:en|début|debut|fin|mi|courant|depuis|jusqu'en|d'ici|dès)\s*-?\s*)?"
        rf"(?:{_M})(?:\s+(?:19|20)\d{{2}})?(?![\w-]|\.?\s*\d)"
        rf"|{_NB}(?:(?:la|cette)\s+)?semaine\s+(?:prochaine|dernière|derniere|passée|passee|"
        rf"suivante){_NA}|{_NB}cette\s+semaine{_NA}"
        rf"|{_NB}(?:le\s+)?mois\s+(?:prochain|dernier|passé){_NA}|{_NB}ce\s+mois-ci{_NA}"
        rf"|{_NB}(?:l'an|l'année)\s+(?:prochaine?|dernière|dernier|passée?){_NA}", _I)),
)  # fmt: skip


def _markers(norm: str, hints: bool) -> list[tuple[int, int, Tense]]:
    """Tense from the verbs' forms: the future ("se tiendra", "reprendront"), the near future
    ("va se tenir"), plans ("prévue"), and the past ("s'est tenue", "ont eu lieu",
    "avaient repris", "se réunissait")."""
    found: list[tuple[int, int, Tense]] = []
    words = tokens_of("fr", norm)
    for i, t in enumerate(words):
        low = t.text.lower()
        if hints:
            coming = low == "venir" and i > 0 and words[i - 1].text.lower() == "à"  # "à venir"
            if t.lemma in _FUTURE_HINTS or low in _FUTURE_HINTS or coming:
                found.append((t.start, t.end, Tense.FUTURE))
            elif t.lemma in _PAST_HINTS or low in _PAST_HINTS:
                found.append((t.start, t.end, Tense.PAST))
            continue
        if (i > 0 and not t.text[:1].islower()) or t.lemma in _REPORTING:
            continue  # a name, not a verb (a sentence may open with one: "Signé à Prague")
        verb = t.lemma.endswith(("er", "ir", "re", "oir")) and t.lemma != low
        before = words[i - 1].text.lower() if i else ""
        if low in _AUXILIARIES_FUTURE:
            found.append((t.start, t.end, Tense.FUTURE))
        elif low in _AUXILIARIES_PAST and (done := _participle_after(words, i)) is not None:
            if low not in {"est", "sont"} or _compound_past(words, i, done):
                found.append((t.start, done, Tense.PAST))
        elif _planned(low, before) or (verb and low.endswith(_FUTURE_ENDINGS)):
            found.append((t.start, t.end, Tense.FUTURE))
        elif (verb and _imperfect(low)) or low in _PAST_SIMPLE or low in _DONE:
            found.append((t.start, t.end, Tense.PAST))
        elif t.lemma in _SESSION_VERBS and before not in _AUX_BEFORE:
            if _participle(low):
                # "la conférence réunie à Paris le 26 février", "signé à Prague le 8 avril"
                found.append((t.start, t.end, Tense.PAST))
            elif low.endswith(_PRESENT_ENDINGS):
                # "se retrouvent ce lundi", "président ce vendredi": the news's present is
                # of what is scheduled
                found.append((t.start, t.end, Tense.FUTURE))
    return found


# Verbs of a session, whose bare participle tells of one held and whose present of one due.
_SESSION_VERBS = frozenset(
    """réunir retrouver rencontrer reprendre poursuivre entretenir présider ouvrir tenir
    recevoir accueillir signer commencer débuter discuter négocier créer lancer organiser
    adopter entamer conclure""".split()
)
_PRESENT_ENDINGS = ("e", "es", "ent", "t", "ons", "ez", "it", "ient")
_AUX_BEFORE = frozenset("a ont avait avaient est sont était étaient sera seront été".split())


_FUTURE_ENDINGS = ("era", "eront", "ira", "iront", "dra", "dront", "ra", "ront", "rai", "rons")
_AUXILIARIES_FUTURE = frozenset(
    """va vont aura auront sera seront fera feront devra devront doit doivent devrait devraient
    tiendra tiendront pourrait pourraient""".split()
)
_AUXILIARIES_PAST = frozenset("a ont avait avaient est sont était étaient eut fut".split())
_WAS = frozenset({"était", "étaient", "été", "avait", "avaient", "initialement"})
# Participles that tell of a session held: "les discussions tenues lundi à Genève".
_DONE = frozenset(
    """tenu tenue tenus tenues achevé achevée achevés achevées terminé terminée terminés
    terminées conclu conclue conclus conclues""".split()
)
_PAST_SIMPLE = frozenset("tint tinrent eut eurent rencontra rencontrèrent réunit".split())
_FUTURE_HINTS = frozenset(
    "prochain prochaine prochains prochaines futur future prévu prévue prochainement".split()
)
_PAST_HINTS = frozenset(
    """dernier dernière derniers précédent précédente passé passée récent récente récemment
    auparavant déjà veille précédemment""".split()
)
_REPORTING = frozenset(
    """déclarer annoncer indiquer affirmer dire souligner préciser ajouter confirmer expliquer
    rappeler estimer assurer écrire""".split()
)


_PARTICIPLE_ENDINGS = tuple(
    "é ée és ées i ie is ies u ue us ues it ite its ert erte erts ertes ort orts eint eints".split()
)
_PARTICIPLES = frozenset("eu été pris tenu tenue tenus tenues fait mis dit".split())


def _imperfect(low: str) -> bool:
    """Tell whether a verb form is an imperfect ("se réunissait"), not a conditional
    ("se tiendrait", which reports a plan)."""
    return low.endswith(("ait", "aient")) and not low.endswith(("rait", "raient"))


# Participles of a plan: "prévue lundi", "un sommet envisagé mercredi", "fixée au 10 mars".
_PLANS = ("prévu", "programmé", "attendu", "envisagé", "fixé", "convoqué", "planifié")


def _planned(low: str, before: str) -> bool:
    """Tell whether a word states a plan that stands ("prévue", not "était prévue")."""
    return low.startswith(_PLANS) and before not in _WAS


_NOT_PARTICIPLES = frozenset("lieu lieux feu jeu vue issue revue".split())
_BETWEEN = frozenset("pas rien jamais déjà encore bien finalement toujours enfin été".split())


# Verbs whose compound past takes "être": "il est arrivé" is past, "il est reçu" is not.
_ETRE_VERBS = frozenset(
    """aller venir arriver partir entrer sortir rester tomber naître mourir devenir revenir
    retourner monter descendre passer parvenir intervenir rentrer""".split()
)


def _compound_past(words: tuple[Token, ...], i: int, done: int) -> bool:
    """Tell whether "est"/"sont" and a participle are a compound past ("s'est tenue", "se sont
    réunis", "est arrivé") rather than a present passive ("est reçu", "sont attendus")."""
    if i > 0 and words[i - 1].text.lower() in {"s", "se", "s'"}:
        return True
    participle = next((w for w in words[i + 1 :] if w.end == done), None)
    return participle is not None and participle.lemma in _ETRE_VERBS


def _participle_after(words: tuple[Token, ...], i: int) -> int | None:
    """Return where the participle after an auxiliary ends ("a été reportée", "n'avait rien
    donné"), past the adverbs that may stand between, or None when none follows."""
    for j in range(i + 1, min(len(words), i + 4)):
        low = words[j].text.lower()
        if low in _NOT_PARTICIPLES:
            return None  # "a lieu": a noun after "a", no compound past
        if _participle(low) and low not in _BETWEEN - {"été"}:
            if words[j].lemma in _REPORTING:
                return None  # "a déclaré le ministre": when it was said, not what happens
            return words[j].end
        if words[j].text.lower() not in _BETWEEN:
            return None
    return None


def _participle(word: str) -> bool:
    low = word.lower()
    return low.endswith(_PARTICIPLE_ENDINGS) or low in _PARTICIPLES


_KINDS = {
    **dict.fromkeys(("visioconférence", "vidéoconférence", "visio", "vidéo"), VIDEO),
    **dict.fromkeys(("téléphone", "téléphonique", "téléphoner", "appel"), CALL),
    **dict.fromkeys(("sommet",), SUMMIT),
    **dict.fromkeys(("décret",), DECREE),
    **dict.fromkeys(("signer", "signature", "parapher"), SIGNING),
    **dict.fromkeys(("publier", "publication", "publié"), PUBLICATION),
    **dict.fromkeys(("vote", "voter"), VOTE),
    **dict.fromkeys(("élection", "référendum", "scrutin", "présidentielle", "législatives"),
                    ELECTION),
    **dict.fromkeys(("visite", "visiter", "voyage", "déplacement", "tournée"), VISIT),
    **dict.fromkeys(("négociation", "pourparler", "pourparlers", "discussion", "consultation",
                     "dialogue", "round", "cycle", "médiation", "négociateur", "négocier",
                     "discuter"), TALKS),
    **dict.fromkeys(("réunion", "rencontre", "rencontrer", "réunir", "entretien", "entretenir",
                     "conférence", "session", "séance", "assemblée", "forum", "ministérielle",
                     "tête-à-tête", "recevoir", "échange", "conseil", "retrouver"), MEETING),
}  # fmt: skip

_PAGE = PageWords(
    published=re.compile(
        r"^\W*(?P<word>publié|publiée|publication|mis\s+en\s+ligne|mise\s+en\s+ligne|"
        r"mis\s+à\s+jour|mise\s+à\s+jour|actualisé|modifié|date)\b(?:\s+(?:le|à|:))?\s*[:|-]?\s*",
        _I),
    updated_words=("mis", "mise", "actualis", "modifi"),
    byline=re.compile(r"^\W*(?:par|texte|rédaction)\s*:?\s+[^|·•—–]+[|·•—–]", _I),
    dateline=re.compile(
        r"^(?P<place>[A-ZÀ-Þ][A-ZÀ-Þa-zà-ÿ.'-]*(?:[ -][A-ZÀ-Þ][A-ZÀ-Þa-zà-ÿ.'-]*){0,2})"
        r"(?:\s*\((?P<country>[A-ZÀ-Þ][^()]{1,40})\)(?=,))?"  # "SÉOUL (Corée du Sud), 27 avril"
        r"(?:,\s*(?P<region>[A-ZÀ-Þ][a-zà-ÿ]+)(?=,))?"
        r"(?:,\s*(?P<date>\d{1,2}(?:er)?\s+[a-zéû]{3,9}\.?(?:\s+(?:19|20)\d{2})?))?"
        r"\s*(?P<agency>\((?:[A-ZÀ-Þ][\w.-]*\s?){1,4}\))?\s*(?:-{1,2}|:)\s+"),
)  # fmt: skip

_COUNTRY_ADJECTIVES = tuple((stem, code) for code, stems in {
    "CH": "suisse helvétique helvetique", "AT": "autrichien", "BE": "belge", "TR": "turc turque",
    "FI": "finlandais", "BY": "biélorusse bielorusse bélarusse", "KZ": "kazakh",
    "QA": "qatari", "SA": "saoudien", "EG": "égyptien egyptien", "FR": "français francais",
    "DE": "allemand", "US": "américain americain", "CN": "chinois", "JP": "japonais",
    "RU": "russe", "UA": "ukrainien", "IT": "italien", "GB": "britannique", "OM": "omanais",
    "IR": "iranien", "SY": "syrien", "AZ": "azerbaïdjanais azerbaidjanais",
    "AM": "arménien armenien",
    "GE": "géorgien georgien", "UZ": "ouzbek", "AE": "émirien emirien émirati emirati",
    "IN": "indien", "BR": "brésilien bresilien", "ZA": "sud-africain", "PL": "polonais",
    "HU": "hongrois", "RS": "serbe", "SK": "slovaque", "CZ": "tchèque tcheque",
    "NO": "norvégien norvegien", "SE": "suédois suedois", "DK": "danois", "ES": "espagnol",
    "PT": "portugais", "NL": "néerlandais neerlandais", "IL": "israélien israelien",
    "JO": "jordanien", "LB": "libanais", "IQ": "irakien", "KW": "koweïtien koweitien",
    "PK": "pakistanais", "AF": "afghan", "MN": "mongol", "KP": "nord-coréen nord-coreen",
    "KR": "sud-coréen sud-coreen coréen coreen", "VN": "vietnamien", "CU": "cubain",
    "VE": "vénézuélien venezuelien", "MX": "mexicain", "CA": "canadien",
    "ET": "éthiopien ethiopien", "SD": "soudanais", "KE": "kényan kenyan", "NG": "nigérian",
    "DZ": "algérien algerien", "MA": "marocain", "TN": "tunisien", "LY": "libyen",
    "MD": "moldave", "RO": "roumain", "BG": "bulgare", "GR": "grec grecque", "CY": "chypriote",
    "TH": "thaïlandais thailandais", "ID": "indonésien indonesien", "AR": "argentin",
}.items() for stem in stems.split())  # fmt: skip

_LANDMARKS = tuple((re.compile(p, _I), city) for p, city in (
    (r"(?:siège|quartier\s+général)\s+de\s+l'(?:OTAN|Alliance)", "Brussels"),
    (r"Palais\s+des\s+Nations", "Geneva"),
    (r"Maison[-\s]Blanche", "Washington"),
    (r"(?<![\w-])Kremlin(?![\w-])", "Moscow"),
    (r"(?:palais\s+de\s+l')?Élysée(?![\w-])", "Paris"),
    (r"Quai\s+d'Orsay", "Paris"),
    (r"(?<![\w-])Hofburg(?![\w-])", "Vienna"),
    (r"(?<![\w-])palais\s+Coburg(?![\w-])", "Vienna"),
    (r"siège\s+(?:de\s+l'ONU|des\s+Nations\s+unies)", "New York"),
))  # fmt: skip

_PHRASES = Phrases(
    # as in English, a plan said to be the first one: "initialement prévue", "avait été fixée"
    original_slot=re.compile(
        r"(?<![\w-])(?:initialement|à\s+l'origine|d'abord\s+prévue?s?|aurai(?:t|ent)\s+dû|"
        r"avai(?:t|ent)\s+été\s+"
        r"(?:prévue?s?|programmée?s?|fixée?s?|annoncée?s?))",
        _I,
    ),
    ongoing=re.compile(
        r"(?<![\w-])(?:en\s+cours|se\s+poursui(?:t|vent)|(?:s'est|se\s+sont)\s+ouverte?s?|"
        r"(?:a|ont)\s+(?:débuté|commencé|démarré)|s'ouvre|s'ouvrent)(?![\w-])",
        _I,
    ),
    since=re.compile(r"(?<![\w-])depuis\s+(?:le\s+)?$", _I),
    nominal=NEVER,
    continues=re.compile(
        r"[\s,;]*(?:et|puis|mais)\s+(?:à\s+nouveau\s+|encore\s+|ensuite\s+|de\s+nouveau\s+)?"
        r"(?:le|à|au|en)\s",
        _I,
    ),
    follows_on=re.compile(
        r"(?<![\w-])(?:séparément|séparée?s?|ensuite|puis|également|aussi|plus\s+tard|"
        r"auparavant|d'abord|avant\s+cela|le\s+matin|dans\s+la\s+(?:matinée|soirée)|"
        r"l'après-midi|le\s+soir)(?![\w-])",
        _I,
    ),
    there=re.compile(
        r"(?<![\w-])(?:là-bas|sur place|au même endroit|dans la même ville)"
        r"(?![\w-])",
        _I,
    ),
    # "en marge du sommet", "en marge de l'Assemblée générale"
    sidelines=re.compile(r"(?<![\w-])en\s+marge\s+(?:d(?:u|es|e)(?![\w-])|d')", _I),
    apart=re.compile(r"(?<![\w-])(?:séparément|séparée?s?|à\s+part)(?![\w-])", _I),
    separate=re.compile(
        r"(?<![\w-])(?:entretiens?|rencontres?|réunions?|appels?|conversations?)\s+"
        r"(?:\w+\s+){0,2}?séparée?s?\s+avec\s",
        _I,
    ),
    pronoun_start=re.compile(
        r"^(?:Cette\s+(?:réunion|rencontre|session)|La\s+(?:réunion|rencontre|"
        r"session|séance|conférence)|Le\s+(?:sommet|cycle|round)|Les\s+(?:pourparlers|"
        r"discussions|négociations))(?![\w-])"
    ),
    resident=re.compile(
        r"(?<![\w-])(?:gouvernement|autorités|régime|ambassade|consulat|rebelles|opposition|"
        r"parlement|habitants|correspondante?|bureau|ambassadeur|basée?s?)\s+(?:à|au|en)\s+$",
        _I,
    ),
    hosts=re.compile(
        r"^\s+(?:accueille|accueillera|accueillait|a\s+accueilli|reçoit)(?![\w-])", _I
    ),
    attributive=NEVER,
    list_item=re.compile(
        r"^[\s\W]*(?:(?:à|a|au|aux|en|le|la|les|l|et|puis|ensuite|encore|enfin|de|du|des|d|avant|après|"
        r"jusqu'au|depuis|de\s+nouveau)(?![\w-])[\s\W]*)*$",
        _I,
    ),
    new_date_before=NEVER,
    bare_year=re.compile(r"(?<![\w-])(?:en|depuis|de)\s+((?:19|20)\d{2})(?![\w-]|,\d|\s*\d)", _I),
)

WORDS = Words(
    code="fr",
    name="French",
    date_patterns=_DATES,
    months=MONTHS,
    weekdays=WEEKDAYS,
    directions={
        "prochain": 1,
        "suivant": 1,
        "dernier": -1,
        "passe": -1,
        "precedent": -1,
        "ce": 2,
        "cet": 2,
    },
    week_shifts={
        "prochaine": 1,
        "suivante": 1,
        "derniere": -1,
        "passee": -1,
        "dernière": -1,
        "passée": -1,
    },
    deictic={
        "aujourd": 0,
        "demain": 1,
        "hier": -1,
        "apres-demain": 2,
        "avant-hier": -2,
        "ce": 0,
        "cet": 0,
        "cette": 0,
    },
    numbers={
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "quelques": 3,
    },
    relative_year=re.compile(
        r",?\s+(?:de\s+)?(?P<rel>l'année\s+dernière|l'an\s+dernier|l'année\s+passée|l'an\s+passé|"
        r"l'année\s+prochaine|l'an\s+prochain|cette\s+année|la\s+même\s+année)(?![\w-])",
        _I,
    ),
    year_shifts={
        "l'année dernière": -1,
        "l'an dernier": -1,
        "l'année passée": -1,
        "l'an passé": -1,
        "l'année prochaine": 1,
        "l'an prochain": 1,
        "cette année": 0,
    },
    week_phrase=re.compile(
        r"(?:semaine\s+|(?=cette\s+semaine$))(?P<rel>prochaine|dernière|derniere|passée|passee|"
        r"suivante|cette\s+semaine)$",
        _I,
    ),
    week_joiner=re.compile(r"^[\s,]*(?:le\s+)?$", _I),
    time_pattern=re.compile(
        r"(?<![\w:.])(?:(?P<pre>à|a|vers|dès|des|de|entre|jusqu'à|jusqu'a|avant|après)\s+)?"
        r"(?:(?P<h>[01]?\d|2[0-3])\s*(?::|h|H)\s*(?P<mi>[0-5]\d)(?!\d)"
        r"|(?P<h2>[01]?\d|2[0-3])\s*(?:h|heures?)(?![\w])(?:\s+(?P<mi2>[0-5]\d)(?![\d\w]))?"
        r"(?:\s+(?P<part>du\s+matin|de\s+l'après-midi|de\s+l'apres-midi|du\s+soir))?"
        r"|(?<![\w-])(?P<noon>midi|minuit))"  # not the "midi" of "après-midi"
        r"(?:\s*\(?\s*(?:(?P<local>heure\s+locale|heures\s+locales)"
        r"|heure\s+(?:de\s+|d')(?P<city>Paris|Moscou|Kiev|Kyiv|Genève|Bruxelles|Vienne|Berlin|"
        r"Londres|Washington|New\s+York|Pékin|Istanbul|Ankara|Doha|Téhéran|Minsk|Bakou|Erevan)"
        r"|(?P<abbr>GMT|UTC|CET|CEST|EET|EEST|MSK)(?:\s*(?P<off>[+-]\s?\d{1,2}))?)\)?)?",
        _I,
    ),
    city_zones={
        "paris": "Europe/Paris",
        "moscou": "Europe/Moscow",
        "kiev": "Europe/Kyiv",
        "kyiv": "Europe/Kyiv",
        "geneve": "Europe/Zurich",
        "bruxelles": "Europe/Brussels",
        "vienne": "Europe/Vienna",
        "berlin": "Europe/Berlin",
        "londres": "Europe/London",
        "washington": "America/New_York",
        "new york": "America/New_York",
        "pekin": "Asia/Shanghai",
        "istanbul": "Europe/Istanbul",
        "ankara": "Europe/Istanbul",
        "doha": "Asia/Qatar",
        "teheran": "Asia/Tehran",
        "minsk": "Europe/Minsk",
        "bakou": "Asia/Baku",
        "erevan": "Asia/Yerevan",
    },
    afternoon_parts=("de l'apres-midi", "du soir"),
    time_until=re.compile(r"\s*(?:-|à|a|et|jusqu'à|jusqu'a)\s*", _I),
    duration=re.compile(
        r"(?:dur[ée]\w*|pendant|durant)\s+(?:environ\s+|près\s+de\s+|plus\s+de\s+|quelque\s+)?"
        r"(?P<n>\d{1,2}(?:,5)?|une|un|deux|trois|quatre|cinq|six|sept|huit)\s+"
        r"(?P<unit>heures?|minutes?)(?![\w-])",
        _I,
    ),
    kinds=_KINDS,
    kind_suffixes={},
    generic=frozenset(
        """tenir dérouler ouvrir reprendre débuter commencer démarrer prévoir programmer
        planifier organiser achever terminer clore conclure poursuivre lieu accueillir
        convoquer""".split()
    ),
    report=frozenset(
        """déclarer annoncer indiquer affirmer dire souligner préciser ajouter confirmer
        expliquer rappeler estimer assurer écrire communiqué déclaration annonce""".split()
    ),
    press=re.compile(r"conférences?\s+de\s+presse|points?\s+(?:de\s+)?presse|briefing", _I),
    negators=frozenset({"sans", "aucun", "aucune", "ni", "pas"}),
    markers=_markers,
    scheduled=re.compile(
        r"(?<![\w-])(?:se\s+tien(?:t|nent)|a\s+lieu|ont\s+lieu|se\s+réuni(?:t|ssent)|"
        r"se\s+déroul(?:e|ent)|s'ouvr(?:e|ent)|début(?:e|ent)|commence(?:nt)?|reprennent|reprend"
        r"|se\s+retrouv(?:e|ent)|rencontre(?:nt)?)(?![\w-])",
        _I,
    ),
    cancelled=re.compile(
        r"(?<![\w-])(?:annul\w*|(?:n'aura|n'auront|n'a|n'ont)\s+(?:\w+\s+)?(?:pas|plus)\s+"
        r"(?:\w+\s+)?(?:eu\s+)?lieu|ne\s+se\s+tiendr(?:a|ont)\s+(?:\w+\s+)?(?:pas|plus)|"
        r"supprim\w*|torpill\w*|déprogramm\w*)(?![\w-])",
        _I,
    ),
    postponed=re.compile(
        r"(?<![\w-])(?:report(?:é|ée|és|ées|er|ent|era|eront|ait|aient|ons|ez|ant|e)?|"
        r"ajourn\w*|différ(?:é|ée|és|ées|er)|repouss\w*|décal(?:é|ée|és|ées|er|age)|"
        r"sine\s+die|remis\w*\s+(?:à\s+plus\s+tard|au|à)|suspendu\w*)(?![\w-])",
        _I,
    ),
    new_date=re.compile(r"(?:^|\s)(?:au|à|a|pour\s+le|pour|jusqu'au|vers\s+le)\s+$", _I),
    new_time=re.compile(r"^\s*(?:\w+\s+){0,3}?(?:à|a)\s+\d{1,2}\s*(?:h|heures|:)", _I),
    starts=re.compile(
        r"(?<![\w-])(?:commenc\w*|début\w*|ouvr\w*|s'ouvr\w*|démarr\w*|coup\s+d'envoi)", _I
    ),
    ends=re.compile(
        r"(?<![\w-])(?:termin\w*|achev\w*|s'achèv\w*|clôtur\w*|conclu\w*|prendr\w*\s+fin|"
        r"pris\s+fin|prend\s+fin)",
        _I,
    ),
    until=re.compile(
        r"(?<![\w-])(?:dur\w*|poursuiv\w*|continu\w*|prolong\w*)\s+(?:\w+\s+){0,3}?"
        r"(?:jusqu'au|jusqu'à)\s*$",
        _I,
    ),
    bound_before=re.compile(
        r"(?<![\w-])(?:avant\s+le|d'ici\s+(?:le|au)|au\s+plus\s+tard\s+le|jusqu'au|"
        r"à\s+partir\s+du|depuis\s+le|date\s+butoir\s+du|délai\s+du|ultimatum|né\s+le|"
        r"décédé\s+le|expire\s+le|expirera\s+le|expirait\s+le)\s*$",
        _I,
    ),
    bound_in_clause=re.compile(
        r"(?<![\w-])(?:date\s+butoir|délai|échéance|ultimatum|anniversaire|expir\w*)", _I
    ),
    denied=re.compile(
        r"(?<![\w-])(?:n'est\s+pas\s+prévu\w*|n'est\s+plus\s+prévu\w*|aucune?\s+\w+\s+n'est\s+"
        r"prévu\w*|n'envisage\s+pas|ne\s+prévoit\s+pas|exclu\w*|démenti\w*|dément\w*)",
        _I,
    ),
    days_long=re.compile(
        r"(?<![\w-])(?:de|sur|pendant|durant)\s+(?P<n>deux|trois|quatre|cinq|\d{1,2})\s+jours", _I
    ),
    clause_break=re.compile(
        r";|:\s|\s-\s|,\s*(?:mais|alors\s+que|tandis\s+que|puis|avant\s+que|après\s+quoi|et|or)"
        r"\s|\s(?:puis|alors\s+que|tandis\s+que)\s",
        _I,
    ),
    abbreviations=frozenset(
        """m mme mmes mm mlle dr pr st ste av apr cf env no janv févr fevr avr juil oct nov déc
        dec""".split()
    ),
    ordinals=False,
    openers=frozenset(),
    locatives=frozenset("à a au aux en dans près vers depuis".split()),
    not_places=frozenset(
        """mars mai juin nice conseil union victoire orient nord sud est ouest saint bien grand
        ministre sommet paix président president marine""".split()
    ),
    landmarks=_LANDMARKS,
    descriptions=re.compile(
        r"(?<![\w-])(?P<noun>capitale|ville|cité|station\s+balnéaire|métropole|port)\s+"
        r"(?P<adj>[a-zà-ÿ-]+)",
        _I,
    ),
    country_adjectives=_COUNTRY_ADJECTIVES,
    capital_nouns=frozenset({"capitale"}),
    articles=frozenset("le la les l un une des du de d".split()),
    prepositions=frozenset(
        """à au aux après avant avec chez dans depuis dès en entre par pour sans selon sous sur
        vers""".split()
    ),
    page=_PAGE,
    phrases=_PHRASES,
    called={"mexico": "Mexico City", "grenade": "Granada"},
    lowercase_nouns=True,
    capital_of=re.compile(
        r"(?<![\w-])capitale\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+)"
        r"(?P<country>[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?)"
    ),
    venue_of=re.compile(
        r"(?<![\w-])(?:pourparlers|négociations|discussions|réunion|rencontre|sommet|conférence|"
        r"session|cycle|consultations|entretiens?|château|palais|hôtel|résidence|villa|abbaye|"
        r"centre|parc)\s+(?:de|d')\s*$",
        _I,
    ),
)
LANGUAGE = language(WORDS)
