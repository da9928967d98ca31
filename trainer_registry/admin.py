"""Django admin for the registry's tables, narrowed by :mod:`trainer_registry.access`.

Registry roles, not Django's model permissions, decide here: administrators and country
programme managers change what they reach; trainers and auditors read; M&E analysts, who
see pseudonymised data only, have no admin. Reading and changing reach differ: a country
manager reads a regional training their people took part in, but changes only records of
their own countries (``access.can_change_record``), on the record as it is and as it would
be saved. Every change is written to the audit log.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from trainer_registry import audit, models
from trainer_registry.access import (
    access_for,
    can_change_record,
    changeable,
    deciding_field,
    visible_campaigns,
    visible_events,
    visible_people,
)

OUTSIDE_REACH = _("You do not manage records of this country.")
CHANGEABLE_CHOICES = (models.Person, models.Organisation, models.TrainingEvent)


def _access(request):
    if not hasattr(request, "_registry_access"):
        request._registry_access = access_for(request.user)
    return request._registry_access


def _limit_choices(request, db_field, kwargs):
    """Foreign keys to people, organisations and trainings offer what the user may change."""
    if db_field.name in {"person", "organisation", "event"} and (
        db_field.related_model in CHANGEABLE_CHOICES
    ):
        kwargs["queryset"] = changeable(_access(request), db_field.related_model.objects.all())
    return kwargs


def scoped_form(form_class, access):
    """``form_class`` refusing, on the deciding field, a record the access may not change."""

    class ScopedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            field = deciding_field(self.instance)
            field = field if field in self.fields else None
            if field is not None and self.has_error(field):
                return  # refused already (an unknown code, a choice outside the reach)
            if not can_change_record(access, self.instance):
                self.add_error(field, OUTSIDE_REACH)

    ScopedForm.__name__ = form_class.__name__
    return ScopedForm


class RegistryAdmin(admin.ModelAdmin):
    """Scope and permissions from the user's registry access."""

    def _access(self, request):
        return _access(request)

    def scope(self, access, queryset):
        return (
            queryset if access.countries is None else queryset.filter(country__in=access.countries)
        )

    def get_queryset(self, request):
        return self.scope(self._access(request), super().get_queryset(request))

    def has_module_permission(self, request):
        return self._access(request).sees_names

    def has_view_permission(self, request, obj=None):
        return self._access(request).sees_names

    def has_add_permission(self, request):
        return self._access(request).can_change

    def has_change_permission(self, request, obj=None):
        access = self._access(request)
        return access.can_change if obj is None else can_change_record(access, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return scoped_form(form, self._access(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = _limit_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Whether the trail keeps the old and new values of what changed, not only the
    # fields' names: for records that grant access, never for personal data.
    audit_values = False

    def _values(self, obj, fields) -> dict[str, str]:
        """Each field's value as a reader knows it (a choice's label, a record's name)."""
        values = {}
        for name in fields:
            field = obj._meta.get_field(name)
            value = getattr(obj, f"get_{name}_display")() if field.choices else getattr(obj, name)
            values[name] = "" if value is None else str(value)
        return values

    def save_model(self, request, obj, form, change):
        if not can_change_record(self._access(request), obj):
            raise PermissionDenied
        fields = sorted(form.changed_data)
        before = {}
        if self.audit_values and change:
            before = self._values(type(obj).objects.get(pk=obj.pk), fields)
        super().save_model(request, obj, form, change)
        action = models.AuditAction.CHANGE if change else models.AuditAction.CREATE
        detail = {"fields": fields}
        if self.audit_values:
            after = self._values(obj, fields)
            detail["changes"] = {f: [before.get(f, ""), after[f]] for f in fields}
        audit.record(
            request.user,
            action,
            obj._meta.model_name,
            obj.pk,
            country=getattr(obj, "country", ""),
            **detail,
        )

    def delete_model(self, request, obj):
        if not can_change_record(self._access(request), obj):
            raise PermissionDenied
        detail = {}
        if self.audit_values:
            names = [f.name for f in obj._meta.concrete_fields if not f.primary_key]
            detail["values"] = {k: v for k, v in self._values(obj, names).items() if v}
        audit.record(
            request.user,
            models.AuditAction.DELETE,
            obj._meta.model_name,
            obj.pk,
            country=getattr(obj, "country", ""),
            **detail,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        access = self._access(request)
        if not all(can_change_record(access, obj) for obj in queryset):
            raise PermissionDenied
        for obj in queryset:
            self.delete_model(request, obj)


class ScopedInline(admin.TabularInline):
    """Rows of a record changed in the admin: their choices within the change reach."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = _limit_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PositionSpellInline(ScopedInline):
    model = models.PositionSpell
    autocomplete_fields = ["organisation"]


class ParticipationInline(ScopedInline):
    model = models.Participation
    autocomplete_fields = ["person", "organisation"]


@admin.register(models.Organisation)
class OrganisationAdmin(RegistryAdmin):
    list_display = ["name", "country", "sector", "parent", "is_government"]
    list_filter = ["country", "sector", "is_government"]
    search_fields = ["name", "name_local"]
    autocomplete_fields = ["parent"]


@admin.register(models.Person)
class PersonAdmin(RegistryAdmin):
    list_display = ["name_latin", "name_local", "country", "sex", "consents_to_follow_up"]
    list_filter = ["country", "sex", "consents_to_follow_up"]
    search_fields = ["name_latin", "name_local", "email"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [PositionSpellInline]

    def scope(self, access, queryset):
        return visible_people(access, queryset)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self._access(request).sees_contact_data:
            fields = [f for f in fields if f not in {"email", "phone"}]
        return fields


@admin.register(models.Programme)
class ProgrammeAdmin(RegistryAdmin):
    list_display = ["code", "name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["code", "name"]

    def scope(self, access, queryset):
        if access.countries is None:
            return queryset
        return queryset.filter(country__in=[*access.countries, ""])


@admin.register(models.TrainingEvent)
class TrainingEventAdmin(RegistryAdmin):
    list_display = ["code", "title", "programme", "country", "starts_on", "ends_on", "lead_trainer"]
    list_filter = ["programme__kind", "country", "language"]
    search_fields = ["code", "title", "place"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["programme", "lead_trainer", "co_trainers"]
    inlines = [ParticipationInline]

    def scope(self, access, queryset):
        return visible_events(access, queryset)


@admin.register(models.RoleGrant)
class RoleGrantAdmin(RegistryAdmin):
    audit_values = True  # who was given or lost which role, where: old and new values
    list_display = ["user", "role", "country", "person", "granted_at"]
    list_filter = ["role", "country"]
    autocomplete_fields = ["person"]

    def _regional_admin(self, request):
        return models.Role.REGIONAL_ADMINISTRATOR in self._access(request).roles

    def has_module_permission(self, request):
        return self._regional_admin(request)

    has_view_permission = has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self._regional_admin(request)
    )


@admin.register(models.AuditEvent)
class AuditEventAdmin(RegistryAdmin):
    list_display = ["at", "username", "action", "object_type", "object_id", "country"]
    list_filter = ["action", "object_type", "country"]
    search_fields = ["username", "object_id"]

    def scope(self, access, queryset):
        if access.countries is None:
            return queryset
        return queryset.filter(country__in=[*access.countries, ""])

    def has_module_permission(self, request):
        return self._access(request).sees_audit_log

    def has_view_permission(self, request, obj=None):
        return self._access(request).sees_audit_log

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PersonScopedAdmin(RegistryAdmin):
    """Rows that belong to a person: reach follows the person's."""

    person_path = "person"

    def scope(self, access, queryset):
        people = visible_people(access).values("pk")
        return queryset.filter(**{f"{self.person_path}__in": people})


@admin.register(models.TrainerCertification)
class TrainerCertificationAdmin(PersonScopedAdmin):
    list_display = ["person", "level", "programme", "status", "certified_on", "valid_until"]
    list_filter = ["level", "status", "programme"]
    search_fields = ["person__name_latin", "person__name_local"]
    readonly_fields = ["evidence", "decided_by", "supersedes", "certified_on", "valid_until"]
    autocomplete_fields = ["person", "programme"]


@admin.register(models.CertificationCriteria)
class CertificationCriteriaAdmin(RegistryAdmin):
    list_display = [
        "programme",
        "min_attendance_percent",
        "min_post_test_percent",
        "validity_months",
    ]

    def scope(self, access, queryset):
        if access.countries is None:
            return queryset
        return queryset.filter(programme__country__in=[*access.countries, ""])


@admin.register(models.Observation)
class ObservationAdmin(PersonScopedAdmin):
    """Read-only: observations are scored on the observation page, under a rubric version."""

    list_display = ["person", "kind", "event", "observer", "score_percent", "passed"]
    list_filter = ["kind", "passed"]
    readonly_fields = [f.name for f in models.Observation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(models.RubricVersion)
class RubricVersionAdmin(RegistryAdmin):
    """Read-only: versions are loaded from the curriculum (``trainer-registry rubric load``)."""

    list_display = ["title", "rubric_id", "version", "loaded_at"]
    readonly_fields = ["rubric_id", "version", "title", "content", "digest", "loaded_at"]

    def has_add_permission(self, request):
        return False

    def scope(self, access, queryset):
        return queryset


@admin.register(models.FollowUpCampaign)
class FollowUpCampaignAdmin(RegistryAdmin):
    list_display = ["code", "name", "design", "status", "drawn_at"]
    list_filter = ["status", "design"]
    search_fields = ["code", "name"]

    def scope(self, access, queryset):
        return queryset.filter(pk__in=visible_campaigns(access).values("pk"))


@admin.register(models.CampaignMember)
class CampaignMemberAdmin(PersonScopedAdmin):
    list_display = ["person", "campaign", "stratum", "disposition"]
    list_filter = ["campaign", "disposition"]
    autocomplete_fields = ["person"]


@admin.register(models.FollowUpResponse)
class FollowUpResponseAdmin(PersonScopedAdmin):
    person_path = "member__person"
    list_display = ["member", "wave", "channel", "still_in_role", "submitted_at"]
    list_filter = ["channel", "still_in_role", "wave"]


@admin.register(models.QueuedJob)
class QueuedJobAdmin(RegistryAdmin):
    """Queued work, read-only: regional staff see every job, others the jobs they asked
    for. The outcome holds counts and public ids, never names."""

    list_display = ["pk", "kind", "subject", "status", "attempts", "requested_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "kind",
        "subject",
        "requested_by",
        "requested_at",
        "status",
        "attempts",
        "finished_at",
        "outcome",
    ]

    def scope(self, access, queryset):
        return queryset if access.countries is None else queryset.none()

    def get_queryset(self, request):
        mine = super(RegistryAdmin, self).get_queryset(request).filter(requested_by=request.user)
        return super().get_queryset(request) | mine

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
