"""Django admin for the registry's tables."""

from django.contrib import admin

from trainer_registry import models


class PositionSpellInline(admin.TabularInline):
    model = models.PositionSpell
    extra = 0
    autocomplete_fields = ["organisation"]


class ParticipationInline(admin.TabularInline):
    model = models.Participation
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "sector", "parent", "is_government"]
    list_filter = ["country", "sector", "is_government"]
    search_fields = ["name", "name_local"]
    autocomplete_fields = ["parent"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name_latin", "name_local", "country", "sex", "consents_to_follow_up"]
    list_filter = ["country", "sex", "consents_to_follow_up"]
    search_fields = ["name_latin", "name_local", "email"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [PositionSpellInline]


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["code", "name"]


@admin.register(models.TrainingEvent)
class TrainingEventAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "programme", "country", "starts_on", "ends_on", "lead_trainer"]
    list_filter = ["programme__kind", "country", "language"]
    search_fields = ["code", "title", "place"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["programme", "lead_trainer", "co_trainers"]
    inlines = [ParticipationInline]
