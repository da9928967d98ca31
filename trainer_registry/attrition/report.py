"""The figures of ``trainer-registry attrition``: for the whole file and for each group.

Every figure carries its denominator; cells with fewer respondents than ``min_cell``
(30 by default) are flagged ``small_cell`` and groups are listed in key order, never
ranked by their share. The keys are the interchange contract of DESIGN.md; additions
(``log_rank``, ``current_status``, ``nonresponse_adjusted``, ``stratified``) only ever
add keys.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from trainer_registry.attrition.attrition_by_group import (
    RETENTION_DAYS,
    GroupFigures,
    attrition_by_group,
)
from trainer_registry.attrition.current_status import current_status_retention
from trainer_registry.attrition.log_rank import log_rank_test
from trainer_registry.attrition.weighting_report import adjusted_weights, stratified_share
from trainer_registry.followup.response_rates import CODES, response_rates


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _numbers(values) -> list[float | None]:
    return [None if math.isnan(v) else v for v in np.asarray(values, dtype=float).tolist()]


class _Columns:
    """The file's columns as arrays, computed once for the whole report."""

    def __init__(self, frame: pd.DataFrame) -> None:
        in_role = frame["in_role"].to_numpy()
        self.responded = (in_role == "yes") | (in_role == "no")
        self.left = in_role == "no"
        trained = frame["trained_on"].to_numpy(dtype="datetime64[ns]")
        end = np.where(
            self.left,
            frame["left_role_on"].to_numpy(dtype="datetime64[ns]"),
            frame["last_confirmed_on"].to_numpy(dtype="datetime64[ns]"),
        )
        self.trained = trained
        self.days = (end - trained) / np.timedelta64(1, "D")
        self.disposition = pd.Categorical(frame["disposition"], categories=CODES).codes
        self.weights = (
            frame["weight"].fillna(0).to_numpy(dtype=float)
            if frame["weight"].notna().any()
            else None
        )


def _km_block(figures: GroupFigures, g: int) -> dict:
    usable = int(figures.respondents[g] - figures.km_excluded[g])
    block: dict = {"km_excluded": int(figures.km_excluded[g])}
    if not usable:
        block.update(
            km=None, retention={str(d): None for d in RETENTION_DAYS}, median_retention_days=None
        )
        return block
    curve = figures.curves.curve(g)
    block["km"] = {
        "days": [int(t) for t in curve.times],
        "survival": _numbers(curve.survival),
        "ci_low": _numbers(curve.ci_low),
        "ci_high": _numbers(curve.ci_high),
    }
    block["retention"] = {str(d): _number(figures.retention[d][g]) for d in RETENTION_DAYS}
    block["median_retention_days"] = _number(figures.median[g])
    return block


def _share_block(figures: GroupFigures, g: int) -> tuple:
    share = _number(figures.share_left[g])
    ci = None if share is None else [float(figures.ci_low[g]), float(figures.ci_high[g])]
    return share, ci


def _current_status(columns: _Columns, rows: np.ndarray, surveyed_on: date, weights) -> dict:
    """Retention from the status at the survey date alone (no leaving dates used)."""
    keep = rows & columns.responded
    if weights is not None:
        keep &= weights > 0
    if not keep.any():
        return {
            "surveyed_on": surveyed_on.isoformat(),
            "respondents": 0,
            "days": [],
            "retention": [],
            "retention_at": {str(d): None for d in RETENTION_DAYS},
            "median_retention_days": None,
        }
    observed = (np.datetime64(surveyed_on, "ns") - columns.trained[keep]) / np.timedelta64(1, "D")
    curve = current_status_retention(
        observed, columns.left[keep], None if weights is None else weights[keep]
    )
    return {
        "surveyed_on": surveyed_on.isoformat(),
        "respondents": int(keep.sum()),
        "days": [int(t) for t in curve.times],
        "retention": _numbers(curve.retention),
        "retention_at": {str(d): _number(curve.at(d)) for d in RETENTION_DAYS},
        "median_retention_days": _number(curve.median()),
    }


def _figures(
    plain: GroupFigures,
    weighted: GroupFigures | None,
    g: int,
    counts: np.ndarray,
    *,
    eligibility_rate: float | None,
    min_cell: int,
) -> dict:
    share, ci = _share_block(plain, g)
    respondents = int(plain.respondents[g])
    result = {
        "sampled": int(plain.sampled[g]),
        "respondents": respondents,
        "left": int(plain.left[g]),
        "share_left": share,
        "ci": ci,
        "ci_method": plain.ci_method,
        "small_cell": respondents < min_cell,
        "response_rates": response_rates(
            {code: int(c) for code, c in zip(CODES, counts, strict=True) if c},
            e=eligibility_rate,
        ),
    }
    result.update(_km_block(plain, g))
    if weighted is not None:
        share, ci = _share_block(weighted, g)
        block = {
            "share_left": share,
            "effective_n": float(weighted.effective_n[g]),
            "ci": ci,
            "ci_method": weighted.ci_method,
        }
        block.update(_km_block(weighted, g))
        result["weighted"] = block
    return result


def attrition_report(
    frame: pd.DataFrame,
    *,
    by: list[str],
    ci_method: str = "wilson",
    eligibility_rate: float | None = None,
    min_cell: int = 30,
    surveyed_on: date | None = None,
    adjust_by: list[str] | None = None,
    strata: list[str] | None = None,
) -> dict:
    """``{"overall": {...}, "groups": [{"key": {...}, ...}]}`` as DESIGN.md specifies, for
    a checked interchange file. Added keys: with ``by``, ``log_rank`` (the groups'
    retention compared); with ``surveyed_on``, ``current_status`` in every figure set;
    with ``adjust_by``, ``nonresponse_adjustment`` (the classes) and
    ``nonresponse_adjusted`` in every figure set; with ``strata``, ``stratified`` in
    ``overall``. Raises ``FollowUpFileError`` when the weighting cannot be done."""
    columns = _Columns(frame)
    report = {"overall": None, "groups": []}
    adjusted_weight = None
    if adjust_by:
        adjusted_weight, report["nonresponse_adjustment"] = adjusted_weights(frame, adjust_by)
    partitions = [("overall", np.zeros(len(frame), dtype=np.int64), 1, None)]
    if by:
        grouped = frame.groupby(by, sort=True)
        keys = grouped.size().index
        partitions.append(("groups", grouped.ngroup().to_numpy(), len(keys), keys))
    for _name, group, count, keys in partitions:
        options = {"groups": count, "ci_method": ci_method}
        plain = attrition_by_group(group, columns.responded, columns.left, columns.days, **options)
        weighted = (
            None
            if columns.weights is None
            else attrition_by_group(
                group,
                columns.responded,
                columns.left,
                columns.days,
                weights=columns.weights,
                **options,
            )
        )
        adjusted = (
            None
            if adjusted_weight is None
            else attrition_by_group(
                group,
                columns.responded,
                columns.left,
                columns.days,
                weights=adjusted_weight,
                **options,
            )
        )
        counts = np.bincount(
            group * len(CODES) + columns.disposition, minlength=count * len(CODES)
        ).reshape(count, len(CODES))
        for g in range(count):
            figures = _figures(
                plain,
                weighted,
                g,
                counts[g],
                eligibility_rate=eligibility_rate,
                min_cell=min_cell,
            )
            if adjusted is not None:
                share, ci = _share_block(adjusted, g)
                figures["nonresponse_adjusted"] = {
                    "share_left": share,
                    "effective_n": float(adjusted.effective_n[g]),
                    "ci": ci,
                    "ci_method": adjusted.ci_method,
                }
            if surveyed_on is not None:
                rows = group == g
                figures["current_status"] = _current_status(columns, rows, surveyed_on, None)
                if weighted is not None:
                    figures["weighted"]["current_status"] = _current_status(
                        columns, rows, surveyed_on, columns.weights
                    )
            if keys is None:
                report["overall"] = figures
            else:
                key = keys[g] if isinstance(keys[g], tuple) else (keys[g],)
                report["groups"].append({"key": dict(zip(by, key, strict=True)), **figures})
        if keys is not None:
            report["log_rank"] = _log_rank(columns, group, by, plain, min_cell)
    if strata:
        report["overall"]["stratified"] = stratified_share(frame, strata, min_cell=min_cell)
    return report


def _log_rank(
    columns: _Columns, group: np.ndarray, by: list[str], plain: GroupFigures, min_cell: int
) -> dict:
    """The groups' Kaplan-Meier curves compared by the log-rank test."""
    usable = columns.responded & ~np.isnan(columns.days)
    compared = np.unique(group[usable]).size
    result = {
        "by": by,
        "method": "log-rank (Mantel 1966), chi-square with groups - 1 degrees of freedom",
        "groups_compared": int(compared),
        "small_cells": int((plain.respondents < min_cell).sum()),
        "chi_square": None,
        "degrees_of_freedom": 0,
        "p_value": None,
    }
    if usable.any():
        test = log_rank_test(columns.days[usable], columns.left[usable], group[usable])
        result.update(
            chi_square=test.chi_square,
            degrees_of_freedom=test.degrees_of_freedom,
            p_value=test.p_value,
        )
    return result
