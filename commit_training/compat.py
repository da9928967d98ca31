"""Everything that differs between the Open edX platform and the standalone workbench.

The blocks import nothing from the platform directly; what they need of it is here, so
the package imports and tests outside Open edX.
"""

from __future__ import annotations

import json
from collections.abc import Iterator


def in_course_context(block) -> bool:
    """Whether grades and completion may be published for this block and learner.

    Not in a content library, not in Studio's preview (no learner), and only for a known
    learner. The standalone workbench's string usage ids count as a course.
    """
    usage_id = block.scope_ids.usage_id
    context_key = getattr(usage_id, "context_key", None)
    if context_key is not None and not getattr(context_key, "is_course", True):
        return False
    if getattr(block.runtime, "is_author_mode", False):
        return False
    return learner_id(block) is not None


def learner_id(block) -> str | None:
    """A stable, anonymous id for the learner, or ``None`` when there is none."""
    user_service = block.runtime.service(block, "user")
    if user_service is not None:
        user = user_service.get_current_user()
        anonymous = user.opt_attrs.get("edx-platform.anonymous_user_id")
        if anonymous:
            return str(anonymous)
    user_id = block.scope_ids.user_id
    return None if user_id in (None, "", "none") else str(user_id)


def learner_language(block) -> str | None:
    user_service = block.runtime.service(block, "user")
    if user_service is None:
        return None
    return (
        user_service.get_current_user()
        .opt_attrs.get("edx-platform.user_preferences", {})
        .get("pref-lang")
    )


def all_learner_states(block, field_name: str) -> Iterator[object]:
    """Every learner's value of one ``Scope.user_state`` field of this block.

    Aggregates built this way read each learner's own record, so two learners answering
    at once can never overwrite each other's contribution (decision 0008). Inside Open
    edX the records are the courseware's StudentModule rows; in the workbench, its
    XBlockState rows.
    """
    try:  # optional: the LMS's courseware, present only inside Open edX
        from lms.djangoapps.courseware.models import StudentModule
    except ImportError:
        StudentModule = None
    if StudentModule is not None:
        rows = StudentModule.objects.filter(module_state_key=block.scope_ids.usage_id)
        for state in rows.values_list("state", flat=True).iterator():
            value = json.loads(state or "{}").get(field_name)
            if value is not None:
                yield value
        return
    from workbench.models import XBlockState  # optional: the SDK's workbench, outside Open edX

    rows = XBlockState.objects.filter(scope="usage", scope_id=str(block.scope_ids.usage_id))
    for state in rows.exclude(user_id=None).values_list("state", flat=True).iterator():
        value = json.loads(state or "{}").get(field_name)
        if value is not None:
            yield value


def user_state_values(block, field_name: str) -> Iterator[tuple[str, object]]:
    """(anonymous learner id, value) of one ``Scope.user_state`` field of this block, for
    every learner who has it. Inside Open edX the id is the learner's anonymous id in the
    course (as :func:`learner_id` gives it); in the workbench, the learner's name there."""
    try:  # optional: the LMS's courseware, present only inside Open edX
        from common.djangoapps.student.models import anonymous_id_for_user
        from lms.djangoapps.courseware.models import StudentModule
    except ImportError:
        StudentModule = None
    if StudentModule is not None:
        usage_key = block.scope_ids.usage_id
        rows = StudentModule.objects.filter(module_state_key=usage_key).select_related("student")
        for row in rows.iterator():
            value = json.loads(row.state or "{}").get(field_name)
            if value is not None:
                yield anonymous_id_for_user(row.student, usage_key.course_key), value
        return
    from workbench.models import XBlockState  # optional: the SDK's workbench, outside Open edX

    rows = XBlockState.objects.filter(scope="usage", scope_id=str(block.scope_ids.usage_id))
    for user_id, state in rows.exclude(user_id=None).values_list("user_id", "state").iterator():
        value = json.loads(state or "{}").get(field_name)
        if value is not None:
            yield user_id, value


def is_staff(block) -> bool:
    """Course staff inside Open edX; in the workbench, the learner ids the site names."""
    user_service = block.runtime.service(block, "user")
    if user_service is None:
        return False
    user = user_service.get_current_user()
    if user.opt_attrs.get("edx-platform.user_is_staff"):
        return True
    workbench_id = user.opt_attrs.get("xblock-workbench.user_id")
    if workbench_id is None:
        return False
    from django.conf import settings  # Django's settings: read only inside the workbench

    return workbench_id in getattr(settings, "COMMIT_TRAINING_WORKBENCH_STAFF", ())
