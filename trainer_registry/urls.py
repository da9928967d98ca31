"""The registry's URLs, in the ``trainer_registry`` namespace: the staff pages, the public
pages (no login: certificate verification, status lists, follow-up answer pages) and the
REST API. The LMS mounts them under ``commit-registry/`` (the plugin settings in
:mod:`trainer_registry.apps`), the standalone site under ``registry/``."""

from django.urls import include, path

from trainer_registry.inputs.requests import guard_patterns
from trainer_registry.pages import analytics as analytics_views
from trainer_registry.pages import (
    analytics_training,
    audit_log,
    campaigns,
    item_analysis,
    overview,
    sample_size,
    survey,
    verify,
)
from trainer_registry.pages import certificates as certificate_views
from trainer_registry.pages import certification as certification_views
from trainer_registry.pages import observation as observation_views
from trainer_registry.pages import report as report_views

app_name = "trainer_registry"

urlpatterns = guard_patterns(
    [
        path("", overview.DashboardView.as_view(), name="dashboard"),
        path("people/", overview.PersonListView.as_view(), name="person-list"),
        path("people/<uuid:public_id>/", overview.PersonDetailView.as_view(), name="person-detail"),
        path(
            "people/<uuid:public_id>/data.json",
            overview.PersonDataExportView.as_view(),
            name="person-data-export",
        ),
        path(
            "people/<uuid:public_id>/erase/",
            overview.PersonEraseView.as_view(),
            name="person-erase",
        ),
        path("events/", overview.EventListView.as_view(), name="event-list"),
        path("events/<slug:code>/", overview.EventDetailView.as_view(), name="event-detail"),
        path(
            "events/<slug:code>/certificates/",
            certification_views.IssueForEventView.as_view(),
            name="event-issue-certificates",
        ),
        path(
            "events/<slug:code>/certificates.zip",
            certificate_views.EventCertificatesZipView.as_view(),
            name="event-certificates-zip",
        ),
        path(
            "certificates/<str:code>.pdf",
            certificate_views.CertificatePdfView.as_view(),
            name="certificate-pdf",
        ),
        path(
            "certificates/<str:code>/change/",
            certificate_views.CertificateChangeView.as_view(),
            name="certificate-change",
        ),
        path(
            "certifications/<int:pk>/certificate/",
            certificate_views.IssueTrainerCertificateView.as_view(),
            name="certification-issue-certificate",
        ),
        path("audit/", audit_log.AuditLogView.as_view(), name="audit-log"),
        path("audit/audit-log.csv", audit_log.AuditLogCsvView.as_view(), name="audit-log-csv"),
        path("reports/", report_views.ReportListView.as_view(), name="programme-reports"),
        path(
            "reports/<str:request_id>/state.json",
            report_views.ReportStateView.as_view(),
            name="programme-report-state",
        ),
        path(
            "reports/<str:request_id>/download/",
            report_views.ReportDownloadView.as_view(),
            name="programme-report-download",
        ),
        path("analytics/", analytics_views.AttritionView.as_view(), name="analytics-attrition"),
        path(
            "analytics/retention/",
            analytics_views.RetentionView.as_view(),
            name="analytics-retention",
        ),
        path(
            "analytics/cascade/", analytics_training.CascadeView.as_view(), name="analytics-cascade"
        ),
        path(
            "analytics/knowledge-gain/",
            analytics_training.KnowledgeGainView.as_view(),
            name="analytics-knowledge-gain",
        ),
        path(
            "analytics/item-analysis/",
            item_analysis.ItemAnalysisView.as_view(),
            name="analytics-item-analysis",
        ),
        path("trainers/", certification_views.TrainerListView.as_view(), name="trainer-list"),
        path(
            "events/<slug:code>/observe/", observation_views.ObserveView.as_view(), name="observe"
        ),
        path(
            "certification/agreement/",
            observation_views.AgreementView.as_view(),
            name="observer-agreement",
        ),
        path(
            "people/<uuid:public_id>/certify/",
            certification_views.CertifyView.as_view(),
            name="person-certify",
        ),
        path(
            "certifications/<int:pk>/status/",
            certification_views.CertificationStatusView.as_view(),
            name="certification-status",
        ),
        path("followup/", campaigns.CampaignListView.as_view(), name="campaign-list"),
        path("followup/new/", campaigns.CampaignCreateView.as_view(), name="campaign-create"),
        path(
            "followup/sample-size/",
            sample_size.SampleSizeView.as_view(),
            name="sample-size",
        ),
        path(
            "followup/<slug:code>/interchange.csv",
            campaigns.CampaignInterchangeView.as_view(),
            name="campaign-interchange",
        ),
        path(
            "followup/<slug:code>/", campaigns.CampaignDetailView.as_view(), name="campaign-detail"
        ),
        path(
            "followup/<slug:code>/draw/",
            campaigns.CampaignDrawView.as_view(),
            name="campaign-draw",
        ),
        path(
            "followup/<slug:code>/invite/",
            campaigns.CampaignInviteView.as_view(),
            name="campaign-invite",
        ),
        path(
            "followup/<slug:code>/remind/",
            campaigns.CampaignRemindView.as_view(),
            name="campaign-remind",
        ),
        path(
            "followup/<slug:code>/members/<int:member>/disposition/",
            campaigns.MemberDispositionView.as_view(),
            name="campaign-member-disposition",
        ),
        path(
            "followup/<slug:code>/answers/<int:member>/",
            campaigns.EnterAnswerView.as_view(),
            name="campaign-enter-answer",
        ),
        # Public pages: no login.
        path("verify/", verify.VerifyView.as_view(), name="verify-form"),
        path("verify/<str:code>.json", verify.VerifyJsonView.as_view(), name="verify-json"),
        path("verify/<str:code>/", verify.VerifyView.as_view(), name="verify"),
        path(
            "verify/<str:code>/certificate.pdf", verify.VerifyPdfView.as_view(), name="verify-pdf"
        ),
        path(
            "verify/<str:code>/credential.json",
            verify.VerifyCredentialView.as_view(),
            name="verify-credential",
        ),
        path(
            "credentials/status/<int:number>.json",
            verify.StatusListView.as_view(),
            name="credential-status-list",
        ),
        path(
            "answer/<slug:campaign>/<str:token>/",
            survey.AnswerView.as_view(),
            name="followup-answer",
        ),
        path("api/v1/", include("trainer_registry.rest_api.urls")),
    ]
)
