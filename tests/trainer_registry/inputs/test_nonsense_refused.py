"""Issue 21, finding 8: input that was accepted or ended in a traceback. A workbook that
is not one, a formula cell, a leaving month of 0001-01 or 1900-01, the country "XX" and a
consent recorded in 2999 are each refused with a message naming the cell or field, and
nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from trainer_registry.followup.answer_import import AnswerImportError, import_answers
from trainer_registry.models import (
    CampaignMember,
    FollowUpCampaign,
    FollowUpResponse,
    Organisation,
    Person,
    PositionSpell,
    Programme,
    Role,
    RoleGrant,
    TrainingEvent,
)
from trainer_registry.pages.forms import FollowUpAnswerForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    ntp = Programme.objects.create(code="ntp-kh", kind="NTP", name="NTP Cambodia", country="KH")
    TrainingEvent.objects.create(
        programme=ntp,
        code="ntp-kh-2012",
        title="NTP Cambodia",
        country="KH",
        starts_on=date(2012, 3, 5),
        ends_on=date(2012, 3, 9),
    )
    campaign = FollowUpCampaign.objects.create(code="kh-2026", name="KH 2026", design="census")
    organisation = Organisation.objects.create(name="Police", country="KH", sector="police")
    person = Person.objects.create(name_latin="Sok Dara", country="KH", consents_to_follow_up=True)
    PositionSpell.objects.create(
        person=person, organisation=organisation, started_on=date(2011, 1, 1)
    )
    CampaignMember.objects.create(
        campaign=campaign, person=person, inclusion_probability=1, base_weight=1
    )
    return campaign, person


def _workbook(tmp_path, rows, name="answers.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


HEADER = ["person_id", "consent", "still_in_role", "left_role_on"]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(member, tmp_path):
    campaign, _person = member
    path = tmp_path / "answers.xlsx"
    path.write_text("person_id,consent\n", encoding="utf-8")
    with pytest.raises(AnswerImportError, match=r"answers\.xlsx is not an XLSX workbook"):
        import_answers(path, campaign)
    assert FollowUpResponse.objects.count() == 0


def test_a_formula_cell_is_refused_naming_it(member, tmp_path):
    campaign, person = member
    path = _workbook(
        tmp_path, [HEADER, [str(person.public_id), "yes", '=IF(1,"no","yes")', "2020-01"]]
    )
    with pytest.raises(AnswerImportError, match=r"row 2, column C: a formula \(=IF"):
        import_answers(path, campaign)
    assert FollowUpResponse.objects.count() == 0


def test_text_starting_with_an_equals_sign_is_not_a_formula(member, tmp_path):
    campaign, person = member
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, "examples"])
    sheet.append([str(person.public_id), "yes", "no", "2020-01"])
    sheet["E2"] = "=referred two people"
    sheet["E2"].data_type = "s"  # typed as text, as a spreadsheet keeps '=... text
    path = tmp_path / "answers.xlsx"
    book.save(path)
    assert import_answers(path, campaign).rows == 1
    assert FollowUpResponse.objects.get().examples == "=referred two people"


@pytest.mark.parametrize("month", ["0001-01", "1900-01", "2012-02"])
def test_a_leaving_month_before_any_training_is_refused(member, tmp_path, month):
    campaign, person = member
    path = tmp_path / "answers.csv"
    path.write_text(
        f"person_id,consent,still_in_role,left_role_on\n{person.public_id},yes,no,{month}\n",
        encoding="utf-8",
    )
    with pytest.raises(AnswerImportError) as refused:
        import_answers(path, campaign)
    assert str(refused.value).startswith("row 2, column 'left_role_on'")
    assert "before the first training in the registry (2012-03)" in str(refused.value)
    assert FollowUpResponse.objects.count() == 0


def test_the_survey_form_refuses_a_month_before_any_training(member):
    base = {"consent": "yes", "still_in_role": "no", "leaving_reason": "retired"}
    early = FollowUpAnswerForm(data={**base, "left_role_on": "1900-01"})
    assert not early.is_valid()
    assert "before the first training in the registry (2012-03)" in str(
        early.errors["left_role_on"]
    )
    assert FollowUpAnswerForm(data={**base, "left_role_on": "2012-03"}).is_valid()


def test_xx_is_not_a_country():
    person = Person(name_latin="Sok Dara", country="XX")
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert refused.value.message_dict["country"] == ["XX is not an ISO 3166-1 country code."]
    Person(name_latin="Sok Dara", country="KH").full_clean()


@pytest.mark.parametrize(
    ("recorded", "message"),
    [
        (date(2999, 1, 1), "2999-01-01 is in the future."),
        (date(1900, 1, 1), "1900-01-01 is before the COMMIT Memorandum of Understanding"),
    ],
)
def test_a_consent_date_outside_the_programme_is_refused(recorded, message):
    person = Person(name_latin="Sok Dara", country="KH", consent_recorded_on=recorded)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert refused.value.message_dict["consent_recorded_on"][0].startswith(message)


def test_the_api_refuses_xx_and_a_consent_in_2999_naming_the_fields(django_user_model):
    user = django_user_model.objects.create_user("manager-kh", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="KH")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = client.post(
        "/registry/api/v1/people/",
        {"name_latin": "Sok Dara", "country": "XX", "consent_recorded_on": "2999-01-01"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "country" in body and "consent_recorded_on" in body
    assert Person.objects.count() == 0
