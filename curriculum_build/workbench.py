"""The courses as workbench scenarios: each unit as a stand-alone OLX string.

The XBlock workbench of the demo site shows one scenario per unit. Course pages become
``html_demo`` blocks (the workbench's HTML block), the COMMIT blocks stay as they are,
all inside a ``vertical_demo``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .build import SOURCE_ROOT, build_course, course_names, translatable_courses
from .course_model import Chapter, Course, Unit


@dataclass(frozen=True)
class OutlineUnit:
    number: int  # the unit's place in the course, as its scenario numbers it
    title: str
    activities: tuple[str, ...]  # the COMMIT blocks it holds, by tag


@dataclass(frozen=True)
class OutlineModule:
    title: str
    units: tuple[OutlineUnit, ...]


@dataclass(frozen=True)
class CourseOutline:
    name: str
    number: str
    title: str
    modules: tuple[OutlineModule, ...]

    @property
    def units(self) -> tuple[OutlineUnit, ...]:
        return tuple(unit for module in self.modules for unit in module.units)


def _numbered(course: Course) -> Iterator[tuple[int, Chapter, Unit]]:
    """Every unit of the course with its number (from 1), the facilitator guide's too:
    the scenarios and the outline number units by this one rule."""
    number = 0
    for chapter in course.chapters:
        for section in chapter.sections:
            for unit in section.units:
                number += 1
                yield number, chapter, unit


def course_outline(
    name: str, root: Path = SOURCE_ROOT, language: str | None = None
) -> CourseOutline:
    """What a learner sees of course ``name``: its modules (chapters) and their units,
    numbered as the workbench's scenarios are, less the facilitator guide (staff only)."""
    course = build_course(name, root=root, language=language).course
    modules: dict[str, tuple[str, list[OutlineUnit]]] = {}
    for number, chapter, unit in _numbered(course):
        if chapter.staff_only:
            continue
        activities = tuple(c.tag for c in unit.components if c.tag != "html")
        modules.setdefault(chapter.id, (chapter.title, []))[1].append(
            OutlineUnit(number, unit.title, activities)
        )
    return CourseOutline(
        name=name,
        number=course.number,
        title=course.title,
        modules=tuple(OutlineModule(title, tuple(units)) for title, units in modules.values()),
    )


def workbench_units(
    root: Path = SOURCE_ROOT, language: str | None = None
) -> dict[str, list[tuple[str, str]]]:
    """``{course name: [(unit title, unit OLX), ...]}`` in course order.

    Titles read ``<course number>: <chapter> / <unit>`` so that the scenario list of the
    workbench groups by course and chapter. With ``language``, the courses translated
    into it (with their draft notices), unit for unit in the same order as in English.
    """
    units: dict[str, list[tuple[str, str]]] = {}
    names = course_names(root) if language is None else translatable_courses(root, language)
    for name in names:
        course = build_course(name, root=root, language=language).course
        pairs = []
        for _number, chapter, unit in _numbered(course):
            vertical = etree.Element("vertical_demo")
            for component in unit.components:
                if component.tag == "html":
                    page = etree.SubElement(vertical, "html_demo")
                    for element in component.body:
                        page.append(_copy(element))
                    _keep_dollars(page)
                else:
                    vertical.append(_copy(component.body[0]))
            olx = etree.tostring(vertical, encoding="unicode", pretty_print=True)
            title = f"{course.number}: {chapter.title} / {unit.title}"
            pairs.append((title, olx))
        units[name] = pairs
    return units


def _keep_dollars(page: etree._Element) -> None:
    """html_demo substitutes ``$name`` from its context: write each ``$`` as ``$$``."""
    for node in page.iter():
        if node.text:
            node.text = node.text.replace("$", "$$")
        if node.tail and node is not page:
            node.tail = node.tail.replace("$", "$$")
        for name, value in node.attrib.items():
            node.set(name, value.replace("$", "$$"))


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element, with_tail=False))
