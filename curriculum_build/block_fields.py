"""Reading the fields that every block declaration shares, with their place in the source.

Ids follow the OLX contract (``[a-z0-9_-]{1,64}``); counts are whole numbers with a
minimum; list items that must be mappings are checked with the line of the item.
"""

from __future__ import annotations

import re

from .errors import CurriculumError
from .sources import SourceList, SourceMap, optional, require

ID = re.compile(r"^[a-z0-9_-]{1,64}$")


def identifier(spec: SourceMap, key: str) -> str:
    """The required id at ``key``, matching :data:`ID`."""
    value = require(spec, key)
    if not ID.match(value):
        raise spec.error(key, f"{key} {value!r} must match [a-z0-9_-]{{1,64}}")
    return value


def count(
    spec: SourceMap,
    key: str,
    default: int,
    *,
    minimum: int,
    maximum: int | None = None,
    needed: bool = False,
) -> int:
    """The whole number at ``key``, between ``minimum`` and ``maximum``.

    When absent: ``default``, or an error naming the field if it is ``needed``.
    """
    value = require(spec, key, int) if needed else optional(spec, key, int, default)
    if value < minimum:
        raise spec.error(key, f"{key} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise spec.error(key, f"{key} must be at most {maximum}")
    return value


def mapping_at(rows: SourceList, index: int, what: str) -> SourceMap:
    """Item ``index`` of ``rows``, which must be a mapping (``what`` names it in errors)."""
    row = rows[index]
    if not isinstance(row, SourceMap):
        raise CurriculumError(rows.path, rows.item_lines[index], f"{what} must be a mapping")
    return row
