"""The timetable of a face-to-face course and its facilitator guide.

Every section of a course is one session: the source gives its length (``minutes``),
its ``method`` and its ``facilitator_notes``. A course's ``plan`` lays the sessions out
day by day::

    plan:
      - day: Introduction and the legal framework
        starts: "08:30"
        sessions:
          - section: rtp_start_section
          - break: Tea break
            minutes: 15

A session may instead be set as work after the day (``- self_study: <id>``): each
participant does it alone that evening (the interview simulations, say). The build checks
that every session of the course is in the plan exactly once, that the plan names
nothing the course lacks and that each day holds 3 to 8 hours in the room, then computes
each session's start and end. Chapters a course takes as ``self_study`` are outside the
timetable altogether (the casebooks between the days, the trainer's toolkit).
The plan is shown to learners as a timetable (in *About this course*) and to
facilitators as a guide: a chapter hidden from learners, one page per session with its
time, method, what it covers and the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .block_fields import mapping_at
from .context import CourseContext
from .course_model import Chapter, Component, Course, Section, Unit
from .errors import CurriculumError
from .sources import SourceList, SourceMap, only_keys, require

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
DAY_MINUTES = (180, 480)  # teaching time a day holds: 3 to 8 hours


@dataclass(frozen=True)
class Slot:
    """One line of a day: a session (``section`` set), a break, or self-study after it."""

    start: int  # minutes after midnight
    minutes: int
    title: str
    section: Section | None = None
    self_study: bool = False  # done by each participant after the day, not in the room

    @property
    def end(self) -> int:
        return self.start if self.self_study else self.start + self.minutes


@dataclass(frozen=True)
class Day:
    number: int
    title: str
    slots: tuple[Slot, ...]

    @property
    def teaching_minutes(self) -> int:
        return sum(s.minutes for s in self.slots if s.section is not None and not s.self_study)


@dataclass(frozen=True)
class Plan:
    days: tuple[Day, ...]

    @property
    def teaching_minutes(self) -> int:
        return sum(day.teaching_minutes for day in self.days)


def read_plan(ctx: CourseContext, rows: SourceList, course: Course) -> Plan:
    """Lay the course's sessions out as ``rows`` say; raise CurriculumError where wrong."""
    sessions = {
        s.id: s for chapter in course.chapters if not chapter.self_study for s in chapter.sections
    }
    placed: dict[str, int] = {}
    days: list[Day] = []
    for index, _ in enumerate(rows):
        row = mapping_at(rows, index, "a day of the plan")
        only_keys(row, {"day", "starts", "sessions"}, "a day of the plan")
        number = index + 1
        clock = _minutes(row, "starts")
        slots: list[Slot] = []
        entries = require(row, "sessions", list)
        if not entries:
            raise row.error("sessions", f"day {number} has no session")
        for entry_index, _ in enumerate(entries):
            entry = mapping_at(entries, entry_index, "a session of the plan")
            if "section" in entry or "self_study" in entry:
                key = "section" if "section" in entry else "self_study"
                only_keys(entry, {key}, "a session of the plan")
                section_id = require(entry, key)
                if section_id not in sessions:
                    raise entry.error(
                        key, f"the plan names {section_id!r}, which is no section here"
                    )
                if section_id in placed:
                    raise entry.error(key, f"{section_id!r} is already on day {placed[section_id]}")
                placed[section_id] = number
                section = sessions[section_id]
                slot = Slot(clock, section.minutes, section.title, section, key == "self_study")
            elif "break" in entry:
                only_keys(entry, {"break", "minutes"}, "a break")
                minutes = require(entry, "minutes", int)
                if not 5 <= minutes <= 120:
                    raise entry.error("minutes", "a break lasts 5 to 120 minutes")
                slot = Slot(clock, minutes, ctx.plain(entry, "break"))
            else:
                raise CurriculumError(
                    entries.path,
                    entries.item_lines[entry_index],
                    "a session of the plan is '- section: <id>', '- self_study: <id>' "
                    "or '- break: <name>'",
                )
            slots.append(slot)
            clock = slot.end
        if clock > 24 * 60:
            raise row.error("sessions", f"day {number} runs past midnight")
        day = Day(number, ctx.plain(row, "day"), tuple(slots))
        low, high = DAY_MINUTES
        if not low <= day.teaching_minutes <= high:
            raise row.error(
                "sessions",
                f"day {number} holds {day.teaching_minutes} minutes of sessions; "
                f"a day holds {low} to {high}",
            )
        days.append(day)
    missing = [s for s in sessions if s not in placed]
    if missing:
        raise CurriculumError(
            rows.path, rows.line, f"the plan leaves out the session {missing[0]!r}"
        )
    return Plan(tuple(days))


def timetable_unit(plan: Plan, course: Course, translate) -> Unit:
    """The learner's timetable page, for *About this course*."""
    t = translate
    intro = etree.Element("p")
    intro.text = t(
        "The course as it runs face to face, day by day. Online, take the sessions in the "
        "same order at your own pace."
    )
    page = [intro, *_plan_page(plan, course, t)]
    return Unit(
        f"{course.id}_timetable",
        t("Timetable"),
        [Component(f"{course.id}_timetable_table", t("Timetable"), "html", page)],
    )


def _plan_page(plan: Plan, course: Course, translate) -> list[etree._Element]:
    """The timetable as XHTML: a heading and a table per day, then the self-study chapters."""
    t = translate
    elements: list[etree._Element] = []
    for day in plan.days:
        heading = etree.Element("h3")
        heading.text = t("Day {number}: {title}").format(number=day.number, title=day.title)
        elements.append(heading)
        table = etree.Element("table")
        head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for text in (t("Time"), t("Session"), t("Method")):
            etree.SubElement(head, "th", scope="col").text = text
        body = etree.SubElement(table, "tbody")
        for slot in day.slots:
            row = etree.SubElement(body, "tr")
            etree.SubElement(row, "td").text = (
                t("After the day ({minutes} min)").format(minutes=slot.minutes)
                if slot.self_study
                else _span(slot)
            )
            name = etree.SubElement(row, "td")
            if slot.section is None:
                etree.SubElement(name, "em").text = slot.title
            else:
                name.text = slot.title
            etree.SubElement(row, "td").text = slot.section.method if slot.section else ""
        elements.append(table)
    outside = [chapter.title for chapter in course.chapters if chapter.self_study]
    if outside:
        heading = etree.Element("h3")
        heading.text = t("Outside the timetable")
        note = etree.Element("p")
        note.text = t(
            "These chapters are not sessions of the face-to-face course. Work through them "
            "on your own between the days or after the course; trainers read them before "
            "teaching them in their own trainings."
        )
        listing = etree.Element("ul")
        for title in outside:
            etree.SubElement(listing, "li").text = title
        elements += [heading, note, listing]
    return elements


def facilitator_guide(course: Course, plan: Plan | None, translate) -> Chapter:
    """The staff-only chapter: per day (or per chapter, without a plan) the session pages."""
    t = translate
    groups: list[tuple[str, str, list[tuple[Slot | None, Section]]]] = []
    if plan is not None:
        for day in plan.days:
            title = t("Day {number}: {title}").format(number=day.number, title=day.title)
            rows = [(slot, slot.section) for slot in day.slots if slot.section is not None]
            groups.append((f"{course.id}_guide_day{day.number}", title, rows))
    for chapter in course.chapters:
        if plan is None or chapter.self_study:
            rows = [(None, section) for section in chapter.sections]
            title = (
                t("Self-study: {title}").format(title=chapter.title)
                if chapter.self_study
                else (chapter.title)
            )
            groups.append((f"{course.id}_guide_{chapter.id}", title, rows))
    sections = []
    for group_id, title, rows in groups:
        units = [_session_unit(group_id, slot, section, t) for slot, section in rows]
        sections.append(Section(group_id, title, units))
    return Chapter(f"{course.id}_facilitator_guide", t("Facilitator guide"), sections, True)


def _session_unit(group_id: str, slot: Slot | None, section: Section, t) -> Unit:
    facts = etree.Element("p")
    when = ""
    if slot is not None:
        when = t("After the day, self-study, ") if slot.self_study else f"{_span(slot)}, "
    facts.text = t("{when}{minutes} minutes. Method: {method}").format(
        when=when, minutes=section.minutes, method=section.method
    )
    covers = etree.Element("p")
    etree.SubElement(covers, "strong").text = t("Covers:")
    covers.text = None
    etree.SubElement(covers, "span").text = " " + "; ".join(u.title for u in section.units)
    body = [facts, covers, *section.notes]
    page_id = f"{group_id}_{section.id}"
    return Unit(
        page_id, section.title, [Component(f"{page_id}_notes", section.title, "html", body)]
    )


def _minutes(row: SourceMap, key: str) -> int:
    value = require(row, key)
    match = _TIME.match(value)
    if not match:
        raise row.error(key, f"{key} {value!r} must be a time of day, HH:MM")
    return int(match.group(1)) * 60 + int(match.group(2))


def _span(slot: Slot) -> str:
    return f"{_clock(slot.start)}-{_clock(slot.end)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
