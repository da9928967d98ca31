"""Public pages: no login. Included with the staff pages under the registry's prefix."""

from django.urls import path

from trainer_registry import survey_views, verify_views

urlpatterns = [
    path("verify/", verify_views.VerifyView.as_view(), name="verify-form"),
    path("verify/<str:code>.json", verify_views.VerifyJsonView.as_view(), name="verify-json"),
    path("verify/<str:code>/", verify_views.VerifyView.as_view(), name="verify"),
    path(
        "answer/<slug:campaign>/<str:token>/",
        survey_views.AnswerView.as_view(),
        name="followup-answer",
    ),
]
