"""The standalone site: migrations complete, demo set-up repeatable, security headers on."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from trainer_registry import models


@pytest.mark.django_db
def test_no_migration_is_missing():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_setup_demo_creates_logins_and_data_once(django_user_model, client):
    out = StringIO()
    call_command("setup_demo", "--seed", "5", stdout=out)
    people = models.Person.objects.count()
    assert people > 1500
    assert "Loaded demo data" in out.getvalue()
    call_command("setup_demo", "--seed", "5", stdout=(again := StringIO()))
    assert "not loaded again" in again.getvalue()
    assert models.Person.objects.count() == people
    assert client.login(username="manager", password="commit-manager")
    assert client.get("/registry/").status_code == 200
    assert not django_user_model.objects.get(username="manager").is_superuser


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "same-origin"


def test_health_check(client):
    assert client.get("/healthz").content.strip() == b"ok"


@pytest.mark.django_db
def test_database_is_set_up_for_its_engine():
    """SQLite in WAL mode for concurrent writers; server databases in a Unicode encoding
    that holds every script of the region."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0].lower() == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 20000
        elif connection.vendor == "postgresql":
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"
        else:
            cursor.execute("SELECT @@character_set_connection")
            assert cursor.fetchone()[0] == "utf8mb4"


@pytest.mark.django_db
def test_four_byte_characters_are_stored():
    """utf8mb4 on MySQL: a rare CJK character outside the Basic Multilingual Plane."""
    person = models.Person.objects.create(name_latin="Test", name_local="𠀋𠮷", country="CN")
    person.refresh_from_db()
    assert person.name_local == "𠀋𠮷"
