"""The site's learners in the registry: who answers in the workbench, and where it goes.

The xblock-sdk workbench names its learner by ``?student=NAME`` and trusts it. On this
site (decision 0014):

- a logged-in learner (an account that is not staff) is always the workbench learner
  named by their username, whatever ``?student`` says, so no one answers as another;
- an anonymous visitor still picks a name, but never an account's: such a name is
  prefixed with ``visitor-``, so a visitor cannot fill a learner's tests;
- staff accounts keep ``?student`` (the blocks' staff views are seen as ``staff``).

Every ``commit_training.knowledge_check.submitted`` event a logged-in learner's block
publishes goes to :func:`trainer_registry.api.record_assessment_submission`, linked by
the learner's account (``Person.lms_user_id``) and by the course run the settings give
the assessment (``COMMIT_SITE_COURSE_RUNS``: assessment id -> ``site:<course>``); the
national courses share one assessment id, so ``site:ntp`` stands for the one national run
(``site:ntp-<country>``) the learner takes part in (:func:`course_run_for`). A
submission outside a registered run, or by an account no person is linked to, is
logged and not recorded; the learner's own answers are kept by the block all the same.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model

from trainer_registry import api

log = logging.getLogger(__name__)
SUBMITTED = "commit_training.knowledge_check.submitted"
VISITOR_PREFIX = "visitor-"


class SiteLearner(str):
    """A workbench learner id that also carries the site account it belongs to."""

    account_id: int | None = None


def student_id(request, workbench_student_id) -> str:
    """The workbench learner of ``request`` (see the module's docstring);
    ``workbench_student_id`` is the workbench's own reading of ``?student``."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.is_staff:
            return workbench_student_id(request)
        learner = SiteLearner(user.get_username())
        learner.account_id = user.pk
        return learner
    chosen = workbench_student_id(request)
    if get_user_model().objects.filter(username=chosen).exists():
        return f"{VISITOR_PREFIX}{chosen}"
    return chosen


def course_run_of(assessment_id: str) -> str | None:
    return getattr(settings, "COMMIT_SITE_COURSE_RUNS", {}).get(assessment_id)


def course_run_for(assessment_id: str, learner_runs: set[str]) -> str | None:
    """The course run a learner's submission of ``assessment_id`` belongs to, given the
    runs the learner takes part in: the run the settings name, or else the learner's one
    run of that course for a country (``site:ntp`` -> ``site:ntp-kh``)."""
    run = course_run_of(assessment_id)
    if run is None or run in learner_runs:
        return run
    national = [r for r in learner_runs if r.startswith(f"{run}-")]
    return national[0] if len(national) == 1 else run


def record_submission(account_id: int, event_data: dict) -> bool:
    """Hand one submitted event to the registry; returns whether it was recorded."""
    runs = {training.course_run for training in api.trainings_of_learner(account_id)}
    course_run = course_run_for(event_data.get("assessment_id", ""), runs)
    if course_run is None:
        log.info("No course run of this site for assessment %r", event_data.get("assessment_id"))
        return False
    try:
        api.record_assessment_submission(
            course_run=course_run,
            lms_user_id=account_id,
            assessment_id=event_data["assessment_id"],
            phase=event_data["phase"],
            form=event_data["form"],
            score=event_data["score"],
            responses=event_data["questions"],
        )
    except api.NotLinked as reason:
        log.info("Submission of account %s not recorded: %s", account_id, reason)
        return False
    except (KeyError, ValueError):
        log.exception("The registry refused the submission of account %s", account_id)
        return False
    return True


def install() -> None:
    """Make the workbench name learners as above and pass submissions to the registry.
    Call after :func:`commit_site.workbench_state.install`: it wraps the runtime it finds."""
    from workbench import views

    if getattr(views.WorkbenchRuntime, "records_in_registry", False):
        return
    workbench_student_id = views.get_student_id
    views.get_student_id = lambda request: student_id(request, workbench_student_id)

    class RegistryRuntime(views.WorkbenchRuntime):
        records_in_registry = True

        def __init__(self, user_id=None):
            self.account_id = getattr(user_id, "account_id", None)
            super().__init__(None if user_id is None else str(user_id))

        def publish(self, block, event_type, event_data):
            super().publish(block, event_type, event_data)
            if event_type == SUBMITTED and self.account_id is not None:
                record_submission(self.account_id, event_data)

    views.WorkbenchRuntime = RegistryRuntime
