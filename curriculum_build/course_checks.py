"""Checks of a whole course once it is assembled: names used once, tests in pairs."""

from __future__ import annotations

from .blueprint import EXAM
from .course_model import Course
from .sources import SourceMap


def check_test_pairs(course: Course, spec: SourceMap) -> None:
    """Each assessment is one pre-test and one post-test, so gains can be shown, or one
    exam, whose bank is its own."""
    phases: dict[str, list[str]] = {}
    for component in course.components():
        if component.assessment:
            assessment_id, phase = component.assessment
            phases.setdefault(assessment_id, []).append(phase)
    for assessment_id, found in sorted(phases.items()):
        if EXAM in found and found != [EXAM]:
            raise spec.error(
                "chapters",
                f"assessment {assessment_id!r} is an exam, once in the course and with a "
                f"bank of its own; found: {', '.join(sorted(found))}",
            )
        if EXAM not in found and sorted(found) != ["post", "pre"]:
            raise spec.error(
                "chapters",
                f"assessment {assessment_id!r} needs one pre-test and one post-test "
                f"in the course; found: {', '.join(sorted(found))}",
            )


def check_unique_names(course: Course, spec: SourceMap) -> None:
    seen: dict[str, str] = {}
    for chapter in course.chapters:
        names = [chapter.id]
        for section in chapter.sections:
            names.append(section.id)
            for unit in section.units:
                names.append(unit.id)
                names.extend(c.url_name for c in unit.components)
        for name in names:
            if name in seen:
                raise spec.error(
                    "chapters",
                    f"the name {name!r} is used twice in this course "
                    f"(in {seen[name]!r} and in {chapter.id!r})",
                )
            seen[name] = chapter.id
