"""Public pages: no login. Included at the site's root (``followup/...``)."""

from django.urls import path

from trainer_registry import survey_views

app_name = "trainer_registry_public"

urlpatterns = [
    path(
        "followup/<slug:campaign>/<str:token>/",
        survey_views.AnswerView.as_view(),
        name="followup-answer",
    ),
]
