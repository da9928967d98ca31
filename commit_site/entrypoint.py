"""Start-up of the standalone site's command line and WSGI application.

Both load the settings first and check the database, so that a wrong ``DATABASE_URL``
or a database that does not answer stops the program with one line that names the
setting, instead of a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from commit_site.database import DatabaseSettingError, check_reachable

# Commands that never touch the database.
OFFLINE_COMMANDS = {
    "help",
    "version",
    "--version",
    "--help",
    "-h",
    "makemessages",
    "compilemessages",
    "collectstatic",
    "findstatic",
    "shell",
    "diffsettings",
}


def _configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commit_site.settings")
    from django.conf import settings

    settings.DATABASES  # noqa: B018  (loads the settings, where DATABASE_URL is parsed)


def run_management_command(argv: Sequence[str]) -> int:
    """``manage.py``: run a Django management command; 2 on a bad database setting."""
    from django.core.management import execute_from_command_line

    try:
        _configure()
        command = argv[1] if len(argv) > 1 else "help"
        if command not in OFFLINE_COMMANDS:
            import django

            django.setup()
            check_reachable()
    except DatabaseSettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    execute_from_command_line(list(argv))
    return 0


def wsgi_application():
    """The WSGI application, after the same checks as the command line."""
    try:
        _configure()
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        check_reachable()
    except DatabaseSettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    return application
