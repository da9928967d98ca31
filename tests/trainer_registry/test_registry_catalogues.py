"""The registry's catalogues in the six languages of the region: complete and faithful.

Every message is translated and not fuzzy; every translation keeps the placeholders,
``%%`` escapes and HTML tags of its source, so that no page shows English where a
translation is expected and no page breaks on a missing or misspelt placeholder. The six
languages have one plural form, and their catalogues say that they await a native review.
The staff pages are rendered in each language.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "trainer_registry" / "locale"
LANGUAGES = ["km", "lo", "my", "th", "vi", "zh_Hans"]

PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|%%|\{\w*\}|</?[A-Za-z][^>]*>")
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$")


def read_po(path: Path) -> tuple[str, list[dict]]:
    """The header comments and the entries (msgid, msgid_plural, msgstr..., flags) of a .po.

    Reads what makemessages writes: comments, flags, keywords and continued strings;
    obsolete (``#~``) entries are left out.
    """
    comments: list[str] = []
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    field = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line or (line.startswith("#") and any(k.startswith("msgstr") for k in entry)):
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set()}, None
            if not line:
                continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            if not entries and "msgid" not in entry:
                comments.append(line)
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            match = KEYWORD.match(line)
            assert match, f"{path}: cannot read {raw!r}"
            field = match[1]
            entry[field] = ast.literal_eval(match[2])
    return "\n".join(comments), entries


def _catalogue(language: str) -> tuple[str, dict, list[dict]]:
    comments, entries = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    header = next(entry for entry in entries if entry["msgid"] == "")
    return comments, header, [entry for entry in entries if entry["msgid"]]


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_read_whole(language):
    _, _, entries = _catalogue(language)
    assert len(entries) > 600
    assert any("msgid_plural" in entry for entry in entries)
    assert any("python-format" in entry["flags"] for entry in entries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(language):
    _, _, entries = _catalogue(language)
    untranslated = [
        entry["msgid"]
        for entry in entries
        if not all(text.strip() for text in _translations(entry))
    ]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_tags(language):
    _, _, entries = _catalogue(language)
    wrong = []
    for entry in entries:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        expected = [sorted(PLACEHOLDER.findall(source)) for source in sources]
        for text in _translations(entry):
            if text and sorted(PLACEHOLDER.findall(text)) not in expected:
                wrong.append((entry["msgid"], text))
            if text and entry["msgid"].endswith("\n") != text.endswith("\n"):
                wrong.append((entry["msgid"], "line ending"))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_plural_form_and_the_review_note(language):
    comments, header, entries = _catalogue(language)
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]
    for entry in entries:
        if "msgid_plural" in entry:
            assert [key for key in entry if key.startswith("msgstr")] == ["msgstr[0]"]
    words = " ".join(line.lstrip("# ") for line in comments.splitlines())
    assert "REVIEW:" in words and "native-speaking trainers" in words


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_yesno_argument_keeps_two_choices(language):
    _, _, entries = _catalogue(language)
    (entry,) = [entry for entry in entries if entry["msgid"] == "yes,no"]
    assert len(entry["msgstr"].split(",")) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_shared_with_the_blocks_read_the_same(language):
    """The registry's catalogue comes first in LOCALE_PATHS, so for a message both have it
    would replace the blocks' translation on the blocks' own pages."""
    blocks = LOCALE.parents[1] / "commit_training" / "conf" / "locale"
    _, theirs = read_po(blocks / language / "LC_MESSAGES" / "django.po")
    _, _, ours = _catalogue(language)
    theirs_by_id = {entry["msgid"]: entry.get("msgstr") for entry in theirs if entry["msgid"]}
    different = [
        (entry["msgid"], entry.get("msgstr"), theirs_by_id[entry["msgid"]])
        for entry in ours
        if theirs_by_id.get(entry["msgid"]) and entry.get("msgstr") != theirs_by_id[entry["msgid"]]
    ]
    assert different == []


def test_a_percent_sign_in_plain_text_is_not_taken_for_a_placeholder():
    """ "95 % interval" reads as a Python directive ("% i") to xgettext unless the source
    marks it no-python-format; then every language translates it like any other text."""
    for language in LANGUAGES:
        _, _, entries = _catalogue(language)
        (entry,) = [entry for entry in entries if entry["msgid"] == "95 % interval"]
        assert "no-python-format" in entry["flags"]
        assert "95" in entry["msgstr"] and entry["msgstr"] != entry["msgid"]


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
@pytest.mark.parametrize("language", ["km", "lo", "my", "th", "vi", "zh-hans"])
def test_staff_pages_render_in_the_language(client, staff_user, language):
    from trainer_registry.demo import generator, loader

    loader.load(generator.generate(seed=3))
    client.force_login(staff_user)
    with translation.override(language):
        expected = [translation.gettext(text) for text in ("Log out", "Registry", "Analytics")]
    assert "Log out" not in expected and "Registry" not in expected
    for name in STAFF_PAGES:
        response = client.get(reverse(name), headers={"accept-language": language})
        assert response.status_code == 200, name
        page = response.content.decode()
        assert f'<html lang="{language}"' in page, name
        assert all(text in page for text in expected[:2]), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "cambodia", "active"),
    [("km", "កម្ពុជា", "សកម្ម"), ("th", "กัมพูชา", None), ("vi", "Campuchia", None)],
)
def test_countries_and_statuses_are_shown_in_the_language(
    client, staff_user, language, cambodia, active
):
    from datetime import date

    from trainer_registry.countries import COMMIT_COUNTRIES
    from trainer_registry.demo import generator, loader
    from trainer_registry.models import Person, Programme, TrainerCertification

    loader.load(generator.generate(seed=3))
    TrainerCertification.objects.create(
        person=Person.objects.create(name_latin="Sok Dara", country="KH", language="km"),
        programme=Programme.objects.create(code="tot-kh-t", kind="TOT", name="ToT", country="KH"),
        level="national_trainer",
        certified_on=date(2025, 6, 1),
        valid_until=date(2100, 6, 1),
    )
    client.force_login(staff_user)
    with translation.override(language):
        names = {code: country.label for code, country in COMMIT_COUNTRIES.items()}
        status = translation.gettext("Active")
    assert names["KH"] == cambodia and len(set(names.values())) == 6
    assert all(name != COMMIT_COUNTRIES[code].name or code == "MM" for code, name in names.items())
    headers = {"accept-language": language}
    people = client.get(reverse("trainer_registry:person-list"), headers=headers)
    assert f'value="KH">{cambodia}</option>' in people.content.decode()
    dashboard = client.get(reverse("trainer_registry:dashboard"), headers=headers)
    assert f">{cambodia}</a>" in dashboard.content.decode()
    trainers = client.get(reverse("trainer_registry:trainer-list"), headers=headers)
    page = trainers.content.decode()
    assert status != "Active" and f'status-active">{status}</span>' in page
    assert active is None or active == status


def test_every_message_of_the_source_is_in_the_catalogues(tmp_path):
    """makemessages over a copy of the app finds no message the catalogues lack: a string
    marked for translation in code or a template is never shown in English by mistake."""
    import shutil
    import subprocess
    import sys

    from tests.conftest import require

    require(shutil.which("xgettext") is not None, "xgettext is missing: apt-get install gettext")
    copy = tmp_path / "trainer_registry"
    shutil.copytree(LOCALE.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    manage = LOCALE.parents[1] / "manage.py"
    command = [sys.executable, str(manage), "makemessages", "--no-location", "--no-obsolete"]
    for language in LANGUAGES:
        subprocess.run(
            [*command, "-l", language],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        _, entries = read_po(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        missing = [
            entry["msgid"]
            for entry in entries
            if entry["msgid"]
            and ("fuzzy" in entry["flags"] or not all(t.strip() for t in _translations(entry)))
        ]
        assert missing == [], language
