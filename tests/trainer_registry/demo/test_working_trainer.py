"""The demo's working trainer (issue 20): the ``trainer`` login can do its main task on
the day the demo is loaded, issuing the certificates of a training that just ended."""

from __future__ import annotations

from datetime import date

import pytest

from trainer_registry import api
from trainer_registry.certification import decisions
from trainer_registry.models import IssuedCertificate, Person, TrainingEvent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)


def test_the_working_trainer_is_certified_today_and_has_a_training_to_certify():
    api.load_demo_data(seed=7, as_of=date(2018, 12, 31))
    public_id = api.demo_working_trainer(on=TODAY, seed=7)
    trainer = Person.objects.get(public_id=public_id)
    certification = decisions.current_certification(trainer)
    assert decisions.effective_status(certification, TODAY) == "active"
    assert certification.supersedes is not None  # certified again, on the rules' evidence
    event = TrainingEvent.objects.get(code="ntp-kh-current")
    assert event.lead_trainer == trainer and event.ends_on < TODAY
    assert decisions.may_issue_for(trainer, event, on=TODAY).eligible
    participants = event.participations.filter(completed=True)
    assert participants.count() == 12
    assert not IssuedCertificate.objects.filter(event=event).exists()
    assert all(p.person.name_local for p in participants.select_related("person"))
    # Loading the demo again finds the same trainer and makes nothing more.
    people = Person.objects.count()
    assert api.demo_working_trainer(on=TODAY, seed=7) == public_id
    assert Person.objects.count() == people


def test_the_trainer_sees_their_status_issues_and_downloads_one_zip(client, django_user_model):
    import io
    import zipfile

    from trainer_registry.models import Role, RoleGrant

    api.load_demo_data(seed=7, as_of=date(2018, 12, 31))
    trainer = Person.objects.get(public_id=api.demo_working_trainer(on=date.today(), seed=7))
    user = django_user_model.objects.create_user("trainer", password="a-long-test-password")
    RoleGrant.objects.create(user=user, role=Role.TRAINER, person=trainer)
    client.force_login(user)
    landing = client.get("/registry/").content.decode()
    assert "You may issue the certificates of the trainings you lead." in landing
    assert "National training: rights-based interviewing" in landing
    assert 'class="num"><a href="/registry/events/ntp-kh-current/">12</a>' in landing

    issued = client.post("/registry/events/ntp-kh-current/certificates/", follow=True)
    assert issued.status_code == 200
    certificates = IssuedCertificate.objects.filter(event__code="ntp-kh-current")
    assert certificates.count() == 12
    page = client.get("/registry/events/ntp-kh-current/").content.decode()
    assert "Download all 12 certificates as one ZIP file" in page

    download = client.get("/registry/events/ntp-kh-current/certificates.zip")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(f"certificate-{c.code}.pdf" for c in certificates)
        assert all(archive.read(name).startswith(b"%PDF") for name in names)
    # A training of someone else's is not the trainer's to download.
    other = TrainingEvent.objects.exclude(lead_trainer=trainer).order_by("pk").first()
    assert client.get(f"/registry/events/{other.code}/certificates.zip").status_code == 404
