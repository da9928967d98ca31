"""Gettext catalogues: what is written reads back the same, translations survive a refresh,
and fuzzy or empty entries fall back to English."""

from __future__ import annotations

import pytest

from commit_training.curriculum_build import CurriculumError
from commit_training.curriculum_build.catalogues import (
    read_catalogue,
    read_entries,
    write_catalogues,
)

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
