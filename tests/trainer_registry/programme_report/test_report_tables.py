"""The report's tables against the analytics cores and against plain loops, on generated
rows: what the PDF, the workbook and the CSV files print is what the cores compute."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import pandas as pd
import pytest

from trainer_registry.attrition.cascade import cascade
from trainer_registry.attrition.intervals import wilson
from trainer_registry.attrition.knowledge_gain import knowledge_gain
from trainer_registry.attrition.report import attrition_report
from trainer_registry.followup.response_rates import response_rates
from trainer_registry.programme_report.options import parse_options
from trainer_registry.programme_report.report import RegistryFrames, compute_report

SEXES = ["female", "male", "other", "unknown"]
COUNTRIES = ["KH", "LA", "VN"]
PROGRAMMES = ["RTP", "NTP", "TOT", "OTHER"]
REFERENCE = date(2020, 6, 30)


def _participations(rng, n=1500, people=600, events=40):
    person = rng.integers(0, people, n)
    sex = np.array(SEXES)[rng.choice(4, people, p=[0.4, 0.5, 0.02, 0.08])]
    country = np.array(COUNTRIES)[rng.integers(0, 3, people)]
    event_programme = np.array(PROGRAMMES)[rng.integers(0, 4, events)]
    event = rng.integers(0, events, n)
    ended = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 2000, events), "D")
    pre = rng.uniform(0, 100, n).round(1)
    pre[rng.random(n) < 0.05] = 100.0  # at the maximum: left out of g
    post = np.clip(pre + rng.uniform(-10, 50, n), 0, 100).round(1)
    post[rng.random(n) < 0.1] = np.nan
    frame = pd.DataFrame(
        {
            "person_id": person,
            "sex": sex[person],
            "country": country[person],
            "training_id": event,
            "programme": event_programme[event],
            "regional_programme": event % 3 == 0,
            "role": np.where(rng.random(n) < 0.9, "participant", "observer"),
            "completed": rng.random(n) < 0.8,
            "pre": pre,
            "post": post,
            "held_on": ended[event],
        }
    )
    return frame.drop_duplicates(["training_id", "person_id"]).reset_index(drop=True), ended


def _deliveries(rng, ended, events=40, trainers=30):
    rows = []
    for event in range(events):
        for trainer in set(rng.integers(0, trainers, 2).tolist()):
            rows.append((event, 10_000 + trainer, ended[event].date(), "NTP", False))
    return pd.DataFrame(
        rows, columns=["training_id", "trainer_id", "held_on", "programme", "regional_programme"]
    )


def _followup(rng, n=700):
    trained = pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), "D")
    disposition = np.array(["I", "R", "NC", "UH", "NE"])[
        rng.choice(5, n, p=[0.6, 0.1, 0.1, 0.15, 0.05])
    ]
    answered = disposition == "I"
    left = answered & (rng.random(n) < 0.35)
    days = pd.to_timedelta(rng.integers(0, 2000, n), "D")
    country = np.array(COUNTRIES)[rng.choice(3, n, p=[0.6, 0.37, 0.03])]  # VN: a small cell
    return pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(n)],
            "sex": np.array(SEXES)[rng.integers(0, 4, n)],
            "country": country,
            "organisation": "Ministry",
            "sector": "police",
            "programme": "RTP",
            "trained_on": trained,
            "disposition": disposition,
            "in_role": np.where(answered, np.where(left, "no", "yes"), ""),
            "left_role_on": pd.Series(trained + days).where(left),
            "last_confirmed_on": pd.Series(trained + days).where(answered & ~left),
            "weight": np.nan,
        }
    )


@pytest.fixture(params=[1, 2, 3])
def generated(request):
    rng = np.random.default_rng(request.param)
    participations, ended = _participations(rng)
    deliveries = _deliveries(rng, ended)
    trainers = sorted(deliveries["trainer_id"].unique())
    certifications = pd.DataFrame(
        {
            "person_id": trainers,
            "sex": "female",
            "country": "KH",
            "level": "national_trainer",
            "status": np.where(rng.random(len(trainers)) < 0.7, "active", "expired"),
            "certified_on": date(2014, 1, 1),
        }
    )
    frames = RegistryFrames(
        participations=participations,
        deliveries=deliveries,
        certifications=certifications,
        regional_tot_participants=frozenset(),
        followup=_followup(rng),
        left_out_without_consent=3,
        countries=tuple(COUNTRIES),
    )
    return frames, compute_report(frames, parse_options(today=REFERENCE))


def test_participants_by_sex_are_distinct_people_counted_in_a_loop(generated):
    frames, report = generated
    expected = defaultdict(set)
    for row in frames.participations.itertuples():
        if row.role == "participant":
            expected[(row.country, row.programme, row.sex)].add(row.person_id)
    table = report.table("participants").frame
    assert len(table) == len({key[:2] for key in expected})
    for row in table.itertuples():
        for sex in SEXES:
            assert getattr(row, sex) == len(expected[(row.country, row.programme, sex)])
        assert row.total == sum(getattr(row, sex) for sex in SEXES)
        assert row.as_reported.startswith(f"{row.total} participant")
        assert f"{row.female} wom" in row.as_reported and f"{row.male} m" in row.as_reported


def test_attrition_rows_are_the_cores_figures(generated):
    frames, report = generated
    core = attrition_report(frames.followup, by=["country"])
    table = report.table("attrition").frame.set_index("country")
    assert list(table.index) == ["all", *COUNTRIES]  # key order, never ranked
    for key, figures in [("all", core["overall"])] + [
        (group["key"]["country"], group) for group in core["groups"]
    ]:
        row = table.loc[key]
        subset = frames.followup if key == "all" else frames.followup.query("country == @key")
        respondents = int(subset["in_role"].isin(["yes", "no"]).sum())
        left = int((subset["in_role"] == "no").sum())
        assert (row["respondents"], row["left"], row["sampled"]) == (
            respondents,
            left,
            len(subset),
        )
        assert row["share_left"] == pytest.approx(left / respondents, abs=1e-12)
        low, high = wilson(left, respondents)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), abs=1e-12)
        assert row["small_cell"] == (respondents < 30)
        assert row["retention_365"] == figures["retention"]["365"]
    assert table.loc["VN", "small_cell"]


def test_response_rates_are_the_cores(generated):
    frames, report = generated
    table = report.table("response_rates").frame.set_index("country")
    for key in ["all", *COUNTRIES]:
        subset = frames.followup if key == "all" else frames.followup.query("country == @key")
        counts = subset["disposition"].value_counts().to_dict()
        expected = response_rates(counts)
        for rate in ("RR1", "RR3", "RR5", "COOP1", "REF1", "CON1"):
            assert table.loc[key, rate] == pytest.approx(expected[rate], abs=1e-12)
        assert table.loc[key, "I"] == counts.get("I", 0)


def test_retention_curve_is_the_overall_kaplan_meier(generated):
    frames, report = generated
    km = attrition_report(frames.followup, by=[])["overall"]["km"]
    curve = report.table("retention_curve").frame
    assert curve["days"].tolist() == km["days"]
    np.testing.assert_allclose(curve["survival"], km["survival"], atol=1e-12)
    assert (curve["ci_low"] <= curve["survival"] + 1e-12).all()


def test_cascade_and_knowledge_gain_are_the_cores(generated):
    frames, report = generated
    p = frames.participations
    attendance = p.loc[p["role"] == "participant", ["training_id", "person_id"]]
    active = frames.certifications.query("status == 'active'")["person_id"].tolist()
    core = cascade(
        frames.deliveries[["training_id", "trainer_id", "held_on"]],
        attendance,
        active,
        reference_date=REFERENCE,
    )
    values = dict(report.table("cascade").frame.itertuples(index=False))
    assert values["certified trainers (active)"] == len(active)
    assert values["people trained by certified trainers"] == core.trainees
    assert values["trainees per certified trainer"] == pytest.approx(
        core.trainees_per_certified_trainer
    )
    gains = report.table("knowledge_gain").frame.set_index("programme")
    for programme, group in p[p["role"] == "participant"].groupby("programme"):
        expected = knowledge_gain(group["pre"], group["post"], maximum=100, pass_mark=75)
        row = gains.loc[programme]
        assert (row["pairs"], row["at_maximum"], row["passed"]) == (
            expected.pairs,
            expected.at_maximum,
            expected.passed,
        )
        assert row["class_gain"] == pytest.approx(expected.class_gain, abs=1e-12)


def test_no_follow_up_rows_gives_empty_follow_up_tables(generated):
    frames, _ = generated
    empty = RegistryFrames(**{**frames.__dict__, "followup": frames.followup.iloc[0:0]})
    report = compute_report(empty, parse_options(today=REFERENCE))
    assert report.table("attrition").frame.empty
    assert report.retention_curve.empty


def test_pdf_draws_the_retention_chart_and_says_what_it_shows(generated):
    import io

    from pypdf import PdfReader

    from trainer_registry.programme_report import render
    from trainer_registry.programme_report.pdf import chart_description

    _, report = generated
    overall = report.table("attrition").frame.iloc[0]
    sentence = chart_description(report)
    assert f"{100 * overall['retention_365']:.1f} % after one year" in sentence
    assert f"Share of the {overall['respondents']} respondents" in sentence
    reader = PdfReader(io.BytesIO(render(report, "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Horizontal axis: years since the training" in text  # the chart's axes, in words
    assert " ".join(sentence.split()) in text
    assert "small cells" in text  # VN's row is flagged


def test_workbook_keeps_shares_as_numbers_shown_as_percentages(generated):
    import io

    from openpyxl import load_workbook

    from trainer_registry.programme_report import render

    _, report = generated
    sheet = load_workbook(io.BytesIO(render(report, "xlsx")))["attrition"]
    header = [cell.value for cell in sheet[1]]
    share = sheet.cell(row=2, column=header.index("share_left") + 1)
    assert share.value == pytest.approx(report.table("attrition").frame.loc[0, "share_left"])
    assert share.number_format == "0.0%"
    assert sheet.cell(row=2, column=header.index("respondents") + 1).number_format == "General"
