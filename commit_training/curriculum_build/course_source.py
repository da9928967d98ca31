"""Reading one course: its file, the modules and chapters it assembles, its objectives.

Layout of the sources (paths relative to ``curriculum/``)::

    indicators.yaml              the shared indicator catalogue
    modules/<module>.yaml        the shared module library
    courses/<course>/course.yaml a course: metadata, chapters, objectives, references
    courses/<course>/...         its own chapters, question banks and catalogues

A course lists ``chapters``: ``- module: <name>`` takes a library module at the course's
``level`` (units marked ``levels: [policy]`` or ``[operational]`` appear only at that
level), ``- chapter: <file>`` takes a chapter file of the course. Chapters hold
``sections``, sections hold ``units``, units hold ``content``: ``- text:`` (Markdown),
``- block: <kind>`` (a COMMIT block declared in place) or ``- include: <file>`` (a file
holding one block declaration). The builder adds a first chapter, *About this course*,
with the learning-objectives table and the references.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .block_fields import identifier, mapping_at
from .blocks import block_component
from .context import CourseContext
from .course_model import Chapter, Component, Course, Objective, Section, Unit
from .errors import CurriculumError
from .objectives import check_coverage, objectives_page, read_objectives
from .sources import SourceList, SourceMap, only_keys, optional, require

LEVELS = ("policy", "operational")
COURSE_KEYS = {
    "id",
    "org",
    "number",
    "run",
    "title",
    "language",
    "level",
    "start",
    "end",
    "pass_percent",
    "overview",
    "placeholders",
    "chapters",
    "objectives",
    "references",
    "translations",
}


@dataclass
class BuiltCourse:
    course: Course
    objectives: list[Objective]


def read_course(ctx: CourseContext, spec: SourceMap) -> BuiltCourse:
    """Assemble the course described by ``spec`` (a loaded course.yaml)."""
    only_keys(spec, COURSE_KEYS, "a course")
    level = require(spec, "level")
    if level not in LEVELS:
        raise spec.error("level", f"level {level!r} must be one of {', '.join(LEVELS)}")
    placeholders = optional(spec, "placeholders", dict, {})
    for name in placeholders:
        require(placeholders, name)
    ctx.placeholders = {name: ctx.plain(placeholders, name) for name in placeholders}
    pass_percent = optional(spec, "pass_percent", int, 70)
    chapters: list[Chapter] = []
    entries = require(spec, "chapters", list)
    for index, entry in enumerate(entries):
        entry = mapping_at(entries, index, "a chapter entry")
        only_keys(entry, {"module", "chapter"}, "a chapter entry")
        if "module" in entry:
            name = require(entry, "module")
            path = ctx.root / "modules" / f"{name}.yaml"
            if not path.is_file():
                raise entry.error("module", f"module {name!r} does not exist ({ctx.shown(path)})")
            source = ctx.load(path)
        elif "chapter" in entry:
            source, _ = ctx.include(entry, "chapter")
        else:
            raise entry.error(None, "a chapter entry names a 'module' or a 'chapter' file")
        chapters.append(_chapter(ctx, source, level))
    course = Course(
        id=identifier(spec, "id"),
        org=require(spec, "org"),
        number=require(spec, "number"),
        run=identifier(spec, "run"),
        title=ctx.plain(spec, "title"),
        language=require(spec, "language"),
        start=require(spec, "start"),
        end=require(spec, "end"),
        overview=ctx.page(spec, "overview"),
        chapters=chapters,
        pass_cutoff=pass_percent / 100,
    )
    _check_unique_names(course, spec)
    _check_test_pairs(course, spec)
    objective_rows = require(spec, "objectives", list)
    objectives = read_objectives(ctx, objective_rows)
    items = check_coverage(course, objectives, objective_rows)
    course.chapters.insert(0, _about_chapter(ctx, spec, course, objectives, items))
    return BuiltCourse(course, objectives)


def _chapter(ctx: CourseContext, source: SourceMap, level: str) -> Chapter:
    only_keys(source, {"id", "title", "sections"}, "a module or chapter")
    sections: list[Section] = []
    rows = require(source, "sections", list)
    for index, _ in enumerate(rows):
        row = mapping_at(rows, index, "a section")
        only_keys(row, {"id", "title", "units"}, "a section")
        units: list[Unit] = []
        unit_rows = require(row, "units", list)
        for unit_index, _ in enumerate(unit_rows):
            unit_spec = mapping_at(unit_rows, unit_index, "a unit")
            only_keys(unit_spec, {"id", "title", "levels", "content"}, "a unit")
            levels = optional(unit_spec, "levels", list, list(LEVELS))
            for value in levels:
                if value not in LEVELS:
                    raise unit_spec.error("levels", f"level {value!r} is not one of {LEVELS}")
            if level in levels:
                units.append(_unit(ctx, unit_spec))
        if units:
            sections.append(Section(identifier(row, "id"), ctx.plain(row, "title"), units))
    if not sections:
        raise source.error("sections", f"nothing in this file is taught at the {level!r} level")
    return Chapter(identifier(source, "id"), ctx.plain(source, "title"), sections)


def _unit(ctx: CourseContext, spec: SourceMap) -> Unit:
    unit_id = identifier(spec, "id")
    title = ctx.plain(spec, "title")
    components: list[Component] = []
    rows = require(spec, "content", list)
    if not rows:
        raise spec.error("content", f"unit {unit_id!r} has no content")
    for index, _ in enumerate(rows):
        row = mapping_at(rows, index, "a content item")
        if "text" in row:
            only_keys(row, {"text"}, "a text item")
            url_name = f"{unit_id}_text{index + 1}"
            components.append(Component(url_name, title, "html", ctx.page(row, "text")))
        elif "block" in row:
            components.append(block_component(ctx, row))
        elif "include" in row:
            only_keys(row, {"include"}, "an include item")
            included, _ = ctx.include(row, "include")
            components.append(block_component(ctx, included))
        else:
            raise CurriculumError(
                rows.path,
                rows.item_lines[index],
                "a content item is '- text:', '- block: <kind>' or '- include: <file>'",
            )
    return Unit(unit_id, title, components)


def _about_chapter(
    ctx: CourseContext,
    spec: SourceMap,
    course: Course,
    objectives: list[Objective],
    items: dict,
) -> Chapter:
    t = ctx.translate
    intro = _paragraph(
        t(
            "Each objective of this course, the activities where you practise it and the "
            "assessment items that check it."
        )
    )
    table = objectives_page(
        course,
        objectives,
        items,
        (t("Objective"), t("Practised in"), t("Assessed by")),
    )
    references = require(spec, "references", list)
    listing = _reference_list(ctx, references)
    overview = Unit(
        f"{course.id}_overview",
        t("About this course"),
        [Component(f"{course.id}_overview_text", t("About this course"), "html", course.overview)],
    )
    objectives_unit = Unit(
        f"{course.id}_objectives",
        t("Learning objectives"),
        [
            Component(
                f"{course.id}_objectives_table", t("Learning objectives"), "html", [intro, *table]
            )
        ],
    )
    references_unit = Unit(
        f"{course.id}_references",
        t("References"),
        [Component(f"{course.id}_references_list", t("References"), "html", [listing])],
    )
    section = Section(
        f"{course.id}_about_course",
        t("Course information"),
        [overview, objectives_unit, references_unit],
    )
    return Chapter(f"{course.id}_about", t("About this course"), [section])


def _paragraph(text: str) -> etree._Element:
    paragraph = etree.Element("p")
    paragraph.text = text
    return paragraph


def _reference_list(ctx: CourseContext, references: SourceList) -> etree._Element:
    """The references as an ordered list; each may use Markdown (links, emphasis)."""
    listing = etree.Element("ol")
    holder = SourceMap()
    holder.path, holder.line = references.path, references.line
    holder.key_lines = {}
    for index, reference in enumerate(references):
        holder["reference"] = reference
        holder.key_lines["reference"] = references.item_lines[index]
        item = etree.SubElement(listing, "li")
        ctx.fill(item, holder, "reference")
    return listing


def _check_test_pairs(course: Course, spec: SourceMap) -> None:
    """Each assessment has exactly one pre-test and one post-test, so gains can be shown."""
    phases: dict[str, list[str]] = {}
    for component in course.components():
        if component.assessment:
            assessment_id, phase = component.assessment
            phases.setdefault(assessment_id, []).append(phase)
    for assessment_id, found in sorted(phases.items()):
        if sorted(found) != ["post", "pre"]:
            raise spec.error(
                "chapters",
                f"assessment {assessment_id!r} needs one pre-test and one post-test "
                f"in the course; found: {', '.join(sorted(found))}",
            )


def _check_unique_names(course: Course, spec: SourceMap) -> None:
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
