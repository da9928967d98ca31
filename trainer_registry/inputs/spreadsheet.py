"""Text typed by someone, on its way into a CSV or XLSX file that a spreadsheet opens:
the registry's one escaping rule, used by every CSV and XLSX writer. Pure.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by spreadsheets as a formula (``=HYPERLINK(...)`` in an organisation's name would
run in the analyst's copy). Such text gets a leading apostrophe, which spreadsheets show
as text and do not display; numbers (``-1.5``) and a lone ``-`` are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_cell(value):
    """``value``, with an apostrophe before text a spreadsheet would read as a formula."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value.startswith(FORMULA_STARTS)
        and not _number(value)
    ):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """Every cell of a row made safe."""
    return [safe_cell(value) for value in values]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text columns are made safe (numbers and dates untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    return out
