"""The six COMMIT countries, their languages and scripts.

The COMMIT Memorandum of Understanding was signed on 29 October 2004 by Cambodia, China,
Lao PDR, Myanmar, Thailand and Viet Nam. Country codes are ISO 3166-1 alpha-2; other
countries may appear (NGO partners, destination countries) and are kept as their code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # English short name as COMMIT documents write it
    language: str  # BCP 47 tag of the national language, as in settings.LANGUAGES
    script: str  # ISO 15924 code of that language's script


COMMIT_COUNTRIES: dict[str, Country] = {
    country.code: country
    for country in (
        Country("KH", "Cambodia", "km", "Khmr"),
        Country("CN", "China", "zh-hans", "Hans"),
        Country("LA", "Lao PDR", "lo", "Laoo"),
        Country("MM", "Myanmar", "my", "Mymr"),
        Country("TH", "Thailand", "th", "Thai"),
        Country("VN", "Viet Nam", "vi", "Latn"),
    )
}

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def country_name(code: str) -> str:
    """The English name of a COMMIT country, or the code itself for any other country."""
    country = COMMIT_COUNTRIES.get(code)
    return country.name if country else code
