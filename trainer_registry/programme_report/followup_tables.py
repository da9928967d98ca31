"""Attrition, response rates and retention for the report, from the follow-up interchange
rows (DESIGN.md), computed by the same core as ``trainer-registry attrition``
(:func:`trainer_registry.attrition.report.attrition_report`). Pure.

Every share carries its denominator (``respondents``) and its 95 % interval; groups with
fewer than 30 respondents are flagged ``small_cell`` and listed in country order, never
ranked (METRICS.md).
"""

from __future__ import annotations

import pandas as pd

from trainer_registry.attrition.report import attrition_report
from trainer_registry.followup.response_rates import CODES

ALL = "all"
RATES = ("RR1", "RR2", "RR3", "RR4", "RR5", "RR6", "COOP1", "REF1", "CON1")
ATTRITION_COLUMNS = (
    "country",
    "sampled",
    "respondents",
    "left",
    "share_left",
    "ci_low",
    "ci_high",
    "ci_method",
    "small_cell",
    "retention_365",
    "retention_730",
    "retention_1095",
    "median_retention_days",
    "km_excluded",
)


def followup_report(followup: pd.DataFrame, *, ci_method: str = "wilson") -> dict | None:
    """The attrition report of the rows, overall and by country (``None`` without rows)."""
    if followup.empty:
        return None
    return attrition_report(followup, by=["country"], ci_method=ci_method)


def _attrition_row(country: str, figures: dict) -> dict:
    ci = figures.get("ci") or [None, None]
    retention = figures.get("retention") or {}
    return {
        "country": country,
        "sampled": figures["sampled"],
        "respondents": figures["respondents"],
        "left": figures["left"],
        "share_left": figures["share_left"],
        "ci_low": ci[0],
        "ci_high": ci[1],
        "ci_method": figures["ci_method"],
        "small_cell": figures["small_cell"],
        "retention_365": retention.get("365"),
        "retention_730": retention.get("730"),
        "retention_1095": retention.get("1095"),
        "median_retention_days": figures.get("median_retention_days"),
        "km_excluded": figures["km_excluded"],
    }


def _rows(report: dict | None):
    if report is None:
        return []
    rows = [(ALL, report["overall"])]
    rows += [(group["key"]["country"], group) for group in report["groups"]]
    return rows


def attrition_by_country(report: dict | None) -> pd.DataFrame:
    """Share no longer in their anti-trafficking role (left / respondents), its interval,
    Kaplan-Meier retention at one, two and three years and the median, for all and for
    each country (first row ``all``)."""
    return pd.DataFrame(
        [_attrition_row(country, figures) for country, figures in _rows(report)],
        columns=list(ATTRITION_COLUMNS),
    )


def response_rates_by_country(followup: pd.DataFrame, report: dict | None) -> pd.DataFrame:
    """AAPOR dispositions (counts) and response rates RR1-RR6, COOP1, REF1, CON1 (AAPOR
    Standard Definitions, 2023) for all and each country."""
    columns = ["country", *CODES, "sampled", *RATES]
    rows = []
    for country, figures in _rows(report):
        subset = followup if country == ALL else followup[followup["country"] == country]
        counts = subset["disposition"].value_counts()
        rows.append(
            {
                "country": country,
                **{code: int(counts.get(code, 0)) for code in CODES},
                "sampled": len(subset),
                **{rate: figures["response_rates"].get(rate) for rate in RATES},
            }
        )
    return pd.DataFrame(rows, columns=columns)


def retention_curve(report: dict | None) -> pd.DataFrame:
    """The Kaplan-Meier retention curve of all respondents, with its 95 % log(-log)
    interval: ``days`` since training, ``survival``, ``ci_low``, ``ci_high``."""
    columns = ["days", "survival", "ci_low", "ci_high"]
    if report is None or not report["overall"].get("km"):
        return pd.DataFrame(columns=columns)
    km = report["overall"]["km"]
    return pd.DataFrame({column: km[column] for column in columns})
