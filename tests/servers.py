"""Scratch databases on the PostgreSQL and MariaDB/MySQL servers, for tests that need a
fresh database of their own on each engine.

The servers are found at ``COMMIT_TEST_POSTGRESQL_URL`` and ``COMMIT_TEST_MYSQL_URL``
(defaults: the local servers on their standard ports). Without a server, a test that asks
for one skips with the reason, and fails when ``CI=true``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[1]
SERVERS = {
    "postgresql": os.environ.get(
        "COMMIT_TEST_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432"
    ),
    "mysql": os.environ.get("COMMIT_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306"),
}


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


def _admin_connection(engine: str, url: str):
    parts = urlsplit(url)
    if engine == "postgresql":
        import psycopg

        return psycopg.connect(
            host=parts.hostname,
            port=parts.port,
            user=parts.username,
            password=parts.password or "",
            dbname="postgres",
            autocommit=True,
        )
    import MySQLdb

    return MySQLdb.connect(
        host=parts.hostname, port=parts.port, user=parts.username, password=parts.password or ""
    )


@contextlib.contextmanager
def scratch_database(engine: str) -> Iterator[str]:
    """Create an empty database on ``engine``'s server; yields its ``DATABASE_URL``."""
    url = SERVERS[engine]
    require(_listening(url), f"no {engine} server at {url} (set COMMIT_TEST_{engine.upper()}_URL)")
    if engine == "mysql":
        try:
            import MySQLdb  # noqa: F401
        except ImportError:
            require(False, "the MySQL driver is not installed: make requirements-mysql")
    name = f"commit_scratch_{uuid.uuid4().hex[:10]}"
    admin = _admin_connection(engine, url)
    cursor = admin.cursor()
    charset = " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" if engine == "mysql" else ""
    cursor.execute(f"CREATE DATABASE {name}{charset}")
    try:
        yield f"{url}/{name}"
    finally:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()


def run(program: str, *args: str, database_url: str, var_dir: Path) -> subprocess.CompletedProcess:
    """Run ``manage.py`` or ``trainer-registry`` against ``database_url``."""
    env = {**os.environ, "DATABASE_URL": database_url, "COMMIT_VAR_DIR": str(var_dir)}
    command = (
        [sys.executable, str(ROOT / "manage.py")]
        if program == "manage.py"
        else [sys.executable, "-m", "trainer_registry.cli"]
    )
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
