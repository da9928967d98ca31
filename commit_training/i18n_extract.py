"""Extract the learning blocks' strings into ``conf/locale/<lang>/LC_MESSAGES``.

Contract: runs Django's ``makemessages`` over the ``commit_training`` package only, for the
six languages of the region, into ``django.po`` (templates and Python ``_()``) and
``djangojs.po`` (``gettext()`` in ``static/js/*.js``), without source locations and without
obsolete entries, the same way the trainer registry's catalogues are kept. The demo
``scenarios/`` carry their own texts and the generated ``static/js/translations/`` are
skipped; the courses' texts are the course builder's (``curriculum_build``).

Django is set up from the repository root first (the site's settings resolve their data
folder from the working directory), then the command runs inside the package, because
``makemessages`` scans the working directory.

Run by ``make extract_translations``: ``python -m commit_training.i18n_extract``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
LANGUAGES = ["km", "lo", "my", "th", "vi", "zh_Hans"]
SKIPPED = ["scenarios/*", "static/js/translations/*", "conf/*"]


def extract() -> None:
    """Update every catalogue of the blocks from the source."""
    # Django is set up here, from the site's settings, before makemessages can load.
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commit_site.settings")
    django.setup()
    previous = Path.cwd()
    os.chdir(PACKAGE_DIR)
    try:
        for domain in ("django", "djangojs"):
            call_command(
                "makemessages",
                domain=domain,
                locale=LANGUAGES,
                no_location=True,
                no_obsolete=True,
                ignore_patterns=SKIPPED,
                verbosity=0,
            )
    finally:
        os.chdir(previous)


if __name__ == "__main__":
    extract()
