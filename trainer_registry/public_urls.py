"""Public pages: no login. Included with the staff pages under the registry's prefix."""

from django.urls import path

from trainer_registry import survey_views

urlpatterns = [
    path(
        "answer/<slug:campaign>/<str:token>/",
        survey_views.AnswerView.as_view(),
        name="followup-answer",
    ),
]
