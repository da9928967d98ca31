"""The standalone site's own catalogue (home, log-in, workbench frame, translation page):
complete in the six languages, placeholders kept, and never at odds with the registry's
or the blocks' catalogue for a message they share (the site's comes first in
LOCALE_PATHS, so its translation would win on their pages too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.trainer_registry.test_registry_catalogues import PLACEHOLDER, read_po

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["km", "lo", "my", "th", "vi", "zh_Hans"]


def _entries(folder: Path, language: str, domain: str = "django") -> list[dict]:
    _, entries = read_po(folder / language / "LC_MESSAGES" / f"{domain}.po")
    return [entry for entry in entries if entry["msgid"]]


def _site(language: str) -> list[dict]:
    return _entries(ROOT / "commit_site" / "locale", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(language):
    entries = _site(language)
    assert len(entries) > 30
    problems = []
    for entry in entries:
        texts = [value for key, value in entry.items() if key.startswith("msgstr")]
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in texts:
            if not text.strip() or "fuzzy" in entry["flags"]:
                problems.append((entry["msgid"], "not translated"))
            elif sorted(PLACEHOLDER.findall(text)) != expected:
                problems.append((entry["msgid"], text))
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_says_it_awaits_review(language):
    comments, _ = read_po(ROOT / "commit_site" / "locale" / language / "LC_MESSAGES" / "django.po")
    assert "REVIEW:" in comments and "native-speaking trainers" in comments


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "other", ["trainer_registry/locale", "commit_training/conf/locale"], ids=["registry", "blocks"]
)
def test_shared_messages_read_the_same(language, other):
    theirs = {e["msgid"]: e.get("msgstr") for e in _entries(ROOT / other, language)}
    different = [
        (entry["msgid"], entry.get("msgstr"), theirs[entry["msgid"]])
        for entry in _site(language)
        if theirs.get(entry["msgid"]) and entry.get("msgstr") != theirs[entry["msgid"]]
    ]
    assert different == []


@pytest.mark.django_db  # the home page reads the database (in any order of the tests)
@pytest.mark.parametrize(("language", "welcome"), [("km", "សូមស្វាគមន៍"), ("zh-hans", "欢迎")])
def test_the_home_page_is_in_the_readers_language(client, language, welcome):
    page = client.get("/", headers={"accept-language": language}).content.decode()
    assert f'<html lang="{language}"' in page
    assert welcome in page and "Welcome" not in page
