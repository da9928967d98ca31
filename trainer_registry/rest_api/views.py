"""API endpoints. Each narrows its query with :mod:`trainer_registry.access`."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from trainer_registry import audit
from trainer_registry.access import (
    by_name_or_id,
    can_change_record,
    people_in_reach,
    visible_campaigns,
    visible_events,
    visible_participations,
    visible_people,
)
from trainer_registry.certificates import code as verification_code
from trainer_registry.listing.counts import related_count
from trainer_registry.models import (
    AuditAction,
    CertificateKind,
    CertificateStatus,
    IssuedCertificate,
    Organisation,
    Participation,
    TrainerCertification,
)
from trainer_registry.rest_api.parsers import PARSERS
from trainer_registry.rest_api.permissions import HasRegistryRole, request_access
from trainer_registry.rest_api.serializers import (
    CAMPAIGN_COLUMNS,
    CERTIFICATE_COLUMNS,
    CERTIFICATION_COLUMNS,
    FollowUpCampaignSerializer,
    IssuedCertificateSerializer,
    OrganisationSerializer,
    ParticipationSerializer,
    PersonSerializer,
    TrainerCertificationSerializer,
    TrainingEventSerializer,
    dispositions_of,
    programme_codes_of,
)


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class RegistryViewSet(viewsets.GenericViewSet):
    permission_classes = [HasRegistryRole]
    pagination_class = Pages
    parser_classes = PARSERS

    @property
    def access(self):
        return request_access(self.request)


COUNTRY = OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code, e.g. KH")


@extend_schema_view(list=extend_schema(parameters=[COUNTRY]))
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        organisations = Organisation.objects.order_by("country", "name", "id")
        if self.access.countries is not None:
            organisations = organisations.filter(country__in=self.access.countries)
        if country := self.request.query_params.get("country"):
            organisations = organisations.filter(country=country)
        return organisations


@extend_schema_view(list=extend_schema(parameters=[COUNTRY]))
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RegistryViewSet,
):
    """People in the registry, by pseudonymous id."""

    serializer_class = PersonSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        people = visible_people(self.access).order_by(*by_name_or_id(self.access.sees_names))
        if country := self.request.query_params.get("country"):
            people = people.filter(country=country)
        return people

    def list(self, request, *args, **kwargs):
        audit.record(
            request.user, AuditAction.LIST, "person", via="api", filters=request.query_params.dict()
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        audit.record(
            request.user,
            AuditAction.VIEW,
            "person",
            person.public_id,
            country=person.country,
            via="api",
        )
        return Response(self.get_serializer(person).data)

    def perform_create(self, serializer):
        person = serializer.save()
        audit.record(
            self.request.user,
            AuditAction.CREATE,
            "person",
            person.public_id,
            country=person.country,
            via="api",
        )

    def perform_update(self, serializer):
        # Read reach is wider than change reach: a trainer also reads the people of
        # trainings they led abroad, and may not change them (access.can_change_record).
        if not can_change_record(self.access, serializer.instance):
            raise PermissionDenied(_("You do not manage records of this country."))
        person = serializer.save()
        audit.record(
            self.request.user,
            AuditAction.CHANGE,
            "person",
            person.public_id,
            country=person.country,
            via="api",
            fields=sorted(serializer.validated_data),
        )


@extend_schema_view(list=extend_schema(parameters=[COUNTRY]))
class TrainingEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    serializer_class = TrainingEventSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        events = (
            visible_events(self.access)
            .select_related("programme", "lead_trainer")
            .annotate(participants=related_count(Participation, "event"))
            .order_by("-starts_on", "code")
        )
        if country := self.request.query_params.get("country"):
            events = events.filter(country=country)
        return events


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("event", str, description="training event code"), COUNTRY]
    )
)
class ParticipationViewSet(mixins.ListModelMixin, RegistryViewSet):
    serializer_class = ParticipationSerializer

    def get_queryset(self):
        participations = (
            visible_participations(self.access)
            .filter(people_in_reach(self.access))
            .select_related("event", "person")
            .order_by("event__code", "person__public_id")
        )
        if event := self.request.query_params.get("event"):
            participations = participations.filter(event__code=event)
        if country := self.request.query_params.get("country"):
            participations = participations.filter(person__country=country)
        return participations


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, description="recorded status, e.g. active"),
            COUNTRY,
        ]
    )
)
class TrainerCertificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet
):
    """Trainer certifications of the people in reach."""

    serializer_class = TrainerCertificationSerializer

    def get_queryset(self):
        certifications = (
            TrainerCertification.objects.filter(people_in_reach(self.access))
            .select_related("person", "programme")
            .only(*CERTIFICATION_COLUMNS)
            .order_by("-certified_on", "pk")
        )
        if status := self.request.query_params.get("status"):
            certifications = certifications.filter(status=status)
        if country := self.request.query_params.get("country"):
            certifications = certifications.filter(person__country=country)
        return certifications


@extend_schema_view(list=extend_schema(parameters=[COUNTRY]))
class FollowUpCampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    """Follow-up campaigns in reach, with their AAPOR disposition counts."""

    serializer_class = FollowUpCampaignSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # The page's disposition counts and programmes in one query each, not one per
        # campaign.
        shown = page if page is not None else queryset
        self.dispositions = dispositions_of(shown)
        self.programme_codes = programme_codes_of(shown)
        return page

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "dispositions": getattr(self, "dispositions", None),
            "programme_codes": getattr(self, "programme_codes", None),
        }

    def get_queryset(self):
        campaigns = visible_campaigns(self.access).order_by("code").only(*CAMPAIGN_COLUMNS)
        if country := self.request.query_params.get("country"):
            # Campaigns sampling in that country (a JSON list: read in Python, few rows).
            campaigns = campaigns.filter(
                pk__in=[c.pk for c in campaigns.only("pk", "countries") if country in c.countries]
            )
        return campaigns


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=CertificateStatus.values),
            OpenApiParameter("kind", str, enum=CertificateKind.values),
            OpenApiParameter("event", str, description="training event code"),
            COUNTRY,
        ]
    )
)
class IssuedCertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    """Certificates issued to the people in reach, by verification code. Pseudonymised
    access (``sees_names`` false) lists them without their codes and looks none up."""

    serializer_class = IssuedCertificateSerializer
    lookup_field = "code"
    # Any path segment: the check symbol may be one of ``*~$=``, and a code may come as
    # printed (hyphens, lower case); ``retrieve`` reads it with the certificate's parser.
    lookup_value_regex = r"[^/\x00-\x1f\x7f-\x9f]+"

    def get_queryset(self):
        certificates = (
            IssuedCertificate.objects.filter(people_in_reach(self.access))
            .select_related("person", "event", "issued_by")
            .only(*CERTIFICATE_COLUMNS)
            .order_by("-issued_on", "-pk")
        )
        for name in ("status", "kind"):
            if value := self.request.query_params.get(name):
                certificates = certificates.filter(**{name: value})
        if event := self.request.query_params.get("event"):
            certificates = certificates.filter(event__code=event)
        if country := self.request.query_params.get("country"):
            certificates = certificates.filter(person__country=country)
        return certificates

    def list(self, request, *args, **kwargs):
        audit.record(
            request.user,
            AuditAction.LIST,
            "issuedcertificate",
            via="api",
            filters=request.query_params.dict(),
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        if not self.access.sees_names:
            # A code known from elsewhere must not resolve to a pseudonymous id.
            raise NotFound
        misread = None
        try:
            self.kwargs["code"] = verification_code.parse(self.kwargs["code"])
        except verification_code.InvalidCode as error:
            misread = error  # looked up as given: a code stored in another form is found
        try:
            certificate = self.get_object()
        except Http404:
            if misread is None:
                raise
            raise NotFound(_("Not a verification code: %(reason)s") % {"reason": misread}) from None
        audit.record(
            request.user,
            AuditAction.VIEW,
            "issuedcertificate",
            certificate.code,
            country=certificate.person.country,
            via="api",
        )
        return Response(self.get_serializer(certificate).data)
