"""Report files are kept TRAINER_REGISTRY_REPORT_RETENTION_DAYS days after they were made,
then deleted (by the command, and whenever a new report is asked for); the request stays,
and the page says the file was removed."""

from __future__ import annotations

import os
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from trainer_registry.cli import main
from trainer_registry.models import AuditEvent, JobKind, QueuedJob, Role
from trainer_registry.programme_report import stored
from trainer_registry.programme_report.options import parse_options

PAGE = "/registry/reports/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = ""
    return tmp_path / "media"


@pytest.fixture
def analyst(small_registry, staff, media):
    return staff(Role.ME_ANALYST)


def _ready(user, *, days_ago: float) -> str:
    """A report of ``user`` made ``days_ago`` days ago; its request id."""
    request_id = uuid.uuid4().hex
    stored.record_request(user, parse_options(today=date(2014, 6, 30)), "zip", request_id)
    assert stored.generate(user.pk, request_id) == stored.READY
    QueuedJob.objects.filter(subject=request_id).update(
        finished_at=timezone.now() - timedelta(days=days_ago)
    )
    return request_id


def _file(media, user, request_id):
    return media / "programme-reports" / str(user.pk) / f"{request_id}.zip"


def _removals():
    return list(
        AuditEvent.objects.filter(action="delete", detail__via="retention")
        .order_by("pk")
        .values_list("object_type", "object_id", "detail__kept_days")
    )


def test_files_older_than_the_retention_are_removed_and_newer_kept(analyst, media):
    old, new = _ready(analyst, days_ago=31), _ready(analyst, days_ago=29)
    done = stored.remove_old_reports()
    assert (done.days, done.removed, done.kept) == (30, (old,), 1)
    assert not _file(media, analyst, old).exists()
    assert _file(media, analyst, new).is_file()
    assert stored.report_of(analyst, old).state == stored.REMOVED
    assert stored.report_of(analyst, new).state == stored.READY
    job = QueuedJob.objects.get(kind=JobKind.PROGRAMME_REPORT, subject=old)
    assert job.outcome["file"]["removed_on"] == timezone.now().date().isoformat()
    assert job.outcome["file"]["kept_days"] == 30
    assert job.outcome["countries"] and job.outcome["options"]  # the request stays
    assert _removals() == [("programme_report", old, 30)]
    again = stored.remove_old_reports()  # nothing more to do, nothing audited twice
    assert (again.removed, again.kept) == ((), 1)
    assert len(_removals()) == 1
    with pytest.raises(stored.ReportNotFound):
        stored.open_report(analyst, old)


def test_the_page_says_the_file_was_removed(client, analyst, media):
    old = _ready(analyst, days_ago=40)
    assert client.login(username=analyst.username, password="a-long-test-password")
    assert f"/registry/reports/{old}/download" in client.get(PAGE).content.decode()
    stored.remove_old_reports()
    page = client.get(PAGE).content.decode()
    today = timezone.now().date().isoformat()
    assert f"Removed after 30 days, on {today}" in page
    assert f"/registry/reports/{old}/download" not in page
    state = client.get(f"{PAGE}{old}/state.json").json()
    assert (state["state"], state["download"]) == ("removed", "")
    assert client.get(f"{PAGE}{old}/download/").status_code == 404


def test_asking_for_a_new_report_removes_old_files(client, analyst, media):
    old = _ready(analyst, days_ago=31)
    assert client.login(username=analyst.username, password="a-long-test-password")
    response = client.post(PAGE, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not _file(media, analyst, old).exists()
    assert stored.report_of(analyst, old).state == stored.REMOVED


@pytest.mark.parametrize(("value", "days"), [(7, 7), ("7", 7), (" 90 ", 90)])
def test_the_retention_setting_is_a_number_of_days(analyst, media, settings, value, days):
    settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS = value
    old, new = _ready(analyst, days_ago=days + 0.5), _ready(analyst, days_ago=days - 0.5)
    assert stored.remove_old_reports().removed == (old,)
    assert stored.report_of(analyst, new).state == stored.READY


@pytest.mark.parametrize("value", ["thirty", "", "1.5", 0, -3, True, None, 2.0])
def test_a_bad_retention_setting_is_named_in_a_clear_error(settings, value):
    settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS = value
    with pytest.raises(ImproperlyConfigured) as error:
        stored.retention_days()
    assert str(error.value) == (
        f"TRAINER_REGISTRY_REPORT_RETENTION_DAYS = {value!r}: give the number of days a "
        "programme report's file is kept, a whole number of at least 1 (default 30)"
    )


def test_the_system_check_names_a_bad_retention_setting(settings):
    settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS = "-1"
    with pytest.raises(SystemCheckError, match="TRAINER_REGISTRY_REPORT_RETENTION_DAYS = '-1'"):
        call_command("check")
    settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS = "45"
    call_command("check")


def test_the_retention_is_30_days_when_not_set(settings):
    del settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS
    assert stored.retention_days() == 30


def test_the_command_removes_old_files_and_leftovers_and_says_so(analyst, media, capsys):
    old, new = _ready(analyst, days_ago=31), _ready(analyst, days_ago=1)
    folder = media / "programme-reports" / str(analyst.pk)
    leftover, recent = folder / f"{uuid.uuid4().hex}.json", folder / "recent.json"
    for path in (leftover, recent):
        path.write_text("{}")
    month_ago = (timezone.now() - timedelta(days=31)).timestamp()
    os.utime(leftover, (month_ago, month_ago))
    assert main(["job", "remove-old-reports"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "removed the files of 1 programme reports made more than 30 days ago; 1 ready reports kept",
        f"removed: report {old}",
        f"removed: programme-reports/{analyst.pk}/{leftover.name} (no report offers it)",
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{new}.zip", "recent.json"])
    assert ("programme_report_file", f"programme-reports/{analyst.pk}/{leftover.name}", None) in (
        _removals()
    )


def test_the_command_takes_days_and_refuses_a_bad_number(analyst, media, capsys):
    old = _ready(analyst, days_ago=3)
    assert main(["job", "remove-old-reports", "--days", "0"]) == 2
    assert capsys.readouterr().err.strip() == (
        "trainer-registry job: error: --days must be at least 1, not 0"
    )
    assert main(["job", "remove-old-reports", "--days", "2"]) == 0
    assert f"removed: report {old}" in capsys.readouterr().out
    assert not _file(media, analyst, old).exists()


def test_the_command_names_a_bad_setting_in_one_line(db, settings, capsys):
    settings.TRAINER_REGISTRY_REPORT_RETENTION_DAYS = "a month"
    assert main(["job", "remove-old-reports"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "trainer-registry job: error: TRAINER_REGISTRY_REPORT_RETENTION_DAYS = 'a month': "
        "give the number of days a programme report's file is kept, a whole number of at "
        "least 1 (default 30)\n"
    )
