"""The shared indicator catalogue (``curriculum/indicators.yaml``) that every case uses.

Four lists (adult or child, labour or sexual exploitation), each indicator with an id,
a dimension (DR CR VR EX CD VD), a strength (strong, medium, weak) and a short label. A
case names indicators by id and says whether the case shows them; their dimension and
strength always come from here, so one correction reaches every case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from commit_training.scoring.indicators import Dimension, Strength, policy_named

from .errors import CurriculumError
from .sources import SourceList, SourceMap, load_yaml, only_keys, require

DIMENSIONS = tuple(d.value for d in Dimension)
STRENGTHS = tuple(s.value for s in Strength)
LISTS = ("adult_labour", "adult_sexual", "child_labour", "child_sexual")
ID_PATTERN = re.compile(r"^[a-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class CatalogueIndicator:
    """One indicator of one list, with where it is written (for the label's translation)."""

    id: str
    dimension: str
    strength: str
    source: SourceMap  # holds the label under "label"


@dataclass(frozen=True)
class IndicatorCatalogue:
    policy: str
    lists: dict[str, dict[str, CatalogueIndicator]]


def load_catalogue(path: Path, *, display: Path | None = None) -> IndicatorCatalogue:
    """Read and check the catalogue: known lists, unique ids, valid dimension and strength."""
    data = load_yaml(path, display=display)
    only_keys(data, {"policy", "note", "lists"}, "the indicator catalogue")
    policy = require(data, "policy")
    try:
        policy_named(policy)
    except ValueError as error:
        raise data.error("policy", str(error)) from None
    lists_source = require(data, "lists", dict)
    lists: dict[str, dict[str, CatalogueIndicator]] = {}
    for name in LISTS:
        if name not in lists_source:
            raise data.error("lists", f"the list {name!r} is missing")
    for name, entry in lists_source.items():
        if name not in LISTS:
            raise lists_source.error(name, f"unknown list {name!r}; known: {', '.join(LISTS)}")
        indicators = require(entry, "indicators", list)
        lists[name] = _read_list(indicators)
    return IndicatorCatalogue(policy=policy, lists=lists)


def _read_list(rows: SourceList) -> dict[str, CatalogueIndicator]:
    found: dict[str, CatalogueIndicator] = {}
    for row in rows:
        if not isinstance(row, SourceMap):
            raise _row_error(rows, len(found), "each indicator is a mapping")
        only_keys(row, {"id", "dimension", "strength", "label", "source"}, "an indicator")
        indicator_id = require(row, "id")
        if not ID_PATTERN.match(indicator_id):
            raise row.error("id", f"indicator id {indicator_id!r} must match [a-z0-9_-]{{1,64}}")
        if indicator_id in found:
            raise row.error("id", f"indicator id {indicator_id!r} is repeated in this list")
        dimension = require(row, "dimension")
        if dimension not in DIMENSIONS:
            raise row.error("dimension", f"dimension {dimension!r} is not one of {DIMENSIONS}")
        strength = require(row, "strength")
        if strength not in STRENGTHS:
            raise row.error("strength", f"strength {strength!r} is not one of {STRENGTHS}")
        require(row, "label")
        found[indicator_id] = CatalogueIndicator(indicator_id, dimension, strength, row)
    return found


def _row_error(rows: SourceList, index: int, reason: str) -> CurriculumError:
    return CurriculumError(rows.path, rows.item_lines[index], reason)
