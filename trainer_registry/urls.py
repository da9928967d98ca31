"""URLs of the registry's staff pages, included under a prefix such as ``registry/``."""

from django.urls import path

from trainer_registry import (
    analytics_views,
    campaign_views,
    certificate_views,
    certification_views,
    report_views,
    sample_size_views,
    views,
)

app_name = "trainer_registry"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<uuid:public_id>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "people/<uuid:public_id>/data.json",
        views.PersonDataExportView.as_view(),
        name="person-data-export",
    ),
    path("people/<uuid:public_id>/erase/", views.PersonEraseView.as_view(), name="person-erase"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:code>/", views.EventDetailView.as_view(), name="event-detail"),
    path(
        "events/<slug:code>/certificates/",
        certification_views.IssueForEventView.as_view(),
        name="event-issue-certificates",
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
    path("audit/", views.AuditLogView.as_view(), name="audit-log"),
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
    path("analytics/cascade/", analytics_views.CascadeView.as_view(), name="analytics-cascade"),
    path(
        "analytics/knowledge-gain/",
        analytics_views.KnowledgeGainView.as_view(),
        name="analytics-knowledge-gain",
    ),
    path("trainers/", certification_views.TrainerListView.as_view(), name="trainer-list"),
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
    path("followup/", campaign_views.CampaignListView.as_view(), name="campaign-list"),
    path("followup/new/", campaign_views.CampaignCreateView.as_view(), name="campaign-create"),
    path(
        "followup/sample-size/",
        sample_size_views.SampleSizeView.as_view(),
        name="sample-size",
    ),
    path(
        "followup/<slug:code>/interchange.csv",
        campaign_views.CampaignInterchangeView.as_view(),
        name="campaign-interchange",
    ),
    path(
        "followup/<slug:code>/", campaign_views.CampaignDetailView.as_view(), name="campaign-detail"
    ),
    path(
        "followup/<slug:code>/draw/",
        campaign_views.CampaignDrawView.as_view(),
        name="campaign-draw",
    ),
    path(
        "followup/<slug:code>/invite/",
        campaign_views.CampaignInviteView.as_view(),
        name="campaign-invite",
    ),
    path(
        "followup/<slug:code>/remind/",
        campaign_views.CampaignRemindView.as_view(),
        name="campaign-remind",
    ),
    path(
        "followup/<slug:code>/members/<int:member>/disposition/",
        campaign_views.MemberDispositionView.as_view(),
        name="campaign-member-disposition",
    ),
    path(
        "followup/<slug:code>/answers/<int:member>/",
        campaign_views.EnterAnswerView.as_view(),
        name="campaign-enter-answer",
    ),
]
