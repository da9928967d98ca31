"""Gettext catalogues: what is written reads back the same, translations survive a refresh
with their review lines and flags, a changed English string keeps its old translation as a
fuzzy draft, and fuzzy or empty entries fall back to English."""

from __future__ import annotations

import shutil

import pytest

from curriculum_build import CurriculumError
from curriculum_build.build import SOURCE_ROOT, extract_messages
from curriculum_build.catalogues import (
    read_catalogue,
    read_entries,
    write_catalogues,
)
from curriculum_build.po_file import read_po
from curriculum_build.review_status import ReviewState, entry_statuses

MESSAGES = [
    "Welcome",
    'A "quoted" word, a back\\slash and a\ttab',
    "Two lines\nof Markdown\n",
    "- a list item\n- another\n\n| a | table |\n",
]


def test_messages_read_back_exactly(tmp_path):
    written = write_catalogues(tmp_path, "ntp", "Test catalogue.", MESSAGES)
    assert [p.name for p in written] == ["ntp.pot"] + ["ntp.po"] * 6
    for path in written:
        assert [source for source, _, _ in read_entries(path)][1:] == MESSAGES


def test_a_refresh_keeps_translations_of_messages_still_used(tmp_path):
    write_catalogues(tmp_path, "ntp", "Test catalogue.", MESSAGES)
    po = tmp_path / "th" / "LC_MESSAGES" / "ntp.po"
    po.write_text(
        po.read_text("utf-8").replace(
            'msgid "Welcome"\nmsgstr ""', 'msgid "Welcome"\nmsgstr "ยินดีต้อนรับ"'
        ),
        "utf-8",
    )
    write_catalogues(tmp_path, "ntp", "Test catalogue.", ["Welcome", "A new page"])
    assert read_catalogue(po) == {"Welcome": "ยินดีต้อนรับ"}
    assert [source for source, _, _ in read_entries(po)][1:] == ["Welcome", "A new page"]


def test_fuzzy_and_empty_entries_are_not_used(tmp_path):
    po = tmp_path / "vi.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#, fuzzy\nmsgid "Closing"\nmsgstr "Bế mạc"\n\n'
        'msgid "References"\nmsgstr ""\n\n'
        'msgid "Welcome"\nmsgstr ""\n"Chào "\n"mừng"\n',
        "utf-8",
    )
    assert read_catalogue(po) == {"Welcome": "Chào mừng"}


def test_an_unreadable_line_names_file_and_line(tmp_path):
    po = tmp_path / "km.po"
    po.write_text('msgid "Welcome"\nmsgstr "x"\nnonsense here\n', "utf-8")
    with pytest.raises(CurriculumError) as caught:
        read_catalogue(po)
    assert caught.value.line == 3
    assert "cannot read this line" in caught.value.reason


def _translate(po, source, target, comments=""):
    """Give ``source`` a translation (and comment lines) in the catalogue at ``po``."""
    text = po.read_text("utf-8")
    old = f'msgid "{source}"\nmsgstr ""'
    assert old in text
    po.write_text(text.replace(old, f'{comments}msgid "{source}"\nmsgstr "{target}"'), "utf-8")


SCREENING = "Screen the person in private, with an interpreter of their choice."


def test_a_refresh_keeps_review_lines_flags_and_other_comments(tmp_path):
    write_catalogues(tmp_path, "ntp", "Test catalogue.", MESSAGES)
    po = tmp_path / "km" / "LC_MESSAGES" / "ntp.po"
    reviewed = "# review: reviewed by Sok Dara on 2026-11-30\n# glossary: welcome\n#, fuzzy\n"
    _translate(po, "Welcome", "សូមស្វាគមន៍", reviewed)
    before = po.read_text("utf-8")
    write_catalogues(tmp_path, "ntp", "Test catalogue.", MESSAGES)
    assert po.read_text("utf-8") == before
    assert reviewed + 'msgid "Welcome"\nmsgstr "សូមស្វាគមន៍"' in before
    assert entry_statuses(po)["Welcome"].state == ReviewState.CHANGED


def test_a_changed_english_string_takes_its_old_translation_as_a_fuzzy_draft(tmp_path):
    write_catalogues(tmp_path, "ntp", "Test catalogue.", ["Welcome", SCREENING])
    po = tmp_path / "th" / "LC_MESSAGES" / "ntp.po"
    _translate(po, SCREENING, "คัดกรองเป็นส่วนตัว", "# review: approved by Somchai on 2026-12-01\n")
    changed = SCREENING.replace("of their choice", "they choose")
    write_catalogues(tmp_path, "ntp", "Test catalogue.", ["Welcome", changed])
    entry = read_po(po)[-1]
    assert entry.msgid == changed
    assert entry.msgstr == "คัดกรองเป็นส่วนตัว"
    assert entry.flags == ("fuzzy",)
    assert entry.previous == SCREENING
    assert entry.comments == ("review: draft",)
    assert (
        f'# review: draft\n#, fuzzy\n#| msgid "{SCREENING}"\nmsgid "{changed}"\n'
        in po.read_text("utf-8")
    )
    # Not used in a build until a translator confirms it.
    assert read_catalogue(po) == {}
    assert entry_statuses(po)[changed].state == ReviewState.CHANGED


def test_a_new_string_unlike_any_old_one_starts_empty(tmp_path):
    write_catalogues(tmp_path, "ntp", "Test catalogue.", [SCREENING])
    po = tmp_path / "vi" / "LC_MESSAGES" / "ntp.po"
    _translate(po, SCREENING, "Sàng lọc riêng tư")
    write_catalogues(tmp_path, "ntp", "Test catalogue.", ["Refer the person to the team."])
    (entry,) = read_po(po)[1:]
    assert (entry.msgstr, entry.flags, entry.previous) == ("", (), None)


def test_each_old_translation_goes_to_the_closest_new_string_once(tmp_path):
    first = "Call the provincial office at once."
    second = "Call the provincial office at once, day or night."
    write_catalogues(tmp_path, "ntp", "Test catalogue.", [first])
    po = tmp_path / "lo" / "LC_MESSAGES" / "ntp.po"
    _translate(po, first, "ໂທຫາຫ້ອງການແຂວງທັນທີ")
    near = "Call the provincial office at once!"
    write_catalogues(tmp_path, "ntp", "Test catalogue.", [second, near])
    by_source = {entry.msgid: entry for entry in read_po(po)}
    assert by_source[near].msgstr == "ໂທຫາຫ້ອງການແຂວງທັນທີ"
    assert by_source[near].previous == first
    assert by_source[second].msgstr == ""


def test_a_refresh_of_the_committed_catalogues_changes_no_byte(tmp_path):
    """What translators and reviewers wrote (review lines, flags) survives an extraction."""
    root = tmp_path / "curriculum"
    shutil.copytree(SOURCE_ROOT, root)
    committed = {path: path.read_bytes() for path in root.glob("courses/*/locale/**/*.po*")}
    written = extract_messages(root)
    assert sorted(written) == sorted(committed)
    for path in written:
        shown = path.relative_to(tmp_path)
        assert path.read_bytes() == committed[path], f"{shown} changes on a refresh"
