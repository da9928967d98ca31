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
with the learning-objectives table, the timetable and the references, and a last
chapter hidden from learners, the facilitator guide (:mod:`.plan`).

Every section is a session of the face-to-face course and gives its ``minutes``,
``method`` and ``facilitator_notes``. Every unit that states a fact names its references
(``sources: [key, ...]``, from the bibliography); a unit whose text reads as a claim and
names none stops the build (:func:`.bibliography.first_claim`). A unit's references are
listed under it, and every reference the course cites is on its references page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .bibliography import first_claim
from .block_fields import count, identifier, mapping_at
from .blocks import block_component
from .blueprint import split_forms, write_forms
from .context import CourseContext
from .course_checks import check_test_pairs, check_unique_names
from .course_model import Chapter, Component, Course, Objective, Section, Unit
from .errors import CurriculumError
from .objectives import check_coverage, objectives_page, read_objectives
from .plan import Plan, facilitator_guide, read_plan, timetable_unit
from .rubric import read_rubric, rubric_component, rubric_placeholders, rubric_sources
from .sources import SourceMap, only_keys, optional, require

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
    "plan",
    "rubric",
}
SECTION_MINUTES = (15, 240)


@dataclass
class BuiltCourse:
    course: Course
    objectives: list[Objective]
    plan: Plan | None = None
    references: tuple[str, ...] = ()  # every bibliography key the course cites


def read_course(ctx: CourseContext, spec: SourceMap) -> BuiltCourse:
    """Assemble the course described by ``spec`` (a loaded course.yaml)."""
    only_keys(spec, COURSE_KEYS, "a course")
    level = require(spec, "level")
    if level not in LEVELS:
        raise spec.error("level", f"level {level!r} must be one of {', '.join(LEVELS)}")
    _read_placeholders(ctx, spec)
    pass_percent = optional(spec, "pass_percent", int, 70)
    chapters: list[Chapter] = []
    entries = require(spec, "chapters", list)
    for index, entry in enumerate(entries):
        entry = mapping_at(entries, index, "a chapter entry")
        only_keys(entry, {"module", "chapter", "level", "self_study"}, "a chapter entry")
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
        # A chapter may be taken at another level (the RTP's policy units in the ToT's
        # toolkit) and as self-study: outside the face-to-face timetable.
        at_level = optional(entry, "level", str, level)
        if at_level not in LEVELS:
            raise entry.error("level", f"level {at_level!r} must be one of {', '.join(LEVELS)}")
        chapter = _chapter(ctx, source, at_level)
        chapter.self_study = optional(entry, "self_study", bool, False)
        chapters.append(chapter)
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
    check_unique_names(course, spec)
    check_test_pairs(course, spec)
    objective_rows = require(spec, "objectives", list)
    objectives = read_objectives(ctx, objective_rows)
    items = check_coverage(course, objectives, objective_rows)
    forms = split_forms(course, objectives, lambda o: o.source.path != spec.path)
    write_forms(course, forms, spec)
    plan = read_plan(ctx, require(spec, "plan", list), course) if "plan" in spec else None
    references = _references(ctx, spec, course)
    guide_from = len(ctx.heard)
    guide = facilitator_guide(course, plan, ctx.translate)
    guide_to = len(ctx.heard)
    about = _about_chapter(ctx, spec, course, objectives, items, plan, references)
    # The course's own pages rest on the strings heard outside every unit and the
    # staff-only guide: titles, overview, objectives, the about pages.
    in_units = {m for c in course.chapters for s in c.sections for u in s.units for m in u.messages}
    heard = ctx.heard[:guide_from] + ctx.heard[guide_to:]
    for unit in about.sections[0].units:
        unit.messages = tuple(m for m in dict.fromkeys(heard) if m not in in_units)
    course.chapters.insert(0, about)
    course.chapters.append(guide)
    return BuiltCourse(course, objectives, plan, references)


def _read_placeholders(ctx: CourseContext, spec: SourceMap) -> None:
    """Each placeholder is text, or ``{text, sources}`` when its value states facts; the
    course's rubric (``rubric:``) adds the numbers of its pass rule (``{{ rubric_... }}``)."""
    if "rubric" in spec:
        ctx.rubric = read_rubric(ctx.include(spec, "rubric")[0], ctx.bibliography)
        ctx.placeholders.update(rubric_placeholders(ctx.rubric))
    placeholders = optional(spec, "placeholders", dict, {})
    for name, value in placeholders.items():
        if isinstance(value, SourceMap):
            only_keys(value, {"text", "sources"}, "a placeholder")
            ctx.placeholders[name] = ctx.plain(value, "text")
            ctx.placeholder_sources[name] = ctx.bibliography.check(value, "sources")
        else:
            ctx.placeholders[name] = ctx.plain(placeholders, name)


def _chapter(ctx: CourseContext, source: SourceMap, level: str) -> Chapter:
    only_keys(source, {"id", "title", "sections"}, "a module or chapter")
    sections: list[Section] = []
    rows = require(source, "sections", list)
    for index, _ in enumerate(rows):
        row = mapping_at(rows, index, "a section")
        only_keys(
            row, {"id", "title", "minutes", "method", "facilitator_notes", "units"}, "a section"
        )
        units: list[Unit] = []
        unit_rows = require(row, "units", list)
        for unit_index, _ in enumerate(unit_rows):
            unit_spec = mapping_at(unit_rows, unit_index, "a unit")
            only_keys(unit_spec, {"id", "title", "levels", "sources", "content"}, "a unit")
            levels = optional(unit_spec, "levels", list, list(LEVELS))
            for value in levels:
                if value not in LEVELS:
                    raise unit_spec.error("levels", f"level {value!r} is not one of {LEVELS}")
            if level in levels:
                units.append(_unit(ctx, unit_spec))
        if units:
            low, high = SECTION_MINUTES
            sections.append(
                Section(
                    identifier(row, "id"),
                    ctx.plain(row, "title"),
                    units,
                    minutes=count(row, "minutes", 0, minimum=low, maximum=high, needed=True),
                    method=ctx.plain(row, "method"),
                    notes=ctx.page(row, "facilitator_notes"),
                )
            )
    if not sections:
        raise source.error("sections", f"nothing in this file is taught at the {level!r} level")
    return Chapter(identifier(source, "id"), ctx.plain(source, "title"), sections)


def _unit(ctx: CourseContext, spec: SourceMap) -> Unit:
    heard_before = len(ctx.heard)
    unit_id = identifier(spec, "id")
    title = ctx.plain(spec, "title")
    components: list[Component] = []
    written: list[str] = []  # the unit's author text, for the claim check
    cited: list[str] = []  # references of generated pages (the rubric's)
    rows = require(spec, "content", list)
    if not rows:
        raise spec.error("content", f"unit {unit_id!r} has no content")
    for index, _ in enumerate(rows):
        row = mapping_at(rows, index, "a content item")
        if "text" in row:
            only_keys(row, {"text"}, "a text item")
            url_name = f"{unit_id}_text{index + 1}"
            components.append(Component(url_name, title, "html", ctx.page(row, "text")))
            written.append(require(row, "text"))
        elif "block" in row:
            components.append(block_component(ctx, row))
            written.append(_block_text(components[-1]))
        elif "include" in row:
            only_keys(row, {"include"}, "an include item")
            included, _ = ctx.include(row, "include")
            components.append(block_component(ctx, included))
            written.append(_block_text(components[-1]))
        elif "rubric" in row:
            components.append(rubric_component(row, ctx.rubric, unit_id, title, ctx.translate))
            cited += rubric_sources(ctx.rubric)
        else:
            raise CurriculumError(
                rows.path,
                rows.item_lines[index],
                "a content item is '- text:', '- block: <kind>', '- include: <file>' "
                "or '- rubric: true'",
            )
    sources = _unit_sources(ctx, spec, unit_id, written, cited)
    words = sum(_words(c.body) for c in components if c.tag == "html")
    if sources:
        _add_source_line(ctx, unit_id, title, components, sources)
    messages = tuple(dict.fromkeys(ctx.heard[heard_before:]))
    return Unit(unit_id, title, components, sources=sources, words=words, messages=messages)


def _unit_sources(
    ctx: CourseContext, spec: SourceMap, unit_id: str, written: list[str], cited: list[str]
) -> tuple[str, ...]:
    """The unit's references: its own, those of the placeholders it fills and those of
    the generated pages it shows (``cited``)."""
    declared = ctx.bibliography.check(spec, "sources") if "sources" in spec else ()
    found = dict.fromkeys([*declared, *cited])
    for text in written:
        found.update(dict.fromkeys(ctx.sources_of_placeholders(text)))
    if not found:
        for text in written:
            claim = first_claim(ctx.english(text))
            if claim:
                raise spec.error(
                    "id",
                    f'unit {unit_id!r} states a fact with no source ("...{claim}..."); '
                    "name its references under 'sources:'",
                )
    return tuple(found)


def _add_source_line(
    ctx: CourseContext,
    unit_id: str,
    title: str,
    components: list[Component],
    sources: tuple[str, ...],
) -> None:
    """``Sources: A; B.`` under the unit's last page (or on a page of its own)."""
    line = etree.Element("p", attrib={"class": "commit-sources"})
    etree.SubElement(line, "strong").text = ctx.translate("Sources:")
    names = [ctx.bibliography.entries[key].short for key in sources]
    etree.SubElement(line, "span").text = " " + "; ".join(names) + "."
    pages = [c for c in components if c.tag == "html"]
    if pages:
        pages[-1].body.append(line)
    else:
        components.append(Component(f"{unit_id}_sources", title, "html", [line]))


def _block_text(component: Component) -> str:
    """Everything a learner reads in a block: stages, questions, nodes, feedback."""
    return etree.tostring(component.body[0], encoding="unicode", method="text")


def _words(elements: list[etree._Element]) -> int:
    text = " ".join(etree.tostring(e, encoding="unicode", method="text") for e in elements)
    return len(re.findall(r"\w+", text))


def _references(ctx: CourseContext, spec: SourceMap, course: Course) -> tuple[str, ...]:
    """Every reference the course cites, and those its file adds under ``references``."""
    cited: dict[str, None] = {}
    for chapter in course.chapters:
        for section in chapter.sections:
            for unit in section.units:
                cited.update(dict.fromkeys(unit.sources))
                for component in unit.components:
                    cited.update(dict.fromkeys(component.cites))
    if "references" in spec:
        cited.update(dict.fromkeys(ctx.bibliography.check(spec, "references")))
    return tuple(sorted(cited, key=lambda k: ctx.bibliography.entries[k].text.lower()))


def _about_chapter(
    ctx: CourseContext,
    spec: SourceMap,
    course: Course,
    objectives: list[Objective],
    items: dict,
    plan: Plan | None,
    references: tuple[str, ...],
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
    units = [overview, objectives_unit]
    if plan is not None:
        units.append(timetable_unit(plan, course, t))
    units.append(references_unit)
    section = Section(f"{course.id}_about_course", t("Course information"), units)
    return Chapter(f"{course.id}_about", t("About this course"), [section])


def _paragraph(text: str) -> etree._Element:
    paragraph = etree.Element("p")
    paragraph.text = text
    return paragraph


def _reference_list(ctx: CourseContext, references: tuple[str, ...]) -> etree._Element:
    """The references as an ordered list; each may use Markdown (links, emphasis)."""
    listing = etree.Element("ol")
    for key in references:
        item = etree.SubElement(listing, "li", id=f"source-{key}")
        ctx.fill(item, ctx.bibliography.entries[key].source, "text")
    return listing
