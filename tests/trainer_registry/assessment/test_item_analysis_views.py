"""Programme staff read the item analysis of an assessment's form from the API and the
staff page: only the roles that see analytics, only learners in their reach, learners
by pseudonymous id, every call audited; a course team's CSV export can be uploaded."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from trainer_registry.assessment.item_analysis import item_analysis, response_matrix
from trainer_registry.models import (
    AuditEvent,
    ItemResponse,
    Participation,
    Person,
    Programme,
    Role,
    RoleGrant,
    TrainingEvent,
)

pytestmark = pytest.mark.django_db
ITEMS = [f"q{j}" for j in range(1, 9)]
API = "/registry/api/v1/analytics/item-analysis/"


def _sitting(country: str, learners: int, seed: int) -> None:
    programme = Programme.objects.create(
        code=f"ntp-{country.lower()}", kind="NTP", name=f"NTP {country}", country=country
    )
    event = TrainingEvent.objects.create(
        programme=programme,
        code=f"ntp-{country.lower()}-2026-1",
        title=f"NTP {country}",
        country=country,
        place="Capital",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
    )
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(learners):
        person = Person.objects.create(name_latin=f"Learner {country} {i}", country=country)
        participation = Participation.objects.create(event=event, person=person)
        ability = rng.normal()
        for j, item in enumerate(ITEMS):
            if j and rng.random() < 0.1:
                rows.append(
                    ItemResponse(
                        participation=participation,
                        assessment_id="ntp-core",
                        phase="pre",
                        form="A",
                        item_id=item,
                        chosen=[],
                        correct=False,
                        answered_at=timezone.now(),
                    )
                )
                continue
            right = rng.random() < 1 / (1 + np.exp(j / 4 - 1 - ability))
            chosen = "A" if right else str(rng.choice(["B", "C", "D"]))
            rows.append(
                ItemResponse(
                    participation=participation,
                    assessment_id="ntp-core",
                    phase="pre",
                    form="A",
                    item_id=item,
                    chosen=[chosen],
                    correct=bool(right),
                    answered_at=timezone.now(),
                )
            )
    ItemResponse.objects.bulk_create(rows)


@pytest.fixture
def sittings():
    _sitting("KH", 40, 1)
    _sitting("VN", 35, 2)


@pytest.fixture
def login(client, django_user_model):
    def as_role(name, role, country=""):
        user = django_user_model.objects.create_user(name, password="x-long-password")
        person = Person.objects.create(name_latin="Sok Dara", country="KH")
        RoleGrant.objects.create(
            user=user, role=role, country=country, person=person if role == Role.TRAINER else None
        )
        client.force_login(user)
        return client

    return as_role


def _expected(country: str | None):
    rows = ItemResponse.objects.select_related("participation__person")
    if country:
        rows = rows.filter(participation__person__country=country)
    rows = list(rows)
    return item_analysis(
        response_matrix(
            [str(r.participation.person.public_id) for r in rows],
            [r.item_id for r in rows],
            ["+".join(r.chosen) for r in rows],
            [int(r.correct) for r in rows],
        )
    )


def test_the_api_gives_the_cores_figures_within_the_callers_reach(sittings, login):
    for name, role, country, learners in (
        ("analyst", Role.ME_ANALYST, "", 75),
        ("manager-kh", Role.COUNTRY_MANAGER, "KH", 40),
    ):
        client = login(name, role, country)
        response = client.get(API, {"assessment": "ntp-core", "phase": "pre"})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["learners"] == learners and body["items"] == len(ITEMS)
        expected = _expected(country or None).as_dict()
        assert body["kr20"] == pytest.approx(expected["kr20"], abs=1e-12)
        assert [i["difficulty"] for i in body["items_detail"]] == pytest.approx(
            [i["difficulty"] for i in expected["items_detail"]]
        )
        assert "Learner" not in json.dumps(body)  # pseudonymous: no name anywhere
    assert AuditEvent.objects.filter(object_type="item-analysis").count() == 2


def test_the_api_refuses_trainers_and_auditors_and_names_what_is_missing(sittings, login):
    assert login("auditor", Role.AUDITOR).get(API, {"assessment": "ntp-core"}).status_code == 403
    client = login("analyst", Role.ME_ANALYST)
    assert client.get(API).status_code == 400
    assert client.get(API, {"assessment": "nothing-here"}).status_code == 404
    assert client.get(API, {"assessment": "ntp-core", "phase": "late"}).status_code == 400


def test_the_page_shows_figures_charts_and_tables_to_the_roles_that_see_analytics(sittings, login):
    page = reverse("trainer_registry:analytics-item-analysis")
    for name, role, country, status in (
        ("auditor", Role.AUDITOR, "", 403),
        ("trainer", Role.TRAINER, "", 403),
        ("manager-vn", Role.COUNTRY_MANAGER, "VN", 200),
    ):
        assert login(name, role, country).get(page).status_code == status
    client = login("manager-kh", Role.COUNTRY_MANAGER, "KH")
    response = client.get(page, {"assessment": "ntp-core", "phase": "pre", "form": "A"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="learners">40<' in html  # Cambodia's learners only
    assert html.count('role="img"') == 2 and 'id="item-table"' in html
    assert "Learner KH" not in html
    assert AuditEvent.objects.filter(object_id="item-analysis").count() == 1


def test_an_uploaded_export_is_analysed_and_a_bad_one_names_its_row(login, tmp_path):
    client = login("analyst", Role.ME_ANALYST)
    page = reverse("trainer_registry:analytics-item-analysis")
    lines = ["learner_id,item_id,chosen,correct"]
    lines += [
        f"l{i},q{j},{'A' if (i + j) % 3 else 'B'},{int(bool((i + j) % 3))}"
        for i in range(12)
        for j in range(5)
    ]
    good = tmp_path / "export.csv"
    good.write_text("\n".join(lines) + "\n")
    with good.open("rb") as upload:
        response = client.post(page, {"responses": upload})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-figure="learners">12<' in html
    assert "data-small-cell" in html  # under 30 learners: shown, marked
    bad = tmp_path / "bad.csv"
    bad.write_text("learner_id,item_id,chosen,correct\nl1,q1,A,1\nl1,q1,B,0\n")
    with bad.open("rb") as upload:
        response = client.post(page, {"responses": upload})
    assert response.status_code == 400
    assert "row 3" in response.content.decode()
