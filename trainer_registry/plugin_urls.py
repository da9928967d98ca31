"""The registry's URLs as the LMS mounts them (under ``commit-registry/``) and as the
standalone site does (under ``registry/``): staff pages, public answer pages and the REST
API, in the ``trainer_registry`` namespace."""

from django.urls import include, path

from trainer_registry.public_urls import urlpatterns as public_pages
from trainer_registry.urls import urlpatterns as staff_pages

app_name = "trainer_registry"

urlpatterns = [
    *staff_pages,
    *public_pages,
    path("api/v1/", include("trainer_registry.rest_api.urls")),
]
