"""The programme report's floor: the same aggregates as the report's tables, for the
whole region, computed from ``pandas.read_sql`` of the columns they need and ``groupby``,
with no formatting, no translation and no rendering.

What each aggregate is, beside the report's table it stands for:

* ``participants``: distinct people by country, programme kind and sex (role participant);
* ``trainers_trained``: distinct people who completed a ToT, by country, level and sex;
* ``certified_trainers``: each person's latest certification decided by the reference
  date, its status that day (active past its end: expired), by country, status and sex;
* ``logframe``: active certified trainers by country, and the people who took part in a
  national ToT led or co-facilitated by a regional ToT participant, by country and sex;
* ``attrition``: per country and overall, sampled, respondents, left, share left with its
  Wilson interval and Kaplan-Meier retention at 365, 730 and 1095 days;
* ``response_rates``: AAPOR dispositions per country and overall, RR1 and REF1;
* ``cascade``: certified and active trainers, people trained by certified trainers and
  in the six-month window, jointly trained, generations of trainers;
* ``knowledge_gain``: per programme kind, pairs, mean pre and post, Hake's class gain and
  the pass rate (post >= 75) with its Wilson interval.

Pure SQL text and pandas: it reads through any DB-API connection (``connection``).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

PARTICIPATIONS = """
SELECT pa.person_id, pe.sex, pe.country, pa.event_id, pr.kind AS programme,
       pr.country = '' AS regional, pa.role, pa.completed,
       pa.pre_test_score AS pre, pa.post_test_score AS post, ev.ends_on
FROM trainer_registry_participation pa
JOIN trainer_registry_person pe ON pe.id = pa.person_id
JOIN trainer_registry_trainingevent ev ON ev.id = pa.event_id
JOIN trainer_registry_programme pr ON pr.id = ev.programme_id
"""
DELIVERIES = """
SELECT ev.id AS event_id, ev.lead_trainer_id AS trainer_id, pr.kind AS programme,
       pr.country = '' AS regional, ev.ends_on
FROM trainer_registry_trainingevent ev
JOIN trainer_registry_programme pr ON pr.id = ev.programme_id
WHERE ev.lead_trainer_id IS NOT NULL
UNION
SELECT ev.id, co.person_id, pr.kind, pr.country = '', ev.ends_on
FROM trainer_registry_trainingevent_co_trainers co
JOIN trainer_registry_trainingevent ev ON ev.id = co.trainingevent_id
JOIN trainer_registry_programme pr ON pr.id = ev.programme_id
"""
CERTIFICATIONS = """
SELECT c.person_id, pe.sex, pe.country, c.status, c.certified_on, c.valid_until
FROM trainer_registry_trainercertification c
JOIN trainer_registry_person pe ON pe.id = c.person_id
ORDER BY c.certified_on, c.id
"""
MEMBERS = """
SELECT m.id AS member_id, m.campaign_id, m.person_id, pe.country, m.disposition
FROM trainer_registry_campaignmember m
JOIN trainer_registry_person pe ON pe.id = m.person_id
WHERE pe.consents_to_follow_up AND pe.erased_at IS NULL
"""
ANSWERS = """
SELECT member_id, wave, still_in_role, left_role_on, submitted_at
FROM trainer_registry_followupresponse WHERE consent
"""
CAMPAIGN_PROGRAMMES = """
SELECT followupcampaign_id AS campaign_id, programme_id
FROM trainer_registry_followupcampaign_programmes
"""
FIRST_TRAININGS = """
SELECT pa.person_id, ev.programme_id, ev.ends_on
FROM trainer_registry_participation pa
JOIN trainer_registry_trainingevent ev ON ev.id = pa.event_id
WHERE pa.person_id IN (SELECT person_id FROM trainer_registry_campaignmember)
"""
Z = 1.959963984540054  # the 97.5th percentile of the standard normal


def wilson(successes, trials) -> tuple[np.ndarray, np.ndarray]:
    """The 95 % Wilson interval of ``successes`` / ``trials`` (arrays)."""
    n = np.asarray(trials, dtype=float)
    p = np.asarray(successes, dtype=float) / np.where(n > 0, n, np.nan)
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def by_sex(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    people = frame.drop_duplicates([*keys, "person_id"])
    return people.groupby([*keys, "sex"]).size().unstack("sex", fill_value=0)


def kaplan_meier_at(days: np.ndarray, left: np.ndarray, at=(365, 730, 1095)) -> list:
    """Survival at each of ``at`` days, from durations and events (left the role)."""
    if not len(days):
        return [np.nan for _ in at]
    table = pd.DataFrame({"days": days, "left": left}).groupby("days")["left"].agg(["sum", "size"])
    at_risk = table["size"][::-1].cumsum()[::-1]
    survival = (1 - table["sum"] / at_risk).cumprod()
    return [
        float(survival[survival.index <= d].iloc[-1]) if d >= table.index[0] else 1.0 for d in at
    ]


def followup_rows(read) -> pd.DataFrame:
    """One row per consenting sampled person with a training: country, disposition,
    whether they answered, left, and the days from their first training to the end."""
    members = read(MEMBERS)
    answers = read(ANSWERS, parse_dates=["left_role_on", "submitted_at"])
    latest = answers.sort_values("wave").drop_duplicates("member_id", keep="last")
    wanted = read(CAMPAIGN_PROGRAMMES)
    trainings = read(FIRST_TRAININGS, parse_dates=["ends_on"])
    joined = members.merge(trainings, on="person_id")
    named = joined.merge(wanted, on="campaign_id", how="left", indicator=True)
    # Campaigns that name programmes keep their trainings; the others keep any training.
    names_some = named["campaign_id"].isin(wanted["campaign_id"])
    keep = ~names_some | (named["programme_id_x"] == named["programme_id_y"])
    first = (
        named[keep]
        .sort_values("ends_on")
        .drop_duplicates("member_id")[["member_id", "country", "disposition", "ends_on"]]
    )
    rows = first.merge(latest, on="member_id", how="left")
    rows["responded"] = rows["still_in_role"].isin(["yes", "no"])
    rows["left"] = rows["still_in_role"] == "no"
    end = rows["left_role_on"].where(rows["left"], rows["submitted_at"].dt.normalize())
    rows["days"] = (end - rows["ends_on"]).dt.days.clip(lower=0)
    return rows


def attrition(rows: pd.DataFrame) -> pd.DataFrame:
    groups = [("all", rows), *rows.groupby("country")]
    out = []
    for country, group in groups:
        answered = group[group["responded"]]
        low, high = wilson(answered["left"].sum(), len(answered))
        km = kaplan_meier_at(answered["days"].to_numpy(), answered["left"].to_numpy())
        out.append((country, len(group), len(answered), answered["left"].sum(), low, high, *km))
    columns = ["country", "sampled", "respondents", "left", "ci_low", "ci_high", "r365", "r730"]
    return pd.DataFrame(out, columns=[*columns, "r1095"])


def response_rates(rows: pd.DataFrame) -> pd.DataFrame:
    counts = rows.groupby(["country", "disposition"]).size().unstack(fill_value=0)
    counts.loc["all"] = counts.sum()
    eligible = counts.sum(axis=1) - counts.get("NE", 0)
    counts["RR1"] = counts.get("I", 0) / eligible
    counts["REF1"] = counts.get("R", 0) / eligible
    return counts


def cascade(participations, deliveries, active, reference: date) -> dict:
    attendance = participations.loc[participations["role"] == "participant"]
    edges = deliveries[["event_id", "trainer_id", "ends_on"]].merge(
        attendance[["event_id", "person_id"]], on="event_id"
    )
    by_certified = edges[edges["trainer_id"].isin(active)]
    window = pd.Timestamp(reference - timedelta(days=182))
    recent = deliveries[pd.to_datetime(deliveries["ends_on"]) >= window]
    taught_by = edges.groupby("person_id")["trainer_id"].nunique()
    trainers = set(deliveries["trainer_id"])
    between = edges.loc[edges["person_id"].isin(trainers), ["trainer_id", "person_id"]]
    depth, frontier = 1, set(between["trainer_id"]) - set(between["person_id"])
    while frontier and depth < 50:
        frontier = set(between.loc[between["trainer_id"].isin(frontier), "person_id"])
        depth += bool(frontier)
    return {
        "certified": len(active),
        "active": recent["trainer_id"].nunique(),
        "trainees": by_certified["person_id"].nunique(),
        "in_window": edges.loc[pd.to_datetime(edges["ends_on"]) >= window, "person_id"].nunique(),
        "jointly": int((taught_by >= 2).sum()),
        "depth": depth,
    }


def knowledge_gain(participations: pd.DataFrame) -> pd.DataFrame:
    scored = participations[participations["role"] == "participant"]
    pairs = scored.dropna(subset=["pre", "post"])
    table = pairs.groupby("programme").agg(
        pairs=("post", "size"), pre=("pre", "mean"), post=("post", "mean")
    )
    table["class_gain"] = (table["post"] - table["pre"]) / (100 - table["pre"])
    passed = (pairs["post"] >= 75).groupby(pairs["programme"]).sum()
    table["pass_rate"] = passed / table["pairs"]
    table["ci_low"], table["ci_high"] = wilson(passed, table["pairs"])
    return table


def floor(connection, reference: date) -> dict[str, object]:
    """Every aggregate of the report for the whole region at ``reference``."""

    def read(sql: str, **options) -> pd.DataFrame:
        return pd.read_sql(sql, connection, **options)

    participations = read(PARTICIPATIONS, parse_dates=["ends_on"])
    participations["completed"] = participations["completed"].astype(bool)
    participations["regional"] = participations["regional"].astype(bool)
    deliveries = read(DELIVERIES)
    deliveries["regional"] = deliveries["regional"].astype(bool)
    certifications = read(CERTIFICATIONS, parse_dates=["certified_on", "valid_until"])
    day = pd.Timestamp(reference)
    decided = certifications[certifications["certified_on"] <= day]
    latest = decided.drop_duplicates("person_id", keep="last").copy()
    past = (latest["status"] == "active") & (latest["valid_until"] < day)
    latest.loc[past, "status"] = "expired"
    active = set(latest.loc[latest["status"] == "active", "person_id"])
    participants = participations[participations["role"] == "participant"]
    tot = participants[participants["programme"] == "TOT"]
    regional_tot = set(tot.loc[tot["regional"], "person_id"])
    national_tot = deliveries[
        (deliveries["programme"] == "TOT")
        & ~deliveries["regional"]
        & deliveries["trainer_id"].isin(regional_tot)
    ]
    cascaded = participants[
        participants["event_id"].isin(national_tot["event_id"])
        & ~participants["person_id"].isin(regional_tot)
    ]
    completed = tot[tot["completed"]].assign(
        level=lambda f: np.where(f["regional"], "regional", "national")
    )
    rows = followup_rows(read)
    return {
        "participants": by_sex(participants, ["country", "programme"]),
        "trainers_trained": by_sex(completed, ["country", "level"]),
        "certified_trainers": by_sex(latest, ["country", "status"]),
        "logframe": (
            by_sex(latest[latest["status"] == "active"], ["country"]),
            by_sex(cascaded, ["country"]),
        ),
        "attrition": attrition(rows),
        "response_rates": response_rates(rows),
        "cascade": cascade(participations, deliveries, active, reference),
        "knowledge_gain": knowledge_gain(participations),
    }
