"""The registry's public API: records people, positions, trainings and participations."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trainer_registry import api, models

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry():
    return api.create_organisation(
        "Ministry of Social Affairs", country="KH", sector="social_affairs"
    )


@pytest.fixture
def official():
    return api.create_person(
        "Sok Sophea",
        name_local="សុខ សុភា",
        country="KH",
        sex="female",
        language="km",
        email="sophea@example.org",
        consents_to_follow_up=True,
    )


@pytest.fixture
def ntp():
    api.create_programme(
        "ntp-kh", kind="NTP", name="National Training Programme, Cambodia", country="KH"
    )
    return api.create_training_event(
        "ntp-kh-01",
        programme_code="ntp-kh",
        title="NTP 1",
        country="KH",
        starts_on=date(2008, 3, 10),
        ends_on=date(2008, 3, 14),
        language="km",
    )


def test_person_keeps_both_scripts_and_a_pseudonymous_id(official):
    stored = api.get_person(official.public_id)
    assert stored.name_local == "សុខ សុភា"
    assert stored.name_latin == "Sok Sophea"
    assert stored.public_id == official.public_id


@pytest.mark.parametrize(
    "name_local",
    ["សុខ សុភា", "王芳", "ສົມພອນ ວົງສາ", "အောင်ကျော်ဝင်း", "สมชาย ใจดี", "Nguyễn Thị Lan"],
)
def test_every_script_of_the_region_round_trips(name_local):
    person = api.create_person("Latin Name", name_local=name_local, country="TH")
    assert models.Person.objects.get(public_id=person.public_id).name_local == name_local


def test_unknown_person_is_a_lookup_error():
    with pytest.raises(api.PersonNotFound):
        api.get_person(uuid4())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "Cambodia"}, "country"),
        ({"sex": "f"}, "sex"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_person_fields_are_named(changes, field):
    arguments = {"country": "KH", "sex": "female"} | changes
    with pytest.raises(ValidationError) as caught:
        api.create_person("Someone", **arguments)
    assert field in caught.value.message_dict
    assert not models.Person.objects.exists()


def test_position_spell_cannot_end_before_it_starts(official, ministry):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        api.record_position_spell(
            official.public_id,
            organisation_id=ministry.id,
            started_on=date(2010, 1, 1),
            ended_on=date(2009, 1, 1),
            end_reason="retired",
        )


def test_leaving_reason_needs_an_end_date(official, ministry):
    with pytest.raises(ValidationError, match="only with an end date"):
        api.record_position_spell(
            official.public_id,
            organisation_id=ministry.id,
            started_on=date(2010, 1, 1),
            end_reason="retired",
        )


def test_database_refuses_a_spell_ending_before_it_starts(official, ministry):
    person = models.Person.objects.get(public_id=official.public_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        models.PositionSpell.objects.create(
            person=person,
            organisation_id=ministry.id,
            started_on=date(2010, 1, 1),
            ended_on=date(2009, 1, 1),
            end_reason="retired",
        )


def test_participation_recorded_once_per_event(official, ntp):
    recorded = api.record_participation(
        ntp.code,
        official.public_id,
        attendance_percent=95,
        pre_test_score=40,
        post_test_score=80,
        completed=True,
        completed_on=date(2008, 3, 14),
    )
    assert recorded.post_test_score == 80.0
    with pytest.raises(ValidationError):
        api.record_participation(ntp.code, official.public_id)
    assert models.Participation.objects.count() == 1


def test_scores_are_percentages(official, ntp):
    with pytest.raises(ValidationError) as caught:
        api.record_participation(ntp.code, official.public_id, post_test_score=120)
    assert "post_test_score" in caught.value.message_dict


def test_event_cannot_end_before_it_starts():
    api.create_programme("rtp", kind="RTP", name="Regional Training Programme")
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        api.create_training_event(
            "rtp-01",
            programme_code="rtp",
            title="RTP 1",
            country="TH",
            starts_on=date(2005, 3, 7),
            ends_on=date(2005, 3, 1),
        )


def test_country_summaries_count_roles_and_sex(official, ministry):
    api.record_position_spell(
        official.public_id, organisation_id=ministry.id, started_on=date(2005, 1, 1)
    )
    other = api.create_person("Chan Dara", country="KH", sex="male")
    api.record_position_spell(
        other.public_id,
        organisation_id=ministry.id,
        started_on=date(2005, 1, 1),
        ended_on=date(2011, 6, 30),
        end_reason="left_government",
    )
    kh = next(s for s in api.country_summaries() if s.country == "KH")
    assert (kh.people, kh.women, kh.men, kh.in_role, kh.left_role) == (2, 1, 1, 1, 1)
    vn = next(s for s in api.country_summaries() if s.country == "VN")
    assert vn.people == 0


def test_a_role_is_granted_once_and_an_unknown_role_is_refused(django_user_model, official):
    user = django_user_model.objects.create_user("trainer-kh", password="x-long-password")
    assert api.grant_role(user, "trainer", person_id=official.public_id) is True
    assert api.grant_role(user, "trainer", person_id=official.public_id) is False
    grant = models.RoleGrant.objects.get(user=user)
    assert (grant.role, grant.person.public_id) == ("trainer", official.public_id)
    with pytest.raises(ValueError, match="role must be one of"):
        api.grant_role(user, "superuser")
    with pytest.raises(api.PersonNotFound):
        api.grant_role(user, "trainer", person_id=uuid4())
    assert models.RoleGrant.objects.filter(user=user).count() == 1
