"""Follow-up campaigns: who was sampled, how they were invited, what they answered."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trainer_registry.models.people import Person
from trainer_registry.models.trainings import Programme


class Design(models.TextChoices):
    CENSUS = "census", _("Census: everyone in the population")
    SIMPLE_RANDOM = "simple_random", _("Simple random sample")
    STRATIFIED = "stratified", _("Stratified random sample")


class Allocation(models.TextChoices):
    PROPORTIONAL = "proportional", _("Proportional to stratum size")
    NEYMAN = "neyman", _("Neyman (size and variability)")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DRAWN = "drawn", _("Sample drawn")
    FIELDING = "fielding", _("Inviting and collecting answers")
    CLOSED = "closed", _("Closed")


class FollowUpCampaign(models.Model):
    """A follow-up survey of former participants and trainers: its population, its sample
    design and its draw. The seed is stored, so the same draw can be made again."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    # The population: people who took part in matching trainings.
    programmes = models.ManyToManyField(Programme, verbose_name=_("programmes"), blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    trained_from = models.DateField(_("trained from"), null=True, blank=True)
    trained_until = models.DateField(_("trained until"), null=True, blank=True)
    only_consenting = models.BooleanField(
        _("only people who consented to follow-up"), default=True, editable=False
    )
    # The design.
    design = models.CharField(_("design"), max_length=16, choices=Design.choices)
    allocation = models.CharField(
        _("allocation"), max_length=12, choices=Allocation.choices, blank=True
    )
    strata = models.JSONField(_("strata"), default=list, blank=True)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    # How many people the sample was drawn from, kept at the draw: the population the
    # campaign's weights stand for, and a figure its page shows without counting again.
    population_size = models.PositiveIntegerField(
        _("population at the draw"), null=True, blank=True, editable=False
    )
    # Fielding.
    invitation_valid_days = models.PositiveSmallIntegerField(
        _("invitation valid for (days)"), default=60
    )
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=14
    )
    max_reminders = models.PositiveSmallIntegerField(_("at most this many reminders"), default=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up campaign")
        verbose_name_plural = _("follow-up campaigns")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(design="census") | Q(sample_size__gt=0),
                name="campaign_sample_size_for_samples",
                violation_error_message=_("A sample needs its size."),
            ),
            models.CheckConstraint(
                condition=~Q(design="stratified") | ~Q(allocation=""),
                name="campaign_stratified_needs_allocation",
                violation_error_message=_("A stratified sample needs an allocation."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Disposition(models.TextChoices):
    """AAPOR final dispositions, as the follow-up interchange file writes them."""

    COMPLETE = "I", _("Complete")
    PARTIAL = "P", _("Partial")
    REFUSAL = "R", _("Refusal")
    NON_CONTACT = "NC", _("Non-contact")
    OTHER = "O", _("Other non-response")
    UNKNOWN_HOUSEHOLD = "UH", _("Unknown eligibility, not reached")
    UNKNOWN_OTHER = "UO", _("Unknown eligibility, other")
    NOT_ELIGIBLE = "NE", _("Not eligible")


class CampaignMember(models.Model):
    """One sampled person, with the sample weights and their disposition so far."""

    campaign = models.ForeignKey(FollowUpCampaign, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="follow_ups")
    stratum = models.CharField(_("stratum"), max_length=200, blank=True)
    inclusion_probability = models.FloatField(
        _("inclusion probability"), validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    base_weight = models.FloatField(_("base weight"))
    disposition = models.CharField(
        _("disposition"),
        max_length=2,
        choices=Disposition.choices,
        default=Disposition.UNKNOWN_HOUSEHOLD,
    )

    class Meta:
        verbose_name = _("sampled person")
        verbose_name_plural = _("sampled people")
        ordering = ["campaign", "stratum", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="member_once_per_campaign")
        ]
        # A campaign's disposition counts are read off the index alone.
        indexes = [models.Index(fields=["campaign", "disposition"], name="member_disposition")]

    def __str__(self) -> str:
        return f"{self.person} in {self.campaign}"


class Channel(models.TextChoices):
    WEB = "web", _("Web link")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Telephone")
    PAPER = "paper", _("Paper form")
    ODK = "odk", _("KoboToolbox / ODK Collect")


class Invitation(models.Model):
    """A single-use invitation to answer. Only the SHA-256 of its token is stored: the
    token itself exists in the invitation sent and nowhere else."""

    member = models.ForeignKey(CampaignMember, on_delete=models.CASCADE, related_name="invitations")
    wave = models.PositiveSmallIntegerField(_("wave"), default=1)
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.EMAIL
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["member", "wave"]
        constraints = [
            models.UniqueConstraint(fields=["member", "wave"], name="invitation_once_per_wave")
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk} (wave {self.wave})"


class StillInRole(models.TextChoices):
    YES = "yes", _("Yes, still in an anti-trafficking role")
    NO = "no", _("No")


class LeavingReasonAnswer(models.TextChoices):
    MOVED_WITHIN_MINISTRY = "moved_within_ministry", _("Moved to other work in the same ministry")
    LEFT_MINISTRY = "left_ministry", _("Left the ministry for another part of government")
    LEFT_GOVERNMENT = "left_government", _("Left government")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


class UseOfTraining(models.IntegerChoices):
    NEVER = 0, _("Never")
    RARELY = 1, _("Rarely")
    SOMETIMES = 2, _("Sometimes")
    OFTEN = 3, _("Often")


class FollowUpResponse(models.Model):
    """One person's answer for one wave. The unique constraint makes a second answer for
    the same person and wave impossible, however the answers arrive.

    .. pii: Survey answers about a person's employment and work, linked to the person.
    .. pii_types: employment_history, other
    .. pii_retirement: local_api
    """

    # No index of its own: the unique constraint on (member, wave) starts with it and
    # serves every look-up by member, so each stored answer maintains one index less.
    member = models.ForeignKey(
        CampaignMember, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    wave = models.PositiveSmallIntegerField(_("wave"), default=1)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.BooleanField(_("consented to answer"))
    still_in_role = models.CharField(
        _("still in an anti-trafficking role"), max_length=3, choices=StillInRole.choices
    )
    left_role_on = models.DateField(_("left the role in (month)"), null=True, blank=True)
    leaving_reason = models.CharField(
        _("why"), max_length=24, choices=LeavingReasonAnswer.choices, blank=True
    )
    current_organisation = models.CharField(_("current organisation"), max_length=200, blank=True)
    current_role = models.CharField(_("current role"), max_length=200, blank=True)
    use_of_training = models.PositiveSmallIntegerField(
        _("uses the training on the job"), choices=UseOfTraining.choices, null=True, blank=True
    )
    examples = models.TextField(_("examples of using the training"), blank=True, max_length=4000)
    support_needed = models.TextField(_("support needed"), blank=True, max_length=4000)
    trainings_delivered = models.PositiveIntegerField(
        _("trainings delivered since"), null=True, blank=True
    )
    participants_reached = models.PositiveIntegerField(
        _("participants reached"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")
        ordering = ["member", "wave"]
        constraints = [
            models.UniqueConstraint(fields=["member", "wave"], name="response_once_per_wave"),
            models.CheckConstraint(
                condition=Q(still_in_role="no")
                | (Q(left_role_on__isnull=True) & Q(leaving_reason="")),
                name="response_leaving_only_if_left",
                violation_error_message=_(
                    "Give when and why only for someone no longer in the role."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Answer of {self.member.person} (wave {self.wave})"
