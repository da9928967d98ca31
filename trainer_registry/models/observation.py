"""Observed sessions scored on a versioned rubric: teach-backs and co-facilitations.

A :class:`RubricVersion` is a rubric as loaded from the curriculum (``trainer-registry
rubric load``), never edited: a changed rubric is a new version. An :class:`Observation`
is one observer's scoring of one session (a person's teach-back or co-facilitation in a
training) under one version, with a :class:`CriterionScore` per criterion; its weighted
score and pass are computed from that version when it is recorded
(:mod:`trainer_registry.assessment.observations`). Two observers of the same session
make two observations; their agreement is :mod:`trainer_registry.assessment.agreement`'s.

Observations carried over from the earlier free-form records (migration 0014) have no
rubric version: ``legacy_scores`` keeps what they held, ``passed`` what was decided then.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trainer_registry.models.people import Person
from trainer_registry.models.trainings import TrainingEvent, percentage_field


class RubricVersion(models.Model):
    """One version of a rubric, as the curriculum file held it when loaded."""

    rubric_id = models.SlugField(_("rubric"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    content = models.JSONField(_("criteria, levels and pass rule"), editable=False)
    digest = models.CharField(_("SHA-256 of the content"), max_length=64, editable=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        ordering = ["rubric_id", "-loaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric_id", "version"], name="rubric_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class SessionKind(models.TextChoices):
    TEACH_BACK = "teach_back", _("Teach-back")
    CO_FACILITATION = "co_facilitation", _("Co-facilitation")


class Observation(models.Model):
    """One observer's scoring of a person's teach-back or co-facilitation in a training."""

    kind = models.CharField(_("session"), max_length=16, choices=SessionKind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="observations")
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="observations")
    observer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rubric_version = models.ForeignKey(
        RubricVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
    )
    observed_on = models.DateField(_("observed on"))
    score_percent = percentage_field(_("weighted score (%)"))
    passed = models.BooleanField(_("passed"))
    notes = models.TextField(_("notes"), blank=True)
    legacy_scores = models.JSONField(
        _("scores recorded before the rubric"), default=dict, blank=True, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["person", "-observed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "event", "observer"],
                condition=Q(observer__isnull=False),
                name="observer_scores_a_session_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.person} at {self.event}"


class CriterionScore(models.Model):
    """The level one observer gave one criterion of the rubric, with a comment."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.SlugField(_("criterion"), max_length=64)
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["observation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="criterion_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"
