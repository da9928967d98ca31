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
