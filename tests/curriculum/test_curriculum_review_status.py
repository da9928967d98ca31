"""The review status of catalogue entries: the ``# review:`` line read and written, and
each entry's state (untranslated, draft, reviewed, approved, changed since review)."""

from __future__ import annotations

import datetime

import pytest

from curriculum_build import CurriculumError
from curriculum_build.po_file import format_entry, parse_po, read_po
from curriculum_build.review_status import (
    ReviewState,
    Status,
    entry_statuses,
    format_review,
    parse_review,
    with_review,
)

CATALOGUE = """\
# Test catalogue.
msgid ""
msgstr ""
"Language: km\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Not yet"
msgstr ""

msgid "No review line"
msgstr "សួស្តី"

# review: draft
msgid "Drafted"
msgstr "សេចក្តីព្រាង"

# review: reviewed by Sok Dara on 2026-11-30
msgid "Reviewed"
msgstr "បានពិនិត្យ"

# review: approved by Chan Vicheka on 2026-12-01
msgid "Approved"
msgstr "បានអនុម័ត"

# review: reviewed by Sok Dara on 2026-11-30
# a note for the next reviewer
#, fuzzy
#| msgid "The old"
#| " English"
msgid ""
"The new\\n"
"English\\n"
msgstr ""
"ចាស់\\n"
"អង់គ្លេស\\n"
"""


def test_each_entry_has_its_state_reviewer_and_date(tmp_path):
    po = tmp_path / "ntp-kh.po"
    po.write_text(CATALOGUE, "utf-8")
    statuses = entry_statuses(po)
    assert statuses["Not yet"] == Status(ReviewState.UNTRANSLATED)
    assert statuses["No review line"] == Status(ReviewState.DRAFT)
    assert statuses["Drafted"] == Status(ReviewState.DRAFT)
    assert statuses["Reviewed"] == Status(
        ReviewState.REVIEWED, "Sok Dara", datetime.date(2026, 11, 30)
    )
    assert statuses["Approved"].state == ReviewState.APPROVED
    assert statuses["Approved"].reviewer == "Chan Vicheka"
    changed = statuses["The new\nEnglish\n"]
    assert changed == Status(ReviewState.CHANGED, "Sok Dara", datetime.date(2026, 11, 30))


def test_entries_keep_comments_flags_and_previous_source_when_written_back(tmp_path):
    entries = parse_po(CATALOGUE, "ntp-kh.po")
    changed = entries[-1]
    assert changed.flags == ("fuzzy",)
    assert changed.previous == "The old English"
    assert changed.comments[1] == "a note for the next reviewer"
    assert changed.line == 30
    blocks = CATALOGUE.rstrip("\n").split("\n\n")[1:]
    written = [format_entry(entry) for entry in entries[1:]]
    assert written[:-1] == blocks[:-1]
    # The previous msgid is written on one line, as gettext's tools do for short text.
    assert written[-1] == blocks[-1].replace('"The old"\n#| " English"', '"The old English"')


def test_the_review_line_round_trips():
    status = Status(ReviewState.APPROVED, "Nguyễn Thị Lan", datetime.date(2026, 12, 5))
    line = format_review(status)
    assert line == "review: approved by Nguyễn Thị Lan on 2026-12-05"
    assert parse_review("# " + line) == status
    assert parse_review("review: draft") == Status(ReviewState.DRAFT)
    assert parse_review("a translator's note") is None


@pytest.mark.parametrize(
    "comment",
    ["review: done", "review: reviewed by Sok Dara", "review: approved by X on 2026-13-01"],
)
def test_a_malformed_review_line_is_refused(comment):
    with pytest.raises(ValueError, match=r"review|date"):
        parse_review(comment)


def test_a_malformed_review_line_in_a_catalogue_names_file_and_line(tmp_path):
    po = tmp_path / "tot.po"
    po.write_text('msgid ""\nmsgstr ""\n\n# review: ok\nmsgid "A"\nmsgstr "B"\n', "utf-8")
    with pytest.raises(CurriculumError) as caught:
        entry_statuses(po)
    assert caught.value.line == 5
    assert "review: ok" in caught.value.reason


def test_a_reviewed_status_needs_a_reviewer_and_a_date():
    with pytest.raises(ValueError, match="needs a reviewer"):
        Status(ReviewState.REVIEWED)


def test_with_review_replaces_the_review_line_and_keeps_other_comments(tmp_path):
    po = tmp_path / "ntp-kh.po"
    po.write_text(CATALOGUE, "utf-8")
    changed = read_po(po)[-1]
    assert with_review(changed, Status(ReviewState.DRAFT)) == (
        "review: draft",
        "a note for the next reviewer",
    )
    assert with_review(changed, None) == ("a note for the next reviewer",)


def test_plural_entries_are_read_with_their_forms():
    text = 'msgid "a day"\nmsgid_plural "days"\nmsgstr[0] "ថ្ងៃ"\n'
    (entry,) = parse_po(text, "x.po")
    assert entry.plural == "days"
    assert entry.plural_forms == ("ថ្ងៃ",)
    assert format_entry(entry) == text.rstrip("\n")
