"""The design-based figures of ``trainer-registry attrition``: the share no longer in the
role corrected for non-response within weighting classes (``--adjust-by``), and the
stratified share (``--strata``).

Both start from the file's ``weight`` column as the base weight d = N_h / n_h that
``trainer-registry sample`` writes (1 for everyone when the file has no weights):

* non-response: eligible = every disposition except NE; in each class the respondents'
  weights are multiplied by (sum d over eligible) / (sum d over respondents), see
  :mod:`~trainer_registry.attrition.nonresponse_weighting`;
* stratified: N_h = sum of d over the people sampled in stratum h, n_h = its
  respondents, p_h their share left; p_st = sum W_h p_h and its standard error, see
  :mod:`~trainer_registry.attrition.stratified_estimate`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from trainer_registry.attrition.followup_file import FollowUpFileError
from trainer_registry.attrition.nonresponse_weighting import nonresponse_weights
from trainer_registry.attrition.stratified_estimate import stratified_proportion

STRATIFIED_METHOD = "normal, p_st +- z SE (Cochran 1977, eq. 5.48)"


def _base_weights(frame: pd.DataFrame) -> np.ndarray:
    if frame["weight"].notna().any():
        return frame["weight"].fillna(0).to_numpy(dtype=float)
    return np.ones(len(frame))


def _key(columns: list[str], value) -> dict:
    return dict(zip(columns, value if isinstance(value, tuple) else (value,), strict=True))


def adjusted_weights(frame: pd.DataFrame, classes: list[str]) -> tuple[np.ndarray, dict]:
    """Each row's non-response-adjusted weight (0 unless a respondent) and the
    ``nonresponse_adjustment`` block: the classes with their counts and factors."""
    responded = frame["in_role"].isin(["yes", "no"]).to_numpy()
    eligible = (frame["disposition"] != "NE").to_numpy()
    clash = np.flatnonzero(responded & ~eligible)
    if clash.size:
        raise FollowUpFileError(
            f"row {int(clash[0]) + 2}, column 'disposition': NE (not eligible) for someone "
            "who answered in_role"
        )
    cell = frame.groupby(classes, sort=True).ngroup().to_numpy()
    keys = frame.groupby(classes, sort=True).size().index
    answered = np.bincount(cell, weights=responded, minlength=len(keys))
    to_answer = np.bincount(cell, weights=eligible, minlength=len(keys))
    unanswered = np.flatnonzero((to_answer > 0) & (answered == 0))
    if unanswered.size:
        named = ", ".join(f"{k}={v}" for k, v in _key(classes, keys[unanswered[0]]).items())
        raise FollowUpFileError(
            f"--adjust-by: the class {named} has eligible people but no respondent; "
            "adjust by fewer columns"
        )
    result = nonresponse_weights(_base_weights(frame), eligible, responded, cell)
    table = result.classes
    block = {
        "by": classes,
        "classes": [
            {
                "key": _key(classes, keys[number]),
                "eligible": int(table.loc[number, "eligible"]),
                "respondents": int(table.loc[number, "respondents"]),
                "factor": None
                if pd.isna(table.loc[number, "factor"])
                else float(table.loc[number, "factor"]),
            }
            for number in table.index
        ],
        "effective_n": result.effective_n,
    }
    return result.weights, block


def stratified_share(frame: pd.DataFrame, strata: list[str], *, min_cell: int = 30) -> dict:
    """The ``stratified`` block: p_st, its standard error and interval, the naive pooled
    share beside it, and each stratum with N_h, n_h and p_h (small ones flagged)."""
    if not frame["weight"].notna().any():
        raise FollowUpFileError(
            "--strata needs the weight column (base weights N_h / n_h) to know each "
            "stratum's population"
        )
    responded = frame["in_role"].isin(["yes", "no"])
    table = pd.DataFrame(
        {
            "population": frame["weight"].fillna(0),
            "respondents": responded.astype(int),
            "left": (frame["in_role"] == "no").astype(int),
        }
    )
    for column in strata:
        table[column] = frame[column]
    per_stratum = table.groupby(strata, sort=True)[["population", "respondents", "left"]].sum()
    few = per_stratum.index[per_stratum["respondents"] < 2]
    if len(few):
        named = ", ".join(f"{k}={v}" for k, v in _key(strata, few[0]).items())
        raise FollowUpFileError(
            f"--strata: the stratum {named} has fewer than 2 respondents; "
            "a stratified variance needs at least 2 in each"
        )
    respondents = per_stratum["respondents"].to_numpy(dtype=float)
    shares = per_stratum["left"].to_numpy() / respondents
    population = per_stratum["population"].to_numpy(dtype=float)
    short = np.flatnonzero(population < respondents)
    if short.size:
        named = ", ".join(f"{k}={v}" for k, v in _key(strata, per_stratum.index[short[0]]).items())
        raise FollowUpFileError(
            f"--strata: the weights of stratum {named} add up to {population[short[0]]:g}, "
            f"fewer than its {int(respondents[short[0]])} respondents; give base weights "
            "N_h / n_h in the weight column"
        )
    estimate = stratified_proportion(population, respondents, shares)
    return {
        "by": strata,
        "share_left": estimate.estimate,
        "standard_error": estimate.standard_error,
        "ci": list(estimate.ci),
        "ci_method": STRATIFIED_METHOD,
        "pooled_share_left": estimate.pooled,
        "strata": [
            {
                "key": _key(strata, key),
                "population": float(population[i]),
                "respondents": int(respondents[i]),
                "share_left": float(shares[i]),
                "small_cell": bool(respondents[i] < min_cell),
            }
            for i, key in enumerate(per_stratum.index)
        ],
    }
