"""A site of its own with a real Celery worker on a real Redis broker, for tests of the
queued tasks.

Each test gets a fresh SQLite database in its ``tmp_path``, a queue name no other test
uses, and a visibility timeout of two seconds, so that the message of a worker killed
mid-task is delivered again within the test. The broker is ``COMMIT_TEST_REDIS_URL``
(default: database 14 of the local server); without a server listening there a test
skips with the reason, and fails when ``CI=true``.

The worker runs as a process of its own, the way the site runs it, and is stopped (or
killed) as a whole process group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[1]
REDIS = os.environ.get("COMMIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def redis_listening(url: str = REDIS) -> bool:
    """Whether something accepts connections at the broker's host and port."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def prepare_site(tmp_path: Path, seed: str, **env: str) -> tuple[dict[str, str], Path]:
    """Migrate a fresh database in ``tmp_path`` and run ``seed`` in the Django shell;
    returns the environment that the worker and the scripts run with, and the database.
    ``env`` adds to (or replaces) the site's settings in that environment."""
    require(redis_listening(), f"no Redis server at {REDIS} (set COMMIT_TEST_REDIS_URL)")
    database = tmp_path / "registry.sqlite3"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "COMMIT_VAR_DIR": str(tmp_path),
        "COMMIT_CELERY_BROKER": REDIS,
        "COMMIT_CELERY_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        "COMMIT_CELERY_VISIBILITY_TIMEOUT": "2",
        "DJANGO_SETTINGS_MODULE": "commit_site.settings",
        **env,
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (["migrate", "--no-input", "-v0"], ["shell", "-c", seed]):
        subprocess.run([*manage, *args], env=environment, cwd=ROOT, check=True, timeout=300)
    return environment, database


def run_python(env: dict[str, str], script: str) -> str:
    """Run ``script`` in a Python process of the site; returns what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"the script failed:\n{done.stderr}"
    return done.stdout


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """A worker that takes one task at a time from the site's queue, logging to ``log``."""
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
    with log.open("w") as output:  # the worker keeps its own copy of the descriptor
        return subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@contextlib.contextmanager
def running_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A worker for the ``with`` block, stopped (SIGTERM) at its end."""
    worker = start_worker(env, log)
    try:
        yield worker
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)


def kill_worker_mid_task(database: Path, env: dict[str, str], log: Path) -> None:
    """Start a worker while the database's write lock is held, so that the task it takes
    from the queue blocks half-way, and kill it (SIGKILL) there: its message is never
    acknowledged and the broker delivers it again after the visibility timeout."""
    lock = sqlite3.connect(database, isolation_level=None, timeout=30)
    lock.execute("BEGIN IMMEDIATE")
    worker = start_worker(env, log)
    try:
        wait_for(lambda: "received" in log.read_text(), 60, "the first worker to take the task")
        time.sleep(1.0)  # the task is now waiting for the write lock
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert "succeeded" not in log.read_text()


def wait_for(
    predicate: Callable[[], bool], timeout: float, what: str, logs: Iterable[Path] = ()
) -> None:
    """Poll ``predicate`` until it holds; fail naming ``what`` after ``timeout`` seconds,
    with the text of the worker ``logs``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    shown = "".join(f"\n--- {log.name}\n{log.read_text()}" for log in logs)
    raise AssertionError(f"timed out waiting for {what}{shown}")


def row(database: Path, sql: str, *params: Any) -> tuple:
    """The first row of ``sql`` on the site's database, read as the test's own client."""
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as connection:
        return connection.execute(sql, params).fetchone()


def count(database: Path, table: str) -> int:
    return row(database, f"SELECT COUNT(*) FROM {table}")[0]  # noqa: S608
