"""The built courses: valid OLX for Studio, the same bytes on every build, in step with the
committed manifest and catalogues, and loadable in the workbench."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import olxcleaner
import pytest
from lxml import etree

from curriculum_build import (
    build_archives,
    course_archives,
    course_names,
    extract_messages,
    manifest,
    workbench_units,
)
from curriculum_build.build import SOURCE_ROOT, manifest_text
from curriculum_build.catalogues import LANGUAGES, read_entries

NATIONAL = ["ntp-cn", "ntp-kh", "ntp-la", "ntp-mm", "ntp-th", "ntp-vn"]
COURSES = [*NATIONAL, "rtp", "tot"]
# The language each national course keeps its catalogue in.
CATALOGUE_LANGUAGE = {
    "ntp-cn": "zh_Hans",
    "ntp-kh": "km",
    "ntp-la": "lo",
    "ntp-mm": "my",
    "ntp-th": "th",
    "ntp-vn": "vi",
}
BLOCK_TYPES = [
    "commit_knowledge_check",
    "commit_case_scenario",
    "commit_interview_sim",
    "commit_course_evaluation",
]


def test_the_rtp_the_tot_and_six_national_courses_are_in_the_sources():
    assert course_names() == COURSES


@pytest.fixture(scope="module")
def archives() -> dict[str, bytes]:
    return course_archives()


@pytest.mark.parametrize("course", COURSES)
def test_built_olx_passes_olxcleaner_with_no_errors(archives, course, tmp_path):
    with tarfile.open(fileobj=io.BytesIO(archives[f"{course}.tar.gz"])) as tar:
        tar.extractall(tmp_path, filter="data")
    loaded, errors, url_names = olxcleaner.validate(
        str(tmp_path / "course"), allowed_xblocks=BLOCK_TYPES
    )
    assert loaded is not None
    assert [(e.level, e.description) for e in errors.errors] == []
    assert len(url_names) > 30  # the whole course was read, not only its root


def test_building_twice_gives_byte_identical_archives(archives, tmp_path):
    first = build_archives(tmp_path / "one")
    second = build_archives(tmp_path / "two")
    assert [p.name for p in first] == [f"{course}.tar.gz" for course in COURSES]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes() == archives[a.name]


@pytest.mark.parametrize("course", COURSES)
def test_archive_entries_are_sorted_and_carry_no_time_or_owner(archives, course):
    data = archives[f"{course}.tar.gz"]
    assert data[4:8] == b"\x00\x00\x00\x00"  # gzip header mtime 0
    assert data[3] & 0x08 == 0  # no file name in the gzip header
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names)
    assert names[0] == "course"  # Studio expects the course/ root folder
    assert all(n == "course" or n.startswith("course/") for n in names)
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, 0, "", "")}
    assert "course/course.xml" in names


def test_committed_manifest_matches_the_sources():
    committed = (SOURCE_ROOT / "manifest.json").read_text("utf-8")
    assert committed == manifest_text(manifest()), (
        "the sources changed without the manifest: run "
        "python -m curriculum_build --write-manifest and commit it"
    )


def test_manifest_notices_a_changed_source(scratch):
    before = manifest(scratch)
    case = scratch / "modules" / "cases" / "plantation.yaml"
    case.write_text(case.read_text().replace("rubber plantation", "tea plantation"))
    after = manifest(scratch)
    changed = {p for p in before["rtp"] if before["rtp"][p] != after["rtp"].get(p)}
    assert changed == {"course/vertical/vi_case_plantation.xml"}


def test_committed_catalogues_are_up_to_date(scratch):
    written = extract_messages(scratch)
    # The national courses: a template and one language each; the ToT: a template and six.
    assert len(written) == 2 * len(NATIONAL) + 1 + len(LANGUAGES)
    assert {p.relative_to(scratch / "courses").parts[0] for p in written} == {"ntp", "tot"}
    for path in written:
        relative = path.relative_to(scratch)
        # A fresh extraction has no translations; the committed files must hold the same ids.
        assert _msgids(SOURCE_ROOT / relative) == _msgids(path), f"{relative} is out of date"
        assert len(_msgids(path)) > 1000


def test_the_tot_has_a_catalogue_in_each_language_of_the_region():
    folder = SOURCE_ROOT / "courses" / "tot" / "locale"
    assert sorted(p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/tot.po")) == sorted(
        LANGUAGES
    )


def test_each_national_course_has_a_catalogue_in_its_countrys_language():
    folder = SOURCE_ROOT / "courses" / "ntp" / "locale"
    for course, language in CATALOGUE_LANGUAGE.items():
        text = (folder / language / "LC_MESSAGES" / f"{course}.po").read_text("utf-8")
        assert f'"Language: {language}\\n"' in text
        assert "Plural-Forms: nplurals=1; plural=0;" in text
        assert sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{course}.po")) == [
            language
        ]


def test_a_translated_entry_reaches_the_translated_course(scratch, tmp_path):
    extract_messages(scratch)
    po = scratch / "courses" / "ntp" / "locale" / "vi" / "LC_MESSAGES" / "ntp-vn.po"
    text = po.read_text("utf-8")
    source = 'msgid "Welcome"\nmsgstr ""'
    assert source in text
    po.write_text(text.replace(source, 'msgid "Welcome"\nmsgstr "Chào mừng"'), "utf-8")
    paths = build_archives(tmp_path / "out", root=scratch, languages=("vi",))
    assert [p.name for p in paths if p.name.count("-") == 2] == ["ntp-vn-vi.tar.gz"]
    translated = next(p for p in paths if p.name == "ntp-vn-vi.tar.gz")
    with tarfile.open(translated) as tar:
        chapter = tar.extractfile("course/chapter/ntp_start.xml").read().decode()
        policy = json.loads(tar.extractfile("course/policies/2026/policy.json").read())
    assert 'display_name="Chào mừng"' in chapter
    assert policy["course/2026"]["language"] == "vi"


def test_workbench_units_are_olx_for_every_unit_of_every_course():
    units = workbench_units()
    assert sorted(units) == COURSES
    for course, pairs in units.items():
        assert len(pairs) > 20, course
        for title, olx in pairs:
            root = etree.fromstring(olx)
            assert root.tag == "vertical_demo"
            assert title.startswith(course.upper())
            assert len(root) >= 1
    rtp = dict(units["rtp"])
    case = rtp["RTP: Victim identification / Case: the fishing boat"]
    assert "<commit_case_scenario" in case


def test_command_line_builds_and_checks_the_manifest(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "curriculum_build",
            "--out",
            str(tmp_path),
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{c}.tar.gz" for c in COURSES]


def _msgids(path: Path) -> list[str]:
    return [source for source, _, _ in read_entries(path)]


def test_workbench_pages_keep_dollar_signs_literal_and_blocks_untouched(scratch):
    module = scratch / "modules" / "victim_identification.yaml"
    module.write_text(
        module.read_text("utf-8").replace(
            "A single indicator proves nothing.", "A single indicator proves nothing ($0)."
        ),
        "utf-8",
    )
    case = scratch / "modules" / "cases" / "fishing_boat.yaml"
    case.write_text(case.read_text("utf-8").replace('"good money"', '"good money" ($300)'), "utf-8")
    units = dict(workbench_units(scratch)["rtp"])
    page = units["RTP: Victim identification / From indicators to a conclusion"]
    assert "nothing ($$0)." in page
    boat = units["RTP: Victim identification / Case: the fishing boat"]
    assert '"good money" ($300)' in boat and "$$" not in boat
