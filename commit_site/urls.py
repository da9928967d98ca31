"""URLs of the standalone site: home, the XBlock workbench, the registry, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from workbench import urls as workbench_urls

from commit_site import course_language, learn
from commit_site.login import ThrottledLoginView, admin_login
from commit_site.translation_status import translation_status

# The workbench's own URLs, less the admin and static routes it adds for itself: the site
# serves those once, for everything.
workbench_patterns = [
    pattern
    for pattern in workbench_urls.urlpatterns
    if not str(pattern.pattern).lstrip("^").startswith(("admin/", "static/", "media/"))
]

urlpatterns = [
    path("", TemplateView.as_view(template_name="commit_site/home.html"), name="home"),
    # The learner's course shell: my courses, a course's outline, a unit.
    path("learn/", learn.my_courses, name="learn"),
    path("learn/<slug:name>/", learn.course, name="learn-course"),
    path("learn/<slug:name>/<int:number>/", learn.unit, name="learn-unit"),
    path("accounts/welcome/", learn.after_login, name="after_login"),
    # The course units in the learner's language: the list, and an opened unit.
    path("workbench/", course_language.index, name="course_index"),
    re_path(r"^workbench/scenario/(?P<scenario_id>[^/]+)/$", course_language.show_scenario),
    re_path(
        r"^workbench/scenario/(?P<scenario_id>[^/]+)/(?P<view_name>[^/]+)/$",
        course_language.show_scenario,
    ),
    path("workbench/", include(workbench_patterns)),
    path("courses/translations/", translation_status, name="translation_status"),
    # The registry as the LMS mounts it: staff pages, the REST API (api/v1/) and the
    # public answer pages, in the "trainer_registry" namespace.
    path("registry/", include("trainer_registry.urls")),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin's login shares the site's failure count, and answers 429 when locked out.
    path("admin/login/", admin_login(admin.site.login)),
    path("admin/", admin.site.urls),
    re_path(
        r"^healthz$",
        TemplateView.as_view(template_name="commit_site/healthz.txt", content_type="text/plain"),
        name="healthz",
    ),
]
