"""URLs the registry adds to the LMS as a plugin (under ``commit-registry/``): the staff
pages and the REST API, in the ``trainer_registry`` namespace."""

from django.urls import include, path

from trainer_registry.urls import urlpatterns as staff_pages

app_name = "trainer_registry"

urlpatterns = [
    *staff_pages,
    path("api/v1/", include("trainer_registry.rest_api.urls")),
]
