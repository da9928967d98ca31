"""The figures of ``trainer-registry attrition``: for the whole file and for each group.

Every figure carries its denominator; cells with fewer respondents than ``min_cell``
(30 by default) are flagged ``small_cell`` and groups are listed in key order, never
ranked by their share.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from trainer_registry.attrition.intervals import interval
from trainer_registry.attrition.kaplan_meier import kaplan_meier
from trainer_registry.response_rates import response_rates

RETENTION_DAYS = (365, 730, 1095)


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _km(frame: pd.DataFrame, weights: np.ndarray | None, ci_method: str) -> dict:
    respondents = frame["in_role"].isin(["yes", "no"]).to_numpy()
    left = (frame["in_role"] == "no").to_numpy()
    end = np.where(left, frame["left_role_on"], frame["last_confirmed_on"])
    end = pd.to_datetime(pd.Series(end, index=frame.index))
    usable = respondents & end.notna().to_numpy()
    excluded = int(respondents.sum() - usable.sum())
    result = {"km_excluded": excluded}
    if not usable.any():
        result.update(
            km=None, retention={str(d): None for d in RETENTION_DAYS}, median_retention_days=None
        )
        return result
    days = (end[usable] - frame["trained_on"][usable]).dt.days.to_numpy()
    curve = kaplan_meier(days, left[usable], None if weights is None else weights[usable])
    result["km"] = {
        "days": [int(t) for t in curve.times],
        "survival": [_number(s) for s in curve.survival],
        "ci_low": [_number(s) for s in curve.ci_low],
        "ci_high": [_number(s) for s in curve.ci_high],
    }
    result["retention"] = {str(d): _number(curve.at(d)) for d in RETENTION_DAYS}
    result["median_retention_days"] = _number(curve.median())
    return result


def figures(
    frame: pd.DataFrame,
    *,
    ci_method: str = "wilson",
    eligibility_rate: float | None = None,
    min_cell: int = 30,
) -> dict:
    """Every figure for the rows of ``frame`` (an interchange file, checked)."""
    respondents = int(frame["in_role"].isin(["yes", "no"]).sum())
    left = int((frame["in_role"] == "no").sum())
    result = {
        "sampled": len(frame),
        "respondents": respondents,
        "left": left,
        "share_left": left / respondents if respondents else None,
        "ci": list(interval(left, respondents, method=ci_method)) if respondents else None,
        "ci_method": ci_method,
        "small_cell": respondents < min_cell,
        "response_rates": response_rates(
            frame["disposition"].value_counts().to_dict(), e=eligibility_rate
        ),
    }
    result.update(_km(frame, None, ci_method))
    if frame["weight"].notna().any():
        weights = frame["weight"].fillna(0).to_numpy()
        responding = frame["in_role"].isin(["yes", "no"]).to_numpy()
        w = weights[responding]
        total = w.sum()
        share = (
            float((w * (frame["in_role"] == "no").to_numpy()[responding]).sum() / total)
            if total
            else None
        )
        effective_n = float(total**2 / (w**2).sum()) if total else 0.0
        # The exact interval needs whole counts; a weighted share uses Wilson instead.
        method = "wilson" if ci_method == "clopper-pearson" else ci_method
        weighted = {
            "share_left": share,
            "effective_n": effective_n,
            "ci": (
                list(interval(share * effective_n, effective_n, method=method))
                if share is not None and effective_n > 0
                else None
            ),
            "ci_method": method,
        }
        weighted.update(_km(frame, weights, ci_method))
        result["weighted"] = weighted
    return result


def attrition_report(
    frame: pd.DataFrame,
    *,
    by: list[str],
    ci_method: str = "wilson",
    eligibility_rate: float | None = None,
) -> dict:
    """``{"overall": {...}, "groups": [{"key": {...}, ...}]}`` as DESIGN.md specifies."""
    options = {"ci_method": ci_method, "eligibility_rate": eligibility_rate}
    report = {"overall": figures(frame, **options), "groups": []}
    if by:
        for key, rows in frame.groupby(by, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            report["groups"].append(
                {"key": dict(zip(by, key, strict=True)), **figures(rows, **options)}
            )
    return report
