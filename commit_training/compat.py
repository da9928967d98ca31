"""Everything that differs between the Open edX platform and the standalone workbench.

The blocks import nothing from the platform directly; what they need of it is here, so
the package imports and tests outside Open edX.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import caches


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


# ---- one learner, one step: claims ---------------------------------------------------

CLAIM_SECONDS = 60


class _LocalClaims:
    """Claims within one process, where no Django cache is configured (the pure tests,
    the course builder): ``add`` as Django's caches define it, under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def add(self, key: str, value: object, timeout: float) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._until.get(key, 0.0) > now:
                return False
            self._until[key] = now + timeout
            return True

    def clear(self) -> None:
        with self._lock:
            self._until.clear()


_LOCAL_CLAIMS = _LocalClaims()


def _claim_store():
    """Django's default cache where Django is configured (memcached or Redis inside Open
    edX; in the standalone site the process's memory, or Redis with ``COMMIT_REDIS_URL``),
    else this process's claims."""
    if not settings.configured:
        return _LOCAL_CLAIMS
    return caches["default"]


def claim_once(block, step: str, *, seconds: int = CLAIM_SECONDS) -> bool:
    """Whether this request is the first to take ``step`` (``"attempt 2"``, ``"answer"``)
    for this block and learner; every other request naming the same step within
    ``seconds`` gets ``False``. The cache's ``add`` is atomic, so of simultaneous submits
    read from the same state exactly one goes on (decision 0020). The claim outlives the
    race, not the state: the step's name carries the state it moves on from (the attempt
    number), so the next attempt is a new claim. Without a learner (Studio's preview)
    there is nothing to guard."""
    learner = learner_id(block)
    if learner is None:
        return True
    name = "\0".join((str(block.scope_ids.usage_id), learner, step))
    key = "commit-claim:" + hashlib.sha256(name.encode()).hexdigest()
    return bool(_claim_store().add(key, 1, seconds))
