"""Organisations, people and the positions they hold."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from trainer_registry.countries import (
    COMMIT_COUNTRIES,
    COMMIT_SIGNED_ON,
    COUNTRY_CODE,
    is_country_code,
)


@deconstructible
class CountryCodeValidator:
    """An assigned ISO 3166-1 alpha-2 code in capitals (``KH``; not ``kh`` nor ``XX``)."""

    message = _("Use the ISO 3166-1 two-letter country code in capitals, such as KH or VN.")
    unknown = _("%(code)s is not an ISO 3166-1 country code.")

    def __call__(self, value: str) -> None:
        if not COUNTRY_CODE.match(value or ""):
            raise ValidationError(self.message, code="invalid")
        if not is_country_code(value):
            raise ValidationError(self.unknown, code="unknown", params={"code": value})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CountryCodeValidator)

    def __hash__(self) -> int:
        return hash(CountryCodeValidator)


country_code_validator = CountryCodeValidator()


def consent_date_validator(value: date) -> None:
    """A consent is recorded on a day that has come, and not before the COMMIT process
    whose trainings the registry follows began."""
    if value > timezone.localdate():
        raise ValidationError(
            _("%(date)s is in the future."), code="future", params={"date": value.isoformat()}
        )
    if value < COMMIT_SIGNED_ON:
        raise ValidationError(
            _(
                "%(date)s is before the COMMIT Memorandum of Understanding "
                "(29 October 2004): check the year."
            ),
            code="too_early",
            params={"date": value.isoformat()},
        )


def country_field(**kwargs) -> models.CharField:
    kwargs.setdefault(
        "help_text", _("ISO 3166-1 alpha-2 code: KH, CN, LA, MM, TH, VN or another country.")
    )
    return models.CharField(
        _("country"), max_length=2, validators=[country_code_validator], db_index=True, **kwargs
    )


class Sector(models.TextChoices):
    POLICE = "police", _("Police")
    LABOUR = "labour", _("Labour")
    SOCIAL_AFFAIRS = "social_affairs", _("Social affairs")
    WOMENS_AFFAIRS = "womens_affairs", _("Women's affairs")
    JUSTICE = "justice", _("Justice and prosecution")
    IMMIGRATION = "immigration", _("Immigration and border")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs")
    NGO = "ngo", _("Non-government organisation")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Organisation(models.Model):
    """A ministry, agency, department or organisation whose staff take part in trainings.

    ``parent`` links a department to its ministry, so that "left the ministry" can be told
    from "moved within the ministry".
    """

    name = models.CharField(_("name in English"), max_length=200)
    name_local = models.CharField(_("name in the national language"), max_length=200, blank=True)
    country = country_field()
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    is_government = models.BooleanField(_("government"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


def person_label(name_latin: str, name_local: str, reference: str) -> str:
    """How a person is named wherever they are listed: the Latin name, the local one when
    it differs, and the six-character reference."""
    if name_local and name_local != name_latin:
        return f"{name_latin} ({name_local}) · {reference}"
    return f"{name_latin} · {reference}"


class Person(models.Model):
    """An official, NGO worker or trainer who took part in or delivered a training.

    .. pii: Names in Latin and own script, sex, email address, telephone number and the
       consent to be followed up, of government officials and NGO staff.
    .. pii_types: name, sex, email_address, phone_number
    .. pii_retirement: local_api

    ``public_id`` is the pseudonymous identifier that analytics exports and follow-up
    interchange files carry instead of names or contact data.
    """

    public_id = models.UUIDField(
        _("pseudonymous id"), default=uuid.uuid4, unique=True, editable=False
    )
    name_latin = models.CharField(
        _("name in Latin script"),
        max_length=200,
        help_text=_("As written in Latin letters, for example on a passport."),
    )
    name_local = models.CharField(
        _("name in own script"),
        max_length=200,
        blank=True,
        help_text=_("As the person writes it: Khmer, Lao, Burmese, Thai, Vietnamese or Chinese."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        default="en",
        help_text=_("Language for certificates, invitations and survey pages."),
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    country = country_field()
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    consents_to_follow_up = models.BooleanField(
        _("consents to follow-up"),
        default=False,
        help_text=_("Agreed to be contacted by follow-up surveys about their work after training."),
    )
    consent_recorded_on = models.DateField(
        _("consent recorded on"), null=True, blank=True, validators=[consent_date_validator]
    )
    lms_user_id = models.PositiveIntegerField(
        _("Open edX user id"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("The person's account on the Open edX platform, once they have enrolled."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person's names and contact data were erased at their request."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_latin", "id"]
        indexes = [
            models.Index(fields=["country", "name_latin"], name="person_country_name"),
            # The people list's order: a page of it is read off the index, not sorted; a
            # search for part of a name reads both names from the index, not the table.
            models.Index(fields=["name_latin", "id", "name_local"], name="person_name"),
        ]

    def __str__(self) -> str:
        return person_label(self.name_latin, self.name_local, self.reference)

    @property
    def reference(self) -> str:
        """Six characters of the pseudonymous id: two people of one name are told apart
        (in the admin's pickers, the lists), and a reference read out on the phone."""
        return reference_of(self.public_id)

    @property
    def is_commit_country(self) -> bool:
        return self.country in COMMIT_COUNTRIES


class LeavingReason(models.TextChoices):
    MOVED_WITHIN_MINISTRY = "moved_within_ministry", _("Moved within the ministry to other work")
    LEFT_MINISTRY = "left_ministry", _("Left the ministry for another part of government")
    LEFT_GOVERNMENT = "left_government", _("Left government")
    RETIRED = "retired", _("Retired")
    DIED = "died", _("Died")
    PROMOTED_WITHIN_ANTI_TRAFFICKING = (
        "promoted_within_anti_trafficking",
        _("Promoted within anti-trafficking work (not an exit)"),
    )
    OTHER = "other", _("Other")


class PositionSpell(models.Model):
    """A period in which a person held one position.

    The retention analytics count a spell with ``is_anti_trafficking`` that ends for any
    reason but ``promoted_within_anti_trafficking`` as leaving the anti-trafficking role.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="position_spells"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="position_spells",
    )
    title = models.CharField(_("position"), max_length=200, blank=True)
    is_anti_trafficking = models.BooleanField(_("anti-trafficking role"), default=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for leaving"), max_length=40, choices=LeavingReason.choices, blank=True
    )
    last_confirmed_on = models.DateField(
        _("last confirmed on"),
        null=True,
        blank=True,
        help_text=_("The last date the person was known to hold this position."),
    )

    class Meta:
        verbose_name = _("position spell")
        verbose_name_plural = _("position spells")
        ordering = ["person", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="spell_ends_after_start",
                violation_error_message=_("A position cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=False) | Q(end_reason=""),
                name="spell_reason_needs_end",
                violation_error_message=_("Give a reason for leaving only with an end date."),
            ),
        ]

    def __str__(self) -> str:
        end = self.ended_on.isoformat() if self.ended_on else "now"
        where = self.title or self.organisation.name
        return f"{self.person}: {where} from {self.started_on:%Y-%m-%d} to {end}"


def reference_of(public_id: uuid.UUID) -> str:
    """The reference (:attr:`Person.reference`) of the person with ``public_id``."""
    return public_id.hex[:6].upper()
