"""The cascade and the knowledge gained, for the report; computed by the analytics cores
:mod:`trainer_registry.attrition.cascade` and :mod:`trainer_registry.attrition.knowledge_gain`.
Pure: DataFrames in, DataFrames out.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from trainer_registry.attrition.cascade import cascade, generation_depth
from trainer_registry.attrition.knowledge_gain import knowledge_gain

PASS_MARK = 75.0  # per cent: the default post-test criterion of trainer certification
MAXIMUM_SCORE = 100.0  # scores are recorded in per cent


def cascade_summary(
    participations: pd.DataFrame,
    deliveries: pd.DataFrame,
    certifications: pd.DataFrame,
    *,
    reference_date: date,
) -> pd.DataFrame:
    """The cascade at the reference date as (measure, value) rows: certified and active
    trainers, trainees per certified and per active trainer (six-month window), people
    trained jointly, and the generations reached among trainers (1 = trained by no one
    in the registry, 2 = national, 3 = provincial)."""
    attendance = participations.loc[
        participations["role"] == "participant", ["training_id", "person_id"]
    ]
    certified = certifications.loc[certifications["status"] == "active", "person_id"]
    result = cascade(
        deliveries[["training_id", "trainer_id", "held_on"]],
        attendance,
        certified.tolist(),
        reference_date=reference_date,
    )
    trainers = set(deliveries["trainer_id"])
    edges = deliveries[["training_id", "trainer_id"]].merge(attendance, on="training_id")
    edges = edges[edges["person_id"].isin(trainers)].rename(columns={"person_id": "trainee_id"})
    try:
        depth: object = generation_depth(edges[["trainer_id", "trainee_id"]]) if trainers else 0
        depth = max(depth, 1) if trainers else 0
    except ValueError as error:  # a circle of trainers: said, not hidden
        depth = f"not determined: {error}"
    rows = [
        ("certified trainers (active)", result.certified_trainers),
        (
            f"active trainers (trained in the last {result.window_months} months)",
            result.active_trainers,
        ),
        ("active share", result.active_share),
        ("people trained by certified trainers", result.trainees),
        ("trainees per certified trainer", result.trainees_per_certified_trainer),
        ("people trained in the window", result.trainees_in_window),
        ("trainees per active trainer", result.trainees_per_active_trainer),
        ("people trained jointly by two or more trainers", result.jointly_trained),
        ("generations of trainers reached", depth),
    ]
    table = pd.DataFrame(rows, columns=["measure", "value"])
    table["value"] = pd.Series([value for _, value in rows], dtype=object)
    return table


def knowledge_gain_by_programme(participations: pd.DataFrame) -> pd.DataFrame:
    """Hake's class gain, raw gain and post-test pass rate (>= 75 %) per programme kind,
    over participants with both scores (pre/post in per cent)."""
    columns = [
        "programme",
        "pairs",
        "unpaired",
        "at_maximum",
        "class_gain",
        "class_gain_band",
        "raw_gain",
        "passed",
        "pass_rate",
        "pass_rate_ci_low",
        "pass_rate_ci_high",
    ]
    rows = []
    scored = participations[participations["role"] == "participant"]
    for programme, group in scored.groupby("programme", sort=True):
        gain = knowledge_gain(
            group["pre"].to_numpy(float),
            group["post"].to_numpy(float),
            maximum=MAXIMUM_SCORE,
            pass_mark=PASS_MARK,
        )
        if not gain.pairs:
            continue
        ci = gain.pass_rate_ci or (None, None)
        rows.append(
            {
                "programme": programme,
                "pairs": gain.pairs,
                "unpaired": gain.unpaired,
                "at_maximum": gain.at_maximum,
                "class_gain": gain.class_gain,
                "class_gain_band": gain.class_gain_band,
                "raw_gain": gain.raw_gain,
                "passed": gain.passed,
                "pass_rate": gain.pass_rate,
                "pass_rate_ci_low": ci[0],
                "pass_rate_ci_high": ci[1],
            }
        )
    return pd.DataFrame(rows, columns=columns)
