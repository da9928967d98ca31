"""Translations keep what the build needs from the English: placeholders, link targets,
code, HTML tags, lines, paragraphs, block marks and edge whitespace. Every translated
entry of every committed course catalogue is checked, and gettext's own check passes."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from curriculum_build.build import SOURCE_ROOT
from curriculum_build.po_file import read_po
from curriculum_build.translation_checks import check_translation
from tests.conftest import require

CATALOGUES = sorted(SOURCE_ROOT.glob("courses/*/locale/*/LC_MESSAGES/*.po"))
SOURCE = (
    "Call {{ hotline }} at once.\n"
    "\n"
    "- Read [the form](https://example.org/form) with `Ctrl+P`\n"
    "- Keep <strong>the record</strong>\n"
)
GOOD = (
    "ហៅ {{hotline}} ភ្លាម។\n"
    "\n"
    "- អាន [ទម្រង់](https://example.org/form) ដោយ `Ctrl+P`\n"
    "- រក្សា <strong>កំណត់ត្រា</strong>\n"
)


def test_a_translation_that_keeps_the_marks_passes():
    assert check_translation(SOURCE, GOOD) == []


@pytest.mark.parametrize(
    ("broken", "rule", "detail"),
    [
        (GOOD.replace("{{hotline}}", "1300"), "placeholders", "missing '{{ hotline }}'"),
        (GOOD.replace("{{hotline}}", "{{ hotlines }}"), "placeholders", "'{{ hotlines }}'"),
        (GOOD.replace("/form)", "/km)"), "link targets", "missing 'https://example.org/form'"),
        (GOOD.replace("`Ctrl+P`", "Ctrl+P"), "inline code", "missing '`Ctrl+P`'"),
        (GOOD.replace("</strong>", ""), "HTML tags", "missing '</strong>'"),
        (GOOD.replace("\n- រក្សា", " រក្សា"), "line count", "5 lines, the translation 4"),
        (GOOD.replace("- រក្សា", "* រក្សា"), "block marks", "line 4 of the source starts"),
        (GOOD.replace("\n\n", "\n \n").replace("ភ្លាម។\n", "ភ្លាម។"), "paragraphs", "1 blank"),
        (GOOD.rstrip("\n"), "edge whitespace", "ends with '\\n', the translation with ''"),
        (" " + GOOD, "edge whitespace", "starts with '', the translation with ' '"),
    ],
)
def test_a_translation_that_breaks_a_rule_is_named_with_the_rule(broken, rule, detail):
    mismatches = check_translation(SOURCE, broken)
    assert rule in [mismatch.rule for mismatch in mismatches]
    assert any(detail in str(mismatch) for mismatch in mismatches), mismatches


def test_a_numbered_list_keeps_its_numbers_and_a_heading_its_level():
    source = "## Steps\n1. Screen\n2. Refer"
    assert check_translation(source, "## ຂັ້ນຕອນ\n1. ຄັດກອງ\n2. ສົ່ງຕໍ່") == []
    assert [m.rule for m in check_translation(source, "# ຂັ້ນຕອນ\n1. ຄັດກອງ\n3. ສົ່ງຕໍ່")] == [
        "block marks",
        "block marks",
    ]


def test_the_course_catalogues_are_committed():
    courses = {path.parts[-5] for path in CATALOGUES}
    assert courses == {"ntp", "tot"}
    assert len(CATALOGUES) >= 12


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.name + ":" + p.parts[-3])
def test_every_translated_entry_keeps_the_placeholders_and_markup_of_its_source(catalogue):
    broken = [
        f"{catalogue.relative_to(SOURCE_ROOT.parent)}:{entry.line}: {mismatch}"
        for entry in read_po(catalogue)
        if entry.msgid and entry.msgstr and not entry.fuzzy
        for mismatch in check_translation(entry.msgid, entry.msgstr)
    ]
    assert broken == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.name + ":" + p.parts[-3])
def test_gettext_finds_each_catalogue_well_formed(catalogue):
    msgfmt = shutil.which("msgfmt")
    require(msgfmt is not None, "msgfmt is missing: make system-packages installs gettext")
    assert msgfmt is not None
    run = subprocess.run(
        [msgfmt, "--check", "--output-file", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The header lacks the fields a translation team's tools fill in (warnings only).
    assert run.returncode == 0, run.stderr


def test_a_number_that_a_wrapped_line_starts_with_is_no_list_mark():
    """'... eight by\\n2013. The MoU ...' continues the paragraph (a numbered list cannot
    interrupt one but with 1): the translation may start its line with other words, and
    a numbered list still keeps its numbers."""
    source = "China had eight BLOs by\n2013. The MoU provided for joint BLOs."
    assert check_translation(source, "ដល់ឆ្នាំ ២០១៣ ប្រទេសចិនមាន\nការិយាល័យ BLO ចំនួនប្រាំបី។") == []
    assert check_translation(source, "ប្រទេសចិនមាន BLO ប្រាំបីនៅឆ្នាំ\n2013. អនុស្សរណៈ") == []
    bullet = "- **BLOs.** China had eight by\n  2013. The MoU provided for them."
    assert check_translation(bullet, "- **BLO** ប្រទេសចិនមានប្រាំបី\n  នៅឆ្នាំ 2013។") == []
    numbered = "1. Screen the person,\n   then\n2. Refer them."
    assert [m.rule for m in check_translation(numbered, "1. ຄັດກອງ,\n   ແລ້ວ\nສົ່ງຕໍ່.")] == [
        "block marks"
    ]
