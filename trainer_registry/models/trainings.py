"""Programmes, the training events that deliver them, and who took part."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trainer_registry.models.people import Person, country_field


class ProgrammeKind(models.TextChoices):
    RTP = "RTP", _("Regional Training Programme")
    NTP = "NTP", _("National Training Programme")
    TOT = "TOT", _("Training of Trainers")
    OTHER = "OTHER", _("Other training")


class Programme(models.Model):
    """A training programme: the regional programme, a country's national programme, the
    regional or a national Training of Trainers, or another course."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = country_field(blank=True, default="", help_text=_("Empty for regional programmes."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["kind", "country", "code"]

    def __str__(self) -> str:
        return self.name


def percentage_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **kwargs,
    )


class TrainingEvent(models.Model):
    """One delivery of a programme: a workshop in a place, on dates, in a language, led by
    a lead trainer with co-trainers."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="events"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    country = country_field()
    place = models.CharField(_("place"), max_length=120, blank=True)
    language = models.CharField(_("language of instruction"), max_length=10, default="en")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    lead_trainer = models.ForeignKey(
        Person,
        verbose_name=_("lead trainer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events_led",
    )
    co_trainers = models.ManyToManyField(
        Person, verbose_name=_("co-trainers"), blank=True, related_name="events_co_facilitated"
    )
    course_run = models.CharField(
        _("Open edX course run"),
        max_length=255,
        blank=True,
        help_text=_("Course key of the Open edX run that delivers this event, if any."),
    )

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-starts_on", "code"]
        # The trainings list's order: a page of it is read off the index, not sorted.
        indexes = [models.Index(fields=["-starts_on", "code"], name="event_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("A training cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")
    RESOURCE_PERSON = "resource_person", _("Resource person")


class Participation(models.Model):
    """A person's part in one training event: attendance, test scores, completion."""

    event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("training event"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ParticipationRole.choices,
        default=ParticipationRole.PARTICIPANT,
    )
    organisation = models.ForeignKey(
        "trainer_registry.Organisation",
        verbose_name=_("organisation at the time"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    attendance_percent = percentage_field(_("attendance (%)"))
    pre_test_score = percentage_field(_("pre-test score (%)"))
    post_test_score = percentage_field(_("post-test score (%)"))
    pre_test_form = models.CharField(
        _("pre-test form"),
        max_length=1,
        blank=True,
        default="",
        help_text=_("The parallel form (A or B) of the pre-test; empty when it had none."),
    )
    post_test_form = models.CharField(
        _("post-test form"),
        max_length=1,
        blank=True,
        default="",
        help_text=_("The parallel form (A or B) of the post-test; empty when it had none."),
    )
    completed = models.BooleanField(_("completed"), default=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="participation_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(completed=True) | Q(completed_on__isnull=True),
                name="participation_completed_on_needs_completed",
                violation_error_message=_("A completion date needs the participation completed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.event}"
