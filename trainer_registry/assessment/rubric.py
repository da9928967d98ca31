"""An observation rubric as the registry keeps it: checked, scored, compared by version.

Pure functions over plain values (no Django). The rubric's source is the curriculum's
``curriculum/courses/tot/rubric.yaml`` (the course builder checks it with file and line);
:func:`rubric_from_data` checks the same rules again on the loaded mapping, naming the
field (``criteria[2].levels[3].example``), because the registry must not store a rubric
it cannot score with.

Scoring: the weighted score is ``sum(weight x level) / sum(weight x 4)`` as a
percentage; a session passes when it reaches ``pass.min_percent``, no criterion is below
``pass.min_level`` and no critical criterion below ``pass.critical_min_level``
(:func:`judge`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LEVELS = (1, 2, 3, 4)


class RubricError(ValueError):
    """A rubric or a set of scores that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Judgement:
    percent: float
    passed: bool
    reasons: tuple[str, ...]  # why it did not pass; empty when it passed


def _text(data: Mapping, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RubricError(f"{where}{key} must be non-empty text")
    return " ".join(value.split())


def _whole(data: Mapping, key: str, where: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RubricError(f"{where}{key} must be a whole number, got {value!r}")
    return value


def rubric_from_data(data: Any) -> dict:
    """The rubric in ``data`` (the loaded YAML), checked, as the canonical mapping the
    registry stores: ``id, version, title, scale, pass, criteria`` (each criterion ``id,
    title, weight, critical, looks_for, levels`` with ``level, descriptor, example``)."""
    if not isinstance(data, Mapping):
        raise RubricError("the rubric file must hold a mapping")
    scale = data.get("scale")
    if not isinstance(scale, list) or len(scale) != 4:
        raise RubricError("scale must name the four levels, lowest first")
    rows = data.get("criteria")
    if not isinstance(rows, list) or not rows:
        raise RubricError("criteria must be a non-empty list")
    criteria, seen = [], set()
    for index, row in enumerate(rows):
        where = f"criteria[{index}]."
        if not isinstance(row, Mapping):
            raise RubricError(f"criteria[{index}] must be a mapping")
        criterion_id = _text(row, "id", where)
        if criterion_id in seen:
            raise RubricError(f"{where}id {criterion_id!r} is repeated")
        seen.add(criterion_id)
        weight = _whole(row, "weight", where)
        if weight <= 0:
            raise RubricError(f"{where}weight must be positive, got {weight}")
        levels = row.get("levels")
        if not isinstance(levels, list) or len(levels) != 4:
            raise RubricError(f"{where}levels must list the four levels 1 to 4")
        checked = []
        for position, level in enumerate(levels):
            at = f"{where}levels[{position}]."
            if not isinstance(level, Mapping) or level.get("level") != position + 1:
                raise RubricError(f"{at}level must be {position + 1}")
            checked.append(
                {
                    "level": position + 1,
                    "descriptor": _text(level, "descriptor", at),
                    "example": _text(level, "example", at),
                }
            )
        criteria.append(
            {
                "id": criterion_id,
                "title": _text(row, "title", where),
                "weight": weight,
                "critical": bool(row.get("critical", False)),
                "looks_for": _text(row, "looks_for", where),
                "levels": checked,
            }
        )
    rule = data.get("pass")
    if not isinstance(rule, Mapping):
        raise RubricError("pass must be a mapping (min_percent, min_level, critical_min_level)")
    rule = {k: _whole(rule, k, "pass.") for k in ("min_percent", "min_level", "critical_min_level")}
    if not 25 < rule["min_percent"] <= 100:
        raise RubricError("pass.min_percent must be above 25 and at most 100")
    if not 1 <= rule["min_level"] <= rule["critical_min_level"] <= 4:
        raise RubricError("pass levels must satisfy 1 <= min_level <= critical_min_level <= 4")
    return {
        "id": _text(data, "id", ""),
        "version": str(data.get("version", "")).strip() or _text(data, "version", ""),
        "title": _text(data, "title", ""),
        "scale": [_text({"name": s}, "name", "scale.") for s in scale],
        "pass": rule,
        "criteria": criteria,
    }


def digest(rubric: Mapping) -> str:
    """A SHA-256 of the canonical rubric: equal digests, equal rubrics."""
    text = json.dumps(rubric, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def differences(stored: Any, loaded: Any, where: str = "") -> list[str]:
    """Where two canonical rubrics differ, as field paths (``criteria[1].weight``)."""
    if isinstance(stored, Mapping) and isinstance(loaded, Mapping):
        found = []
        for key in sorted(set(stored) | set(loaded)):
            path = f"{where}.{key}" if where else str(key)
            if key not in stored or key not in loaded:
                found.append(path)
            else:
                found += differences(stored[key], loaded[key], path)
        return found
    if isinstance(stored, list) and isinstance(loaded, list) and len(stored) == len(loaded):
        found = []
        for index, (a, b) in enumerate(zip(stored, loaded, strict=True)):
            found += differences(a, b, f"{where}[{index}]")
        return found
    return [] if stored == loaded else [where or "(the whole rubric)"]


def check_levels(rubric: Mapping, levels: Mapping[str, int]) -> None:
    """Every criterion has one level from 1 to 4; no other criterion is scored."""
    ids = [c["id"] for c in rubric["criteria"]]
    for criterion_id in levels:
        if criterion_id not in ids:
            raise RubricError(f"{criterion_id!r} is not a criterion of this rubric")
    for criterion_id in ids:
        if levels.get(criterion_id) not in LEVELS:
            raise RubricError(f"{criterion_id}: choose a level from 1 to 4")


def judge(rubric: Mapping, levels: Mapping[str, int]) -> Judgement:
    """The weighted score of ``levels`` (criterion id -> level) and whether it passes."""
    check_levels(rubric, levels)
    criteria, rule = rubric["criteria"], rubric["pass"]
    top = sum(c["weight"] * 4 for c in criteria)
    percent = 100 * sum(c["weight"] * levels[c["id"]] for c in criteria) / top
    reasons = []
    if percent < rule["min_percent"]:
        reasons.append(f"weighted score {percent:.1f} % is below {rule['min_percent']} %")
    for c in criteria:
        needed = rule["critical_min_level"] if c["critical"] else rule["min_level"]
        if levels[c["id"]] < needed:
            reasons.append(f"{c['title']} is at level {levels[c['id']]}, below {needed}")
    return Judgement(round(percent, 2), not reasons, tuple(reasons))
