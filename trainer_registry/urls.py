"""URLs of the registry's staff pages, included under a prefix such as ``registry/``."""

from django.urls import path

from trainer_registry import views

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
    path("audit/", views.AuditLogView.as_view(), name="audit-log"),
]
