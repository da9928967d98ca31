"""The COMMIT courses in the workbench: every unit of every course as a scenario.

The workbench builds its scenario list the first time a page asks for it (and again in
tests). :func:`install` wraps that step so that, after the blocks' own demonstration
scenarios, each unit of the RTP, NTP and ToT courses, built from curriculum/, is added
as ``course-<name>.<nnn>``. A course that does not build is left out with an error in
the log; the site still serves the rest.
"""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)


@functools.cache
def _course_units() -> dict[str, list[tuple[str, str]]]:
    """Built once per process: the sources do not change while the site runs."""
    from commit_training.curriculum_build.workbench import workbench_units

    return workbench_units()


def add_course_scenarios() -> int:
    from workbench.scenarios import add_xml_scenario

    try:
        courses = _course_units()
    except Exception:
        log.exception("The courses could not be built; the workbench shows the demonstrations only")
        return 0
    added = 0
    for name, units in sorted(courses.items()):
        for number, (title, olx) in enumerate(units, start=1):
            try:
                add_xml_scenario(f"course-{name}.{number:03d}", title, olx)
            except Exception:
                log.exception("Unit %r of course %r could not be loaded", title, name)
                continue
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
