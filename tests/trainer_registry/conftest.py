"""Certificates are signed with a key made for the test session, never the site's own;
a Cambodian national training led by a certified trainer, for the certificate tests; the
demo registry, and a client logged in under one role grant, for the staff pages' tests."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from trainer_registry.demo import generator, loader
from trainer_registry.models import (
    Participation,
    Person,
    Programme,
    RoleGrant,
    TrainerCertification,
    TrainingEvent,
)


@pytest.fixture(autouse=True)
def credential_key_file(settings, tmp_path_factory):
    settings.TRAINER_REGISTRY_CREDENTIAL_KEY_FILE = (
        tmp_path_factory.getbasetemp() / "credential-signing-key.pem"
    )
    return settings.TRAINER_REGISTRY_CREDENTIAL_KEY_FILE


@pytest.fixture
def training():
    tot = Programme.objects.create(code="tot-kh", kind="TOT", name="ToT Cambodia", country="KH")
    ntp = Programme.objects.create(code="ntp-kh", kind="NTP", name="NTP Cambodia", country="KH")
    trainer = Person.objects.create(name_latin="Sok Dara", name_local="សុខ ដារ៉ា", country="KH")
    TrainerCertification.objects.create(
        person=trainer,
        programme=tot,
        level="national_trainer",
        certified_on=date(2026, 1, 1),
        valid_until=date(2029, 1, 1),
    )
    event = TrainingEvent.objects.create(
        programme=ntp,
        code="ntp-kh-2026-5",
        title="NTP Battambang",
        country="KH",
        place="Battambang",
        starts_on=date(2026, 5, 4),
        ends_on=date(2026, 5, 8),
        lead_trainer=trainer,
    )
    done = Person.objects.create(
        name_latin="Keo Bopha", name_local="កែវ បុប្ផា", country="KH", email="bopha@example.org"
    )
    absent = Person.objects.create(name_latin="Chan Vichet", country="KH")
    Participation.objects.create(
        event=event, person=done, completed=True, completed_on=date(2026, 5, 8)
    )
    Participation.objects.create(event=event, person=absent, completed=False)
    cache.clear()
    return trainer, event, done, absent


@pytest.fixture
def demo_registry():
    """The demo registry of a fixed seed, written through the loader."""
    loader.load(generator.generate(seed=61))


@pytest.fixture
def as_role(client, django_user_model):
    """``as_role(name, role, country="")``: the test client, logged in as a new user who
    holds that one role grant (in that country, or over the whole region)."""

    def login(name, role, country=""):
        user = django_user_model.objects.create_user(name, password="x-long-password")
        RoleGrant.objects.create(user=user, role=role, country=country)
        client.force_login(user)
        return client

    return login
