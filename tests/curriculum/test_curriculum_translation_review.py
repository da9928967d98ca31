"""A national reviewer's round trip: a course catalogue exported as PO or XLIFF 2.0, opened
in a translation tool, corrected and imported back with the reviewer's name; a broken file
is refused row by row and leaves the catalogue as it was."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from lxml import etree

from curriculum_build.__main__ import main as curriculum_main
from curriculum_build.po_file import read_po
from curriculum_build.review_exchange import unit_id
from curriculum_build.review_status import ReviewState, Status, entry_statuses
from curriculum_build.review_xliff import XLIFF_NS
from curriculum_build.translations_cli import main

TODAY = datetime.date(2026, 12, 5)
X = {"x": XLIFF_NS}
HOTLINE = "Call {{ hotline }} at any hour."
STEPS = "Before you refer:\n\n- ask for consent\n- write it down\n"
CATALOGUE = f"""\
# Translations of the course NTP Cambodia (ntp-kh).
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Language: km\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

# review: draft
msgid "{HOTLINE}"
msgstr "ហៅ {{{{ hotline }}}} គ្រប់ពេល។"

# review: approved by Chan Vicheka on 2026-11-20
msgid "Referral"
msgstr "ការបញ្ជូន"

msgid ""
"Before you refer:\\n"
"\\n"
"- ask for consent\\n"
"- write it down\\n"
msgstr ""
"មុនពេលបញ្ជូន៖\\n"
"\\n"
"- សុំការយល់ព្រម\\n"
"- កត់ត្រាទុក\\n"

# review: reviewed by Sok Dara on 2026-11-30
#, fuzzy
#| msgid "The team decides."
msgid "The multidisciplinary team decides."
msgstr "ក្រុមសម្រេច។"

msgid "Not translated yet"
msgstr ""
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A curriculum folder holding only the Khmer catalogue of ntp-kh."""
    folder = tmp_path / "curriculum" / "courses" / "ntp" / "locale" / "km" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ntp-kh.po").write_text(CATALOGUE, "utf-8")
    return tmp_path / "curriculum"


def _catalogue(root: Path) -> Path:
    return root / "courses" / "ntp" / "locale" / "km" / "LC_MESSAGES" / "ntp-kh.po"


def _run(root: Path, *argv: str) -> int:
    return main([*argv[:1], "--source", str(root), *argv[1:]], root=root, today=TODAY)


def _export(root: Path, out: Path, form: str, only: str = "all") -> None:
    argv = ["export", "--course", "ntp-kh", "--language", "km", "--format", form]
    assert _run(root, *argv, "--only", only, "--out", str(out)) == 0


def test_a_po_export_corrected_and_imported_as_reviewed_records_the_reviewer(root, tmp_path):
    exported = tmp_path / "ntp-kh-km.po"
    _export(root, exported, "po")
    text = exported.read_text("utf-8")
    assert '"X-Course: ntp-kh\\n"' in text and '"Language: km\\n"' in text
    assert '# review: approved by Chan Vicheka on 2026-11-20\nmsgid "Referral"' in text
    exported.write_text(text.replace("គ្រប់ពេល", "គ្រប់ម៉ោង"), "utf-8")

    assert (
        _run(root, "import", str(exported), "--reviewer", "Sok Dara", "--status", "reviewed") == 0
    )

    statuses = entry_statuses(_catalogue(root))
    reviewed = Status(ReviewState.REVIEWED, "Sok Dara", TODAY)
    assert statuses[HOTLINE] == reviewed
    assert statuses["Referral"] == reviewed
    assert statuses[STEPS] == reviewed
    # Still marked fuzzy in the file: the reviewer did not confirm it against the new English.
    assert statuses["The multidisciplinary team decides."].state == ReviewState.CHANGED
    assert statuses["Not translated yet"].state == ReviewState.UNTRANSLATED
    entries = {entry.msgid: entry for entry in read_po(_catalogue(root))}
    assert entries[HOTLINE].msgstr == "ហៅ {{ hotline }} គ្រប់ម៉ោង។"


def test_a_po_round_trip_without_changes_leaves_the_catalogue_byte_for_byte(root, tmp_path):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    assert _run(root, "import", str(exported)) == 0
    assert _catalogue(root).read_text("utf-8") == CATALOGUE


def test_a_changed_translation_imported_without_a_status_becomes_a_draft(root, tmp_path):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    text = exported.read_text("utf-8")
    # The translator confirms the changed entry (removes the flag) and edits the approved one.
    text = text.replace("#, fuzzy\n", "").replace('"ការបញ្ជូន"', '"ការបញ្ជូនបន្ត"')
    exported.write_text(text, "utf-8")
    assert _run(root, "import", str(exported)) == 0
    entries = {entry.msgid: entry for entry in read_po(_catalogue(root))}
    assert entries["Referral"].comments == ("review: draft",)
    confirmed = entries["The multidisciplinary team decides."]
    assert (confirmed.flags, confirmed.previous, confirmed.comments) == (
        (),
        None,
        ("review: draft",),
    )
    assert entries[HOTLINE].comments == ("review: draft",)  # unchanged, as it was


def test_an_xliff_export_is_xliff_2_with_stable_unit_ids_and_the_review_status(root, tmp_path):
    exported = tmp_path / "ntp-kh-km.xlf"
    _export(root, exported, "xliff", only="draft")
    document = etree.parse(str(exported)).getroot()
    assert document.tag == f"{{{XLIFF_NS}}}xliff"
    assert (document.get("version"), document.get("srcLang"), document.get("trgLang")) == (
        "2.0",
        "en",
        "km",
    )
    assert document.find("x:file", X).get("id") == "ntp-kh"
    units = document.findall(".//x:unit", X)
    # The drafts: the two without review and the one changed since review.
    sources = [unit.findtext(".//x:source", namespaces=X) for unit in units]
    assert sources == [HOTLINE, STEPS, "The multidisciplinary team decides."]
    assert [unit.get("id") for unit in units] == [unit_id(source) for source in sources]
    assert units[1].find(".//x:source", X).text == STEPS  # line breaks kept
    assert [u.find(".//x:segment", X).get("state") for u in units] == [
        "translated",
        "translated",
        "initial",
    ]
    changed_notes = [note.text for note in units[2].findall(".//x:note", X)]
    assert "The team decides." in changed_notes[1]


def test_an_xliff_round_trip_imports_the_corrections_as_approved(root, tmp_path):
    exported = tmp_path / "review.xlf"
    _export(root, exported, "xliff")
    document = etree.parse(str(exported))
    for unit in document.iterfind(".//x:unit", X):
        segment = unit.find("x:segment", X)
        if unit.get("id") == unit_id("Not translated yet"):
            segment.find("x:target", X).text = "មិនទាន់បកប្រែ"
            segment.set("state", "translated")
        if unit.get("id") == unit_id("The multidisciplinary team decides."):
            segment.find("x:target", X).text = "ក្រុមពហុជំនាញសម្រេច។"
            segment.set("state", "reviewed")
    document.write(str(exported), xml_declaration=True, encoding="UTF-8")

    argv = ["import", str(exported), "--reviewer", "Chan Vicheka", "--status", "approved"]
    assert _run(root, *argv) == 0

    statuses = entry_statuses(_catalogue(root))
    assert {status.state for status in statuses.values()} == {ReviewState.APPROVED}
    entries = {entry.msgid: entry for entry in read_po(_catalogue(root))}
    assert entries["Not translated yet"].msgstr == "មិនទាន់បកប្រែ"
    assert entries["The multidisciplinary team decides."].flags == ()


def test_an_unchanged_xliff_round_trip_changes_no_byte(root, tmp_path):
    exported = tmp_path / "review.xlf"
    _export(root, exported, "xliff")
    assert _run(root, "import", str(exported)) == 0
    assert _catalogue(root).read_text("utf-8") == CATALOGUE


def _refused(root: Path, reviewed: Path, capsys) -> str:
    before = _catalogue(root).read_bytes()
    assert (
        _run(root, "import", str(reviewed), "--reviewer", "Sok Dara", "--status", "reviewed") == 2
    )
    assert _catalogue(root).read_bytes() == before
    error = capsys.readouterr().err
    assert "nothing imported" in error or "error:" in error
    return error


def test_a_missing_placeholder_is_refused_with_row_and_reason(root, tmp_path, capsys):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    text = exported.read_text("utf-8")
    exported.write_text(text.replace("ហៅ {{ hotline }}", "ហៅ 1288"), "utf-8")
    row = text.splitlines().index(f'msgid "{HOTLINE}"') + 1
    error = _refused(root, exported, capsys)
    assert f"{exported}:{row}: placeholders: missing '{{{{ hotline }}}}'" in error


def test_a_broken_list_and_a_lost_paragraph_break_are_refused(root, tmp_path, capsys):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    text = exported.read_text("utf-8")
    exported.write_text(text.replace('"\\n"\n"- សុំ', '"* សុំ'), "utf-8")
    error = _refused(root, exported, capsys)
    assert "line count" in error and "paragraphs" in error


def test_a_wrong_plural_count_is_refused(root, tmp_path, capsys):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    text = exported.read_text("utf-8")
    plural = 'msgid "Referral"\nmsgid_plural "Referrals"\nmsgstr[0] "ការបញ្ជូន"\nmsgstr[1] "x"'
    exported.write_text(text.replace('msgid "Referral"\nmsgstr "ការបញ្ជូន"', plural), "utf-8")
    row = text.splitlines().index('msgid "Referral"') + 1
    error = _refused(root, exported, capsys)
    assert f"{exported}:{row}: wrong plural count: 2 plural forms given" in error


def test_an_unknown_xliff_unit_and_an_unknown_msgid_are_refused(root, tmp_path, capsys):
    exported = tmp_path / "review.xlf"
    _export(root, exported, "xliff")
    data = exported.read_text("utf-8").replace(unit_id("Referral"), "m000000000000")
    exported.write_text(data, "utf-8")
    row = data.splitlines().index('    <unit id="m000000000000">') + 1
    error = _refused(root, exported, capsys)
    assert f"{exported}:{row}: unknown id 'm000000000000'" in error

    po = tmp_path / "review.po"
    _export(root, po, "po")
    po.write_text(po.read_text("utf-8").replace('msgid "Referral"', 'msgid "Referal"'), "utf-8")
    assert "unknown msgid 'Referal'" in _refused(root, po, capsys)


def test_every_bad_row_is_named_in_one_run(root, tmp_path, capsys):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    text = exported.read_text("utf-8").replace("{{ hotline }} គ្រប់", "គ្រប់")
    exported.write_text(text.replace('msgid "Referral"', 'msgid "Referal"'), "utf-8")
    error = _refused(root, exported, capsys)
    assert "placeholders" in error and "unknown msgid" in error and "2 rows refused" in error


def test_a_malformed_file_is_refused_with_its_line(root, tmp_path, capsys):
    xliff = tmp_path / "broken.xlf"
    _export(root, xliff, "xliff")
    xliff.write_text(xliff.read_text("utf-8").replace("</unit>", "</unitt>", 1), "utf-8")
    assert "not well-formed XML" in _refused(root, xliff, capsys)
    po = tmp_path / "broken.po"
    _export(root, po, "po")
    po.write_text(po.read_text("utf-8") + 'msgid "dangling"\n', "utf-8")
    assert "a msgid without a msgstr" in _refused(root, po, capsys)


def test_a_file_for_another_language_is_refused(root, tmp_path, capsys):
    exported = tmp_path / "review.xlf"
    _export(root, exported, "xliff")
    argv = ["import", str(exported), "--language", "lo"]
    assert _run(root, *argv) == 2
    assert "the file is for language 'km', not 'lo'" in capsys.readouterr().err


def test_a_dry_run_reports_and_writes_nothing(root, tmp_path, capsys):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    argv = ["import", str(exported), "--reviewer", "Sok Dara", "--status", "reviewed"]
    assert _run(root, *argv, "--dry-run") == 0
    assert _catalogue(root).read_text("utf-8") == CATALOGUE
    assert "would change 0 translations and 3 review statuses" in capsys.readouterr().out


def test_a_status_needs_the_reviewers_name(root, tmp_path, capsys):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    assert _run(root, "import", str(exported), "--status", "approved") == 2
    assert "give --reviewer and --status together" in capsys.readouterr().err


def test_the_translations_commands_run_from_the_package_command(root, capsys):
    assert curriculum_main(["translations", "status", "--source", str(root)]) == 0
    assert "ntp-kh" in capsys.readouterr().out


def test_an_xliff_unit_with_too_many_plural_forms_is_refused(root, tmp_path, capsys):
    exported = tmp_path / "review.xlf"
    _export(root, exported, "xliff")
    document = etree.parse(str(exported))
    unit = document.find(f".//x:unit[@id='{unit_id('Referral')}']", X)
    first = unit.find("x:segment", X)
    first.set("id", "form0")
    second = etree.fromstring(etree.tostring(first))
    second.set("id", "form1")
    unit.append(second)
    document.write(str(exported), xml_declaration=True, encoding="UTF-8")
    error = _refused(root, exported, capsys)
    assert f"{exported}:{unit.sourceline}: wrong plural count: 2 plural forms given" in error


def test_a_unit_a_tool_split_into_sentences_is_joined_back(root, tmp_path):
    exported = tmp_path / "review.xlf"
    _export(root, exported, "xliff")
    document = etree.parse(str(exported))
    unit = document.find(f".//x:unit[@id='{unit_id(HOTLINE)}']", X)
    segment = unit.find("x:segment", X)
    segment.find("x:source", X).text = "Call {{ hotline }}"
    segment.find("x:target", X).text = "ហៅ {{ hotline }}"
    space = etree.SubElement(unit, f"{{{XLIFF_NS}}}ignorable")
    etree.SubElement(space, f"{{{XLIFF_NS}}}source").text = " "
    rest = etree.SubElement(unit, f"{{{XLIFF_NS}}}segment", state="translated")
    etree.SubElement(rest, f"{{{XLIFF_NS}}}source").text = "at any hour."
    etree.SubElement(rest, f"{{{XLIFF_NS}}}target").text = "គ្រប់ម៉ោង។"
    document.write(str(exported), xml_declaration=True, encoding="UTF-8")
    assert _run(root, "import", str(exported)) == 0
    entries = {entry.msgid: entry for entry in read_po(_catalogue(root))}
    assert entries[HOTLINE].msgstr == "ហៅ {{ hotline }} គ្រប់ម៉ោង។"
    assert entries[HOTLINE].comments == ("review: draft",)


def test_a_blank_reviewer_name_is_refused(root, tmp_path, capsys):
    exported = tmp_path / "review.po"
    _export(root, exported, "po")
    assert _run(root, "import", str(exported), "--reviewer", " ", "--status", "approved") == 2
    assert "the reviewer's name must be given" in capsys.readouterr().err
    assert _catalogue(root).read_text("utf-8") == CATALOGUE


def test_an_export_of_what_is_left_holds_only_untranslated_entries_and_comes_back_as_draft(
    root, tmp_path
):
    exported = tmp_path / "left.po"
    _export(root, exported, "po", only="untranslated")
    assert [entry.msgid for entry in read_po(exported) if entry.msgid] == ["Not translated yet"]
    text = exported.read_text("utf-8")
    exported.write_text(text.replace('msgstr ""\n', 'msgstr "មិនទាន់បកប្រែ"\n'), "utf-8")
    assert _run(root, "import", str(exported)) == 0
    entries = {entry.msgid: entry for entry in read_po(_catalogue(root))}
    assert entries["Not translated yet"].msgstr == "មិនទាន់បកប្រែ"
    assert entries["Not translated yet"].comments == ("review: draft",)
    assert entries["Referral"].msgstr == "ការបញ្ជូន"  # the entries left out are untouched


SITE_CATALOGUE = """\
# Interface of the site.
msgid ""
msgstr ""
"Language: km\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Welcome"
msgstr "សូមស្វាគមន៍"

#, python-format
msgid "Learning as: %(learner)s"
msgstr "កំពុងរៀនជា៖ %(learner)s"
"""


def test_an_interface_catalogue_is_reviewed_like_a_course(tmp_path, capsys):
    """The site's, the registry's and the blocks' catalogues are addressed by name
    (``interface-site``...) and get the same review lines and status rows."""
    curriculum = tmp_path / "curriculum"
    (curriculum / "courses").mkdir(parents=True)
    folder = tmp_path / "commit_site" / "locale" / "km" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = folder / "django.po"
    catalogue.write_text(SITE_CATALOGUE, "utf-8")
    exported = tmp_path / "site-km.po"
    argv = ["--source", str(curriculum)]
    assert (
        main(
            [
                "export",
                *argv,
                "--course",
                "interface-site",
                "--language",
                "km",
                "--out",
                str(exported),
            ],
            root=curriculum,
            today=TODAY,
        )
        == 0
    )
    assert "X-Course: interface-site" in exported.read_text("utf-8")
    assert (
        main(
            ["import", *argv, str(exported), "--reviewer", "Reviewer K", "--status", "reviewed"],
            root=curriculum,
            today=TODAY,
        )
        == 0
    )
    entries = {entry.msgid: entry for entry in read_po(catalogue)}
    assert entries["Welcome"].comments == (f"review: reviewed by Reviewer K on {TODAY}",)
    assert entries["Learning as: %(learner)s"].flags == ("python-format",)
    capsys.readouterr()
    assert main(["status", *argv, "--interface", "--format", "csv"], root=curriculum) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[1].startswith("interface-site,km,2,2,100.0,0,100.0,0.0,0,0")
    assert main(["status", *argv, "--format", "csv"], root=curriculum) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # courses only: the header
