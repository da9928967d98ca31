"""A learner of a translated course is told, in one quiet line in their language, when a
unit's translation is a draft or incomplete, and can open the English source in place; a
reviewed unit says nothing. The translated build stays valid OLX and byte-identical."""

from __future__ import annotations

import io
import json
import tarfile

import olxcleaner
import pytest
from lxml import etree

from curriculum_build import build_archives, build_course, extract_messages
from curriculum_build.olx import course_files
from curriculum_build.translation_notice import NOTICES
from tests.curriculum.test_curriculum_build import BLOCK_TYPES

COURSE, LANGUAGE = "ntp-vn", "vi"


def _units(course):
    return {u.id: u for c in course.chapters for s in c.sections for u in s.units}


def _entry(source: str, review: str) -> str:
    quoted = json.dumps(source, ensure_ascii=False)
    translated = json.dumps(f"VI {source}", ensure_ascii=False)
    return f"# review: {review}\nmsgid {quoted}\nmsgstr {translated}\n"


@pytest.fixture
def translated(scratch):
    """The Vietnamese NTP with one unit reviewed, one in draft and the rest untranslated."""
    extract_messages(scratch)
    english = _units(build_course(COURSE, root=scratch).course)
    reviewed, draft = english["lf_palermo_history"], english["vi_case_fishing_boat"]
    entries = {m: "draft" for m in draft.messages}
    entries.update({m: "reviewed by Nguyen An on 2026-11-30" for m in reviewed.messages})
    po = scratch / "courses" / "ntp" / "locale" / LANGUAGE / "LC_MESSAGES" / f"{COURSE}.po"
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n'
    )
    po.write_text("\n".join([header, *(_entry(m, r) for m, r in entries.items())]), "utf-8")
    return scratch


def _unit_html(files: dict[str, bytes], unit_id: str) -> str:
    vertical = etree.fromstring(files[f"course/vertical/{unit_id}.xml"])
    pages = [
        files[f"course/html/{child.get('url_name')}.html"].decode()
        for child in vertical
        if child.tag == "html"
    ]
    return "\n".join(pages)


def test_only_units_not_final_carry_the_notice_and_the_english_source(translated):
    files = course_files(build_course(COURSE, root=translated, language=LANGUAGE).course)
    words = NOTICES[LANGUAGE]
    reviewed = _unit_html(files, "lf_palermo_history")
    assert "VI " in reviewed  # the translation is shown
    assert "commit-translation-notice" not in reviewed
    draft = _unit_html(files, "vi_case_fishing_boat")
    assert draft.count("commit-translation-notice-line") == 1
    assert words["draft"] in draft and words["untranslated"] not in draft
    notice = etree.fromstring(draft.split("\n<", 1)[0] if "\n<" in draft else draft)
    assert notice.get("lang") == "vi"
    summary = notice.find("details/summary")
    assert summary.text == words["english"]
    english = notice.find("details/div")
    assert english.get("lang") == "en"
    assert "Songkhla" in etree.tostring(english, encoding="unicode")  # the case, in English
    assert "VI " not in etree.tostring(english, encoding="unicode")
    untranslated = _unit_html(files, "vi_indicator_lists")
    assert words["untranslated"] in untranslated


def test_the_english_course_has_no_notice(translated):
    files = course_files(build_course(COURSE, root=translated).course)
    assert not any("translation_notice" in path for path in files)


def test_the_translated_archive_is_olx_clean_and_the_same_twice(translated, tmp_path):
    first = build_archives(tmp_path / "one", root=translated, languages=(LANGUAGE,))
    second = build_archives(tmp_path / "two", root=translated, languages=(LANGUAGE,))
    name = f"{COURSE}-{LANGUAGE}.tar.gz"
    one = next(p for p in first if p.name == name).read_bytes()
    assert one == next(p for p in second if p.name == name).read_bytes()
    with tarfile.open(fileobj=io.BytesIO(one)) as tar:
        tar.extractall(tmp_path / "olx", filter="data")
    loaded, errors, url_names = olxcleaner.validate(
        str(tmp_path / "olx" / "course"), allowed_xblocks=BLOCK_TYPES
    )
    assert loaded is not None
    assert [(e.level, e.description) for e in errors.errors] == []
    assert any(name.endswith("_translation_notice") for name in url_names)
