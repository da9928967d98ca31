"""What the API shows of each record, trimmed to what the caller may see."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from trainer_registry.certification.rules import Status, status_on
from trainer_registry.followup.campaign_counts import disposition_counts
from trainer_registry.models import (
    CampaignMember,
    Disposition,
    FollowUpCampaign,
    IssuedCertificate,
    Organisation,
    Participation,
    Person,
    Programme,
    TrainerCertification,
    TrainingEvent,
)
from trainer_registry.rest_api.permissions import request_access

NAME_FIELDS = {"name_latin", "name_local"}
CONTACT_FIELDS = {"email", "phone"}
# What of a certificate resolves to the person's name: the public verification shows it.
NAMING_CERTIFICATE_FIELDS = {"code"}


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "name_local", "country", "sector", "parent", "is_government"]


class FieldsForReader:
    """A serializer whose fields depend on the reader: :meth:`hidden` names those the
    reader's access does not receive. The schema documents every field a caller may
    receive."""

    def hidden(self, access) -> set[str]:
        return set()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        view = self.context.get("view")
        if request is None or getattr(view, "swagger_fake_view", False):
            return fields
        hidden = self.hidden(request_access(request))
        return {name: field for name, field in fields.items() if name not in hidden}


class PersonSerializer(FieldsForReader, serializers.ModelSerializer):
    """A person. Names are left out for pseudonymised access, contact data for all but
    administrators and country programme managers."""

    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name_latin",
            "name_local",
            "language",
            "sex",
            "country",
            "email",
            "phone",
            "consents_to_follow_up",
            "consent_recorded_on",
        ]
        extra_kwargs = {"email": {"required": False}, "phone": {"required": False}}

    def hidden(self, access) -> set[str]:
        hidden = set()
        if not access.sees_names:
            hidden |= NAME_FIELDS
        if not access.sees_contact_data:
            hidden |= CONTACT_FIELDS
        return hidden

    def validate_country(self, value: str) -> str:
        access = request_access(self.context["request"])
        if not access.reaches_country(value):
            # Not malformed input but a right the caller lacks: 403, as for a change.
            raise PermissionDenied(f"You do not manage records for {value}.")
        return value


class TrainingEventSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_trainer = serializers.UUIDField(
        source="lead_trainer.public_id", read_only=True, default=None, allow_null=True
    )
    participants = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingEvent
        fields = [
            "code",
            "title",
            "programme",
            "country",
            "place",
            "language",
            "starts_on",
            "ends_on",
            "lead_trainer",
            "course_run",
            "participants",
        ]


class ParticipationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person = serializers.UUIDField(source="person.public_id", read_only=True)

    class Meta:
        model = Participation
        fields = [
            "event",
            "person",
            "role",
            "attendance_percent",
            "pre_test_score",
            "post_test_score",
            "completed",
            "completed_on",
        ]


class TrainerCertificationSerializer(FieldsForReader, serializers.ModelSerializer):
    """A trainer's certification, by pseudonymous id. Its status's reason (free text,
    which may name people) is left out for pseudonymised access, as a certificate's is."""

    person = serializers.UUIDField(source="person.public_id", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_today = serializers.SerializerMethodField()

    class Meta:
        model = TrainerCertification
        fields = [
            "id",
            "person",
            "programme",
            "level",
            "status",
            "status_today",
            "status_reason",
            "certified_on",
            "valid_until",
            "supersedes",
        ]

    def hidden(self, access) -> set[str]:
        return set() if access.sees_names else {"status_reason"}

    def get_status_today(self, certification) -> str:
        return status_on(
            Status(certification.status), certification.valid_until, timezone.localdate()
        ).value


# What a certification of the API shows: not its evidence (the record the decision was
# taken on, JSON read a row), nor the person's names and contact data.
CERTIFICATION_COLUMNS = (
    "level",
    "status",
    "status_reason",
    "certified_on",
    "valid_until",
    "supersedes",
    "person__public_id",
    "programme__code",
)


class ProgrammeCodes(serializers.ListField):
    """A campaign's programmes by code, in the programmes' own order: for a list's page
    from the codes read for the whole page at once (``programme_codes`` in the context,
    :func:`programme_codes_of`), else read for the one campaign."""

    child = serializers.CharField()

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, campaign):
        known = self.context.get("programme_codes")
        if known is not None and campaign.pk in known:
            return known[campaign.pk]
        return programme_codes_of([campaign])[campaign.pk]


class FollowUpCampaignSerializer(serializers.ModelSerializer):
    programmes = ProgrammeCodes()
    dispositions = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpCampaign
        fields = [
            "code",
            "name",
            "status",
            "design",
            "allocation",
            "countries",
            "sectors",
            "programmes",
            "trained_from",
            "trained_until",
            "sample_size",
            "seed",
            "drawn_at",
            "population_size",
            "dispositions",
        ]

    def to_representation(self, campaign):
        """The campaign written from its values: what DRF's field-by-field path writes
        (``tests/trainer_registry/rest_api/test_campaign_rows.py`` compares the two on
        every kind of value), at a fraction of its cost a row (a list's page of fifty cost
        two milliseconds more than one of ten)."""
        drawn_at = campaign.drawn_at
        return {
            "code": campaign.code,
            "name": campaign.name,
            "status": campaign.status,
            "design": campaign.design,
            "allocation": campaign.allocation,
            "countries": campaign.countries,
            "sectors": campaign.sectors,
            "programmes": self.fields["programmes"].get_attribute(campaign),
            "trained_from": _day(campaign.trained_from),
            "trained_until": _day(campaign.trained_until),
            "sample_size": campaign.sample_size,
            "seed": campaign.seed,
            "drawn_at": None
            if drawn_at is None
            else self.fields["drawn_at"].to_representation(drawn_at),
            "population_size": campaign.population_size,
            "dispositions": self.get_dispositions(campaign),
        }

    def get_dispositions(self, campaign) -> dict[str, int]:
        counted = self.context.get("dispositions")  # a list's page, counted at once
        if counted is not None and campaign.pk in counted:
            return counted[campaign.pk]
        return disposition_counts(campaign)


def _day(day):
    return None if day is None else day.isoformat()


# What a campaign of the API shows of its own columns, read for a list's page: not its
# strata, reminders' settings or author (a JSON list and a time decoded a row, unshown).
CAMPAIGN_COLUMNS = tuple(
    name
    for name in FollowUpCampaignSerializer.Meta.fields
    if name not in {"programmes", "dispositions"}
)


def programme_codes_of(campaigns) -> dict[int, list[str]]:
    """Each campaign's programme codes, in one query of plain values (no programme is
    built as a model instance: a page of 50 campaigns of 9 programmes each built 450)."""
    keys = [campaign.pk for campaign in campaigns]
    codes: dict[int, list[str]] = {key: [] for key in keys}
    links = (
        FollowUpCampaign.programmes.through.objects.filter(followupcampaign_id__in=keys)
        .order_by(*(f"programme__{field}" for field in Programme._meta.ordering))
        .values_list("followupcampaign_id", "programme__code")
    )
    for key, code in links:
        codes[key].append(code)
    return codes


def dispositions_of(campaigns) -> dict[int, dict[str, int]]:
    """Each campaign's disposition counts (every code, zeros included), in one query."""
    keys = [campaign.pk for campaign in campaigns]
    counts = {key: dict.fromkeys(Disposition.values, 0) for key in keys}
    rows = (
        CampaignMember.objects.filter(campaign_id__in=keys)
        .values_list("campaign_id", "disposition")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for key, disposition, n in rows:
        counts[key][disposition] = n
    return counts


class IssuedCertificateSerializer(FieldsForReader, serializers.ModelSerializer):
    """An issued certificate: its verification code and who, what and when, by
    pseudonymous id. The code is left out for pseudonymised access: the public
    verification turns it into a name. New certificate fields are added to
    ``Meta.fields``, and to ``NAMING_CERTIFICATE_FIELDS`` when they resolve to the person."""

    person = serializers.UUIDField(source="person.public_id", read_only=True)
    event = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    issuer = serializers.UUIDField(
        source="issued_by.public_id", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = IssuedCertificate
        fields = ["code", "kind", "status", "person", "event", "issued_on", "issuer"]

    def hidden(self, access) -> set[str]:
        return set() if access.sees_names else NAMING_CERTIFICATE_FIELDS


# What IssuedCertificateSerializer reads, for the views' ``only()``: a certificate's row
# also holds its snapshot and its signed credential, kilobytes of JSON each.
CERTIFICATE_COLUMNS = (
    "code",
    "kind",
    "status",
    "issued_on",
    "person__public_id",
    "event__code",
    "issued_by__public_id",
)


class IssuedCertificateSchema(OpenApiSerializerExtension):
    """The schema of :class:`IssuedCertificateSerializer`: the fields that name the person
    are optional, as pseudonymised access does not receive them."""

    target_class = IssuedCertificateSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        required = [n for n in schema.get("required", []) if n not in NAMING_CERTIFICATE_FIELDS]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        for name in NAMING_CERTIFICATE_FIELDS & set(schema.get("properties", {})):
            schema["properties"][name]["description"] = (
                "Absent for pseudonymised access (M&E analysts): it resolves to a name."
            )
        return schema
