"""Platform events queued through a real Redis broker: a worker killed mid-task has its
message delivered again, and the work is done exactly once."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[3]
REDIS = os.environ.get("COMMIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
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


def _redis_listening() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def site(tmp_path):
    require(_redis_listening(), "no Redis server on 127.0.0.1:6379")
    database = tmp_path / "registry.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "COMMIT_VAR_DIR": str(tmp_path),
        "COMMIT_CELERY_BROKER": REDIS,
        "COMMIT_CELERY_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        "COMMIT_CELERY_VISIBILITY_TIMEOUT": "2",
        "DJANGO_SETTINGS_MODULE": "commit_site.settings",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "--no-input", "-v0"], ["shell", "-c", SEED]):
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, timeout=300)
    return env, database


def _worker(env, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "commit_site",
        "worker",
        "--pool",
        "solo",
        "--queues",
        env["COMMIT_CELERY_QUEUE"],
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_worker_killed_mid_task_is_redelivered_and_nothing_is_duplicated(site, tmp_path):
    env, database = site
    # Hold the database's write lock, so the first worker's task blocks half-way.
    lock = sqlite3.connect(database, isolation_level=None, timeout=30)
    lock.execute("BEGIN IMMEDIATE")
    first_log = tmp_path / "worker-1.log"
    first = _worker(env, first_log)
    try:
        subprocess.run([sys.executable, "-c", DISPATCH], env=env, cwd=ROOT, check=True, timeout=120)
        _wait_for(
            lambda: "received" in first_log.read_text(), 60, "the first worker to take the task"
        )
        time.sleep(1.0)  # the task is now waiting for the write lock
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert "succeeded" not in first_log.read_text()
    assert _count(database, "trainer_registry_participation") == 0

    second_log = tmp_path / "worker-2.log"
    second = _worker(env, second_log)
    try:
        _wait_for(
            lambda: _count(database, "trainer_registry_participation") == 1,
            90,
            "the redelivered task to be done by the second worker",
        )
        # The same event again, as when the platform resends it: still one participation.
        subprocess.run([sys.executable, "-c", DISPATCH], env=env, cwd=ROOT, check=True, timeout=120)
        _wait_for(lambda: second_log.read_text().count("succeeded") >= 2, 60, "the resent event")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert _count(database, "trainer_registry_participation") == 1
    assert _count(database, "trainer_registry_person") == 1


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
