"""Migrations apply forwards on PostgreSQL and on MariaDB/MySQL, whatever database this
run's suite uses: each test migrates a scratch database on that server from nothing."""

from __future__ import annotations

import pytest

from tests.servers import run, scratch_database


@pytest.mark.own_databases
@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
def test_migrations_apply_forwards_on_a_fresh_database(engine, tmp_path):
    with scratch_database(engine) as database_url:
        steps = (
            ["migrate", "--no-input"],
            ["migrate", "--check"],  # exits 1 if any migration is left unapplied
            ["makemigrations", "--check", "--dry-run"],
        )
        for command in steps:
            result = run("manage.py", *command, database_url=database_url, var_dir=tmp_path)
            assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
        assert "No changes detected" in result.stdout
