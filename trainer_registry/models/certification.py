"""Trainer certification: each programme's criteria, the decisions and the certificates.

The observed sessions (teach-backs, co-facilitations) are in ``models/observation.py``."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trainer_registry.models.people import Person
from trainer_registry.models.trainings import Programme, TrainingEvent


class CertificationCriteria(models.Model):
    """What a programme (a Training of Trainers) asks before it certifies a trainer."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="certification_criteria"
    )
    min_attendance_percent = models.DecimalField(
        _("attendance at least (%)"),
        max_digits=5,
        decimal_places=2,
        default=90,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # The ToT's certification exam's pass mark (curriculum/courses/tot/certification.yaml);
    # a test checks that the two agree.
    min_post_test_percent = models.DecimalField(
        _("certification exam at least (%)"),
        max_digits=5,
        decimal_places=2,
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # The teach-back's pass mark is not here: it is the pass rule of the rubric version each
    # teach-back was scored under (models/observation.py).
    teach_back_required = models.BooleanField(
        _("a passed teach-back is needed"),
        default=True,
        help_text=_("Passed under the pass rule of the rubric it was scored on."),
    )
    min_observed_cofacilitations = models.PositiveSmallIntegerField(
        _("observed co-facilitations passed at least"), default=1
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=36, validators=[MinValueValidator(1)]
    )
    recertification_min_trainings_delivered = models.PositiveSmallIntegerField(
        _("trainings delivered to recertify"), default=2
    )
    recertification_needs_refresher = models.BooleanField(
        _("refresher needed to recertify"), default=True
    )

    class Meta:
        verbose_name = _("certification criteria")
        verbose_name_plural = _("certification criteria")

    def __str__(self) -> str:
        return f"Criteria of {self.programme}"


class CertificationLevel(models.TextChoices):
    NATIONAL_TRAINER = "national_trainer", _("National trainer")
    REGIONAL_MASTER_TRAINER = "regional_master_trainer", _("Regional master trainer")


class CertificationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class TrainerCertification(models.Model):
    """A decision to certify a trainer, with the evidence and criteria it rested on.

    ``status`` is what was decided; an active certification past ``valid_until`` is
    expired without anyone changing it (see ``certification_rules.status_on``)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certifications")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="certifications"
    )
    level = models.CharField(_("level"), max_length=32, choices=CertificationLevel.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificationStatus.choices,
        default=CertificationStatus.ACTIVE,
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    certified_on = models.DateField(_("certified on"))
    valid_until = models.DateField(_("valid until"))
    evidence = models.JSONField(_("evidence and criteria"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    reminded_on = models.DateField(_("last expiry reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("trainer certification")
        verbose_name_plural = _("trainer certifications")
        ordering = ["person", "-certified_on"]
        # The API lists certifications newest first: along this index the database stops
        # at the page's end instead of sorting every certification with its evidence.
        indexes = [models.Index(fields=["-certified_on", "id"], name="certification_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("certified_on")),
                name="certification_valid_after_certified",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "expired"]) | ~Q(status_reason=""),
                name="certification_suspension_needs_reason",
                violation_error_message=_("Give the reason for a suspension or revocation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_level_display()} until {self.valid_until}"


class CertificateKind(models.TextChoices):
    PARTICIPANT = "participant", _("Participant certificate")
    TRAINER = "trainer", _("Trainer certificate")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded by a reissue")


class CredentialStatusList(models.Model):
    """A W3C Bitstring Status List: one revocation bit per signed certificate credential.

    ``bits`` are the issuer's own record; ``credential`` is the signed
    ``BitstringStatusListCredential`` published at ``url``, signed again whenever a bit
    changes. A verifier that finds the two disagreeing knows the list was tampered with."""

    # Null (not blank) until the row has its number, which its address contains: unique
    # addresses, however many lists are being made at once.
    url = models.CharField(_("published at"), max_length=300, unique=True, null=True)  # noqa: DJ001
    purpose = models.CharField(_("purpose"), max_length=20, default="revocation", editable=False)
    size = models.PositiveIntegerField(_("entries"), default=131_072, editable=False)
    bits = models.BinaryField(_("bits"))
    credential = models.JSONField(_("signed status list credential"), null=True, editable=False)
    updated_at = models.DateTimeField(_("last signed"), auto_now=True)

    class Meta:
        verbose_name = _("credential status list")
        verbose_name_plural = _("credential status lists")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url or f"Status list {self.pk}"


class IssuedCertificate(models.Model):
    """A certificate as issued: its verification code and an immutable snapshot of what it
    certified. A name correction issues a new certificate that supersedes this one."""

    code = models.CharField(_("verification code"), max_length=17, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=CertificateKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    event = models.ForeignKey(
        TrainingEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    certification = models.ForeignKey(
        TrainerCertification,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issued_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates_issued",
        help_text=_("The certified trainer who issued it; empty for the programme's own."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    snapshot = models.JSONField(_("what was certified"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    credential = models.JSONField(
        _("signed credential"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The Open Badges 3.0 credential, signed when the certificate was issued."),
    )
    status_list = models.ForeignKey(
        CredentialStatusList,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        editable=False,
    )
    status_index = models.PositiveIntegerField(
        _("position in the status list"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("issued certificate")
        verbose_name_plural = _("issued certificates")
        ordering = ["-issued_on", "-pk"]
        # Lists read a page newest first: along this index the database stops at the
        # page's end instead of sorting every certificate with its credential.
        indexes = [models.Index(fields=["-issued_on", "-id"], name="certificate_newest_first")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "event"],
                condition=Q(status="valid", kind="participant"),
                name="one_valid_participant_certificate_per_event",
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="one_certificate_per_status_bit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code} for {self.person}"
