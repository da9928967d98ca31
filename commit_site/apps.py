"""Django app configuration for the standalone site (templates, demo data command)."""

from django.apps import AppConfig


class CommitSiteConfig(AppConfig):
    name = "commit_site"
    verbose_name = "COMMIT Training site"

    def ready(self) -> None:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from commit_site import courses, learners, workbench_state

        courses.install()
        store = getattr(settings, "COMMIT_WORKBENCH_STORE", "per-request")
        if store == "per-request":
            workbench_state.install()
        elif store != "workbench":
            raise ImproperlyConfigured(
                f"COMMIT_WORKBENCH_STORE={store!r}: use 'per-request' or 'workbench'"
            )
        learners.install()
