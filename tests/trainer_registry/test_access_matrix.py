"""Who may do what to which record, through every channel (issue 21): one table, each
role of the demo against a record of the manager's own country (Cambodia), of another
country (Viet Nam) and a regional training held in Bangkok with participants from both,
through the staff pages, the REST API, the admin, exports and downloads.

Reading and changing are distinct reaches: a country manager reads a regional training
because Cambodians took part in it, but changes only records of Cambodia; an analyst
reads pseudonymised data and no names (no person page, no admin, no certificate PDF); an
auditor reads everything and changes nothing; a trainer reads the trainings they led and
the people in them; an anonymous visitor is sent to log in or refused.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from trainer_registry.certificates import issuing
from trainer_registry.followup import campaigns
from trainer_registry.models import (
    FollowUpCampaign,
    Organisation,
    Participation,
    Person,
    PositionSpell,
    Programme,
    Role,
    RoleGrant,
    TrainerCertification,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db

ROLES = ("admin", "manager", "manager-kh", "analyst", "auditor", "trainer", "anonymous")

# Columns: the channel and what it is used on.
CHANNELS = (
    "page: KH person",
    "page: VN person",
    "page: regional training",
    "api: KH person",
    "api: VN person",
    "api: regional training",
    "api: change KH person",
    "api: change VN person",
    "admin: KH person",
    "admin: VN person",
    "admin: regional training",
    "admin: change regional training",
    "export: KH campaign file",
    "export: VN campaign file",
    "download: KH certificate",
    "download: VN certificate",
    "download: regional certificate",
)

# fmt: off
# "idx": the admin sends the user back to its index (not a record theirs to open);
# "log": to the login page; "yes"/"no": the admin's form offers to save a change.
EXPECTED = {
    #              page        api         api chg admin           export  download
    #              KH  VN  reg KH  VN  reg KH  VN  KH  VN  reg chg KH  VN  KH  VN  reg
    "admin":      "200 200 200 200 200 200 200 200 200 200 200 yes 200 200 200 200 200",
    "manager":    "200 200 200 200 200 200 200 200 200 200 200 yes 200 200 200 200 200",
    "manager-kh": "200 404 200 200 404 200 200 404 200 idx 200 no  200 404 200 404 404",
    "analyst":    "200 200 200 200 200 200 403 403 403 403 403 403 200 200 404 404 404",
    "auditor":    "200 200 200 200 200 200 403 403 200 200 200 no  403 403 200 200 200",
    "trainer":    "200 404 404 200 404 404 403 403 200 idx idx idx 403 403 200 404 404",
    "anonymous":  "log log log 401 401 401 401 401 log log log log log log log log log",
}
# fmt: on


@pytest.fixture
def world(django_user_model):
    """Cambodia's and Viet Nam's national trainings, a regional ToT in Bangkok, a
    certificate from each, a campaign per country, and the demo's logins."""
    tot = Programme.objects.create(code="tot-regional", kind="TOT", name="Regional ToT")
    police = {
        country: Organisation.objects.create(name="Police", country=country, sector="police")
        for country in ("KH", "VN", "TH")
    }

    def person(name, country):
        made = Person.objects.create(name_latin=name, country=country, consents_to_follow_up=True)
        PositionSpell.objects.create(
            person=made, organisation=police[country], started_on=date(2015, 1, 1)
        )
        return made

    def trainer(name, country):
        made = person(name, country)
        TrainerCertification.objects.create(
            person=made,
            programme=tot,
            level="national_trainer",
            certified_on=date(2025, 1, 1),
            valid_until=date(2029, 1, 1),
        )
        return made

    def training(code, country, lead, people):
        programme = Programme.objects.get_or_create(
            code=f"ntp-{country.lower()}",
            defaults={"kind": "NTP", "name": f"NTP {country}", "country": country},
        )[0]
        event = TrainingEvent.objects.create(
            programme=tot if code == "tot-bangkok" else programme,
            code=code,
            title=code,
            country=country,
            place="Bangkok" if code == "tot-bangkok" else "",
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 6),
            lead_trainer=lead,
        )
        for someone in people:
            Participation.objects.create(
                event=event, person=someone, completed=True, completed_on=date(2026, 3, 6)
            )
        certificate = issuing.issue_for_participant(
            lead, event.participations.get(person=people[0]), on=date(2026, 3, 6)
        )
        return event, certificate

    kh_trainer, vn_trainer, th_trainer = (
        trainer("Sok Dara", "KH"),
        trainer("Tran Van Minh", "VN"),
        trainer("Somchai Prasert", "TH"),
    )
    kh, vn = person("Keo Bopha", "KH"), person("Nguyen Thi Lan", "VN")
    _kh_event, kh_certificate = training("ntp-kh-2026", "KH", kh_trainer, [kh])
    _vn_event, vn_certificate = training("ntp-vn-2026", "VN", vn_trainer, [vn])
    regional, regional_certificate = training(
        "tot-bangkok", "TH", th_trainer, [person("Malee Suk", "TH"), person("Chan Dara", "KH")]
    )
    files = {}
    for country in ("KH", "VN"):
        campaign = FollowUpCampaign.objects.create(
            code=f"follow-{country.lower()}", name=country, design="census", countries=[country]
        )
        campaigns.draw_sample(campaign)
        files[country] = campaign
    users = {}
    grants = {
        "admin": None,
        "manager": (Role.REGIONAL_ADMINISTRATOR, "", None),
        "manager-kh": (Role.COUNTRY_MANAGER, "KH", None),
        "analyst": (Role.ME_ANALYST, "", None),
        "auditor": (Role.AUDITOR, "", None),
        "trainer": (Role.TRAINER, "", kh_trainer),
    }
    for username, grant in grants.items():
        user = django_user_model.objects.create_user(
            username, password="a-long-test-password", is_staff=True, is_superuser=grant is None
        )
        if grant:
            role, country, as_person = grant
            RoleGrant.objects.create(user=user, role=role, country=country, person=as_person)
        users[username] = user
    return {
        "users": users,
        "kh": kh,
        "vn": vn,
        "regional": regional,
        "campaigns": files,
        "certificates": {"KH": kh_certificate, "VN": vn_certificate, "reg": regional_certificate},
    }


def _outcome(response) -> str:
    """A status, with a redirect named by where it goes."""
    if response.status_code == 302:
        where = response["Location"]
        return "log" if "login" in where else "idx"
    return str(response.status_code)


def _probe(world, role: str) -> tuple[str, ...]:
    client = Client()
    api = Client()
    if role != "anonymous":
        user = world["users"][role]
        client.force_login(user)
        api.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    kh, vn, regional = world["kh"], world["vn"], world["regional"]
    certificates, files = world["certificates"], world["campaigns"]

    def api_change(person):
        before = Person.objects.get(pk=person.pk).name_latin
        response = api.patch(
            f"/registry/api/v1/people/{person.public_id}/",
            {"name_latin": before + " Changed"},
            content_type="application/json",
        )
        changed = Person.objects.get(pk=person.pk).name_latin != before
        Person.objects.filter(pk=person.pk).update(name_latin=before)
        assert changed == (response.status_code == 200), (role, response.status_code)
        return str(response.status_code)

    def admin_page(model, pk):
        return _outcome(client.get(f"/admin/trainer_registry/{model}/{pk}/change/"))

    def admin_may_change(model, pk):
        response = client.get(f"/admin/trainer_registry/{model}/{pk}/change/")
        if response.status_code != 200:
            return _outcome(response)
        return "yes" if 'name="_save"' in response.content.decode() else "no"

    return (
        _outcome(client.get(f"/registry/people/{kh.public_id}/")),
        _outcome(client.get(f"/registry/people/{vn.public_id}/")),
        _outcome(client.get(f"/registry/events/{regional.code}/")),
        _outcome(api.get(f"/registry/api/v1/people/{kh.public_id}/")),
        _outcome(api.get(f"/registry/api/v1/people/{vn.public_id}/")),
        _outcome(api.get(f"/registry/api/v1/events/{regional.code}/")),
        api_change(kh),
        api_change(vn),
        admin_page("person", kh.pk),
        admin_page("person", vn.pk),
        admin_page("trainingevent", regional.pk),
        admin_may_change("trainingevent", regional.pk),
        _outcome(client.get(f"/registry/followup/{files['KH'].code}/interchange.csv")),
        _outcome(client.get(f"/registry/followup/{files['VN'].code}/interchange.csv")),
        _outcome(client.get(f"/registry/certificates/{certificates['KH'].code}.pdf")),
        _outcome(client.get(f"/registry/certificates/{certificates['VN'].code}.pdf")),
        _outcome(client.get(f"/registry/certificates/{certificates['reg'].code}.pdf")),
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_role_through_every_channel(world, role):
    found = dict(zip(CHANNELS, _probe(world, role), strict=True))
    assert found == dict(zip(CHANNELS, EXPECTED[role].split(), strict=True))
