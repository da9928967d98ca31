"""How the report writes a table's values for people to read (the PDF): shares as
percentages, missing values as a dash, flags as "yes", headings, country codes, statuses
and measures in the report's language. The workbook and the CSV files keep the raw
numbers and the English keys instead (the column keys are the same in every language).
"""

from __future__ import annotations

import math
import re

import pandas as pd
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from trainer_registry.countries import country_label

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
# Column headings; the AAPOR codes (I, P, R, NC, O, UH, UO, NE, RR1 ... CON1) are written
# as the standard writes them in every language, and their definitions say what they are.
HEADINGS = {
    "indicator": gettext_lazy("indicator"),
    "country": gettext_lazy("country"),
    "female": gettext_lazy("women"),
    "male": gettext_lazy("men"),
    "other": gettext_lazy("another sex"),
    "unknown": gettext_lazy("sex not recorded"),
    "total": gettext_lazy("total"),
    "met": gettext_lazy("met"),
    "as_reported": gettext_lazy("as reported"),
    "programme": gettext_lazy("programme"),
    "tot_level": gettext_lazy("ToT level"),
    "status": gettext_lazy("status"),
    "sampled": gettext_lazy("sampled"),
    "respondents": gettext_lazy("respondents"),
    "left": gettext_lazy("left"),
    "share_left": gettext_lazy("share left"),
    "ci_low": gettext_lazy("95 % CI low"),
    "ci_high": gettext_lazy("95 % CI high"),
    "ci_method": gettext_lazy("interval"),
    "small_cell": gettext_lazy("small cell"),
    "retention_365": gettext_lazy("in role at 1 year"),
    "retention_730": gettext_lazy("at 2 years"),
    "retention_1095": gettext_lazy("at 3 years"),
    "median_retention_days": gettext_lazy("median days"),
    "km_excluded": gettext_lazy("KM excl."),
    "days": gettext_lazy("days"),
    "survival": gettext_lazy("still in role"),
    "measure": gettext_lazy("measure"),
    "value": gettext_lazy("value"),
    "pairs": gettext_lazy("pairs"),
    "unpaired": gettext_lazy("unpaired"),
    "at_maximum": gettext_lazy("at maximum"),
    "class_gain": gettext_lazy("class gain"),
    "class_gain_band": gettext_lazy("band"),
    "raw_gain": gettext_lazy("raw gain"),
    "passed": gettext_lazy("passed"),
    "pass_rate": gettext_lazy("pass rate"),
    "pass_rate_ci_low": gettext_lazy("pass CI low"),
    "pass_rate_ci_high": gettext_lazy("pass CI high"),
}
# The words the tables hold as values (English keys in the data), for people to read.
VALUES = {
    "indicator": {
        "All countries have a trained cadre of anti-trafficking trainers": gettext_noop(
            "All countries have a trained cadre of anti-trafficking trainers"
        ),
        "Numbers of national trainers trained by the participants in the regional ToT": (
            gettext_noop(
                "Numbers of national trainers trained by the participants in the regional ToT"
            )
        ),
    },
    "met": {"yes": gettext_noop("yes"), "no": gettext_noop("no")},
    "programme": {"OTHER": gettext_noop("other")},
    "tot_level": {"regional": gettext_noop("regional"), "national": gettext_noop("national")},
    "status": {
        "active": gettext_noop("active"),
        "expired": gettext_noop("expired"),
        "suspended": gettext_noop("suspended"),
        "revoked": gettext_noop("revoked"),
    },
    "ci_method": {"wilson": gettext_noop("Wilson")},
    "class_gain_band": {
        "low": gettext_noop("low"),
        "medium": gettext_noop("medium"),
        "high": gettext_noop("high"),
    },
    "measure": {
        "certified trainers (active)": gettext_noop("certified trainers (active)"),
        "active share": gettext_noop("active share"),
        "people trained by certified trainers": gettext_noop(
            "people trained by certified trainers"
        ),
        "trainees per certified trainer": gettext_noop("trainees per certified trainer"),
        "people trained in the window": gettext_noop("people trained in the window"),
        "trainees per active trainer": gettext_noop("trainees per active trainer"),
        "people trained jointly by two or more trainers": gettext_noop(
            "people trained jointly by two or more trainers"
        ),
        "generations of trainers reached": gettext_noop("generations of trainers reached"),
    },
}
ACTIVE_TRAINERS = re.compile(r"active trainers \(trained in the last (\d+) months\)")
DASH = "-"


def heading(column: str) -> str:
    """A column's heading in the active language."""
    return str(HEADINGS.get(column, column.replace("_", " ")))


def label(column: str, value: str) -> str:
    """A text value of ``column`` in the active language: a country's name for its code,
    a status, level, band or measure in words; anything else as it is."""
    if column == "country":
        return gettext("all countries") if value == "all" else country_label(value)
    if column == "measure" and (match := ACTIVE_TRAINERS.fullmatch(value)):
        return gettext("active trainers (trained in the last %(months)s months)") % {
            "months": match[1]
        }
    known = VALUES.get(column, {}).get(value)
    return gettext(known) if known else value


def missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell(column: str, value, *, measure: str = "") -> str:
    """One value as text: percentages with one decimal, other fractions with two."""
    if missing(value):
        return DASH
    if isinstance(value, bool):
        return gettext("yes") if value else ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if column in PERCENT_COLUMNS or measure in PERCENT_MEASURES:
            return f"{100 * value:.1f} %"
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    return label(column, str(value))


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
