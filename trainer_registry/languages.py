"""The languages of the COMMIT countries, and what Django needs to know of them.

Django's table of languages has Khmer, Burmese, Thai, Vietnamese and Chinese but not Lao;
:func:`register_missing_languages` adds Lao so that it can be offered and activated.
"""

from __future__ import annotations

from django.conf import locale

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
