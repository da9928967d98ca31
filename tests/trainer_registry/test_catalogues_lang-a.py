"""The registry's Thai, Vietnamese and Simplified Chinese catalogues: complete and faithful.

Every message is translated and not fuzzy, and every translation keeps the placeholders,
``%%`` escapes and HTML tags of its source, so that no page shows English where a
translation is expected and no page breaks on a missing or misspelt placeholder. The staff
pages are also rendered in each language.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "trainer_registry" / "locale"
LANGUAGES = ["th", "vi", "zh_Hans"]

# Messages that cannot carry a translation as the source stands. The filter label
# "95 % interval" is a plain label, but xgettext reads "% i" in it as a Python format
# directive and flags it python-format, so any translation without that directive fails
# msgfmt --check-format (and compilemessages). It stays in English until the source marks
# the string no-python-format.
UNTRANSLATABLE = {"95 % interval"}

PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|%%|\{\w*\}|</?[A-Za-z][^>]*>")


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr forms and flags.

    A small reader for the subset of the format that makemessages writes; obsolete
    entries (``#~``) are skipped.
    """
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def close() -> None:
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if "msgid" in entry:
                close()
            entry.setdefault("flags", set()).update(
                flag.strip() for flag in line[2:].split(",") if flag.strip()
            )
            continue
        if line.startswith("#"):
            if "msgid" in entry:
                close()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            entry[field] += _unquote(line)
            continue
        if keyword in ("msgid", "msgctxt") and "msgstr" in entry or keyword == "msgctxt":
            if "msgid" in entry:
                close()
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            field = f"msgstr[{match[1]}]"
        elif keyword in ("msgid", "msgid_plural", "msgstr", "msgctxt"):
            field = keyword
        else:
            raise ValueError(f"{path.name}: cannot read {raw!r}")
        entry[field] = _unquote(rest)
    close()
    return entries


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def _catalogue(language: str) -> list[dict]:
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    return [entry for entry in entries if entry["msgid"]]  # not the header


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_read_whole(language):
    entries = _catalogue(language)
    assert len(entries) > 600
    assert any("msgid_plural" in entry for entry in entries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(language):
    untranslated = [
        entry["msgid"]
        for entry in _catalogue(language)
        if entry["msgid"] not in UNTRANSLATABLE
        and not all(text.strip() for text in _translations(entry))
    ]
    fuzzy = [entry["msgid"] for entry in _catalogue(language) if "fuzzy" in entry.get("flags", ())]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_tags(language):
    wrong = []
    for entry in _catalogue(language):
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if "msgid_plural" in entry else [])
        expected = [sorted(PLACEHOLDER.findall(source)) for source in sources]
        for text in _translations(entry):
            if text and sorted(PLACEHOLDER.findall(text)) not in expected:
                wrong.append((entry["msgid"], text))
    assert wrong == []


def test_the_untranslatable_messages_are_still_in_the_catalogue():
    """When the source is fixed, translate the message and empty UNTRANSLATABLE."""
    for language in LANGUAGES:
        msgids = {entry["msgid"] for entry in _catalogue(language)}
        assert UNTRANSLATABLE <= msgids


# --- The staff pages in each language -------------------------------------------------

STAFF_PAGES = [
    "trainer_registry:dashboard",
    "trainer_registry:person-list",
    "trainer_registry:event-list",
    "trainer_registry:trainer-list",
    "trainer_registry:campaign-list",
    "trainer_registry:analytics-attrition",
    "trainer_registry:analytics-retention",
    "trainer_registry:analytics-cascade",
    "trainer_registry:analytics-knowledge-gain",
    "trainer_registry:programme-reports",
    "trainer_registry:audit-log",
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["th", "vi", "zh-hans"])
def test_staff_pages_render_in_the_language(client, staff_user, language):
    from trainer_registry.demo import generator, loader

    loader.load(generator.generate(seed=3))
    client.force_login(staff_user)
    with translation.override(language):
        log_out = translation.gettext("Log out")
        registry = translation.gettext("Registry")
    assert log_out != "Log out" and registry != "Registry"
    for name in STAFF_PAGES:
        response = client.get(reverse(name), headers={"accept-language": language})
        assert response.status_code == 200, name
        page = response.content.decode()
        assert f'<html lang="{language}"' in page, name
        assert log_out in page and registry in page, name
