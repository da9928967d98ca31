"""``/api/v1/``: the endpoints, analytics and exports, and their OpenAPI schema at
``/api/v1/schema/``."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from trainer_registry.rest_api import analytics, schema, views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("events", views.TrainingEventViewSet, basename="event")
router.register("participations", views.ParticipationViewSet, basename="participation")
router.register("certifications", views.TrainerCertificationViewSet, basename="certification")
router.register("campaigns", views.FollowUpCampaignViewSet, basename="campaign")
router.register("certificates", views.IssuedCertificateViewSet, basename="certificate")

app_name = "registry_api"


def not_found(request, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(api_version="1", custom_settings=schema.SCHEMA_SETTINGS),
        name="schema",
    ),
    path("analytics/attrition/", analytics.AttritionView.as_view(), name="attrition"),
    path("analytics/item-analysis/", analytics.ItemAnalysisView.as_view(), name="item-analysis"),
    path(
        "campaigns/<slug:code>/interchange.csv",
        analytics.InterchangeFileView.as_view(),
        name="campaign-interchange",
    ),
    path("", include(router.urls)),
    # Anything else under the API: the API's own 404, in JSON, not the site's HTML page.
    re_path(r"", not_found),
]
