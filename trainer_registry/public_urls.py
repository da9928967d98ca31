"""Public pages: no login. Included with the staff pages under the registry's prefix."""

from django.urls import path

from trainer_registry import survey_views, verify_views

urlpatterns = [
    path("verify/", verify_views.VerifyView.as_view(), name="verify-form"),
    path("verify/<str:code>.json", verify_views.VerifyJsonView.as_view(), name="verify-json"),
    path("verify/<str:code>/", verify_views.VerifyView.as_view(), name="verify"),
    path(
        "verify/<str:code>/certificate.pdf",
        verify_views.VerifyPdfView.as_view(),
        name="verify-pdf",
    ),
    path(
        "verify/<str:code>/credential.json",
        verify_views.VerifyCredentialView.as_view(),
        name="verify-credential",
    ),
    path(
        "credentials/status/<int:number>.json",
        verify_views.StatusListView.as_view(),
        name="credential-status-list",
    ),
    path(
        "answer/<slug:campaign>/<str:token>/",
        survey_views.AnswerView.as_view(),
        name="followup-answer",
    ),
]
