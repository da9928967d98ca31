"""An invited person answers the follow-up survey by the link they were sent, once."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trainer_registry.followup import campaigns
from trainer_registry.models import (
    CampaignMember,
    Disposition,
    FollowUpCampaign,
    FollowUpResponse,
    Organisation,
    Person,
    PositionSpell,
)


def _campaign(code="followup-2026"):
    return FollowUpCampaign.objects.create(code=code, name="Follow-up 2026", design="census")


@pytest.fixture
def invited(db):
    organisation = Organisation.objects.create(
        name="Ministry of Social Affairs", country="KH", sector="social_affairs"
    )
    person = Person.objects.create(
        name_latin="Keo Ratana",
        name_local="កែវ រតនា",
        country="KH",
        sex="female",
        language="km",
        consents_to_follow_up=True,
    )
    PositionSpell.objects.create(
        person=person, organisation=organisation, started_on=date(2009, 1, 1)
    )
    member = CampaignMember.objects.create(
        campaign=_campaign(), person=person, inclusion_probability=1.0, base_weight=1.0
    )
    return member, campaigns.issue_invitation(member)


def _url(member, token):
    return reverse("trainer_registry:followup-answer", args=[member.campaign.code, token])


LEFT = {
    "consent": "on",
    "still_in_role": "no",
    "left_role_on": "2024-05",
    "leaving_reason": "moved_within_ministry",
    "current_organisation": "Ministry of Social Affairs",
    "current_role": "Budget officer",
    "use_of_training": "2",
    "examples": "<script>alert(1)</script> I still refer people to the shelter.",
}


def test_page_asks_consent_first_in_the_persons_language(client, invited):
    member, token = invited
    response = client.get(_url(member, token))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="km">' in page
    assert page.index('name="consent"') < page.index('name="still_in_role"')
    assert 'name="trainings_delivered"' not in page  # asked of trainers only


def test_answer_is_stored_once_and_updates_the_career(client, invited):
    member, token = invited
    response = client.post(_url(member, token), LEFT)
    assert response.status_code == 200, response.content.decode()[:2000]
    answer = FollowUpResponse.objects.get()
    assert (answer.still_in_role, answer.left_role_on, answer.channel) == (
        "no",
        date(2024, 5, 1),
        "web",
    )
    assert answer.examples.startswith("<script>")  # stored as typed, shown escaped
    member.refresh_from_db()
    assert member.disposition == Disposition.COMPLETE
    spell = PositionSpell.objects.get()
    assert (spell.ended_on, spell.end_reason) == (date(2024, 5, 1), "moved_within_ministry")

    again = client.post(_url(member, token), {**LEFT, "still_in_role": "yes", "left_role_on": ""})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert FollowUpResponse.objects.count() == 1
    assert FollowUpResponse.objects.get().still_in_role == "no"


def test_still_in_role_confirms_the_position(client, invited):
    member, token = invited
    response = client.post(_url(member, token), {"consent": "on", "still_in_role": "yes"})
    assert response.status_code == 200
    spell = PositionSpell.objects.get()
    assert spell.ended_on is None and spell.last_confirmed_on == timezone.localdate()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"consent": ""}, "consent", None),
        ({"still_in_role": "perhaps"}, "still_in_role", None),
        ({"left_role_on": "2024-13"}, "left_role_on", None),
        (
            {"left_role_on": (date.today() + timedelta(days=62)).strftime("%Y-%m")},
            "left_role_on",
            "future",
        ),
        ({"still_in_role": "yes"}, "left_role_on leaving_reason", "Leave this empty"),
        ({"use_of_training": "9"}, "use_of_training", None),
    ],
)
def test_bad_answers_are_named_and_nothing_is_stored(client, invited, change, field, message):
    member, token = invited
    response = client.post(_url(member, token), {**LEFT, **change})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == set(field.split())
    assert message is None or all(message in " ".join(errors[name]) for name in field.split())
    assert '<html lang="km">' in response.content.decode()  # Django's own messages in Khmer
    assert not FollowUpResponse.objects.exists()
    assert PositionSpell.objects.get().ended_on is None


def test_unknown_expired_and_other_campaign_links(client, invited):
    member, token = invited
    assert client.get(_url(member, "not-a-real-token")).status_code == 404
    other = _campaign("another-campaign")
    assert (
        client.get(
            reverse("trainer_registry:followup-answer", args=[other.code, token])
        ).status_code
        == 404
    )
    member.invitations.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.post(_url(member, token), LEFT)
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert not FollowUpResponse.objects.exists()


def test_only_the_hash_of_the_token_is_stored(invited):
    member, token = invited
    stored = member.invitations.get().token_hash
    assert token not in stored and stored == campaigns.hash_token(token)
    assert len(token) >= 43  # 256 bits in URL-safe base64


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_with_one_token_store_one_answer(live_server):
    organisation = Organisation.objects.create(name="Police", country="VN", sector="police")
    person = Person.objects.create(
        name_latin="Tran Thi Lan", country="VN", consents_to_follow_up=True
    )
    PositionSpell.objects.create(
        person=person, organisation=organisation, started_on=date(2010, 1, 1)
    )
    member = CampaignMember.objects.create(
        campaign=_campaign(), person=person, inclusion_probability=1.0, base_weight=1.0
    )
    token = campaigns.issue_invitation(member)
    url = live_server.url + _url(member, token)

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({**LEFT, "csrfmiddlewaretoken": csrf}).encode()
    statuses: list[int] = []
    start = threading.Barrier(50)

    def submit():
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        start.wait()
        try:
            statuses.append(opener.open(request, timeout=60).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 50, "every submission got an answer from the server"
    assert sorted(set(statuses)) == [200, 410], statuses
    assert statuses.count(200) == 1
    assert FollowUpResponse.objects.count() == 1
    assert PositionSpell.objects.get().ended_on == date(2024, 5, 1)


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("th", "ปัจจุบันท่านยังทำงานในตำแหน่งที่เกี่ยวกับการต่อต้านการค้ามนุษย์อยู่หรือไม่"),
        ("vi", "Anh/chị có còn làm công việc phòng, chống mua bán người không?"),
        ("zh-hans", "您目前是否仍在从事反对人口贩运的工作？"),
    ],
)
def test_survey_is_shown_in_the_persons_language(client, invited, language, question):
    member, token = invited
    Person.objects.filter(pk=member.person.pk).update(language=language)
    page = client.get(_url(member, token)).content.decode()
    assert f'<html lang="{language}">' in page
    assert question in page
    assert "Do you still work in a role" not in page
