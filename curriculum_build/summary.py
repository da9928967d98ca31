"""The content summary: how much a course team has written, and what the build enforces.

:func:`content_summary` builds every course and counts, per course and across the
library (each unit once, however many courses use it): the words of teaching text in
course pages, the sessions and their facilitator notes, the days and hours of the
timetable, the case scenarios, interview simulations and questions, and the units whose
text reads as a factual claim, with and without sources. :func:`summary_text` prints it
as ``python -m curriculum_build --summary`` (and ``make curriculum``)
shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .bibliography import first_claim
from .build import SOURCE_ROOT, build_course, course_names
from .course_source import BuiltCourse


@dataclass
class CourseCounts:
    name: str
    words: int = 0
    units: int = 0
    sessions: int = 0
    sessions_with_notes: int = 0
    days: int = 0
    teaching_minutes: int = 0
    cases: set[str] = field(default_factory=set)
    simulations: set[str] = field(default_factory=set)
    questions: int = 0
    units_with_claims: int = 0
    unsourced: list[str] = field(default_factory=list)


@dataclass
class Summary:
    courses: list[CourseCounts]
    library_words: int
    library_units: int
    cases: set[str]
    simulations: set[str]
    unsourced: list[str]


def content_summary(root: Path = SOURCE_ROOT) -> Summary:
    counted: dict[str, int] = {}
    courses: list[CourseCounts] = []
    for name in course_names(root):
        built = build_course(name, root=root)
        counts = _count(name, built, counted)
        courses.append(counts)
    return Summary(
        courses=courses,
        library_words=sum(counted.values()),
        library_units=len(counted),
        cases=set().union(*(c.cases for c in courses)),
        simulations=set().union(*(c.simulations for c in courses)),
        unsourced=sorted({u for c in courses for u in c.unsourced}),
    )


def _count(name: str, built: BuiltCourse, counted: dict[str, int]) -> CourseCounts:
    course = built.course
    counts = CourseCounts(name)
    for chapter in course.chapters:
        if chapter.staff_only:
            continue
        for section in chapter.sections:
            generated = section.id == f"{course.id}_about_course"
            if not generated:
                counts.sessions += 1
                counts.sessions_with_notes += bool(_text(section.notes).strip())
            for unit in section.units:
                if generated:
                    continue
                counts.units += 1
                counts.words += unit.words
                counted.setdefault(unit.id, unit.words)
                text = " ".join(_text(c.body) for c in unit.components)
                if first_claim(text):
                    counts.units_with_claims += 1
                    if not unit.sources:
                        counts.unsourced.append(unit.id)
                for component in unit.components:
                    if component.tag == "commit_case_scenario":
                        counts.cases.add(component.url_name)
                    elif component.tag == "commit_interview_sim":
                        counts.simulations.add(component.url_name)
                    elif component.assessment and component.assessment[1] == "post":
                        counts.questions += len(component.body[0].findall("question"))
    if built.plan is not None:
        counts.days = len(built.plan.days)
        counts.teaching_minutes = built.plan.teaching_minutes
    return counts


def _text(elements: list[etree._Element]) -> str:
    """The text of elements, less the line that lists a unit's sources."""
    return " ".join(
        etree.tostring(e, encoding="unicode", method="text")
        for e in elements
        if e.get("class") != "commit-sources"
    )


def summary_text(summary: Summary) -> str:
    header = (
        f"{'course':<8} {'words':>7} {'units':>5} {'sessions':>8} {'notes':>5} "
        f"{'days':>4} {'hours':>5} {'cases':>5} {'sims':>4} {'items':>5} {'claims':>6} "
        f"{'unsourced':>9}"
    )
    lines = ["Content summary of the courses", "", header]
    for c in summary.courses:
        hours = f"{c.teaching_minutes / 60:.1f}" if c.days else "-"
        lines.append(
            f"{c.name:<8} {c.words:>7} {c.units:>5} {c.sessions:>8} "
            f"{c.sessions_with_notes:>5} {c.days or '-':>4} {hours:>5} {len(c.cases):>5} "
            f"{len(c.simulations):>4} {c.questions:>5} {c.units_with_claims:>6} "
            f"{len(c.unsourced):>9}"
        )
    lines += [
        "",
        f"Library: {summary.library_words} words of teaching text in "
        f"{summary.library_units} units (each unit counted once), "
        f"{len(summary.cases)} case scenarios, {len(summary.simulations)} interview "
        "simulations.",
        f"Units stating facts with no source: {len(summary.unsourced)}"
        + (f" ({', '.join(summary.unsourced)})" if summary.unsourced else "."),
    ]
    return "\n".join(lines) + "\n"
