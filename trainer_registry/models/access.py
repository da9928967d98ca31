"""Who may see what: role grants and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trainer_registry.models.people import Person, country_field


class Role(models.TextChoices):
    REGIONAL_ADMINISTRATOR = "regional_administrator", _("Regional administrator")
    COUNTRY_MANAGER = "country_manager", _("Country programme manager")
    TRAINER = "trainer", _("Trainer")
    ME_ANALYST = "me_analyst", _("M&E analyst (pseudonymised data only)")
    AUDITOR = "auditor", _("Auditor (read-only, with the audit log)")


# A country programme manager always works for named countries; an analyst or auditor may
# be national (a country given) or regional (no country).
COUNTRY_ROLES = {Role.COUNTRY_MANAGER}


class RoleGrant(models.Model):
    """One role given to one user, for one country where the role is national.

    A country programme manager for Cambodia and Viet Nam holds two grants. A regional
    administrator's grant has no country; an analyst's or auditor's grant without a
    country reaches every country. A trainer's grant names the registry person the
    user is, so that they see the trainings they led.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="registry_grants",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    country = country_field(
        blank=True, default="", help_text=_("Empty for a role that reaches every country.")
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("registry person (trainers)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user", "role", "country"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "country"], name="grant_once"),
            models.CheckConstraint(
                condition=~Q(role__in=[r.value for r in COUNTRY_ROLES]) | ~Q(country=""),
                name="national_role_has_country",
                violation_error_message=_("This role is national: give the country."),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.TRAINER) | Q(person__isnull=False),
                name="trainer_grant_names_person",
                violation_error_message=_("A trainer's grant names the registry person they are."),
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.country})" if self.country else ""
        return f"{self.user}: {self.get_role_display()}{where}"


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    EXPORT = "export", _("exported")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("The audit log is append-only: entries cannot be changed.")

    def delete(self):
        raise ValidationError("The audit log is append-only: entries cannot be deleted.")


class AuditEvent(models.Model):
    """Who viewed, listed, exported, changed or deleted what, and when. Append-only.

    The user's name is kept as it was, so the trail survives the account's deletion.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [
            # The entries of one kind of record, newest first (the log's filter by kind).
            models.Index(fields=["object_type", "at"], name="audit_kind_newest"),
            # The kinds of record in a country's reach, one seek each
            # (trainer_registry.audit.record_types).
            models.Index(fields=["object_type", "country"], name="audit_kind_country"),
        ]

    def __str__(self) -> str:
        what = f"{self.object_type} {self.object_id}".strip()
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("The audit log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The audit log is append-only: entries cannot be deleted.")
