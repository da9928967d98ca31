"""The learning-objectives table: every objective assessed, every assessment item owned.

Each course file lists its objectives, and for each the activities that teach it (unit,
section or block ids) and the assessment items that test it (``<assessment_id>/<question
id>`` for knowledge-check questions, the url_name of a case or an interview). The build
fails when an objective names something that is not in the course, when an objective has
no activity or no assessment item, or when an item of the course serves no objective.
The table is also rendered as a page of the course.
"""

from __future__ import annotations

from lxml import etree

from .context import CourseContext
from .course_model import AssessmentItem, Course, Objective
from .errors import CurriculumError
from .sources import SourceList, SourceMap, only_keys, require


def read_objectives(ctx: CourseContext, rows: SourceList) -> list[Objective]:
    """The objectives as written, with their text translated and their lists checked."""
    objectives: list[Objective] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if not isinstance(row, SourceMap):
            raise CurriculumError(rows.path, rows.item_lines[index], "an objective is a mapping")
        only_keys(row, {"id", "text", "activities", "assessed_by"}, "an objective")
        objective_id = require(row, "id")
        if objective_id in seen:
            raise row.error("id", f"objective id {objective_id!r} is repeated")
        seen.add(objective_id)
        activities = tuple(require(row, "activities", list))
        assessed = tuple(require(row, "assessed_by", list))
        if not activities:
            raise row.error("activities", f"objective {objective_id!r} has no activity")
        if not assessed:
            raise row.error("assessed_by", f"objective {objective_id!r} is not assessed")
        objectives.append(
            Objective(objective_id, ctx.plain(row, "text"), activities, assessed, row)
        )
    return objectives


def check_coverage(
    course: Course, objectives: list[Objective], rows: SourceList
) -> dict[str, AssessmentItem]:
    """Raise CurriculumError on an unknown reference or an orphaned item; return the items."""
    items = {item.id: item for c in course.components() for item in c.items}
    activities = activity_titles(course)
    for objective in objectives:
        for name in objective.activities:
            if name not in activities:
                raise objective.source.error(
                    "activities",
                    f"objective {objective.id!r}: no unit, section or block "
                    f"{name!r} in this course",
                )
        for name in objective.assessed_by:
            if name not in items:
                raise objective.source.error(
                    "assessed_by",
                    f"objective {objective.id!r}: no assessment item {name!r} "
                    "in this course (a question is <assessment_id>/<question_id>)",
                )
    covered = {name for objective in objectives for name in objective.assessed_by}
    orphaned = sorted(set(items) - covered)
    if orphaned:
        raise CurriculumError(
            rows.path,
            rows.line,
            f"assessment item {orphaned[0]!r} serves no learning objective "
            f"({len(orphaned)} orphaned in all)",
        )
    return items


def activity_titles(course: Course) -> dict[str, str]:
    """Every id an objective may name as an activity, with the title a learner sees."""
    titles: dict[str, str] = {}
    for chapter in course.chapters:
        for section in chapter.sections:
            titles[section.id] = section.title
            for unit in section.units:
                titles[unit.id] = unit.title
                for component in unit.components:
                    if component.tag != "html":
                        titles[component.url_name] = component.display_name
    return titles


def objectives_page(
    course: Course,
    objectives: list[Objective],
    items: dict[str, AssessmentItem],
    headings: tuple[str, str, str],
) -> list[etree._Element]:
    """The objectives table as XHTML: objective, where it is practised, how it is assessed."""
    titles = activity_titles(course)
    table = etree.Element("table")
    head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
    for heading in headings:
        etree.SubElement(head, "th", scope="col").text = heading
    body = etree.SubElement(table, "tbody")
    for objective in objectives:
        row = etree.SubElement(body, "tr")
        etree.SubElement(row, "td").text = objective.text
        for names, labels in (
            (objective.activities, titles),
            (objective.assessed_by, {k: v.label for k, v in items.items()}),
        ):
            listing = etree.SubElement(etree.SubElement(row, "td"), "ul")
            for name in names:
                etree.SubElement(listing, "li").text = labels[name]
    return [table]
