"""The courses in the learner's language: which workbench scenario a learner is shown.

Each course unit is a scenario ``course-<name>.<nnn>`` in English and, for each language
the course is translated into, ``course-<name>.<language>.<nnn>`` (:mod:`.courses`).
A learner who picks a language (the site's language switch, Django's ``set_language``)
sees the translated course where one exists, and English otherwise; the interface follows
the same choice. :func:`scenario_for` is the pure rule; the two views apply it to the
workbench's list and to an opened unit.
"""

from __future__ import annotations

import re

from django.shortcuts import redirect, render
from django.utils import translation
from workbench import views as workbench_views
from workbench.scenarios import get_scenarios

from commit_site.courses import add_language_scenarios

COURSE_UNIT = re.compile(r"course-(?P<name>[a-z0-9-]+)(?:\.(?P<language>[A-Za-z_]+))?\.(?P<n>\d+)$")
# Django's language codes and the catalogues' names for them.
CATALOGUE_LANGUAGE = {"zh-hans": "zh_Hans"}


def catalogue_language(django_language: str | None) -> str | None:
    """``zh-hans`` -> ``zh_Hans``; English (or nothing) -> ``None``."""
    if not django_language or django_language.startswith("en"):
        return None
    return CATALOGUE_LANGUAGE.get(django_language.lower(), django_language)


def scenario_for(scenario_id: str, language: str | None, known: set[str]) -> str:
    """The scenario to show for ``scenario_id`` to a learner reading ``language``."""
    match = COURSE_UNIT.match(scenario_id)
    if match is None:
        return scenario_id
    english = f"course-{match['name']}.{match['n']}"
    if (
        language is not None
        and (wanted := f"course-{match['name']}.{language}.{match['n']}") in known
    ):
        return wanted
    return english


def learners_language() -> str | None:
    """The active language as a catalogue language, its courses added to the workbench."""
    language = catalogue_language(translation.get_language())
    if language is not None:
        get_scenarios()  # the workbench's own scenarios first, then the translated ones
        add_language_scenarios(language)
    return language


def index(request):
    """The workbench's list, each course unit in the learner's language where it exists."""
    language = learners_language()
    known = set(get_scenarios())
    shown: dict[str, str] = {}
    for scenario_id, scenario in sorted(get_scenarios().items()):
        chosen = scenario_for(scenario_id, language, known)
        if chosen == scenario_id:
            shown[scenario_id] = scenario.description
    return render(request, "workbench/index.html", {"scenarios": sorted(shown.items())})


def show_scenario(request, scenario_id, **kwargs):
    """An opened unit: redirected to the learner's language's version when it differs."""
    language = learners_language()
    chosen = scenario_for(scenario_id, language, set(get_scenarios()))
    if chosen != scenario_id:
        target = request.path.replace(f"/{scenario_id}/", f"/{chosen}/", 1)
        query = request.META.get("QUERY_STRING")
        return redirect(f"{target}?{query}" if query else target)
    return workbench_views.show_scenario(request, scenario_id, **kwargs)
