"""Migrations apply forwards on PostgreSQL and on MariaDB/MySQL, whatever database this
run's suite uses: each test migrates a scratch database on that server from nothing.

The servers are found at ``COMMIT_TEST_POSTGRESQL_URL`` and ``COMMIT_TEST_MYSQL_URL``
(defaults: the local servers on their standard ports). Without a server the test skips
with the reason, and fails when ``CI=true``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
def test_migrations_apply_forwards_on_a_fresh_database(engine, tmp_path):
    url = SERVERS[engine]
    require(_listening(url), f"no {engine} server at {url} (set COMMIT_TEST_{engine.upper()}_URL)")
    if engine == "mysql":
        try:
            import MySQLdb  # noqa: F401
        except ImportError:
            require(False, "the MySQL driver is not installed: make requirements-mysql")
    name = f"commit_migrate_{uuid.uuid4().hex[:10]}"
    admin = _admin_connection(engine, url)
    cursor = admin.cursor()
    charset = " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" if engine == "mysql" else ""
    cursor.execute(f"CREATE DATABASE {name}{charset}")
    try:
        env = {**os.environ, "DATABASE_URL": f"{url}/{name}", "COMMIT_VAR_DIR": str(tmp_path)}
        steps = (
            ["migrate", "--no-input"],
            ["migrate", "--check"],  # exits 1 if any migration is left unapplied
            ["makemigrations", "--check", "--dry-run"],
        )
        for command in steps:
            result = subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), *command],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                timeout=300,
                check=False,
            )
            assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
        assert "No changes detected" in result.stdout
    finally:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()
