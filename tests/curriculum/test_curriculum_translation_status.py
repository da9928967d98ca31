"""The status table: per course and language, how many entries are translated, drafts,
reviewed, approved, changed since review or untranslated, as text, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from curriculum_build.build import SOURCE_ROOT
from curriculum_build.translation_status import catalogue_statuses
from curriculum_build.translations_cli import main

KHMER = """\
msgid ""
msgstr ""
"Language: km\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "One"
msgstr "មួយ"

# review: draft
msgid "Two"
msgstr "ពីរ"

# review: reviewed by Sok Dara on 2026-11-30
msgid "Three"
msgstr "បី"

# review: approved by Chan Vicheka on 2026-12-01
msgid "Four"
msgstr "បួន"

# review: approved by Chan Vicheka on 2026-12-01
#, fuzzy
#| msgid "Fiv"
msgid "Five"
msgstr "ប្រាំ"

msgid "Six"
msgstr ""

msgid "Seven"
msgstr ""

msgid "Eight"
msgstr ""
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "curriculum"
    for course, folder, language, text in (
        ("ntp-kh", "ntp", "km", KHMER),
        ("tot", "tot", "km", KHMER.replace("# review: approved", "# review: reviewed")),
        ("tot", "tot", "lo", 'msgid ""\nmsgstr ""\n\nmsgid "One"\nmsgstr ""\n'),
    ):
        po = root / "courses" / folder / "locale" / language / "LC_MESSAGES" / f"{course}.po"
        po.parent.mkdir(parents=True)
        po.write_text(text, "utf-8")
    return root


def test_each_catalogue_is_counted_by_review_state(root):
    khmer, tot_km, tot_lo = catalogue_statuses(root)
    assert (khmer.course, khmer.language) == ("ntp-kh", "km")
    assert (khmer.entries, khmer.translated, khmer.draft) == (8, 4, 2)
    assert (khmer.reviewed, khmer.approved, khmer.changed, khmer.untranslated) == (1, 1, 1, 3)
    row = khmer.row()
    assert (row["translated_pct"], row["reviewed_pct"], row["approved_pct"]) == (50.0, 25.0, 12.5)
    assert (tot_km.reviewed, tot_km.approved) == (2, 0)
    assert (tot_lo.course, tot_lo.language, tot_lo.untranslated) == ("tot", "lo", 1)


def test_the_table_can_be_chosen_by_course_and_language(root, capsys):
    assert main(["status", "--source", str(root), "--course", "tot"], root=root) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["course", "language", "entries"]
    assert [line.split()[:2] for line in lines[1:]] == [["tot", "km"], ["tot", "lo"]]
    assert main(["status", "--source", str(root), "--language", "lo"], root=root) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_csv_and_json_give_the_same_figures(root, capsys):
    assert main(["status", "--source", str(root), "--format", "csv"], root=root) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["status", "--source", str(root), "--format", "json"], root=root) == 0
    catalogues = json.loads(capsys.readouterr().out)["catalogues"]
    assert [row["course"] for row in rows] == ["ntp-kh", "tot", "tot"]
    assert rows[0]["changed"] == "1" and catalogues[0]["changed"] == 1
    assert float(rows[0]["reviewed_pct"]) == catalogues[0]["reviewed_pct"] == 25.0


def test_the_committed_catalogues_have_a_status_line_each(capsys):
    root = SOURCE_ROOT
    assert main(["status", "--format", "json"], root=root) == 0
    catalogues = json.loads(capsys.readouterr().out)["catalogues"]
    committed = sorted(root.glob("courses/*/locale/*/LC_MESSAGES/*.po"))
    assert len(catalogues) == len(committed) >= 12
    for row in catalogues:
        assert row["entries"] > 1000
        states = row["translated"] + row["changed"] + row["untranslated"]
        assert states == row["entries"], row
