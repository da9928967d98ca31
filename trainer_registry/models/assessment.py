"""What a learner answered in a knowledge check: one row per item of a sitting."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from trainer_registry.models.trainings import Participation


class AssessmentPhase(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")
    EXAM = "exam", _("Exam")


class AssessmentForm(models.TextChoices):
    NONE = "", _("No form")
    A = "A", _("Form A")
    B = "B", _("Form B")


class ItemResponse(models.Model):
    """One item as a learner last answered it in one phase of one assessment.

    A sitting's items are unique per participation, assessment, phase and item: a second
    submission of the same sitting replaces the first one's rows, and two deliveries of
    one submission can store only one row per item (decision 0014).
    """

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="item_responses",
    )
    assessment_id = models.CharField(_("assessment id"), max_length=100)
    phase = models.CharField(_("phase"), max_length=4, choices=AssessmentPhase.choices)
    form = models.CharField(
        _("form"), max_length=1, choices=AssessmentForm.choices, blank=True, default=""
    )
    item_id = models.CharField(_("item id"), max_length=64)
    chosen = models.JSONField(
        _("options chosen"), default=list, blank=True, help_text=_("Option ids, sorted.")
    )
    correct = models.BooleanField(_("correct"))
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("item response")
        verbose_name_plural = _("item responses")
        ordering = ["participation", "assessment_id", "phase", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "assessment_id", "phase", "item_id"],
                name="item_response_once_per_sitting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.phase}/{self.item_id}"
