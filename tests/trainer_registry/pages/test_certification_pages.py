"""A programme manager certifies a trainer from the staff pages, or learns what is missing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from trainer_registry.assessment import observations, rubric_versions
from trainer_registry.models import (
    AuditEvent,
    Participation,
    Person,
    Programme,
    Role,
    RoleGrant,
    SessionKind,
    TrainerCertification,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    programme = Programme.objects.create(
        code="tot-vn", kind="TOT", name="National ToT, Viet Nam", country="VN"
    )
    event = TrainingEvent.objects.create(
        programme=programme,
        code="tot-vn-2026",
        title="ToT",
        country="VN",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
    )
    person = Person.objects.create(
        name_latin="Nguyen Thi Lan", name_local="Nguyễn Thị Lan", country="VN"
    )
    Participation.objects.create(
        event=event, person=person, attendance_percent=95, post_test_score=88
    )
    return programme, event, person


@pytest.fixture
def manager(client, django_user_model):
    user = django_user_model.objects.create_user("manager-vn", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="VN")
    client.force_login(user)
    return client


def test_refusal_lists_what_is_missing_then_certification(manager, candidate):
    programme, event, person = candidate
    url = reverse("trainer_registry:person-certify", args=[person.public_id])
    refused = manager.post(url, {"programme": programme.pk, "level": "national_trainer"})
    assert refused.status_code == 422
    assert "0 passed observed co-facilitation(s) recorded, 1 needed" in refused.content.decode()
    assert not TrainerCertification.objects.exists()

    observer = Person.objects.create(name_latin="Master", country="TH")
    version = rubric_versions.load_file().version
    for kind in SessionKind.values:
        observations.record(
            kind=kind,
            person=person,
            event=event,
            observer=observer,
            version=version,
            observed_on=date(2026, 3, 6),
            levels={c["id"]: 3 for c in version.content["criteria"]},
            comments={},
        )
    assert (
        manager.post(url, {"programme": programme.pk, "level": "national_trainer"}).status_code
        == 302
    )
    cert = TrainerCertification.objects.get()
    page = manager.get(
        reverse("trainer_registry:person-detail", args=[person.public_id])
    ).content.decode()
    assert "status-active" in page and cert.valid_until.isoformat() in page
    assert AuditEvent.objects.filter(object_type="trainercertification", action="create").exists()

    status_url = reverse("trainer_registry:certification-status", args=[cert.pk])
    manager.post(status_url, {"status": "suspended", "reason": ""})
    cert.refresh_from_db()
    assert cert.status == "active"  # a suspension needs its reason
    manager.post(status_url, {"status": "suspended", "reason": "Under review"})
    cert.refresh_from_db()
    assert (cert.status, cert.status_reason) == ("suspended", "Under review")
    listing = manager.get(reverse("trainer_registry:trainer-list"))
    assert [(c.person__name_latin, status) for c, status, _ in listing.context["rows"]] == [
        ("Nguyen Thi Lan", "suspended")
    ]
    assert 'status-suspended">Suspended</span>' in listing.content.decode()


def test_other_countries_and_readers_cannot_certify(client, django_user_model, candidate):
    programme, _, person = candidate
    url = reverse("trainer_registry:person-certify", args=[person.public_id])
    kh = django_user_model.objects.create_user("manager-kh", password="x-long-password")
    RoleGrant.objects.create(user=kh, role=Role.COUNTRY_MANAGER, country="KH")
    client.force_login(kh)
    assert (
        client.post(url, {"programme": programme.pk, "level": "national_trainer"}).status_code
        == 404
    )
    auditor = django_user_model.objects.create_user("auditor", password="x-long-password")
    RoleGrant.objects.create(user=auditor, role=Role.AUDITOR)
    client.force_login(auditor)
    assert (
        client.post(url, {"programme": programme.pk, "level": "national_trainer"}).status_code
        == 403
    )
