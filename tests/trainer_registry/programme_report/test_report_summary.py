"""The report's first page is a summary a reader can stop at: its key figures, each the
same as in the report's tables, and a chart of attrition by country with intervals; the
response rates have their chart; the scope follows on the second page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from trainer_registry import api
from trainer_registry.access import Access
from trainer_registry.models import Role
from trainer_registry.programme_report import cells, render
from trainer_registry.programme_report.charts import attrition_bars, response_bars
from trainer_registry.programme_report.options import parse_options
from trainer_registry.programme_report.report import build_report
from trainer_registry.programme_report.summary import key_figures

from .conftest import REFERENCE

REGIONAL = Access("regional", frozenset({Role.REGIONAL_ADMINISTRATOR}), None)
TODAY = date(2026, 12, 1)


@pytest.fixture
def followed_up(db):
    """The demo registry, with its follow-up answers."""
    api.load_demo_data(seed=5, as_of=TODAY)
    return build_report(REGIONAL, parse_options(today=TODAY))


def _pages(report) -> list[str]:
    reader = PdfReader(io.BytesIO(render(report, "pdf")))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_first_page_holds_the_key_figures_and_the_attrition_chart(followed_up):
    first, second, *rest = _pages(followed_up)
    overall = followed_up.table("attrition").frame.iloc[0]
    share = cells.cell("share_left", float(overall["share_left"]))
    assert "Key figures" in first
    assert (
        f"No longer in the anti-trafficking role {share} of {int(overall['respondents'])}" in first
    )
    assert "Attrition by country" in first and "Cambodia" in first
    assert "95 % interval (Wilson)" in first
    assert "Scope of this report" not in first and "Scope of this report" in second
    later = " ".join(rest)
    assert "Response rate RR1 by country" in later
    rates = followed_up.table("response_rates").frame.iloc[0]
    assert (
        f"{cells.cell('RR1', float(rates['RR1']))}, {int(rates['I'])} / {int(rates['sampled'])}"
        in later
    )

    # Each bar is the table's figure, with its interval.
    frame = followed_up.table("attrition").frame
    bars = attrition_bars(followed_up)
    assert bars[0].label == "all countries"
    for bar, row in zip(bars, frame.to_dict("records"), strict=True):
        assert bar.share == pytest.approx(row["share_left"])
        assert bar.low <= bar.share <= bar.high
        assert bar.small == bool(row["small_cell"])
    assert len(response_bars(followed_up)) == len(followed_up.table("response_rates").frame)


def test_a_report_without_follow_up_says_so_and_draws_no_chart(small_registry):
    report = build_report(REGIONAL, parse_options(today=REFERENCE, countries="KH,VN"))
    figures = dict(key_figures(report))
    assert figures["No longer in the anti-trafficking role"] == "no follow-up answers"
    assert figures["Trainers with an active certification"] == "1"
    assert "Follow-up response rate (RR1)" not in figures
    assert attrition_bars(report) == []
    first = _pages(report)[0]
    assert "Key figures" in first and "Attrition by country" in first
