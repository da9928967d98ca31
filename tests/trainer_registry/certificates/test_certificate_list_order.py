"""The certificates list reads its page newest first along an index of its own: without
it the database sorted every certificate, each with its signed credential, to return
fifty (the API's page took twice as long at 100x the demo as at 1x)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainer_registry.certificates import issuing
from trainer_registry.models import IssuedCertificate, Role, TrainerCertification

pytestmark = pytest.mark.django_db

INDEX = "certificate_newest_first"


def _index_columns(model, name: str) -> list[str]:
    """The columns of the model's index ``name``, as the database has it."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert constraints[name]["index"]
    return constraints[name]["columns"]


def test_the_index_orders_certificates_as_the_lists_do():
    assert _index_columns(IssuedCertificate, INDEX) == ["issued_on", "id"]
    assert IssuedCertificate._meta.ordering == ["-issued_on", "-pk"]


def _assert_read_along(index: str, statement: str) -> None:
    """On SQLite, ``statement`` reads along ``index`` with no sort of its own (elsewhere
    the plan depends on the server's statistics; the index itself is checked apart)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}")
        plan = " ".join(str(step[-1]) for step in cursor.fetchall())
    assert index in plan and "TEMP B-TREE" not in plan, plan


def _listed(api):
    """The API's certificates list, and the statement that read its page."""
    with CaptureQueriesContext(connection) as statements:
        listed = api.get("/registry/api/v1/certificates/")
    (page,) = _ordered_reads(statements, "issuedcertificate")
    return listed, page


def _ordered_reads(statements, table: str) -> list[str]:
    """The sorted reads of ``table`` among the captured statements, in double quotes on
    every database (MariaDB quotes names with backticks)."""
    return [
        q["sql"].replace("`", '"')
        for q in statements.captured_queries
        if q["sql"].startswith("SELECT") and "ORDER BY" in q["sql"] and table in q["sql"]
    ]


@pytest.mark.parametrize(
    "role, country", [(Role.REGIONAL_ADMINISTRATOR, ""), (Role.COUNTRY_MANAGER, "KH")]
)
def test_the_apis_page_of_certificates_is_read_along_the_index(training, as_role, role, country):
    trainer, _event, done, _ = training
    issuing.issue_for_participant(trainer, done.participations.get(), on=date(2026, 5, 9))
    api = as_role("reader", role, country)
    listed, page = _listed(api)
    assert listed.status_code == 200 and listed.json()["count"] == 1
    _assert_read_along(INDEX, page)


def test_the_apis_page_reads_no_credential_nor_snapshot(training, as_role):
    """A page of fifty certificates shows codes, dates and ids: it does not read each
    certificate's signed credential and snapshot (kilobytes of JSON a row), nor the
    people's names, and answers as before."""
    trainer, _event, done, _ = training
    certificate = issuing.issue_for_participant(
        trainer, done.participations.get(), on=date(2026, 5, 9)
    )
    api = as_role("reader", Role.REGIONAL_ADMINISTRATOR)
    listed, page = _listed(api)
    for column in ("credential", "snapshot", "name_latin", "email"):
        assert f'"{column}"' not in page.replace("`", '"'), column
    (row,) = listed.json()["results"]
    assert row == {
        "code": certificate.code,
        "kind": certificate.kind,
        "status": "valid",
        "person": str(certificate.person.public_id),
        "event": certificate.event.code,
        "issued_on": "2026-05-09",
        "issuer": str(trainer.public_id),
    }


@pytest.mark.parametrize("page", ["event-detail", "person-detail"])
def test_a_records_page_reads_its_certificates_once_without_credentials(training, as_role, page):
    """A training's and a person's page show their certificates' table (and the training
    its ZIP link with the count) from one read that leaves out each certificate's signed
    credential and snapshot."""
    trainer, event, done, _ = training
    certificate = issuing.issue_for_participant(
        trainer, done.participations.get(), on=date(2026, 5, 9)
    )
    key = event.code if page == "event-detail" else done.public_id
    manager = as_role("manager", Role.REGIONAL_ADMINISTRATOR)
    with CaptureQueriesContext(connection) as statements:
        shown = manager.get(reverse(f"trainer_registry:{page}", args=[key]))
    assert shown.status_code == 200 and certificate.code in shown.content.decode()
    if page == "event-detail":
        assert "Download the 1 certificate as one ZIP file" in shown.content.decode()
        assert "Keo Bopha" in shown.content.decode()
    reads = [
        q["sql"].replace("`", '"')
        for q in statements.captured_queries
        if q["sql"].startswith("SELECT")
        and 'FROM "trainer_registry_issuedcertificate"' in q["sql"].replace("`", '"')
    ]
    assert len(reads) == 1, reads
    assert '"credential"' not in reads[0] and '"snapshot"' not in reads[0]


CERTIFICATIONS_INDEX = "certification_newest_first"


def test_the_certifications_index_orders_them_as_the_api_does():
    assert _index_columns(TrainerCertification, CERTIFICATIONS_INDEX) == ["certified_on", "id"]


@pytest.mark.parametrize(
    "role, country", [(Role.REGIONAL_ADMINISTRATOR, ""), (Role.COUNTRY_MANAGER, "KH")]
)
def test_the_apis_page_of_certifications_is_read_along_the_index_without_evidence(
    training, as_role, role, country
):
    """The API's certifications: newest first along their index (no sort of every
    certification), without each one's evidence or the person's names; the row as
    before."""
    trainer, *_ = training
    held = trainer.certifications.get()
    api = as_role("reader", role, country)
    with CaptureQueriesContext(connection) as statements:
        listed = api.get("/registry/api/v1/certifications/")
    (page,) = _ordered_reads(statements, "trainercertification")
    for column in ("evidence", "name_latin", "email", "phone"):
        assert f'"{column}"' not in page, column
    (row,) = listed.json()["results"]
    assert row == {
        "id": held.pk,
        "person": str(trainer.public_id),
        "programme": held.programme.code,
        "level": held.level,
        "status": held.status,
        "status_today": "active",
        "status_reason": held.status_reason,
        "certified_on": held.certified_on.isoformat(),
        "valid_until": held.valid_until.isoformat(),
        "supersedes": None,
    }
    _assert_read_along(CERTIFICATIONS_INDEX, page)


@pytest.mark.parametrize(
    "role, country", [(Role.REGIONAL_ADMINISTRATOR, ""), (Role.COUNTRY_MANAGER, "KH")]
)
def test_the_certified_trainers_are_listed_newest_first_along_the_index(
    training, as_role, role, country
):
    """The staff list of certified trainers: the latest certified first, read along the
    certifications' index (ordered by the people's country and name, every current
    certification was joined and sorted for each page); a superseded one is not listed."""
    trainer, *_ = training
    first = trainer.certifications.get()
    programme = first.programme
    others = []
    for day, name in [(date(2024, 6, 3), "Chea Sophal"), (date(2026, 3, 9), "Ly Srey Mom")]:
        person = trainer.__class__.objects.create(name_latin=name, country="KH")
        others.append(
            TrainerCertification.objects.create(
                person=person,
                programme=programme,
                level="national_trainer",
                certified_on=day,
                valid_until=date(day.year + 3, day.month, day.day),
            )
        )
    TrainerCertification.objects.create(
        person=others[0].person,
        programme=programme,
        level="national_trainer",
        certified_on=date(2024, 6, 3),
        valid_until=date(2027, 6, 3),
        supersedes=others[0],
        status="active",
    )
    client = as_role("reader", role, country)
    with CaptureQueriesContext(connection) as statements:
        listed = client.get(reverse("trainer_registry:trainer-list"))
    names = [row[0].person__name_latin for row in listed.context["rows"]]
    assert names == ["Ly Srey Mom", "Sok Dara", "Chea Sophal"]
    page = listed.content.decode()
    assert "The most recently certified first." in page and "3 trainers" in page
    assert "<td>2026-03-09</td>" in page
    (read,) = _ordered_reads(statements, "trainercertification")
    _assert_read_along(CERTIFICATIONS_INDEX, read)
    # Counted without the people's rows, unless the reader's reach needs their country.
    (count,) = [q["sql"] for q in statements.captured_queries if "COUNT(" in q["sql"]]
    assert ("trainer_registry_person" in count) == bool(country), count
