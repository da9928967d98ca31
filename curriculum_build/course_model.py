"""A course as the builder holds it between reading the sources and writing the OLX.

Chapters hold sections (OLX sequentials), sections hold units (verticals), units hold
components: course pages (OLX ``html``) and the COMMIT blocks, already rendered as
lxml elements. Assessment items are what the learning-objectives table must cover:
every question of a knowledge check (``<assessment_id>/<question_id>``), every case
scenario and every interview simulation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .sources import SourceMap


@dataclass(frozen=True)
class AssessmentItem:
    id: str
    label: str


@dataclass
class Component:
    url_name: str
    display_name: str
    tag: str  # "html" or the block's OLX tag
    body: list[etree._Element]  # page elements for html; the block element otherwise
    graded_format: str | None = None  # the assignment type a section holding it takes
    items: list[AssessmentItem] = field(default_factory=list)
    assessment: tuple[str, str] | None = None  # (assessment_id, phase) of knowledge checks
    cites: list[str] = field(default_factory=list)  # references its content rests on


@dataclass
class Unit:
    id: str
    title: str
    components: list[Component]
    sources: tuple[str, ...] = ()  # bibliography keys of the facts it states
    words: int = 0  # words of teaching text in its course pages
    messages: tuple[str, ...] = ()  # the English strings its text was translated from


@dataclass
class Section:
    """A sequential in the OLX, and one session of the face-to-face course."""

    id: str
    title: str
    units: list[Unit]
    minutes: int = 0  # the session's length face to face
    method: str = ""
    notes: list[etree._Element] = field(default_factory=list)  # facilitator notes (XHTML)

    @property
    def graded_format(self) -> str | None:
        """The assignment type of the first graded component, post-test first."""
        formats = [c.graded_format for u in self.units for c in u.components if c.graded_format]
        if POST_TEST in formats:
            return POST_TEST
        return formats[0] if formats else None


@dataclass
class Chapter:
    id: str
    title: str
    sections: list[Section]
    staff_only: bool = False  # the facilitator guide: hidden from learners in Open edX
    self_study: bool = False  # self-study and trainer's toolkit: outside the timetable


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    activities: tuple[str, ...]
    assessed_by: tuple[str, ...]
    source: SourceMap


@dataclass
class Course:
    id: str
    org: str
    number: str
    run: str
    title: str
    language: str
    start: str
    end: str
    overview: list[etree._Element]
    chapters: list[Chapter]
    pass_cutoff: float

    def components(self) -> list[Component]:
        return [
            c
            for chapter in self.chapters
            for section in chapter.sections
            for unit in section.units
            for c in unit.components
        ]


POST_TEST = "Post-test"
PRACTICE = "Practice"
