"""Long work handed to a Celery worker (or run inline), and what became of it.

A :class:`QueuedJob` is written when the work is asked for, before any worker sees it, so
that the person who asked can follow it: queued, running, done or failed, with how many
times a worker took it up (a worker that dies mid-task has its message delivered again)
and what the work did. The outcome holds counts and pseudonymous ids, never names.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    ISSUE_EVENT_CERTIFICATES = "issue_event_certificates", _("issue a training's certificates")
    CERTIFICATION_REMINDERS = "certification_reminders", _("certification expiry reminders")
    PROGRAMME_REPORT = "programme_report", _("programme report")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class QueuedJob(models.Model):
    kind = models.CharField(_("work"), max_length=40, choices=JobKind.choices)
    subject = models.CharField(
        _("about"),
        max_length=64,
        blank=True,
        help_text=_("What the work is about, such as a training event's code."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("times taken up by a worker"), default=0)
    taken_at = models.DateTimeField(
        _("last taken up at"),
        null=True,
        blank=True,
        help_text=_(
            "When a worker last started the work: a claim older than the work's "
            "time limit is a worker's that died."
        ),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("queued job")
        verbose_name_plural = _("queued jobs")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "subject"], name="queued_job_kind_subject")]

    def __str__(self) -> str:
        return f"job {self.pk}: {self.kind} {self.subject} ({self.status})"
