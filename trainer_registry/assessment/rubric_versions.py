"""Loading the curriculum's rubric into the registry as a version, once.

``load_file(path)`` reads the rubric file (``curriculum/courses/tot/rubric.yaml``),
checks it (:func:`trainer_registry.assessment.rubric.rubric_from_data`) and stores it as
a :class:`~trainer_registry.models.RubricVersion`. Loading the same version again
changes nothing; a file whose content differs from the stored version of the same id is
refused with the fields that differ, because scores already given under that version
must keep meaning what they meant: give the changed file a new ``version``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from trainer_registry.assessment.rubric import RubricError, differences, digest, rubric_from_data
from trainer_registry.models import RubricVersion

# The ToT's rubric in the curriculum sources, beside this package in the repository.
TOT_RUBRIC = Path(__file__).resolve().parents[2] / "curriculum" / "courses" / "tot" / "rubric.yaml"


@dataclass(frozen=True)
class Loaded:
    version: RubricVersion
    created: bool  # False: the same version was already loaded, nothing changed


def read_file(path: Path) -> dict:
    """The checked, canonical rubric in ``path``; RubricError names the file and field."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RubricError(f"{path}: no such file") from None
    except yaml.YAMLError as error:
        raise RubricError(f"{path}: invalid YAML: {error}") from None
    try:
        return rubric_from_data(data)
    except RubricError as error:
        raise RubricError(f"{path}: {error}") from None


@transaction.atomic
def load(content: dict) -> Loaded:
    """Store the canonical rubric ``content`` as a version, or find it stored already."""
    stored = (
        RubricVersion.objects.select_for_update()
        .filter(rubric_id=content["id"], version=content["version"])
        .first()
    )
    if stored is not None:
        if stored.digest == digest(content):
            return Loaded(stored, created=False)
        changed = ", ".join(differences(stored.content, content))
        raise RubricError(
            f"rubric {content['id']!r} version {content['version']!r} is already loaded with "
            f"other content (differs in: {changed}); give the changed rubric a new version"
        )
    created = RubricVersion.objects.create(
        rubric_id=content["id"],
        version=content["version"],
        title=content["title"],
        content=content,
        digest=digest(content),
    )
    return Loaded(created, created=True)


def load_file(path: Path = TOT_RUBRIC) -> Loaded:
    """Read, check and load the rubric file at ``path``."""
    return load(read_file(path))


def current(rubric_id: str | None = None) -> RubricVersion | None:
    """The version loaded last (of ``rubric_id`` if given): what new scores are given on."""
    versions = RubricVersion.objects.all()
    if rubric_id is not None:
        versions = versions.filter(rubric_id=rubric_id)
    return versions.order_by("-loaded_at", "-pk").first()
