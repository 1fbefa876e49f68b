"""English adjectives of countries ("the Austrian capital", "the Swiss city"), by ISO code."""

from __future__ import annotations

# The adjectives news writes before "capital", "city", "resort" or "town". Countries of the
# gazetteer's own names ("the capital of Austria") need no entry.
DEMONYMS: dict[str, str] = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "angolan": "AO", "argentine": "AR",
    "argentinian": "AR", "armenian": "AM", "australian": "AU", "austrian": "AT",
    "azerbaijani": "AZ", "azeri": "AZ", "bahraini": "BH", "bangladeshi": "BD", "barbadian": "BB",
    "belarusian": "BY", "belgian": "BE", "bolivian": "BO", "bosnian": "BA", "brazilian": "BR",
    "british": "GB", "bulgarian": "BG", "burundian": "BI", "cambodian": "KH",
    "cameroonian": "CM", "canadian": "CA", "chadian": "TD", "chilean": "CL", "chinese": "CN",
    "colombian": "CO", "congolese": "CD", "croatian": "HR", "cuban": "CU", "cypriot": "CY",
    "czech": "CZ", "danish": "DK", "djiboutian": "DJ", "dutch": "NL", "ecuadorian": "EC",
    "egyptian": "EG", "emirati": "AE", "eritrean": "ER", "estonian": "EE", "ethiopian": "ET",
    "finnish": "FI", "french": "FR", "georgian": "GE", "german": "DE", "ghanaian": "GH",
    "greek": "GR", "guatemalan": "GT", "haitian": "HT", "hungarian": "HU", "icelandic": "IS",
    "indian": "IN", "indonesian": "ID", "iranian": "IR", "iraqi": "IQ", "irish": "IE",
    "israeli": "IL", "italian": "IT", "ivorian": "CI", "japanese": "JP", "jordanian": "JO",
    "kazakh": "KZ", "kenyan": "KE", "korean": "KR", "kosovan": "XK", "kosovar": "XK",
    "kuwaiti": "KW", "kyrgyz": "KG", "latvian": "LV", "lebanese": "LB", "libyan": "LY",
    "lithuanian": "LT", "luxembourgish": "LU", "malaysian": "MY", "malian": "ML",
    "maltese": "MT", "mexican": "MX", "moldovan": "MD", "mongolian": "MN", "montenegrin": "ME",
    "moroccan": "MA", "mozambican": "MZ", "nigerian": "NG", "nigerien": "NE",
    "norwegian": "NO", "omani": "OM", "pakistani": "PK", "palestinian": "PS",
    "panamanian": "PA", "peruvian": "PE", "philippine": "PH", "polish": "PL",
    "portuguese": "PT", "qatari": "QA", "romanian": "RO", "russian": "RU", "rwandan": "RW",
    "saudi": "SA", "senegalese": "SN", "serbian": "RS", "singaporean": "SG", "slovak": "SK",
    "slovenian": "SI", "somali": "SO", "south african": "ZA", "south korean": "KR",
    "south sudanese": "SS", "spanish": "ES", "sudanese": "SD", "swedish": "SE", "swiss": "CH",
    "syrian": "SY", "taiwanese": "TW", "tajik": "TJ", "tanzanian": "TZ", "thai": "TH",
    "tunisian": "TN", "turkish": "TR", "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA",
    "uruguayan": "UY", "uzbek": "UZ", "venezuelan": "VE", "vietnamese": "VN", "yemeni": "YE",
    "zambian": "ZM", "zimbabwean": "ZW", "american": "US", "us": "US", "u.s.": "US",
    "north korean": "KP", "belarussian": "BY", "kazakhstani": "KZ", "north macedonian": "MK",
    "macedonian": "MK", "uae": "AE", "sri lankan": "LK",
    "nepalese": "NP", "kosovo": "XK", "salvadoran": "SV", "honduran": "HN", "nicaraguan": "NI",
    "dominican": "DO", "jamaican": "JM", "trinidadian": "TT", "guinean": "GN", "liberian": "LR",
    "sierra leonean": "SL", "togolese": "TG", "beninese": "BJ", "burkinabe": "BF", "gabonese": "GA",
    "malawian": "MW", "namibian": "NA", "botswanan": "BW", "lesothan": "LS", "eswatini": "SZ",
    "malagasy": "MG", "mauritanian": "MR",
}  # fmt: skip
