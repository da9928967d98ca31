"""Citations, sessions, the timetable and the national packs: each rule the build keeps
about them fails on bad input with the file, the line and the reason."""

from __future__ import annotations

import pytest

from curriculum_build import CurriculumError, build_course
from curriculum_build.bibliography import first_claim
from tests.curriculum.test_curriculum_bad_input import edit, failure


def test_a_unit_citing_a_key_the_bibliography_lacks(scratch):
    module = scratch / "modules" / "ethics_human_rights.yaml"
    text = module.read_text("utf-8")
    old = next(line for line in text.splitlines() if "sources: [" in line)
    line = edit(module, old + "\n", old.replace("sources: [", "sources: [no_such_report, ") + "\n")
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/modules/ethics_human_rights.yaml", line)
    assert "unknown source 'no_such_report'" in error.reason


def test_a_unit_stating_a_fact_with_no_source(scratch):
    module = scratch / "modules" / "ethics_human_rights.yaml"
    text = module.read_text("utf-8")
    unit = text.index("      - id: eth_who_principles\n")
    start = text.index("        sources:", unit)
    end = text.index("\n", start) + 1
    module.write_text(text[:start] + text[end:], "utf-8")
    line = text[:unit].count("\n") + 1
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/modules/ethics_human_rights.yaml", line)
    assert "unit 'eth_who_principles' states a fact with no source" in error.reason
    assert "2003" in error.reason and "name its references under 'sources:'" in error.reason


def test_a_reference_key_defined_twice(scratch):
    extra = scratch / "bibliography" / "zz_extra.yaml"
    extra.write_text('entries:\n  palermo_protocol:\n    short: "P"\n    text: "Again."\n', "utf-8")
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/bibliography/zz_extra.yaml", 2)
    assert "'palermo_protocol' is already defined (curriculum/bibliography/core.yaml:" in (
        error.reason
    )


def test_an_indicator_grounded_in_an_unknown_reference(scratch):
    catalogue = scratch / "indicators.yaml"
    line = edit(
        catalogue,
        'by the person or the family", source: ohchr_scams_2023}',
        'by the person or the family", source: ohchr_2099}',
    )
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/indicators.yaml", line)
    assert "unknown source 'ohchr_2099'" in error.reason


def test_a_session_without_facilitator_notes(scratch):
    chapter = scratch / "courses" / "ntp" / "chapters" / "closing.yaml"
    text = chapter.read_text("utf-8")
    start = text.index("    facilitator_notes: |\n")
    end = text.index("    units:", start)
    chapter.write_text(text[:start] + text[end:], "utf-8")
    error = failure(scratch, "ntp-kh")
    assert str(error.path) == "curriculum/courses/ntp/chapters/closing.yaml"
    assert "'facilitator_notes' is missing" in error.reason


def test_a_session_the_timetable_leaves_out(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    line = edit(course, "      - section: rtp_evaluation_section\n", "")
    error = failure(scratch)
    assert str(error.path) == "curriculum/courses/rtp/course.yaml"
    assert "the plan leaves out the session 'rtp_evaluation_section'" in error.reason
    assert line > 0


def test_a_session_placed_twice(scratch):
    course = scratch / "courses" / "rtp" / "course.yaml"
    line = edit(
        course,
        "      - section: rtp_evaluation_section\n",
        "      - section: rtp_evaluation_section\n      - section: rtp_start_section\n",
    )
    error = failure(scratch)
    assert (str(error.path), error.line) == ("curriculum/courses/rtp/course.yaml", line + 1)
    assert "'rtp_start_section' is already on day 1" in error.reason


def test_a_day_that_holds_too_much(scratch):
    chapter = scratch / "courses" / "rtp" / "chapters" / "closing.yaml"
    text = chapter.read_text("utf-8")
    section = text.index("  - id: rtp_post_test_section\n")
    start = text.index("    minutes: ", section)
    end = text.index("\n", start)
    chapter.write_text(text[:start] + "    minutes: 120" + text[end:], "utf-8")
    error = failure(scratch)
    assert str(error.path) == "curriculum/courses/rtp/course.yaml"
    assert "day 5 holds 555 minutes of sessions; a day holds 180 to 480" in error.reason


def test_a_national_pack_that_leaves_a_placeholder_empty(scratch):
    pack = scratch / "courses" / "ntp" / "countries" / "kh.yaml"
    text = pack.read_text("utf-8")
    start = text.index("  national_hotlines:")
    end = text.index("\n  national_", start + 1)
    pack.write_text(text[:start] + text[end + 1 :], "utf-8")
    error = failure(scratch, "ntp-kh")
    assert "placeholder {{national_hotlines}} has no value in this course" in error.reason


def test_an_unknown_national_course_names_the_known_ones():
    with pytest.raises(CurriculumError) as caught:
        build_course("ntp-xx")
    assert "course 'ntp-xx' does not exist; national: ntp-cn, ntp-kh, ntp-la, ntp-mm" in (
        caught.value.reason
    )


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The Protocol entered into force in 2003.", "2003"),
        ("Over 35 % had left their posts.", "35 %"),
        ("Under Article 3 of the treaty", "Article 3"),
        ("the Anti-Trafficking in Persons Act prohibits", "Act"),
        ("Ask the person what they need, then listen.", None),
        ("Use the guidelines of this course.", None),
    ],
)
def test_what_reads_as_a_claim(text, claim):
    found = first_claim(text)
    assert (found is None) if claim is None else (claim in found)
