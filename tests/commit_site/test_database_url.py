"""DATABASE_URL chooses the database; a bad value is one clear line, not a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from commit_site.database import DatabaseSettingError, parse_database_url
from tests.servers import run

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_url_relative_to_base_dir_with_concurrency_settings(tmp_path):
    config = parse_database_url("sqlite:///var/site.db", base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "site.db")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 20


def test_sqlite_absolute_path(tmp_path):
    config = parse_database_url(f"sqlite:///{tmp_path}/x.db", base_dir=Path("/elsewhere"))
    assert config["NAME"] == str(tmp_path / "x.db")


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_postgresql_url(scheme):
    config = parse_database_url(f"{scheme}://alice:s%40cret@db.example:6543/commit", base_dir=ROOT)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("commit", "alice", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.example", "6543")


@pytest.mark.parametrize("scheme", ["mysql", "mariadb"])
def test_mysql_url_stores_every_script(scheme):
    config = parse_database_url(f"{scheme}://root@127.0.0.1/commit", base_dir=ROOT)
    assert config["ENGINE"] == "django.db.backends.mysql"
    assert config["PORT"] == "3306"
    assert config["OPTIONS"]["charset"] == "utf8mb4"
    assert config["TEST"]["CHARSET"] == "utf8mb4"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("oracle://u@h/db", "unknown scheme 'oracle'"),
        ("just-a-file.db", "is not a URL"),
        ("postgresql://u@h/", "names no database"),
        ("sqlite://", "names no SQLite file"),
        ("sqlite://host/file.db", "has no host"),
        ("postgresql://u@h:notaport/db", "bad port"),
    ],
)
def test_bad_urls_are_named(url, expected):
    with pytest.raises(DatabaseSettingError) as caught:
        parse_database_url(url, base_dir=ROOT)
    message = str(caught.value)
    assert message.startswith("DATABASE_URL")
    assert expected in message
    assert "\n" not in message


def test_password_is_not_shown_in_messages():
    with pytest.raises(DatabaseSettingError) as caught:
        parse_database_url("oracle://u:topsecret@h/db", base_dir=ROOT)
    assert "topsecret" not in str(caught.value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        ("ftp://somewhere/db", "DATABASE_URL='ftp://somewhere/db' has the unknown scheme 'ftp'"),
        (
            f"postgresql://postgres@127.0.0.1:{_free_port()}/commit",
            "DATABASE_URL: cannot reach the postgresql",
        ),
        (
            "sqlite:////nonexistent-dir/for/sure/db.sqlite3",
            "DATABASE_URL: cannot reach the SQLite file",
        ),
    ],
)
def test_manage_py_reports_bad_database_in_one_line(database_url, expected, tmp_path):
    result = run("manage.py", "migrate", database_url=database_url, var_dir=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_wsgi_application_refuses_to_start_in_one_line(tmp_path):
    env = {**os.environ, "DATABASE_URL": "mongodb://h/db", "COMMIT_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import commit_site.wsgi"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "unknown scheme 'mongodb'" in result.stderr


def test_a_command_before_migrate_says_to_migrate_in_one_line(tmp_path):
    """Issue 21, finding 8: a CLI run before the database exists printed a "no such
    table" traceback."""
    database_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    result = run(
        "trainer-registry", "certification", "remind", database_url=database_url, var_dir=tmp_path
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "has no tables yet: run `make migrate`" in line
    migrated = run("manage.py", "migrate", database_url=database_url, var_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    again = run(
        "trainer-registry", "certification", "remind", database_url=database_url, var_dir=tmp_path
    )
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize(
    ("database_url", "chosen", "processes"),
    [
        ("sqlite:///var/x.sqlite3", "", "1"),  # one writer at a time: one process
        ("postgresql://u@db.example/commit", "", "None"),  # Celery's own: one per core
        ("mysql://u@db.example/commit", "", "None"),
        ("sqlite:///var/x.sqlite3", "3", "3"),
    ],
)
def test_the_worker_runs_one_process_on_sqlite_unless_told(
    tmp_path, database_url, chosen, processes
):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "COMMIT_VAR_DIR": str(tmp_path),
        "COMMIT_CELERY_CONCURRENCY": chosen,
    }
    read = subprocess.run(
        [
            sys.executable,
            "-c",
            "import commit_site.settings as s; print(s.CELERY_WORKER_CONCURRENCY)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert read.stdout.strip() == processes
