"""The ToT's observation rubric: checked by the build, rendered as a page, and the one
source of the pass numbers the course text shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from curriculum_build import CurriculumError, build_course
from curriculum_build.bibliography import load_bibliography
from curriculum_build.build import SOURCE_ROOT
from curriculum_build.rubric import read_rubric, rubric_placeholders
from curriculum_build.sources import load_yaml

RUBRIC = SOURCE_ROOT / "courses" / "tot" / "rubric.yaml"
SHOWN = "curriculum/courses/tot/rubric.yaml"


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first ``old`` and return the line it starts on."""
    text = path.read_text("utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text[: text.index(old)].count("\n") + 1


def read(root: Path):
    path = root / "courses" / "tot" / "rubric.yaml"
    return read_rubric(load_yaml(path, display=Path(SHOWN)), load_bibliography(root))


def refused(root: Path) -> CurriculumError:
    with pytest.raises(CurriculumError) as caught:
        read(root)
    return caught.value


def test_the_rubric_reads_with_four_levels_per_criterion():
    rubric = read(SOURCE_ROOT)
    assert 5 <= len(rubric.criteria) <= 7
    for criterion in rubric.criteria:
        assert [level.level for level in criterion.levels] == [1, 2, 3, 4]
        assert all(level.descriptor and level.example for level in criterion.levels)
        assert criterion.weight > 0
    assert {c.id for c in rubric.criteria if c.critical} == {"accuracy", "ethics_safety"}
    # Level 3 everywhere is exactly the pass mark; the floor (all at 1) is 25 %.
    weights = sum(c.weight for c in rubric.criteria)
    assert 100 * sum(c.weight * 3 for c in rubric.criteria) / (4 * weights) == (
        rubric.pass_rule.min_percent
    )


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("    weight: 2\n", "    weight: 0\n", "weight must be a positive whole number, got 0"),
        ('        example: "Bounmy opened', '        exampl: "Bounmy opened', "no field 'exampl'"),
        ("      - level: 2\n", "      - level: 3\n", "levels go 1 to 4 in order; found 3"),
        ("  min_percent: 75\n", "  min_percent: 20\n", "min_percent must be above 25"),
        ("  critical_min_level: 3\n", "  critical_min_level: 1\n", "between min_level and 4"),
        ("    weight: 3\n", "    weight: many\n", "'weight' must be a whole number"),
    ],
)
def test_bad_rubrics_name_the_file_and_line(scratch, old, new, reason):
    line = edit(scratch / "courses" / "tot" / "rubric.yaml", old, new)
    error = refused(scratch)
    assert str(error.path) == SHOWN
    assert error.line == line
    assert reason in error.reason


def test_a_criterion_with_three_levels_is_refused(scratch):
    path = scratch / "courses" / "tot" / "rubric.yaml"
    text = path.read_text("utf-8")
    start = text.index("      - level: 4\n")
    end = text.index("  - id: accuracy\n")
    path.write_text(text[:start] + text[end:], "utf-8")
    error = refused(scratch)
    assert "criterion 'objective_structure' has 3 levels; it needs 4" in error.reason
    assert error.line == text[: text.index("    levels:\n")].count("\n") + 1


def test_a_repeated_criterion_and_an_empty_descriptor_are_refused(scratch):
    path = scratch / "courses" / "tot" / "rubric.yaml"
    line = edit(path, "  - id: participation\n", "  - id: accuracy\n")
    error = refused(scratch)
    assert (error.line, error.reason) == (line, "criterion id 'accuracy' is repeated")
    edit(path, "  - id: accuracy\n    title: Participation", "  - id: participation\n    title: P")
    line = edit(path, 'descriptor: "No objective', 'descriptor: " "\n        # "No objective')
    error = refused(scratch)
    assert (error.line, error.reason) == (line, "'descriptor' is empty")


def test_a_critical_level_with_no_critical_criterion_is_refused(scratch):
    path = scratch / "courses" / "tot" / "rubric.yaml"
    text = path.read_text("utf-8").replace("    critical: true\n", "")
    path.write_text(text, "utf-8")
    error = refused(scratch)
    assert "no criterion is marked critical" in error.reason


def test_without_a_course_rubric_its_placeholders_and_page_are_refused(scratch):
    edit(scratch / "courses" / "tot" / "course.yaml", "rubric: rubric.yaml\n", "")
    with pytest.raises(CurriculumError) as caught:
        build_course("tot", root=scratch)
    assert str(caught.value.path) == "curriculum/courses/tot/chapters/teach_back.yaml"
    assert "placeholder {{rubric_levels}} has no value" in caught.value.reason
    closing = scratch / "courses" / "rtp" / "chapters" / "closing.yaml"
    line = edit(
        closing,
        "          - block: course_evaluation",
        "          - rubric: true\n          - block: course_evaluation",
    )
    with pytest.raises(CurriculumError) as caught:
        build_course("rtp", root=scratch)
    assert (str(caught.value.path), caught.value.line) == (
        "curriculum/courses/rtp/chapters/closing.yaml",
        line,
    )
    assert "'- rubric: true' shows the course's rubric" in caught.value.reason


def test_the_course_text_takes_its_pass_numbers_from_the_rubric(scratch):
    """Change the pass mark in the rubric alone: the course text follows."""
    edit(scratch / "courses" / "tot" / "rubric.yaml", "  min_percent: 75\n", "  min_percent: 80\n")
    built = build_course("tot", root=scratch)
    pages = _pages(built)
    assert "at least 80 %, no criterion below level 2 (Developing)" in pages
    assert "at least 75 %" not in pages


def test_the_rubric_page_shows_every_descriptor_and_example():
    rubric = read(SOURCE_ROOT)
    pages = _pages(build_course("tot"))
    for criterion in rubric.criteria:
        assert criterion.title in pages
        for level in criterion.levels:
            assert " ".join(level.descriptor.split()) in pages
            assert " ".join(level.example.split()) in pages
    values = rubric_placeholders(rubric)
    assert f"at least {values['rubric_pass_percent']} %" in pages


def test_no_pass_number_is_typed_in_the_tot_chapters():
    """The teach-back's numbers come from the rubric; the exam's from its bank."""
    exam = yaml.safe_load((SOURCE_ROOT / "courses" / "tot" / "certification.yaml").read_text())
    for path in (SOURCE_ROOT / "courses" / "tot" / "chapters").glob("*.yaml"):
        text = path.read_text("utf-8")
        for match in re.finditer(r"(pass mark is|exam, at) (\d+) %", text):
            # The only pass mark typed in the chapters is the exam's, and it agrees.
            assert int(match.group(2)) == exam["pass_percent"], f"{path.name}: {match[0]}"
        assert "teach-back at least" not in text
        assert not re.search(r"(rubric|teach-back)[^.]{0,80}\d+ %", text), path.name


def _pages(built) -> str:
    from lxml import etree

    texts = []
    for chapter in built.course.chapters:
        for section in chapter.sections:
            for unit in section.units:
                for component in unit.components:
                    if component.tag == "html":
                        texts += [
                            etree.tostring(e, encoding="unicode", method="text")
                            for e in component.body
                        ]
            texts.append(" ".join(etree.tostring(e, encoding="unicode") for e in section.notes))
    return " ".join(" ".join(texts).split())
