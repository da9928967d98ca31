"""The interface catalogues, reviewed like the course catalogues.

Besides the courses, learners and staff read the product's own interface: the registry's
pages with the programme report and the follow-up survey and its invitations, the blocks'
labels and feedback, and the site's own pages. Their gettext catalogues sit in the
packages (Django's layout, ``<package>/locale/<language>/LC_MESSAGES/<domain>.po``), are
written by ``make extract_translations`` and carry the same ``# review:`` lines as the
course catalogues (decision 0017): a translated entry without one is a draft. The review
commands address them by the names below, in place of a course.
"""

from __future__ import annotations

from pathlib import Path

# name -> the catalogue's path from the project's root, with {language}.
INTERFACE_CATALOGUES = {
    "interface-registry": "trainer_registry/locale/{language}/LC_MESSAGES/django.po",
    "interface-blocks": "commit_training/conf/locale/{language}/LC_MESSAGES/django.po",
    "interface-blocks-js": "commit_training/conf/locale/{language}/LC_MESSAGES/djangojs.po",
    "interface-site": "commit_site/locale/{language}/LC_MESSAGES/django.po",
}


def interface_catalogues(
    project: Path, name: str | None = None, language: str | None = None
) -> list[tuple[str, str, Path]]:
    """(name, language, path) of every interface catalogue under the ``project`` root
    (the folder holding ``curriculum/``), or those of one name or language."""
    found = []
    for catalogue, pattern in INTERFACE_CATALOGUES.items():
        if name and catalogue != name:
            continue
        for path in sorted(project.glob(pattern.format(language="*"))):
            lang = path.parent.parent.name
            if not language or lang == language:
                found.append((catalogue, lang, path))
    return found
