"""The programme report on the staff pages: who may ask, what they get, whose it is."""

from __future__ import annotations

import io
import re

import pytest
from django.db.models import F
from pypdf import PdfReader

from trainer_registry.models import AuditEvent, QueuedJob, Role, RoleGrant
from trainer_registry.programme_report import stored

PAGE = "/registry/reports/"
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = ""
    return settings.MEDIA_ROOT


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_anonymous_people_are_sent_to_log_in(client, small_registry):
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", [Role.TRAINER, Role.AUDITOR])
def test_roles_that_do_not_export_analytics_are_refused(client, small_registry, staff, role):
    _login(client, staff(role))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"format": "pdf"}).status_code == 403


def test_without_a_broker_the_report_is_made_and_downloaded_at_once(
    client, small_registry, staff, media
):
    manager = staff(Role.COUNTRY_MANAGER, "KH")
    _login(client, manager)
    page = client.get(PAGE).content.decode()
    assert 'value="KH"' in page and 'value="VN"' not in page  # only countries in reach
    assert "Reports</a>" in page  # the navigation link
    response = client.post(PAGE, {"format": "pdf", "trained_to": "2014-06-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="commit-programme-report-2014-06-30-'
    )
    text = _pdf_text(response.content)
    assert "4 national trainers: 2 women and 1 man, 1 not recorded" in text
    assert "Countries reported Cambodia" in text and "Viet Nam" not in text
    actions = list(
        AuditEvent.objects.filter(object_type="programme_report")
        .order_by("pk")
        .values_list("action", "detail__via")
    )
    assert actions == [("create", None), ("export", "generated"), ("export", "download")]
    listing = client.get(PAGE).content.decode()
    assert "Download commit-programme-report-2014-06-30-" in listing


def test_a_country_out_of_reach_cannot_be_asked_for(client, small_registry, staff):
    _login(client, staff(Role.COUNTRY_MANAGER, "KH"))
    response = client.post(PAGE, {"format": "xlsx", "countries": ["VN"]})
    assert response.status_code == 400
    assert "VN is not one of the available choices" in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="programme_report").exists()


def test_bad_dates_are_named(client, small_registry, staff):
    _login(client, staff(Role.ME_ANALYST))
    response = client.post(
        PAGE, {"format": "pdf", "trained_from": "2014-06-01", "trained_to": "2014-01-01"}
    )
    assert response.status_code == 400
    assert "--to 2014-01-01: before --from 2014-06-01" in response.content.decode()


def test_with_a_broker_the_report_is_queued_then_ready_for_its_owner_only(
    client, small_registry, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from trainer_registry import tasks

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(tasks.generate_programme_report, "delay", lambda *a: queued.append(a))
    analyst = staff(Role.ME_ANALYST)
    _login(client, analyst)
    with django_capture_on_commit_callbacks(execute=True):  # queued once the job is committed
        response = client.post(PAGE, {"format": "zip"})
        assert queued == []
    assert response.status_code == 302
    request_id = re.search(r"asked=([0-9a-f]{32})", response["Location"]).group(1)
    job = QueuedJob.objects.get(subject=request_id)
    assert queued == [(analyst.pk, request_id, job.pk)]
    assert "Queued: waiting for a worker" in client.get(response["Location"]).content.decode()
    state = f"{PAGE}{request_id}/state.json"
    assert client.get(state).json() == {"state": "queued", "reason": "", "download": ""}
    download = f"{PAGE}{request_id}/download/"
    assert client.get(download).status_code == 404  # not ready yet

    assert stored.generate(*queued[0][:2]) == stored.READY  # what the worker does
    assert client.get(state).json()["download"] == download
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"

    other = staff(Role.REGIONAL_ADMINISTRATOR)
    client.logout()
    _login(client, other)
    assert client.get(download).status_code == 404
    assert client.get(state).status_code == 404
    assert "Queued: waiting for a worker" not in client.get(PAGE).content.decode()


def test_a_report_is_not_downloaded_once_its_countries_are_out_of_reach(
    client, small_registry, staff
):
    analyst = staff(Role.ME_ANALYST)
    _login(client, analyst)
    assert client.post(PAGE, {"format": "pdf"}).status_code == 200
    (report,) = stored.reports_of(analyst)
    download = f"{PAGE}{report.request_id}/download/"
    assert client.get(download).status_code == 200
    RoleGrant.objects.filter(user=analyst).update(country="KH")  # no longer regional
    assert client.get(download).status_code == 404


def test_request_ids_that_are_not_ours_or_not_ids_answer_404(client, small_registry, staff):
    _login(client, staff(Role.ME_ANALYST))
    assert client.get(f"{PAGE}{'0' * 32}/download/").status_code == 404
    assert client.get(f"{PAGE}..%2F..%2Fsecret/state.json").status_code == 404


def test_an_unreachable_queue_is_said_not_hidden(
    client, small_registry, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from trainer_registry import tasks

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def unreachable(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.generate_programme_report, "delay", unreachable)
    _login(client, staff(Role.ME_ANALYST))
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(PAGE, {"format": "pdf"})
    response = client.get(asked["Location"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Failed: the task queue could not be reached" in " ".join(page.split())


def test_a_report_whose_worker_died_shows_as_being_made_then_ready(
    client, small_registry, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from trainer_registry import tasks

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(tasks.generate_programme_report, "delay", lambda *a: queued.append(a))
    _login(client, staff(Role.ME_ANALYST))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {"format": "pdf"})

    def dies(*args):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(stored, "build_report", dies)
        with pytest.raises(SystemExit):
            stored.generate(*queued[0][:2])
    assert "Being made (attempt 1)" in client.get(PAGE).content.decode()
    assert client.get(f"{PAGE}{queued[0][1]}/state.json").json()["state"] == "running"
    with pytest.raises(stored.Taken) as taken:  # delivered again at once: the claim holds
        stored.generate(*queued[0][:2])
    assert 0 < taken.value.free_in <= stored.TIME_LIMIT.total_seconds()
    QueuedJob.objects.update(taken_at=F("taken_at") - stored.TIME_LIMIT)  # the claim lapses
    assert stored.generate(*queued[0][:2]) == stored.READY  # delivered again, taken over
    (report,) = stored.reports_of(_user(queued[0][0]))
    assert (report.state, report.attempts) == ("ready", 2)


def _user(pk):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=pk)
