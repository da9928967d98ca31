"""Platform events queued through a real Redis broker: a worker killed mid-task has its
message delivered again, and the work is done exactly once."""

from __future__ import annotations

import pytest

from tests.redis_worker import (
    count,
    kill_worker_mid_task,
    prepare_site,
    run_python,
    running_worker,
    wait_for,
)

COURSE = "course-v1:COMMIT+NTP-KH+2026_02"
ENROLLMENT = {
    "user_id": 99,
    "username": "dara",
    "name": "Sok Dara",
    "email": "dara@example.org",
    "course_key": COURSE,
    "is_active": True,
}
SEED = f"""
from datetime import date
from trainer_registry import api
from trainer_registry.models import TrainingEvent
api.create_programme("ntp-kh", kind="NTP", name="NTP Cambodia", country="KH")
api.create_training_event("ntp-kh-2026-02", programme_code="ntp-kh", title="NTP", country="KH",
                          starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 6))
TrainingEvent.objects.update(course_run={COURSE!r})
"""
DISPATCH = f"""
import django; django.setup()
from trainer_registry.tasks import dispatch
dispatch("enrollment", {ENROLLMENT!r})
"""


@pytest.fixture
def site(tmp_path):
    return prepare_site(tmp_path, SEED)


@pytest.mark.own_databases
def test_worker_killed_mid_task_is_redelivered_and_nothing_is_duplicated(site, tmp_path):
    env, database = site
    run_python(env, DISPATCH)
    kill_worker_mid_task(database, env, tmp_path / "worker-1.log")
    assert count(database, "trainer_registry_participation") == 0

    log = tmp_path / "worker-2.log"
    with running_worker(env, log):
        wait_for(
            lambda: count(database, "trainer_registry_participation") == 1,
            90,
            "the redelivered task to be done by the second worker",
        )
        # The same event again, as when the platform resends it: still one participation.
        run_python(env, DISPATCH)
        wait_for(lambda: log.read_text().count("succeeded") >= 2, 60, "the resent event")
    assert count(database, "trainer_registry_participation") == 1
    assert count(database, "trainer_registry_person") == 1


def test_without_a_broker_tasks_run_inline(settings, db):
    from trainer_registry import api
    from trainer_registry.models import Participation, TrainingEvent
    from trainer_registry.tasks import dispatch

    settings.CELERY_BROKER_URL = ""
    api.create_programme("ntp-kh", kind="NTP", name="NTP Cambodia", country="KH")
    api.create_training_event(
        "ntp-kh-x",
        programme_code="ntp-kh",
        title="NTP",
        country="KH",
        starts_on="2026-02-02",
        ends_on="2026-02-06",
    )
    TrainingEvent.objects.update(course_run=COURSE)
    dispatch("enrollment", ENROLLMENT)
    dispatch("enrollment", ENROLLMENT)
    assert Participation.objects.count() == 1


def test_a_worker_closes_only_old_or_broken_connections_around_a_task(monkeypatch):
    """Around a task a worker runs, Django's request rule decides whether the database
    connection is closed (past its age, or unusable); Celery's own fix-up, which closed
    it around every task, is held back by CELERY_DB_REUSE_MAX. A task run inline, inside
    its caller's transaction, leaves the connection alone."""
    from types import SimpleNamespace

    from django.conf import settings as site

    from commit_site.celery import app
    from trainer_registry import tasks

    closed = []
    monkeypatch.setattr(tasks, "close_old_connections", lambda: closed.append(True))
    tasks._close_old_connections(sender=SimpleNamespace(request=SimpleNamespace(is_eager=False)))
    tasks._close_old_connections(sender=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
    assert closed == [True]
    assert app.conf.get("CELERY_DB_REUSE_MAX") == site.CELERY_DB_REUSE_MAX >= 100_000
