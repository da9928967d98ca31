"""URLs built the way the LMS adds its plugins' URLs."""

from edx_django_utils.plugins import get_plugin_url_patterns

urlpatterns = [*get_plugin_url_patterns("lms.djangoapp")]
