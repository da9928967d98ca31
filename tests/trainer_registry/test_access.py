"""Each role against each staff page: a country manager for Cambodia never sees Viet Nam."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trainer_registry.access import access_from_grants
from trainer_registry.certificates.code import new_code
from trainer_registry.demo import generator, loader
from trainer_registry.models import (
    AuditEvent,
    IssuedCertificate,
    Person,
    Role,
    RoleGrant,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    loader.load(generator.generate(seed=21))
    kh_event = TrainingEvent.objects.filter(country="KH", programme__kind="NTP").earliest(
        "starts_on"
    )
    return {
        "kh_person": Person.objects.filter(country="KH", participations__isnull=False).first(),
        "vn_person": Person.objects.filter(country="VN", participations__isnull=False).first(),
        "kh_event": kh_event,
        "vn_event": TrainingEvent.objects.filter(country="VN").first(),
        "trainer": kh_event.lead_trainer,
    }


GRANTS = {
    "regional": [(Role.REGIONAL_ADMINISTRATOR, "")],
    "manager_kh": [(Role.COUNTRY_MANAGER, "KH")],
    "analyst": [(Role.ME_ANALYST, "")],
    "auditor_kh": [(Role.AUDITOR, "KH")],
    "trainer": [(Role.TRAINER, "")],
    "nobody": [],
}


@pytest.fixture
def login(client, django_user_model, registry):
    def as_role(name):
        user = django_user_model.objects.create_user(
            name, password="x-long-password", is_staff=True
        )
        for role, country in GRANTS[name]:
            person = registry["trainer"] if role == Role.TRAINER else None
            RoleGrant.objects.create(user=user, role=role, country=country, person=person)
        client.force_login(user)
        return client

    return as_role


def _pages(registry):
    return {
        "dashboard": reverse("trainer_registry:dashboard"),
        "people": reverse("trainer_registry:person-list"),
        "kh_person": reverse(
            "trainer_registry:person-detail", args=[registry["kh_person"].public_id]
        ),
        "vn_person": reverse(
            "trainer_registry:person-detail", args=[registry["vn_person"].public_id]
        ),
        "events": reverse("trainer_registry:event-list"),
        "kh_event": reverse("trainer_registry:event-detail", args=[registry["kh_event"].code]),
        "vn_event": reverse("trainer_registry:event-detail", args=[registry["vn_event"].code]),
        "audit": reverse("trainer_registry:audit-log"),
    }


EXPECTED = {
    #              dash people kh_p vn_p events kh_e vn_e audit
    "regional": (200, 200, 200, 200, 200, 200, 200, 200),
    "manager_kh": (200, 200, 200, 404, 200, 200, 404, 403),
    "analyst": (200, 200, 200, 200, 200, 200, 200, 403),
    "auditor_kh": (200, 200, 200, 404, 200, 200, 404, 200),
    "trainer": (200, 200, 404, 404, 200, 200, 404, 403),
    "nobody": (403, 403, 403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_role_against_every_staff_page(role, login, registry):
    client = login(role)
    pages = _pages(registry)
    if role == "trainer":  # a trainer reaches the people they trained
        participant = registry["kh_event"].participations.first().person
        pages["kh_person"] = reverse("trainer_registry:person-detail", args=[participant.public_id])
        expected = dict(zip(pages, EXPECTED[role], strict=True)) | {"kh_person": 200}
    else:
        expected = dict(zip(pages, EXPECTED[role], strict=True))
    got = {name: client.get(url).status_code for name, url in pages.items()}
    assert got == expected


def test_country_manager_never_sees_another_country_in_lists_or_search(login, registry):
    client = login("manager_kh")
    vn = registry["vn_person"]
    people = client.get(reverse("trainer_registry:person-list"), {"q": vn.name_latin}).context[
        "people"
    ]
    assert all(p.country == "KH" for p in people)
    assert vn.public_id not in {p.public_id for p in people}
    everyone = client.get(reverse("trainer_registry:person-list"), {"country": "VN"})
    assert everyone.context["paginator"].count == 0
    events = client.get(reverse("trainer_registry:event-list")).context["paginator"].object_list
    # Trainings in Cambodia, and regional ones with Cambodian participants; none other.
    for event in events:
        assert event.country == "KH" or event.participations.filter(person__country="KH").exists()
    assert any(event.country == "TH" for event in events)
    dashboard = client.get(reverse("trainer_registry:dashboard")).context["countries"]
    assert [row.country for row in dashboard] == ["KH"]


def test_country_manager_in_the_admin(login, registry):
    client = login("manager_kh")
    changelist = client.get(reverse("admin:trainer_registry_person_changelist"), {"q": ""})
    assert changelist.status_code == 200
    assert {p.country for p in changelist.context["cl"].result_list} == {"KH"}
    vn_change = client.get(
        reverse("admin:trainer_registry_person_change", args=[registry["vn_person"].pk])
    )
    assert vn_change.status_code == 302  # the admin's answer for an object that is not there
    assert client.get(reverse("admin:trainer_registry_rolegrant_changelist")).status_code == 403


def test_analyst_sees_pseudonymous_ids_not_names(login, registry):
    client = login("analyst")
    person = registry["kh_person"]
    page = client.get(
        reverse("trainer_registry:person-detail", args=[person.public_id])
    ).content.decode()
    assert str(person.public_id) in page
    assert person.name_latin not in page and person.name_local not in page
    assert person.email not in page
    listing = client.get(
        reverse("trainer_registry:person-list"), {"country": "KH"}
    ).content.decode()
    assert person.name_latin not in listing
    assert client.get(reverse("admin:trainer_registry_person_changelist")).status_code == 403


def test_contact_data_only_for_managers(login, registry):
    person = registry["kh_person"]
    url = reverse("trainer_registry:person-detail", args=[person.public_id])
    assert person.email in login("manager_kh").get(url).content.decode()
    assert person.email not in login("auditor_kh").get(url).content.decode()


def test_auditor_reads_but_cannot_change(login, registry):
    client = login("auditor_kh")
    url = reverse("admin:trainer_registry_person_change", args=[registry["kh_person"].pk])
    response = client.post(url, {"name_latin": "Changed"})
    assert response.status_code == 403
    registry["kh_person"].refresh_from_db()
    assert registry["kh_person"].name_latin != "Changed"


def test_views_and_lists_of_people_are_audited(login, registry):
    client = login("manager_kh")
    person = registry["kh_person"]
    client.get(reverse("trainer_registry:person-detail", args=[person.public_id]))
    client.get(reverse("trainer_registry:person-list"), {"q": "Sok"})
    entries = list(AuditEvent.objects.filter(username="manager_kh").order_by("id"))
    assert [(e.action, e.object_type) for e in entries] == [("view", "person"), ("list", "person")]
    assert entries[0].object_id == str(person.public_id) and entries[0].country == "KH"
    assert entries[1].detail["filters"]["q"] == "Sok"


def test_admin_changes_are_audited(client, staff_user, registry):
    client.force_login(staff_user)
    event = registry["kh_event"]
    url = reverse("admin:trainer_registry_programme_change", args=[event.programme.pk])
    programme = event.programme
    response = client.post(
        url, {"code": programme.code, "kind": programme.kind, "name": "Renamed", "country": "KH"}
    )
    assert response.status_code == 302
    entry = AuditEvent.objects.get(action="change", object_type="programme")
    assert entry.detail["fields"] == ["name"]
    assert "changes" not in entry.detail  # values are kept for role grants only


def test_the_audit_log_is_append_only(login, registry):
    login("manager_kh").get(reverse("trainer_registry:person-list"))
    entry = AuditEvent.objects.get()
    entry.username = "someone else"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.update(username="x")
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().username == "manager_kh"


def test_grants_combine_into_one_reach():
    access = access_from_grants(
        "u",
        [
            (Role.COUNTRY_MANAGER, "KH", None),
            (Role.COUNTRY_MANAGER, "VN", None),
            (Role.TRAINER, "", 7),
        ],
    )
    assert access.countries == frozenset({"KH", "VN"})
    assert access.trainer_person_ids == frozenset({7})
    assert access.can_change and access.sees_contact_data and not access.sees_audit_log
    regional = access_from_grants("a", [(Role.ME_ANALYST, "", None)])
    assert regional.countries is None and not regional.sees_names


def test_a_country_manager_grant_needs_a_country(django_user_model):
    user = django_user_model.objects.create_user("x", password="x-long-password")
    with pytest.raises(ValidationError, match="give the country"):
        RoleGrant(user=user, role=Role.COUNTRY_MANAGER).full_clean()


def test_any_filter_typed_into_a_list_is_audited_without_error(login, registry):
    client = login("manager_kh")
    response = client.get(reverse("trainer_registry:person-list"), {"country": "+Ó¹Ó±" * 20})
    assert response.status_code == 200 and response.context["paginator"].count == 0
    entry = AuditEvent.objects.get()
    assert entry.country == "" and entry.detail["filters"]["country"].startswith("+Ó")
    # A control character is refused before the page runs: nothing reaches the audit log.
    refused = client.get(reverse("trainer_registry:person-list"), {"country": "+Ó¹Ó\x0c±"})
    assert refused.status_code == 400 and AuditEvent.objects.count() == 1


def test_regional_training_shows_a_country_manager_only_their_people(login, registry):
    client = login("manager_kh")
    rtp = TrainingEvent.objects.get(code="rtp-05")
    response = client.get(reverse("trainer_registry:event-detail", args=[rtp.code]))
    assert response.status_code == 200
    shown = response.content.decode()
    for participation in rtp.participations.select_related("person"):
        listed = f'href="/registry/people/{participation.person.public_id}/"' in shown
        assert listed == (participation.person.country == "KH"), participation.person
    assert rtp.participations.exclude(person__country="KH").exists()
    person = Person.objects.filter(country="KH", participations__event=rtp).first()
    page = client.get(reverse("trainer_registry:person-detail", args=[person.public_id]))
    assert rtp.title in page.content.decode()


def test_regional_training_shows_a_country_manager_only_their_peoples_certificates(login, registry):
    """A regional training's certificates name their holders: a country manager sees
    those of their country's people, not the others' (as for its participants)."""
    rtp = TrainingEvent.objects.get(code="rtp-05")
    codes = {}
    for country in ("KH", "TH"):
        holder = Person.objects.filter(country=country, participations__event=rtp).first()
        codes[country] = IssuedCertificate.objects.create(
            code=new_code(),
            kind="completion",
            person=holder,
            event=rtp,
            issued_on=rtp.ends_on,
            snapshot={},
        ).code
    shown = login("manager_kh").get(reverse("trainer_registry:event-detail", args=[rtp.code]))
    assert codes["KH"] in shown.content.decode()
    assert codes["TH"] not in shown.content.decode()
    everyone = login("regional").get(reverse("trainer_registry:event-detail", args=[rtp.code]))
    assert codes["TH"] in everyone.content.decode()


NEWER_PAGES_EXPECTED = {
    #               trainers campaigns kh_campaign vn_campaign kh_export vn_export
    "regional": (200, 200, 200, 200, 200, 200),
    "manager_kh": (200, 200, 200, 404, 200, 404),
    "analyst": (200, 200, 200, 200, 403, 403),
    "auditor_kh": (200, 200, 200, 404, 403, 403),
    "trainer": (200, 200, 404, 404, 403, 403),
    "nobody": (403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(NEWER_PAGES_EXPECTED))
def test_every_role_against_certification_followup_and_export_pages(role, login, registry):
    from trainer_registry.models import FollowUpCampaign

    FollowUpCampaign.objects.create(code="kh-c", name="KH", design="census", countries=["KH"])
    FollowUpCampaign.objects.create(code="vn-c", name="VN", design="census", countries=["VN"])
    client = login(role)
    urls = (
        reverse("trainer_registry:trainer-list"),
        reverse("trainer_registry:campaign-list"),
        reverse("trainer_registry:campaign-detail", args=["kh-c"]),
        reverse("trainer_registry:campaign-detail", args=["vn-c"]),
        reverse("trainer_registry:person-data-export", args=[registry["kh_person"].public_id]),
        reverse("trainer_registry:person-data-export", args=[registry["vn_person"].public_id]),
    )
    assert tuple(client.get(url).status_code for url in urls) == NEWER_PAGES_EXPECTED[role]


ANALYTICS_PAGES_EXPECTED = {
    #         kh_interchange vn_interchange sample_size kh_sample_size vn_sample_size
    "regional": (200, 200, 200, 200, 200),
    "manager_kh": (200, 404, 200, 200, 404),
    "analyst": (200, 200, 200, 200, 200),
    "auditor_kh": (403, 403, 200, 200, 404),
    "trainer": (403, 403, 200, 404, 404),
    "nobody": (403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(ANALYTICS_PAGES_EXPECTED))
def test_every_role_against_the_interchange_download_and_sample_size_helper(role, login, registry):
    from trainer_registry.models import AuditEvent, FollowUpCampaign

    FollowUpCampaign.objects.create(code="kh-c", name="KH", design="census", countries=["KH"])
    FollowUpCampaign.objects.create(code="vn-c", name="VN", design="census", countries=["VN"])
    client = login(role)
    helper = reverse("trainer_registry:sample-size")
    urls = (
        reverse("trainer_registry:campaign-interchange", args=["kh-c"]),
        reverse("trainer_registry:campaign-interchange", args=["vn-c"]),
        helper,
        f"{helper}?campaign=kh-c",
        f"{helper}?campaign=vn-c",
    )
    statuses = tuple(client.get(url).status_code for url in urls)
    assert statuses == ANALYTICS_PAGES_EXPECTED[role]
    exported = set(
        AuditEvent.objects.filter(action="export", object_type="followupcampaign").values_list(
            "object_id", flat=True
        )
    )
    assert exported == {
        code for code, status in zip(("kh-c", "vn-c"), statuses[:2], strict=True) if status == 200
    }
