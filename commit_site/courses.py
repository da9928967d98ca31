"""The COMMIT courses in the workbench: every unit of every course as a scenario.

The workbench builds its scenario list the first time a page asks for it (and again in
tests). :func:`install` wraps that step so that, after the blocks' own demonstration
scenarios, each unit of every course built from curriculum/ (the RTP, the ToT and the
six national NTPs) is added as ``course-<name>.<nnn>``; the courses translated into a
language are added as ``course-<name>.<language>.<nnn>`` when a learner first reads that
language (:func:`add_language_scenarios`, :mod:`.course_language`). A course that does not
build is left out with an error in the log; the site still serves the rest.

The courses hold some 1,400 units. The workbench parses a scenario's OLX into stored
definitions when it is added, which for all of them took 15 s or more at every start
(and in every test that loads the scenarios); a course unit is therefore listed at once
and parsed the first time someone opens it (:class:`LazyScenario`), once per process.
"""

from __future__ import annotations

import functools
import logging
import threading

from curriculum_build.catalogues import LANGUAGES

log = logging.getLogger(__name__)
# The workbench's id generator is shared by every runtime: one parse at a time.
_PARSING = threading.Lock()


class LazyScenario:
    """A workbench scenario (``description``, ``usage_id``, ``xml``) parsed on first use.

    It stands in for xblock-sdk's ``Scenario`` tuple: the index reads only the
    description; opening the scenario reads ``usage_id``, which parses the OLX then, as
    ``workbench.scenarios.add_xml_scenario`` would have done when adding it.
    """

    def __init__(self, description: str, xml: str) -> None:
        self.description = description
        self.xml = xml
        self._usage_id: str | None = None

    @property
    def usage_id(self) -> str:
        if self._usage_id is None:
            from django.template.defaultfilters import slugify
            from workbench.runtime import WorkbenchRuntime

            with _PARSING:
                if self._usage_id is None:
                    runtime = WorkbenchRuntime()
                    runtime.id_generator.set_scenario(slugify(self.description))
                    self._usage_id = runtime.parse_xml_string(self.xml)
        return self._usage_id


@functools.cache
def _course_units() -> dict[str, list[tuple[str, str]]]:
    """Built once per process: the sources do not change while the site runs."""
    from curriculum_build.workbench import workbench_units

    return workbench_units()


@functools.cache
def _translated_units(language: str) -> dict[str, list[tuple[str, str]]]:
    """The courses translated into ``language``, built once per process."""
    from curriculum_build.workbench import workbench_units

    return workbench_units(language=language)


def add_course_scenarios() -> int:
    from workbench.scenarios import SCENARIOS

    try:
        courses = _course_units()
    except Exception:
        log.exception("The courses could not be built; the workbench shows the demonstrations only")
        return 0
    return _add(SCENARIOS, courses, "")


_ADDING = threading.Lock()


def add_language_scenarios(language: str) -> int:
    """Add the units of the courses translated into ``language`` (a catalogue language)
    as ``course-<name>.<language>.<nnn>``, numbered as in English; once, and again after
    the workbench rebuilt its scenarios. Built when a learner first reads that language,
    so that the site starts as fast as before."""
    from workbench.scenarios import SCENARIOS

    if language not in LANGUAGES:
        return 0
    with _ADDING:
        try:
            courses = _translated_units(language)
        except Exception:
            log.exception("The courses in %s could not be built; English is shown", language)
            return 0
        first = next((f"course-{name}.{language}.001" for name in courses), None)
        if first is None or first in SCENARIOS:
            return 0
        return _add(SCENARIOS, courses, f".{language}")


def _add(scenarios: dict, courses: dict[str, list[tuple[str, str]]], suffix: str) -> int:
    added = 0
    for name, units in sorted(courses.items()):
        for number, (title, olx) in enumerate(units, start=1):
            scenarios[f"course-{name}{suffix}.{number:03d}"] = LazyScenario(title, olx)
            added += 1
    return added


def install() -> None:
    """Make the workbench add the course units whenever it (re)builds its scenarios."""
    from workbench import scenarios

    if getattr(scenarios.init_scenarios, "adds_courses", False):
        return
    original = scenarios.init_scenarios

    @functools.wraps(original)
    def init_scenarios_with_courses():
        original()
        count = add_course_scenarios()
        log.info("Loaded %d course units into the workbench", count)

    init_scenarios_with_courses.adds_courses = True
    scenarios.init_scenarios = init_scenarios_with_courses
