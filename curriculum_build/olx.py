"""A course as the OLX files Open edX Studio imports, under the ``course/`` root folder.

Layout (``<run>`` is the course run, say ``2026``)::

    course/course.xml                    <course url_name="<run>" org=".." course=".."/>
    course/course/<run>.xml              the course and its chapters
    course/chapter/<id>.xml              a chapter and its sequentials
    course/sequential/<id>.xml           a sequential (graded with its format) and units
    course/vertical/<id>.xml             a unit: html pointers and the COMMIT blocks inline
    course/html/<id>.xml, <id>.html      a course page
    course/about/overview.html           the course's about page
    course/static/course_image.png       the course card image (generated)
    course/policies/<run>/policy.json, grading_policy.json; course/policies/assets.json

The COMMIT blocks are written inline in their unit (their OLX is in ``docs/olx.md``).
Files are returned as bytes keyed by path, in sorted order, so that the archive and the
manifest are the same on every build.
"""

from __future__ import annotations

import json
from collections import Counter

from lxml import etree

from .course_image import solid_png
from .course_model import POST_TEST, PRACTICE, Course

COMMIT_BLOCKS = (
    "commit_knowledge_check",
    "commit_case_scenario",
    "commit_interview_sim",
    "commit_course_evaluation",
)
COURSE_IMAGE = "course_image.png"
COURSE_COLOUR = (0, 94, 110)  # a deep teal


def course_files(course: Course) -> dict[str, bytes]:
    """Every file of the course's OLX, keyed by its path inside the archive."""
    files: dict[str, bytes] = {}
    root = etree.Element("course", url_name=course.run, org=course.org, course=course.number)
    files["course/course.xml"] = _xml(root)
    # The course's own settings live in its policy file, as Studio exports them.
    outline = etree.Element("course")
    formats: Counter[str] = Counter()
    for chapter in course.chapters:
        etree.SubElement(outline, "chapter", url_name=chapter.id)
        chapter_node = etree.Element("chapter", display_name=chapter.title)
        if chapter.staff_only:
            chapter_node.set("visible_to_staff_only", "true")
        for section in chapter.sections:
            etree.SubElement(chapter_node, "sequential", url_name=section.id)
            section_node = etree.Element("sequential", display_name=section.title)
            if section.graded_format:
                section_node.set("graded", "true")
                section_node.set("format", section.graded_format)
                formats[section.graded_format] += 1
            for unit in section.units:
                etree.SubElement(section_node, "vertical", url_name=unit.id)
                unit_node = etree.Element("vertical", display_name=unit.title)
                for component in unit.components:
                    if component.tag == "html":
                        etree.SubElement(unit_node, "html", url_name=component.url_name)
                        files[f"course/html/{component.url_name}.xml"] = _xml(
                            etree.Element(
                                "html",
                                filename=component.url_name,
                                display_name=component.display_name,
                            )
                        )
                        files[f"course/html/{component.url_name}.html"] = page(component.body)
                    else:
                        unit_node.append(_copy(component.body[0]))
                files[f"course/vertical/{unit.id}.xml"] = _xml(unit_node)
            files[f"course/sequential/{section.id}.xml"] = _xml(section_node)
        files[f"course/chapter/{chapter.id}.xml"] = _xml(chapter_node)
    files[f"course/course/{course.run}.xml"] = _xml(outline)
    files["course/about/overview.html"] = page(course.overview)
    files[f"course/policies/{course.run}/policy.json"] = _json(
        {
            f"course/{course.run}": {
                "advanced_modules": list(COMMIT_BLOCKS),
                "course_image": COURSE_IMAGE,
                "display_name": course.title,
                "language": course.language,
                "start": course.start,
                "end": course.end,
            }
        }
    )
    files[f"course/policies/{course.run}/grading_policy.json"] = _json(
        grading_policy(formats, course.pass_cutoff)
    )
    files[f"course/static/{COURSE_IMAGE}"] = solid_png(COURSE_COLOUR)
    files["course/policies/assets.json"] = _json({})
    return dict(sorted(files.items()))


def grading_policy(formats: Counter[str], pass_cutoff: float) -> dict:
    """Post-test 60 % and practice (cases and interviews) 40 % of the grade, when present.

    With only one kind of graded section it carries the whole grade. Each graded
    section counts once; none is dropped.
    """
    shares = {POST_TEST: 0.6, PRACTICE: 0.4}
    present = [name for name in (POST_TEST, PRACTICE) if formats[name]]
    total = sum(shares[name] for name in present)
    graders = [
        {
            "type": name,
            "short_label": "Post" if name == POST_TEST else "Prac",
            "min_count": formats[name],
            "drop_count": 0,
            "weight": round(shares[name] / total, 4),
        }
        for name in present
    ]
    return {"GRADER": graders, "GRADE_CUTOFFS": {"Pass": pass_cutoff}}


def page(elements: list[etree._Element]) -> bytes:
    """Course-page XHTML (a fragment of block elements) as UTF-8 bytes."""
    parts = [etree.tostring(_copy(e), encoding="unicode", with_tail=False) for e in elements]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element, with_tail=False))


def _xml(node: etree._Element) -> bytes:
    return etree.tostring(node, encoding="utf-8", pretty_print=True)


def _json(data: dict) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
