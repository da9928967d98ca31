"""The demo registry at N times its size: the same world N times over, each copy its own
people and trainings, reproducible from the seed, written in a number of statements that
grows with batches of rows, not with rows."""

from __future__ import annotations

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from trainer_registry import api, models
from trainer_registry.certificates import credentials
from trainer_registry.demo import audit_trail, generator, yearly_follow_ups

SEED = 5
AS_OF = date(2018, 12, 31)
REGIONAL_TRAINERS = 6  # shared by every copy, so not drawn again


def _digest(rows) -> str:
    return hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()


def fingerprint() -> dict[str, str]:
    """What must come out the same from the same seed: everyone, every training and
    participation, and the further copies' careers, certifications and answers (the first
    copy's follow-up walks its members in the order of their random public ids)."""
    copies_only = {"person__email__contains": "-s0"}
    return {
        "people": _digest(
            models.Person.objects.values_list(
                "name_latin", "name_local", "sex", "country", "email", "consents_to_follow_up"
            )
        ),
        "events": _digest(
            models.TrainingEvent.objects.values_list(
                "code", "title", "starts_on", "ends_on", "lead_trainer__email"
            )
        ),
        "participations": _digest(
            models.Participation.objects.values_list(
                "event__code", "person__email", "organisation__name", "post_test_score"
            )
        ),
        "spells": _digest(
            models.PositionSpell.objects.filter(**copies_only).values_list(
                "person__email", "title", "started_on", "ended_on", "last_confirmed_on"
            )
        ),
        "certifications": _digest(
            models.TrainerCertification.objects.filter(**copies_only).values_list(
                "person__email", "programme__code", "certified_on", "valid_until"
            )
        ),
        "answers": _digest(
            models.FollowUpResponse.objects.filter(
                member__person__email__contains="-s0"
            ).values_list(
                "member__campaign__code",
                "member__person__email",
                "wave",
                "still_in_role",
                "left_role_on",
                "channel",
            )
        ),
        # The further copies' certificates, their codes drawn from the copy's seed (the
        # first copy's are the issuing service's own random codes).
        "certificates": _digest(
            models.IssuedCertificate.objects.filter(**copies_only).values_list(
                "code", "kind", "person__email", "event__code", "issued_on", "snapshot"
            )
        ),
        # The staff's trail but for the people it names (the first copy's public ids
        # are random) and the issuing service's entries (stamped when written).
        "audit": _digest(
            models.AuditEvent.objects.exclude(username="").values_list(
                "at", "username", "action", "object_type", "country", "detail"
            )
        ),
    }


class StatementCount:
    """How many statements reach the database (Django's CaptureQueriesContext keeps only
    the last 9,000, fewer than the first copy's services issue)."""

    def __enter__(self):
        self.statements = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _count(self, execute, sql, params, many, context):
        self.statements += 1
        return execute(sql, params, many, context)


def _load(scale: int) -> dict[str, int]:
    return api.load_demo_data(seed=SEED, as_of=AS_OF, scale=scale)


def _empty() -> None:
    call_command("flush", interactive=False, verbosity=0)


def _signed_by_the_registry(certificate: models.IssuedCertificate) -> bool:
    check = credentials.check(
        certificate.credential, revocation_reason=lambda: "", today=certificate.issued_on
    )
    return check.genuine and check.valid


def _check_certificates(counts: dict[str, int]) -> None:
    """Every certificate by the rule: a completed participant's, issued two weeks after
    the training by its certified lead, or a certified trainer's; unique codes and status
    positions, credentials the registry signed."""
    certificates = models.IssuedCertificate.objects.select_related("event")
    assert certificates.count() == counts["issued certificates"] > 0
    assert certificates.values("code").distinct().count() == counts["issued certificates"]
    positions = certificates.values("status_list", "status_index").distinct().count()
    assert positions == counts["issued certificates"]
    completed = set(
        models.Participation.objects.filter(completed=True).values_list("event", "person")
    )
    for certificate in certificates.filter(kind=models.CertificateKind.PARTICIPANT):
        event = certificate.event
        assert (event.pk, certificate.person_id) in completed
        assert certificate.issued_by_id == event.lead_trainer_id
        assert (certificate.issued_on - event.ends_on).days == 14
        lead = models.TrainerCertification.objects.filter(person=event.lead_trainer_id)
        assert lead.filter(certified_on__lte=certificate.issued_on).exists()
    trainer = certificates.filter(kind=models.CertificateKind.TRAINER)
    assert (
        trainer.count()
        == models.TrainerCertification.objects.filter(superseded_by__isnull=True).count()
    )
    for kind in models.CertificateKind.values:
        assert _signed_by_the_registry(certificates.filter(kind=kind).last())


@pytest.mark.django_db(transaction=True)
def test_scale_one_is_the_demo_as_it_always_was(django_user_model):
    manager = django_user_model.objects.create(username="manager", is_staff=True)
    counts = _load(1)
    data = generator.generate(seed=SEED, as_of=AS_OF)
    assert set(counts) == {
        "organisations",
        "people",
        "position spells",
        "programmes",
        "training events",
        "participations",
        "certified trainers",
        "certified national trainers",
        "follow-up answers",
        "issued certificates",
        "audit events",
    }
    assert models.Person.objects.count() == counts["people"] == len(data.people)
    assert models.Participation.objects.count() == len(data.participations)
    assert sorted(models.TrainingEvent.objects.values_list("code", flat=True)) == sorted(
        e.code for e in data.events
    )
    people = models.Person.objects.values_list("name_latin", "email", "sex").order_by("pk")
    assert list(people) == [(p.name_latin, p.email, p.sex) for p in data.people]
    assert models.FollowUpCampaign.objects.filter(code="kh-ntp-2016").exists()
    _check_certificates(counts)
    # The yearly follow-ups: one campaign a year, each a census of everyone trained by
    # the year before who consented, answering in one of two waves.
    yearly = models.FollowUpCampaign.objects.filter(code__startswith="commit-follow-up-")
    assert yearly.count() == len(yearly_follow_ups.fielding_days(AS_OF)) == 9
    members = models.CampaignMember.objects.filter(campaign__in=yearly)
    assert not members.filter(person__consents_to_follow_up=False).exists()
    answers = models.FollowUpResponse.objects.filter(member__campaign__in=yearly)
    assert set(answers.values_list("wave", flat=True)) == {1, 2}
    assert 0.4 * members.count() <= answers.count() <= 0.7 * members.count()
    assert models.FollowUpResponse.objects.count() == counts["follow-up answers"]
    assert members.filter(disposition="I").count() == answers.count()
    # The staff's trail: every login, every kind of action, the entries of a login that
    # exists tied to it, over the years the registry was in use.
    trail = models.AuditEvent.objects.exclude(username="")
    assert models.AuditEvent.objects.count() == counts["audit events"]
    assert set(trail.values_list("username", flat=True)) == {n for n, _ in audit_trail.LOGINS}
    assert set(trail.values_list("action", flat=True)) == {
        "view",
        "list",
        "export",
        "create",
        "change",
    }
    assert set(trail.filter(username="manager").values_list("user", flat=True)) == {manager.pk}
    assert not trail.filter(username="analyst", user__isnull=False).exists()
    years = {at.year for at in trail.values_list("at", flat=True)}
    assert years == set(range(2010, AS_OF.year + 1))
    issued = models.AuditEvent.objects.filter(action="create", object_type="issuedcertificate")
    assert issued.count() == counts["issued certificates"]


@pytest.mark.django_db(transaction=True)
def test_scale_three_is_three_demos_reproducibly_in_bulk():
    with StatementCount() as one:
        single = _load(1)
    single_campaigns = models.FollowUpCampaign.objects.count()
    _empty()
    with StatementCount() as three:
        counts = _load(3)
    first = fingerprint()
    # The same trainings in every copy; their sizes drawn again (6-8 per country group,
    # 35-45 in a national training): three times the people and participations within 3%.
    assert counts["training events"] == 3 * single["training events"]
    assert models.TrainingEvent.objects.count() == 3 * single["training events"]
    for what, model in (("people", models.Person), ("participations", models.Participation)):
        assert model.objects.count() == counts[what]
        assert abs(counts[what] - 3 * single[what]) <= 0.03 * 3 * single[what], what
    # Each copy's follow-up is drawn afresh: about the first copy's answers, three times.
    answers = models.FollowUpResponse.objects.count()
    assert answers == counts["follow-up answers"]
    assert 2.5 * single["follow-up answers"] <= answers <= 3.5 * single["follow-up answers"]
    assert models.FollowUpCampaign.objects.count() == 3 * single_campaigns
    # Every campaign is a census and keeps the population it was drawn from: its members.
    sizes = models.FollowUpCampaign.objects.annotate(drawn=Count("members"))
    assert [c.population_size for c in sizes] == [c.drawn for c in sizes]
    assert models.TrainerCertification.objects.count() > 2 * (
        single["certified trainers"] + single["certified national trainers"]
    )
    # Certificates and audit entries: the same rule and kinds in every copy, about three
    # times the first copy's trail.
    _check_certificates(counts)
    copied = models.IssuedCertificate.objects.filter(person__email__contains="-s0")
    assert copied.count() == counts["issued certificates"] - single["issued certificates"] > 0
    assert (
        abs(counts["audit events"] - 3 * single["audit events"]) <= 0.1 * 3 * single["audit events"]
    )
    assert models.AuditEvent.objects.count() == counts["audit events"]
    # Unique people: every address and public id once; the organisations are shared.
    assert models.Person.objects.values("email").distinct().count() == counts["people"]
    assert models.Person.objects.values("public_id").distinct().count() == counts["people"]
    assert models.Organisation.objects.count() == single["organisations"]
    # The regional team leads the regional trainings of every copy.
    regional = set(
        models.TrainingEvent.objects.filter(code__startswith="rtp-").values_list(
            "lead_trainer", flat=True
        )
    )
    assert len(regional) <= REGIONAL_TRAINERS

    # The copies' statements cover batches of rows: two more copies (some 4,000 people,
    # 8,000 careers and spells, 4,000 participations, observations and answers) cost a
    # constant number of statements per phase plus one per batch, not one per row.
    added_rows = sum(counts.get(what, 0) - single.get(what, 0) for what in counts)
    extra = three.statements - one.statements
    assert 0 < extra <= 60 + added_rows // 40, (extra, added_rows)

    _empty()
    _load(3)
    assert fingerprint() == first


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scale", ["0", "-2", "1.5", "many"])
def test_setup_demo_rejects_a_scale_that_is_not_a_whole_number_from_one(scale):
    with pytest.raises(CommandError, match="--scale"):
        call_command("setup_demo", "--scale", scale, stdout=StringIO())
    assert not models.Person.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_api_rejects_scale_zero_before_writing_anything():
    with pytest.raises(ValueError, match="scale"):
        _load(0)
    assert not models.Person.objects.exists()
