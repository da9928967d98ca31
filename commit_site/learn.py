"""The learner's course shell: my courses, a course's outline with progress, and a unit.

A learner signs in and finds the courses of the trainings they are registered for (their
participations in the registry whose course run is ``site:<course>``); staff may open every
course, to see what learners see. A course's outline lists its modules and units (less the
facilitator guide) with what the learner has opened; a unit shows its activities (the
workbench scenario of that unit, in the learner's language where the course is translated)
between the previous and the next unit. The blocks answer through the workbench's handler
URLs as the learner's own account (:mod:`commit_site.learners`); the shell only adds the
way through the course. The xblock-sdk index stays, for developers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie
from workbench import views as workbench_views
from workbench.scenarios import get_scenarios

from commit_site.course_language import learners_language, scenario_for
from commit_site.learning_progress import (
    Progress,
    continue_with,
    course_progress,
    module_of,
    module_progress,
    neighbours,
)
from commit_site.models import UnitOpened
from curriculum_build.build import course_names, translatable_courses
from curriculum_build.workbench import CourseOutline, course_outline
from trainer_registry import api

SITE_RUN = "site:"
ACTIVITY_LABELS = {
    "commit_knowledge_check": _("Knowledge check"),
    "commit_case_scenario": _("Case"),
    "commit_interview_sim": _("Interview practice"),
    "commit_course_evaluation": _("Course evaluation"),
}


@functools.cache
def _known_courses() -> frozenset[str]:
    return frozenset(course_names())


@functools.cache
def _outline(name: str, language: str | None) -> CourseOutline:
    """The outline in ``language`` where the course is translated into it (once per
    process: the sources do not change while the site runs)."""
    if language is not None and name in translatable_courses(language=language):
        return course_outline(name, language=language)
    return course_outline(name)


def _is_staff(user) -> bool:
    return user.is_staff or api.has_registry_role(user)


def courses_of(user) -> list[tuple[str, str]]:
    """``(course name, training title)`` of each course the user may open: the courses of
    the trainings they take part in; every course for staff."""
    if _is_staff(user):
        return [(name, "") for name in sorted(_known_courses())]
    courses = []
    for training in api.trainings_of_learner(user.pk):
        name = training.course_run.removeprefix(SITE_RUN)
        if training.course_run.startswith(SITE_RUN) and name in _known_courses():
            courses.append((name, training.title))
    return courses


def _course(user, name: str) -> str:
    """The training title of course ``name`` for ``user``; 404 when they may not open it."""
    for course, title in courses_of(user):
        if course == name:
            return title
    raise Http404(_("You are not registered for this course."))


def _opened(user, name: str) -> tuple[set[int], int | None]:
    rows = UnitOpened.objects.filter(learner=user, course=name).order_by("-last_opened")
    numbers = list(rows.values_list("unit", flat=True))
    return set(numbers), (numbers[0] if numbers else None)


@dataclass(frozen=True)
class CourseCard:
    name: str
    outline: CourseOutline
    training: str
    progress: Progress
    next_unit: object


@login_required
def my_courses(request):
    language = learners_language()
    cards = []
    for name, training in courses_of(request.user):
        outline = _outline(name, language)
        opened, last = _opened(request.user, name)
        cards.append(
            CourseCard(
                name,
                outline,
                training,
                course_progress(outline, opened),
                continue_with(outline, last, opened),
            )
        )
    return render(request, "commit_site/learn/my_courses.html", {"cards": cards})


@login_required
def course(request, name: str):
    training = _course(request.user, name)
    outline = _outline(name, learners_language())
    opened, last = _opened(request.user, name)
    modules = [(module, module_progress(module, opened)) for module in outline.modules]
    return render(
        request,
        "commit_site/learn/course.html",
        {
            "outline": outline,
            "training": training,
            "modules": modules,
            "opened": opened,
            "progress": course_progress(outline, opened),
            "next_unit": continue_with(outline, last, opened),
            "labels": ACTIVITY_LABELS,
        },
    )


@login_required
@ensure_csrf_cookie
def unit(request, name: str, number: int):
    _course(request.user, name)
    language = learners_language()
    outline = _outline(name, language)
    try:
        before, after = neighbours(outline, number)
    except LookupError as missing:
        raise Http404(str(missing)) from missing
    this = next(u for u in outline.units if u.number == number)
    scenarios = get_scenarios()
    scenario_id = scenario_for(f"course-{name}.{number:03d}", language, set(scenarios))
    if scenario_id not in scenarios:
        raise Http404(_("This unit is not on this site."))
    UnitOpened.objects.update_or_create(learner=request.user, course=name, unit=number)
    opened, _last = _opened(request.user, name)
    student_id = workbench_views.get_student_id(request)
    block = workbench_views.WorkbenchRuntime(student_id).get_block(scenarios[scenario_id].usage_id)
    fragment = block.render("student_view", {})
    return render(
        request,
        "commit_site/learn/unit.html",
        {
            "outline": outline,
            "module": module_of(outline, number),
            "unit": this,
            "before": before,
            "after": after,
            "position": outline.units.index(this) + 1,
            "progress": course_progress(outline, opened),
            "scenario_id": scenario_id,
            "student_id": student_id,
            "body": fragment.body_html(),
            "head_html": fragment.head_html(),
            "foot_html": fragment.foot_html(),
        },
    )


def after_login(request):
    """Where a login without ``next`` lands: staff on the registry, learners on their
    courses."""
    if request.user.is_authenticated and not _is_staff(request.user):
        return redirect("learn")
    return redirect("trainer_registry:dashboard")
