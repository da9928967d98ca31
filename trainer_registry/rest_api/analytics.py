"""Analytics endpoints: attrition figures and the pseudonymous follow-up interchange file.

Both are built by :mod:`trainer_registry.analytics.exports` from the campaigns and people in the
caller's reach; only the roles that export analytics call them (others get 403), a
campaign out of reach answers 404, and every call is written to the audit log.
"""

from __future__ import annotations

import re

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from trainer_registry import audit
from trainer_registry.access import visible_campaigns
from trainer_registry.analytics import exports, frames
from trainer_registry.analytics.exports import interchange_download
from trainer_registry.assessment.item_analysis import item_analysis, response_matrix
from trainer_registry.models import (
    AssessmentForm,
    AssessmentPhase,
    AuditAction,
    ProgrammeKind,
    Sector,
)
from trainer_registry.rest_api.permissions import HasRegistryRole, request_access

COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def _exporting_access(request):
    access = request_access(request)
    if not exports.may_export(access):
        raise PermissionDenied(
            "Only administrators, country programme managers and M&E analysts export analytics."
        )
    return access


class PopulationFilters(serializers.Serializer):
    """The query: campaigns (codes, comma-separated; all in reach when none), and the
    people among their samples to count."""

    campaign = serializers.CharField(required=False, default="", allow_blank=True)
    country = serializers.CharField(required=False, default="", allow_blank=True)
    sector = serializers.ChoiceField(Sector.choices, required=False, default="")
    programme = serializers.ChoiceField(ProgrammeKind.choices, required=False, default="")
    by = serializers.CharField(required=False, default="", allow_blank=True)
    ci = serializers.ChoiceField(list(exports.CI_METHODS), required=False, default="wilson")

    def validate_country(self, value: str) -> str:
        value = value.strip().upper()
        if value and not COUNTRY_CODE.fullmatch(value):
            raise ValidationError(f"{value!r} is not an ISO 3166 two-letter code, e.g. KH")
        return value

    def validate_by(self, value: str) -> list[str]:
        columns = [column.strip() for column in value.split(",") if column.strip()]
        unknown = [column for column in columns if column not in exports.GROUPING_COLUMNS]
        if unknown:
            raise ValidationError(
                f"{', '.join(unknown)}: group by one of {', '.join(exports.GROUPING_COLUMNS)}"
            )
        return columns


def _comma_separated(words) -> str:
    """A pattern for one or more of ``words`` joined by commas."""
    one = "(" + "|".join(words) + ")"
    return f"^{one}(,{one})*$"


def _campaigns_in_reach(access, codes: str):
    campaigns = visible_campaigns(access)
    wanted = [code.strip() for code in codes.split(",") if code.strip()]
    if not wanted:
        return campaigns
    found = set(campaigns.filter(code__in=wanted).values_list("code", flat=True))
    missing = [code for code in wanted if code not in found]
    if missing:
        raise Http404(f"No follow-up campaign {', '.join(missing)} in your reach.")
    return campaigns.filter(code__in=wanted)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "campaign",
        str,
        description="campaign codes, comma-separated",
        pattern=r"^[-a-zA-Z0-9_]+(,[-a-zA-Z0-9_]+)*$",
    ),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code, e.g. KH"),
    OpenApiParameter("sector", str, enum=Sector.values),
    OpenApiParameter("programme", str, enum=ProgrammeKind.values),
]


class AttritionView(APIView):
    """Attrition among sampled former participants: share who left their anti-trafficking
    role with its interval, Kaplan-Meier retention and AAPOR response rates, overall and
    by group, as ``trainer-registry attrition`` computes them from the interchange file."""

    permission_classes = [HasRegistryRole]

    @extend_schema(
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter(
                "by",
                str,
                description=f"comma-separated: {', '.join(exports.GROUPING_COLUMNS)}",
                pattern=_comma_separated(exports.GROUPING_COLUMNS),
            ),
            OpenApiParameter("ci", str, enum=list(exports.CI_METHODS)),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        access = _exporting_access(request)
        filters = PopulationFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        query = filters.validated_data
        if query["country"] and not access.reaches_country(query["country"]):
            raise PermissionDenied(f"You do not reach {query['country']}.")
        campaigns = _campaigns_in_reach(access, query["campaign"])
        data = exports.interchange(
            access,
            campaigns,
            country=query["country"],
            sector=query["sector"],
            programme=query["programme"],
        )
        report = exports.attrition(data, by=query["by"], ci_method=query["ci"])
        audit.record(
            request.user,
            AuditAction.EXPORT,
            "attrition",
            country=query["country"],
            via="api",
            filters=request.query_params.dict(),
            rows=len(data.frame),
        )
        return Response(report)


class InterchangeFileView(APIView):
    """The follow-up interchange CSV of one campaign (DESIGN.md), pseudonymous ids only;
    people who withdrew their consent to follow-up are left out (the count is in the
    ``X-Left-Out-Without-Consent`` header)."""

    permission_classes = [HasRegistryRole]

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            403: OpenApiTypes.OBJECT,
            404: OpenApiTypes.OBJECT,
        }
    )
    def get(self, request, code: str):
        access = _exporting_access(request)
        campaign = get_object_or_404(visible_campaigns(access), code=code)
        return interchange_download(request.user, access, campaign, via="api")


class ItemAnalysisQuery(serializers.Serializer):
    """One assessment (required), and its phase and form (required when its responses
    in reach hold several)."""

    assessment = serializers.CharField(max_length=100)
    phase = serializers.ChoiceField(AssessmentPhase.choices, required=False, default="")
    form = serializers.ChoiceField(AssessmentForm.choices, required=False, default="")


class ItemAnalysisView(APIView):
    """Item analysis of one form of an assessment, from the item responses of the people
    and trainings in the caller's reach: the object ``trainer-registry item-analysis
    --json`` prints (learners, items, complete_learners, kr20, too_few, items_detail),
    with the assessment, phase and form asked. An assessment with no response in reach
    answers 404; responses mixing phases or forms ask for one (400)."""

    permission_classes = [HasRegistryRole]

    @extend_schema(
        parameters=[
            OpenApiParameter("assessment", str, required=True),
            OpenApiParameter("phase", str, enum=AssessmentPhase.values),
            OpenApiParameter("form", str, enum=[v for v in AssessmentForm.values if v]),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        access = _exporting_access(request)
        query = ItemAnalysisQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        frame = frames.item_response_frame(
            access, asked["assessment"], phase=asked["phase"], form=asked["form"]
        )
        if frame.empty:
            raise Http404(f"No item responses of {asked['assessment']} in your reach.")
        for column in ("phase", "form"):
            if not asked[column] and frame[column].nunique() > 1:
                values = ", ".join(sorted(frame[column].unique()))
                raise ValidationError({column: f"the responses hold {values}: choose one"})
        matrix = response_matrix(
            frame["learner_id"], frame["item_id"], frame["chosen"], frame["correct"]
        )
        result = item_analysis(matrix)
        audit.record(
            request.user,
            AuditAction.EXPORT,
            "item-analysis",
            asked["assessment"],
            via="api",
            filters=request.query_params.dict(),
            rows=len(frame),
        )
        return Response({**asked, **result.as_dict()})
