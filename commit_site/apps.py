"""Django app configuration for the standalone site (templates, demo data command)."""

from django.apps import AppConfig


class CommitSiteConfig(AppConfig):
    name = "commit_site"
    verbose_name = "COMMIT Training site"

    def ready(self) -> None:
        from commit_site import courses, workbench_state

        courses.install()
        workbench_state.install()
