"""How the report writes a table's values for people to read (the PDF): shares as
percentages, missing values as a dash, flags as "yes". The workbook and the CSV files
keep the raw numbers instead.
"""

from __future__ import annotations

import math

import pandas as pd

PERCENT_COLUMNS = {
    "share_left",
    "ci_low",
    "ci_high",
    "retention_365",
    "retention_730",
    "retention_1095",
    "RR1",
    "RR2",
    "RR3",
    "RR4",
    "RR5",
    "RR6",
    "COOP1",
    "REF1",
    "CON1",
    "pass_rate",
    "pass_rate_ci_low",
    "pass_rate_ci_high",
    "survival",
}
PERCENT_MEASURES = {"active share"}
HEADINGS = {
    "ci_low": "95 % CI low",
    "ci_high": "95 % CI high",
    "retention_365": "in role at 1 year",
    "retention_730": "at 2 years",
    "retention_1095": "at 3 years",
    "median_retention_days": "median days",
    "km_excluded": "KM excl.",
    "pass_rate_ci_low": "pass CI low",
    "pass_rate_ci_high": "pass CI high",
    "class_gain_band": "band",
    "tot_level": "ToT level",
    "as_reported": "as reported",
}
DASH = "-"


def heading(column: str) -> str:
    return HEADINGS.get(column, column.replace("_", " "))


def missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell(column: str, value, *, measure: str = "") -> str:
    """One value as text: percentages with one decimal, other fractions with two."""
    if missing(value):
        return DASH
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if column in PERCENT_COLUMNS or measure in PERCENT_MEASURES:
            return f"{100 * value:.1f} %"
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    return str(value)


def rows(frame: pd.DataFrame) -> list[list[str]]:
    """The frame's rows as text, ``measure``/``value`` tables formatted by measure."""
    columns = list(frame.columns)
    out = []
    for record in frame.itertuples(index=False):
        values = dict(zip(columns, record, strict=True))
        measure = str(values.get("measure", ""))
        out.append([cell(c, _plain(values[c]), measure=measure) for c in columns])
    return out


def _plain(value):
    """numpy scalars as Python values."""
    return value.item() if hasattr(value, "item") else value
