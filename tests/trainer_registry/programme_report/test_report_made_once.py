"""A report job is made once, whoever takes it and whenever: a second taker while the
first builds (a message delivered again, two workers given the same message) makes
nothing and comes back when the first taker's claim lapses; a dead taker's job is taken
over then."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.db.models import F

from trainer_registry import queued_jobs, tasks
from trainer_registry.models import AuditEvent, JobKind, JobStatus, QueuedJob, Role
from trainer_registry.programme_report import stored
from trainer_registry.programme_report.options import parse_options


@pytest.fixture
def asked(small_registry, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = ""
    user = staff(Role.ME_ANALYST)
    request_id = uuid.uuid4().hex
    stored.record_request(user, parse_options(today=date(2014, 6, 30)), "zip", request_id)
    return user, request_id


def _job(request_id: str) -> QueuedJob:
    return QueuedJob.objects.get(kind=JobKind.PROGRAMME_REPORT, subject=request_id)


def _generated(request_id: str) -> int:
    return AuditEvent.objects.filter(object_id=request_id, detail__via="generated").count()


def test_a_second_taker_while_the_first_builds_makes_nothing(asked, monkeypatch):
    user, request_id = asked
    real_build = stored.build_report
    builds, second = [], {}

    def build(access, options):
        builds.append(options)
        if len(builds) == 1:  # the same message arrives again while this taker builds
            with pytest.raises(stored.Taken) as taken:
                stored.generate(user.pk, request_id)
            second["free_in"] = taken.value.free_in
            second["inline"] = tasks.run(tasks.generate_programme_report, user.pk, request_id)
        return real_build(access, options)

    monkeypatch.setattr(stored, "build_report", build)
    assert tasks.run(tasks.generate_programme_report, user.pk, request_id) == stored.READY
    assert len(builds) == 1
    assert second["inline"] == stored.RUNNING
    assert stored.TIME_LIMIT.total_seconds() - 60 < second["free_in"]
    assert second["free_in"] <= stored.TIME_LIMIT.total_seconds()
    job = _job(request_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert _generated(request_id) == 1


def test_a_worker_given_a_taken_report_retries_when_the_claim_lapses(asked, monkeypatch):
    user, request_id = asked
    job = _job(request_id)
    assert queued_jobs.claim(job.pk, stale_after=stored.TIME_LIMIT)  # another worker's
    retried = []

    def retry(*, countdown):
        retried.append(countdown)
        return RuntimeError("retried")

    monkeypatch.setattr(tasks.generate_programme_report, "retry", retry)
    with pytest.raises(RuntimeError, match="retried"):
        tasks.generate_programme_report(user.pk, request_id)  # as a worker runs it
    assert len(retried) == 1
    assert stored.TIME_LIMIT.total_seconds() - 60 < retried[0] <= stored.TIME_LIMIT.total_seconds()
    QueuedJob.objects.filter(pk=job.pk).update(taken_at=F("taken_at") - stored.TIME_LIMIT)
    assert tasks.generate_programme_report(user.pk, request_id) == stored.READY  # taken over
    assert _job(request_id).attempts == 2


def test_an_ended_job_is_not_claimed_again(asked):
    user, request_id = asked
    assert stored.generate(user.pk, request_id) == stored.READY
    job = _job(request_id)
    later = job.finished_at + 2 * stored.TIME_LIMIT
    assert not queued_jobs.claim(job.pk, stale_after=stored.TIME_LIMIT, now=later)
    stored.mark_failed(user.pk, request_id, "for the test")
    assert stored.generate(user.pk, request_id) == stored.FAILED
    assert _job(request_id).attempts == 1


def test_a_report_over_the_time_limit_fails_with_the_reason(asked, monkeypatch):
    user, request_id = asked

    def too_long(access, options):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(stored, "build_report", too_long)
    assert tasks.generate_programme_report(user.pk, request_id) == stored.FAILED
    report = stored.report_of(user, request_id)
    assert report.state == stored.FAILED and "more than 15 minutes" in report.reason
    limits = tasks.generate_programme_report
    assert (limits.time_limit, limits.soft_time_limit) == (900, 840)


def _in_a_thread(target, results, *args):
    def run():
        try:
            results.append(target(*args))
        except Exception as error:  # the test reads what each taker got
            results.append(type(error).__name__)
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_two_takers_at_once_one_builds(asked, monkeypatch):
    user, request_id = asked
    real_build = stored.build_report
    start, other_done = threading.Barrier(2, timeout=30), threading.Event()
    builds, results = [], []

    def build(access, options):
        builds.append(options)
        other_done.wait(timeout=10)  # still building when the other taker looks
        return real_build(access, options)

    def take():
        start.wait()
        try:
            return stored.generate(user.pk, request_id)
        finally:
            other_done.set()

    monkeypatch.setattr(stored, "build_report", build)
    threads = [_in_a_thread(take, results) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["Taken", stored.READY]
    assert len(builds) == 1
    job = _job(request_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert _generated(request_id) == 1


@pytest.mark.django_db(transaction=True)
def test_of_four_claims_at_once_one_takes_the_job(asked):
    _, request_id = asked
    job = _job(request_id)
    start, results = threading.Barrier(4, timeout=30), []

    def claim():
        start.wait()
        return queued_jobs.claim(job.pk, stale_after=stored.TIME_LIMIT)

    threads = [_in_a_thread(claim, results) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False, False, False, True]
    assert _job(request_id).attempts == 1
