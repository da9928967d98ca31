"""The logframe indicators and the counts by sex on a registry small enough to count by
hand (see conftest.py), for a regional user and for a Cambodian programme manager."""

from __future__ import annotations

from trainer_registry.access import Access, access_for
from trainer_registry.models import Role
from trainer_registry.programme_report.options import parse_options
from trainer_registry.programme_report.report import build_report

from .conftest import REFERENCE

REGIONAL = Access("regional", frozenset({Role.REGIONAL_ADMINISTRATOR}), None)
CADRE = "All countries have a trained cadre of anti-trafficking trainers"
CASCADE = "Numbers of national trainers trained by the participants in the regional ToT"


def _report(access, **options):
    return build_report(access, parse_options(today=REFERENCE, **options))


def _indicator(report, indicator, country):
    frame = report.table("logframe").frame
    row = frame[(frame["indicator"] == indicator) & (frame["country"] == country)]
    assert len(row) == 1
    return row.iloc[0]


def test_trained_cadre_counts_active_certifications_only(small_registry):
    report = _report(REGIONAL)
    kh, vn = _indicator(report, CADRE, "KH"), _indicator(report, CADRE, "VN")
    assert (kh["total"], kh["female"], kh["male"], kh["met"]) == (1, 1, 0, "yes")
    assert (vn["total"], vn["met"]) == (0, "no")  # Minh's certification expired
    assert kh["as_reported"] == "1 certified trainer: 1 woman and 0 men"


def test_national_trainers_trained_by_regional_tot_participants(small_registry):
    report = _report(REGIONAL)
    kh = _indicator(report, CASCADE, "KH")
    assert (kh["total"], kh["female"], kh["male"], kh["unknown"]) == (4, 2, 1, 1)
    assert kh["as_reported"] == "4 national trainers: 2 women and 1 man, 1 not recorded"
    # Lan led the Vietnamese ToT but was never at the regional one.
    assert _indicator(report, CASCADE, "VN")["total"] == 0


def test_participants_and_trainers_trained_by_country_programme_and_sex(small_registry):
    report = _report(REGIONAL)
    participants = report.table("participants").frame.set_index(["country", "programme"])
    assert participants.loc[("KH", "TOT"), ["female", "male", "unknown", "total"]].tolist() == [
        3,
        2,
        1,
        6,
    ]
    assert participants.loc[("VN", "TOT"), "total"] == 3
    trained = report.table("trainers_trained").frame.set_index(["country", "tot_level"])
    assert trained.loc[("KH", "regional"), "total"] == 2
    assert trained.loc[("KH", "national"), "total"] == 4
    assert trained.loc[("VN", "regional"), "total"] == 1
    assert ("VN", "national") not in trained.index  # not completed


def test_filters_narrow_the_figures(small_registry):
    report = _report(REGIONAL, trained_from="2013-01-01", programmes="TOT")
    participants = report.table("participants").frame.set_index(["country", "programme"])
    assert participants.loc[("KH", "TOT"), "total"] == 4  # the regional ToT is outside
    # The regional ToT's participants still count as such for the cascade indicator.
    assert _indicator(report, CASCADE, "KH")["total"] == 4
    assert _report(REGIONAL, programmes="RTP").table("participants").frame.empty


def test_a_country_manager_gets_only_their_country(small_registry, staff):
    manager = staff(Role.COUNTRY_MANAGER, "KH")
    report = _report(access_for(manager))
    assert report.countries == ("KH",)
    assert set(report.table("logframe").frame["country"]) == {"KH"}
    assert set(report.table("participants").frame["country"]) == {"KH"}
    assert _indicator(report, CASCADE, "KH")["total"] == 4


def test_a_country_out_of_reach_is_refused(small_registry, staff):
    import pytest

    from trainer_registry.programme_report.options import ReportOptionError

    manager = staff(Role.COUNTRY_MANAGER, "KH")
    with pytest.raises(ReportOptionError, match="--country VN: not in your reach"):
        _report(access_for(manager), countries="VN")


def test_knowledge_gain_of_the_national_tot(small_registry):
    report = _report(REGIONAL)
    row = report.table("knowledge_gain").frame.set_index("programme").loc["TOT"]
    pre, post = [40, 41, 42, 43], [70, 75, 80, 85]
    mean_pre, mean_post = sum(pre) / 4, sum(post) / 4
    assert row["pairs"] == 4
    assert abs(row["class_gain"] - (mean_post - mean_pre) / (100 - mean_pre)) < 1e-12
    assert row["passed"] == 3  # 75, 80, 85 reach the pass mark of 75


def test_certified_trainers_by_status_at_the_reference_date(small_registry):
    table = _report(REGIONAL).table("certified_trainers").frame
    assert table[["country", "status", "total"]].values.tolist() == [
        ["KH", "active", 1],
        ["VN", "expired", 1],
    ]
    later = _report(REGIONAL, trained_to="2016-01-01").table("certified_trainers").frame
    assert later["status"].tolist() == ["expired", "expired"]
