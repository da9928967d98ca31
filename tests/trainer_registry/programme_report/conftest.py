"""A small hand-made registry whose logframe counts are obvious.

Regional ToT (2012, no country): Srey (KH, female), Dara (KH, male), Minh (VN, male).
National ToT in Cambodia (2013), led by Srey with Dara co-facilitating: four Khmer
participants, two women, one man and one whose sex is not recorded.
National ToT in Viet Nam (2013), led by Lan, who was never at the regional ToT: two
Vietnamese participants; they do not count as trained by the regional ToT.
Certifications at 2014-06-30: Srey active; Minh's expired on 2013-12-31.
"""

from __future__ import annotations

from datetime import date

import pytest

from trainer_registry import api
from trainer_registry.models import Person, Programme, Role, RoleGrant, TrainerCertification

REFERENCE = date(2014, 6, 30)


def _person(name, country, sex):
    return api.create_person(name, country=country, sex=sex).public_id


def _certify(public_id, *, until: date):
    TrainerCertification.objects.create(
        person=Person.objects.get(public_id=public_id),
        programme=Programme.objects.get(code="tot-regional"),
        level="national_trainer",
        certified_on=date(2012, 12, 1),
        valid_until=until,
    )


@pytest.fixture
def small_registry(db):
    api.create_programme("tot-regional", kind="TOT", name="Regional ToT")
    api.create_programme("tot-kh", kind="TOT", name="ToT Cambodia", country="KH")
    api.create_programme("tot-vn", kind="TOT", name="ToT Viet Nam", country="VN")
    api.create_programme("rtp", kind="RTP", name="RTP")
    srey = _person("Srey", "KH", "female")
    dara = _person("Dara", "KH", "male")
    minh = _person("Minh", "VN", "male")
    lan = _person("Lan", "VN", "female")
    api.create_training_event(
        "tot-2012",
        programme_code="tot-regional",
        title="Regional ToT",
        country="TH",
        starts_on=date(2012, 3, 1),
        ends_on=date(2012, 3, 5),
    )
    for person in (srey, dara, minh):
        api.record_participation("tot-2012", person, completed=True, completed_on=date(2012, 3, 5))
    api.create_training_event(
        "tot-kh-2013",
        programme_code="tot-kh",
        title="National ToT Cambodia",
        country="KH",
        starts_on=date(2013, 5, 1),
        ends_on=date(2013, 5, 4),
        lead_trainer_id=srey,
        co_trainer_ids=(dara,),
    )
    khmer = [
        _person(name, "KH", sex)
        for name, sex in (("A", "female"), ("B", "female"), ("C", "male"), ("D", "unknown"))
    ]
    for number, person in enumerate(khmer):
        api.record_participation(
            "tot-kh-2013",
            person,
            pre_test_score=40 + number,
            post_test_score=70 + 5 * number,
            completed=True,
            completed_on=date(2013, 5, 4),
        )
    api.create_training_event(
        "tot-vn-2013",
        programme_code="tot-vn",
        title="National ToT Viet Nam",
        country="VN",
        starts_on=date(2013, 6, 1),
        ends_on=date(2013, 6, 4),
        lead_trainer_id=lan,
    )
    for name, sex in (("E", "male"), ("F", "female")):
        api.record_participation("tot-vn-2013", _person(name, "VN", sex))
    _certify(srey, until=date(2015, 12, 1))
    _certify(minh, until=date(2013, 12, 31))
    return {"srey": srey, "dara": dara, "minh": minh, "lan": lan, "khmer": khmer}


@pytest.fixture
def staff(django_user_model):
    """``staff(role, country)``: a logged-in-able user holding one registry grant."""

    def make(role, country=""):
        user = django_user_model.objects.create_user(
            f"{role}-{country or 'all'}", password="a-long-test-password"
        )
        person = Person.objects.get(name_latin="Lan") if role == Role.TRAINER else None
        RoleGrant.objects.create(user=user, role=role, country=country, person=person)
        return user

    make.roles = Role
    return make
