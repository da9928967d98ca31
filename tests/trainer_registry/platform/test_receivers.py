"""The registry learns from the platform's events: real openedx-events signal objects,
built from the package's data classes and sent as the LMS sends them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import (
    CertificateData,
    CourseData,
    CourseEnrollmentData,
    CoursePassingStatusData,
    PersistentCourseGradeData,
    UserData,
    UserPersonalData,
)
from openedx_events.learning.signals import (
    CERTIFICATE_CREATED,
    CERTIFICATE_REVOKED,
    COURSE_ENROLLMENT_CREATED,
    COURSE_PASSING_STATUS_UPDATED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)

from trainer_registry import api
from trainer_registry.models import Participation, Person, TrainingEvent

pytestmark = pytest.mark.django_db

COURSE = "course-v1:COMMIT+NTP-KH+2026_01"
SIGNALS = (
    CERTIFICATE_CREATED,
    CERTIFICATE_REVOKED,
    COURSE_ENROLLMENT_CREATED,
    COURSE_PASSING_STATUS_UPDATED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)


@pytest.fixture(autouse=True)
def surface_receiver_errors():
    """The platform sends robustly (errors logged, not raised); tests want them raised."""
    for signal in SIGNALS:
        signal.allow_send_event_failure()
    yield
    for signal in SIGNALS:
        signal._allow_send_event_failure = False


def _training(number: int, starts_on: date) -> str:
    """A five-day Cambodian NTP training, ``ntp-kh-2026-0<number>``; returns its code."""
    code = f"ntp-kh-2026-0{number}"
    api.create_training_event(
        code,
        programme_code="ntp-kh",
        title=f"NTP 2026-{number}",
        country="KH",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=4),
        language="km",
    )
    return code


def _link(code: str) -> None:
    """The training ``code`` delivered by the course run ``COURSE``."""
    TrainingEvent.objects.filter(code=code).update(course_run=COURSE)


@pytest.fixture
def training_event():
    api.create_programme(
        "ntp-kh", kind="NTP", name="National Training Programme, Cambodia", country="KH"
    )
    _link(_training(1, date(2026, 1, 12)))


def _user(user_id=42):
    return UserData(
        id=user_id,
        is_active=True,
        pii=UserPersonalData(username="sophea", email="sophea@example.org", name="Sok Sophea"),
    )


def _course(key=COURSE):
    return CourseData(course_key=CourseKey.from_string(key), display_name="NTP")


def _enroll(key=COURSE, user_id=42):
    COURSE_ENROLLMENT_CREATED.send_event(
        enrollment=CourseEnrollmentData(
            user=_user(user_id),
            course=_course(key),
            mode="honor",
            is_active=True,
            creation_date=datetime(2026, 1, 10, tzinfo=UTC),
        )
    )


def _state():
    return list(
        Participation.objects.values_list(
            "person__lms_user_id", "event__code", "completed", "completed_on", "post_test_score"
        )
    ), list(Person.objects.values_list("lms_user_id", "name_latin", "email", "updated_at"))


def test_enrollment_records_a_participation_once(training_event):
    _enroll()
    participation = Participation.objects.get()
    assert participation.event.code == "ntp-kh-2026-01"
    assert (participation.person.name_latin, participation.person.country) == ("Sok Sophea", "KH")
    before = _state()
    _enroll()
    assert _state() == before


def test_enrollment_in_an_unlinked_course_is_ignored(training_event):
    _enroll("course-v1:Other+Course+2026")
    assert not Participation.objects.exists() and not Person.objects.exists()


def test_passing_grade_and_certificate(training_event):
    _enroll()
    status = CoursePassingStatusData(is_passing=True, course=_course(), user=_user())
    COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=status)
    grade = PersistentCourseGradeData(
        user_id=42,
        course=_course(),
        course_edited_timestamp=datetime(2026, 1, 1, tzinfo=UTC),
        course_version="v1",
        grading_policy_hash="h",
        percent_grade=0.835,
        letter_grade="Pass",
        passed_timestamp=datetime(2026, 1, 16, tzinfo=UTC),
    )
    PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=grade)
    participation = Participation.objects.get()
    assert participation.completed and participation.completed_on is not None
    assert participation.post_test_score == Decimal("83.50")

    before = _state()
    COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=status)
    PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=grade)
    assert _state() == before

    certificate = CertificateData(
        user=_user(),
        course=_course(),
        mode="honor",
        grade="0.835",
        download_url="",
        name="Sok Sophea",
        current_status="downloadable",
    )
    CERTIFICATE_CREATED.send_event(certificate=certificate)
    assert _state() == before  # already completed: nothing to change
    CERTIFICATE_REVOKED.send_event(certificate=certificate)
    participation.refresh_from_db()
    assert not participation.completed and participation.completed_on is None
    revoked = _state()
    CERTIFICATE_REVOKED.send_event(certificate=certificate)
    assert _state() == revoked


def test_grade_for_someone_never_enrolled_changes_nothing(training_event):
    grade = PersistentCourseGradeData(
        user_id=7,
        course=_course(),
        course_edited_timestamp=datetime(2026, 1, 1, tzinfo=UTC),
        course_version="v1",
        grading_policy_hash="h",
        percent_grade=0.9,
        letter_grade="Pass",
        passed_timestamp=datetime(2026, 1, 16, tzinfo=UTC),
    )
    PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=grade)
    assert not Participation.objects.exists()


def test_changes_are_tracked_with_pseudonymous_ids(
    training_event, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("INFO", logger="trainer_registry.events")
    with django_capture_on_commit_callbacks(execute=True):
        _enroll()
        _enroll()
    person = Person.objects.get()
    recorded = [r.getMessage() for r in caplog.records if r.name == "trainer_registry.events"]
    assert len(recorded) == 1  # the second, identical enrolment changes and tracks nothing
    assert recorded[0].startswith("commit_training.registry.participation.recorded")
    assert str(person.public_id) in recorded[0]
    assert "Sok Sophea" not in recorded[0] and "sophea@example.org" not in recorded[0]


def _grade(percent: float, user_id: int = 42) -> PersistentCourseGradeData:
    return PersistentCourseGradeData(
        user_id=user_id,
        course=_course(),
        course_edited_timestamp=datetime(2026, 1, 1, tzinfo=UTC),
        course_version="v1",
        grading_policy_hash="h",
        percent_grade=percent,
        letter_grade="Pass",
        passed_timestamp=datetime(2026, 1, 16, tzinfo=UTC),
    )


def test_a_grade_is_one_read_and_one_write(training_event):
    """A burst of grades costs two statements each: the participation read with its person
    and training (what the tracking event names), and the change written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _enroll()
    with CaptureQueriesContext(connection) as changed:
        PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=_grade(0.7))
    with CaptureQueriesContext(connection) as unchanged:
        PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=_grade(0.7))

    def statements(captured):
        return [
            q["sql"].split()[0]
            for q in captured.captured_queries
            if q["sql"].split()[0] in ("SELECT", "UPDATE", "INSERT", "DELETE")
        ]

    assert statements(changed) == ["SELECT", "UPDATE"]
    assert statements(unchanged) == ["SELECT"]
    assert Participation.objects.get().post_test_score == Decimal("70.00")


def test_an_out_of_range_grade_is_refused_for_a_linked_course_only(training_event):
    _enroll()
    with pytest.raises(ValueError, match="percent_grade"):
        PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=_grade(1.5))
    with pytest.raises(ValueError, match="percent_grade"):
        PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=_grade(1.5, user_id=7))
    from trainer_registry.platform.events import IGNORED_COURSE, apply_grade

    assert apply_grade(user_id=42, course_key="course-v1:X+Y+Z", percent_grade=1.5) == (
        IGNORED_COURSE
    )


def test_a_change_is_tracked_once_committed(
    training_event, caplog, django_capture_on_commit_callbacks
):
    """The tracking event waits for the change's commit: none is sent for a change that
    is rolled back."""
    caplog.set_level("INFO", logger="trainer_registry.events")
    with django_capture_on_commit_callbacks() as callbacks:
        _enroll()
    tracked = [r for r in caplog.records if r.name == "trainer_registry.events"]
    assert tracked == [] and len(callbacks) == 1
    callbacks[0]()
    tracked = [r.getMessage() for r in caplog.records if r.name == "trainer_registry.events"]
    assert len(tracked) == 1 and tracked[0].startswith(
        "commit_training.registry.participation.recorded"
    )


def test_a_change_is_tracked_with_what_changed(
    training_event, caplog, django_capture_on_commit_callbacks
):
    """A grade's tracking event names the person by public id, the training, the course
    run and the new score; a second event with the same grade changes and tracks
    nothing."""
    _enroll()
    caplog.set_level("INFO", logger="trainer_registry.events")
    with django_capture_on_commit_callbacks(execute=True):
        PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=_grade(0.835))
        PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=_grade(0.835))
    tracked = [r.args for r in caplog.records if r.name == "trainer_registry.events"]
    assert tracked == [
        (
            "commit_training.registry.participation.updated",
            {
                "person_id": str(Person.objects.get().public_id),
                "training_event": "ntp-kh-2026-01",
                "course_run": COURSE,
                "changed": {"post_test_score": 83.5},
            },
        )
    ]


def test_a_course_run_of_two_trainings_changes_the_latest(training_event):
    """A course run linked to two trainings (a run reused for a second cohort): the
    learner's grade goes to their participation in the latest of them, and no other."""
    second = _training(2, date(2026, 3, 2))
    _enroll()  # in the first, the one training linked to the run
    _link(second)
    _enroll()  # in the second, now the latest
    assert set(Participation.objects.values_list("event__code", flat=True)) == {
        "ntp-kh-2026-01",
        "ntp-kh-2026-02",
    }
    PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=_grade(0.6))
    scores = dict(Participation.objects.values_list("event__code", "post_test_score"))
    assert scores == {"ntp-kh-2026-01": None, "ntp-kh-2026-02": Decimal("60.00")}


def test_inside_the_platform_changes_go_to_its_tracker(monkeypatch):
    """Where the platform's event tracker can be imported, a change is emitted through it
    (and on to xAPI), not logged."""
    import sys
    import types

    from trainer_registry.platform import compat

    emitted = []
    platform_module = types.ModuleType("eventtracking")
    platform_module.tracker = types.SimpleNamespace(
        emit=lambda name, data: emitted.append((name, data))
    )
    monkeypatch.setitem(sys.modules, "eventtracking", platform_module)
    compat._tracker.cache_clear()
    try:
        compat.emit_tracking_event("commit_training.registry.participation.updated", {"a": 1})
    finally:
        compat._tracker.cache_clear()
    assert emitted == [("commit_training.registry.participation.updated", {"a": 1})]
