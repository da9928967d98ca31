"""What the standalone site keeps of a learner's way through a course: the units opened.

Scores and answers go to the registry (:mod:`commit_site.learners`); the blocks keep their
own state. The course shell needs one thing more, which unit a learner has opened and when,
to show progress and to take the learner back where they stopped.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitOpened(models.Model):
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course = models.CharField(max_length=40)  # a course of curriculum/, e.g. "ntp-kh"
    unit = models.PositiveSmallIntegerField()  # its number in the course, from 1
    first_opened = models.DateTimeField(auto_now_add=True)
    last_opened = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit opened")
        constraints = [
            models.UniqueConstraint(
                fields=("learner", "course", "unit"), name="one_row_per_learner_and_unit"
            )
        ]
        indexes = [models.Index(fields=("learner", "course", "-last_opened"))]

    def __str__(self) -> str:
        return f"{self.learner_id} opened {self.course} unit {self.unit}"
