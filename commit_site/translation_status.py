"""The staff page of the course translations: how far each catalogue has come.

Per course and language, the shares of entries translated, reviewed and approved, the
drafts waiting for a national reviewer, and the entries whose English changed since they
were translated or reviewed (they went back to draft, and learners see the English until
a reviewer confirms them). The same table as ``python -m curriculum_build translations
status``, read from the catalogues under ``COMMIT_CURRICULUM_DIR``; ``?format=csv``
downloads it. Open to the programme staff (a registry role) and to the site's staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum_build.review_status import ReviewState, entry_statuses
from curriculum_build.translation_status import (
    CatalogueStatus,
    catalogue_paths,
    count_statuses,
    status_table,
)
from trainer_registry import api

# How many changed entries a catalogue lists on the page; the rest are counted.
CHANGED_SHOWN = 50
LANGUAGE_NAMES = dict(settings.LANGUAGES)
INTERFACE_NAMES = {
    "interface-registry": gettext_lazy("Registry pages, programme report, follow-up survey"),
    "interface-blocks": gettext_lazy("Learning blocks"),
    "interface-blocks-js": gettext_lazy("Learning blocks, in the browser"),
    "interface-site": gettext_lazy("This site's own pages"),
}


@dataclass(frozen=True)
class CatalogueRow:
    """One catalogue as the page shows it."""

    status: CatalogueStatus
    language_name: str
    changed: tuple[str, ...]  # the English of the entries changed since review, shortened

    @property
    def description(self) -> str:
        """What an interface catalogue holds ('' for a course)."""
        return str(INTERFACE_NAMES.get(self.status.course, ""))

    @property
    def lang(self) -> str:
        """The language as an HTML ``lang`` value (``zh-Hans``)."""
        return self.status.language.replace("_", "-")


def catalogue_rows(root: Path) -> list[CatalogueRow]:
    """Every catalogue ``courses/*/locale/<language>/LC_MESSAGES/<course>.po`` under
    ``root``, by course and language, then the interface catalogues of the project."""
    return [_row(root, *found) for found in catalogue_paths(root, interface=True)]


def _row(root: Path, course: str, language: str, path: Path) -> CatalogueRow:
    statuses = entry_statuses(path, shown=path.relative_to(root.parent))
    changed = [
        _shortened(msgid)
        for msgid, status in statuses.items()
        if status.state == ReviewState.CHANGED
    ]
    return CatalogueRow(
        count_statuses(course, language, statuses),
        LANGUAGE_NAMES.get(language.lower().replace("_", "-"), language),
        tuple(changed),
    )


def _shortened(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def translation_status(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_staff or api.has_registry_role(request.user)):
        raise PermissionDenied(_("The translation status is for the programme staff."))
    root = Path(settings.COMMIT_CURRICULUM_DIR)
    rows = catalogue_rows(root)
    if request.GET.get("format") == "csv":  # the command's table, interface rows included
        response = HttpResponse(
            status_table([row.status for row in rows], "csv"), content_type="text/csv"
        )
        response["Content-Disposition"] = 'attachment; filename="course-translations.csv"'
        return response
    return render(
        request,
        "commit_site/translation_status.html",
        {"rows": rows, "changed_shown": CHANGED_SHOWN, "configured": root.is_dir()},
    )
