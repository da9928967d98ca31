"""The six COMMIT countries, their languages and scripts, and what Django needs to know of
the languages.

The COMMIT Memorandum of Understanding was signed on 29 October 2004 by Cambodia, China,
Lao PDR, Myanmar, Thailand and Viet Nam. Country codes are ISO 3166-1 alpha-2; other
countries may appear (NGO partners, destination countries) and are kept as their code.

``name`` is the English name, what exports and the Python API carry; ``label`` is that
name in the language of the request, for pages and forms.

Django's table of languages has Khmer, Burmese, Thai, Vietnamese and Chinese but not Lao;
:func:`register_missing_languages` adds Lao so that it can be offered and activated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.conf import locale
from django.utils.translation import gettext, gettext_noop


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # English short name as COMMIT documents write it
    language: str  # BCP 47 tag of the national language, as in settings.LANGUAGES
    script: str  # ISO 15924 code of that language's script

    @property
    def label(self) -> str:
        """The name in the active language (the six names are in the catalogues)."""
        return gettext(self.name)


COMMIT_COUNTRIES: dict[str, Country] = {
    country.code: country
    for country in (
        Country("KH", gettext_noop("Cambodia"), "km", "Khmr"),
        Country("CN", gettext_noop("China"), "zh-hans", "Hans"),
        Country("LA", gettext_noop("Lao PDR"), "lo", "Laoo"),
        Country("MM", gettext_noop("Myanmar"), "my", "Mymr"),
        Country("TH", gettext_noop("Thailand"), "th", "Thai"),
        Country("VN", gettext_noop("Viet Nam"), "vi", "Latn"),
    )
}

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
COMMIT_SIGNED_ON = date(2004, 10, 29)  # the Memorandum of Understanding

# The 249 officially assigned ISO 3166-1 alpha-2 codes: a code outside them ("XX", "EU",
# a reserved or user-assigned one) names no country a person works in.
_ISO_ALPHA2 = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN
    BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM
    JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP
    NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
    SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO_COUNTRY_CODES = frozenset(_ISO_ALPHA2.split())


def is_country_code(code: str) -> bool:
    """Whether ``code`` is an assigned ISO 3166-1 alpha-2 code, in capitals."""
    return code in ISO_COUNTRY_CODES


def country_label(code: str) -> str:
    """The name of a COMMIT country in the active language, or the code itself."""
    country = COMMIT_COUNTRIES.get(code)
    return country.label if country else code


def country_choices(reaches) -> list[tuple[str, str]]:
    """(code, label) of the COMMIT countries for which ``reaches(code)`` is true."""
    return [(code, country.label) for code, country in COMMIT_COUNTRIES.items() if reaches(code)]


# BCP 47 tag -> name in English and in the language itself.
COMMIT_LANGUAGES = {
    "km": ("Khmer", "ភាសាខ្មែរ"),
    "lo": ("Lao", "ພາສາລາວ"),
    "my": ("Burmese", "မြန်မာဘာသာ"),
    "th": ("Thai", "ภาษาไทย"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "zh-hans": ("Simplified Chinese", "简体中文"),
}


def register_missing_languages() -> None:
    for code, (name, name_local) in COMMIT_LANGUAGES.items():
        locale.LANG_INFO.setdefault(
            code, {"bidi": False, "code": code, "name": name, "name_local": name_local}
        )
