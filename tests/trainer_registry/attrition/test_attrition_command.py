"""``trainer-registry attrition`` on the follow-up interchange file alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from trainer_registry.cli import main

ROOT = Path(__file__).resolve().parents[3]
HEADER = (
    "person_id,sex,country,organisation,sector,programme,trained_on,disposition,in_role,"
    "left_role_on,last_confirmed_on,weight"
)


def _row(
    i, *, country="KH", in_role="yes", left="", confirmed="2013-05-01", disposition="I", weight="1"
):
    return (
        f"p{i},female,{country},Ministry,police,RTP,2009-06-01,{disposition},{in_role},{left},"
        f"{confirmed if in_role == 'yes' else ''},{weight}"
    )


def _file(tmp_path, rows, name="followup.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _reference(tmp_path):
    """120 respondents, 42 no longer in the role (the 2013 follow-up's figures)."""
    rows = [_row(i, in_role="no", left="2011-03-01") for i in range(42)]
    rows += [_row(i) for i in range(42, 120)]
    rows += [_row(i, in_role="", confirmed="", disposition="NC") for i in range(120, 130)]
    return _file(tmp_path, rows)


def test_reference_share_and_interval(tmp_path, capsys):
    assert main(["attrition", str(_reference(tmp_path))]) == 0
    report = json.loads(capsys.readouterr().out)
    overall = report["overall"]
    assert (overall["sampled"], overall["respondents"], overall["left"]) == (130, 120, 42)
    assert overall["share_left"] == pytest.approx(0.35)
    assert overall["ci"] == pytest.approx([0.270519, 0.438787], abs=1e-6)
    assert overall["ci_method"] == "wilson"
    assert overall["response_rates"]["RR1"] == pytest.approx(120 / 130)
    # Everyone left on the same day 640 days after training; the rest were confirmed later.
    assert overall["km"]["days"] == [638]
    assert overall["retention"]["365"] == 1.0
    assert overall["retention"]["730"] == pytest.approx(78 / 120)
    assert overall["median_retention_days"] is None
    assert report["groups"] == []


def test_other_interval_methods(tmp_path, capsys):
    main(["attrition", str(_reference(tmp_path)), "--ci", "clopper-pearson"])
    assert json.loads(capsys.readouterr().out)["overall"]["ci"] == pytest.approx(
        [0.265202, 0.442395], abs=1e-6
    )
    main(["attrition", str(_reference(tmp_path)), "--ci", "jeffreys"])
    assert json.loads(capsys.readouterr().out)["overall"]["ci"] == pytest.approx(
        [0.269037, 0.438101], abs=1e-6
    )


def test_groups_small_cells_and_weights(tmp_path, capsys):
    rows = [_row(i, country="VN", in_role="no", left="2012-01-01", weight="2") for i in range(5)]
    rows += [_row(i, country="KH", weight="1") for i in range(5, 45)]
    path = _file(tmp_path, rows)
    assert main(["attrition", str(path), "--by", "country"]) == 0
    report = json.loads(capsys.readouterr().out)
    groups = {g["key"]["country"]: g for g in report["groups"]}
    assert list(groups) == ["KH", "VN"]
    assert groups["VN"]["small_cell"] and not groups["KH"]["small_cell"]
    assert groups["VN"]["left"] == 5 and groups["KH"]["left"] == 0
    weighted = report["overall"]["weighted"]
    assert weighted["share_left"] == pytest.approx(10 / 50)
    assert weighted["effective_n"] == pytest.approx(50**2 / (5 * 4 + 40))


def test_table_output(tmp_path, capsys):
    assert main(["attrition", str(_reference(tmp_path)), "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert "35 % (27-44 %)" in table
    assert table.splitlines()[1].split()[:4] == ["group", "sampled", "respondents", "left"]


@pytest.mark.parametrize(
    ("rows", "argv", "message"),
    [
        (["p1,female,KH"], [], "row 1: missing column(s)"),
        (
            [_row(1).replace("female", "woman")],
            [],
            "row 2, column 'sex': 'woman' is not one of female, male, other, unknown",
        ),
        ([_row(1, disposition="X")], [], "row 2, column 'disposition': 'X' is not one of"),
        (
            [_row(1, in_role="no", left="2008-01-01")],
            [],
            "row 2, column 'left_role_on': 2008-01-01 is before the training (2009-06-01)",
        ),
        (
            [_row(1, in_role="no", left="2011-02-30")],
            [],
            "row 2, column 'left_role_on': '2011-02-30' is not a date",
        ),
        (
            [_row(1, weight="heavy")],
            [],
            "row 2, column 'weight': 'heavy' is not a non-negative number",
        ),
        (
            [_row(1), _row(2).replace(",police,", ",,")],
            ["--by", "sector"],
            "row 3, column 'sector': empty, so the row belongs to no group",
        ),
        ([_row(1)], ["--by", "salary"], "--by salary: not a column to group by"),
    ],
)
def test_bad_input_names_row_and_column_and_prints_nothing(tmp_path, capsys, rows, argv, message):
    path = (
        _file(tmp_path, rows)
        if not rows[0].startswith("p1,female,KH") or len(rows[0]) > 20
        else None
    )
    if path is None:
        path = tmp_path / "short.csv"
        path.write_text("person_id,sex,country\np1,female,KH\n")
    assert main(["attrition", str(path), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_through_a_subprocess(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer_registry.cli",
            "attrition",
            str(_reference(tmp_path)),
            "--format",
            "table",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "35 % (27-44 %)" in result.stdout


def test_log_rank_current_status_and_design_weights(tmp_path, capsys):
    rows = [_row(i, country="VN", in_role="no", left="2010-01-01", weight="2") for i in range(30)]
    rows += [_row(i, country="KH", weight="1") for i in range(30, 70)]
    rows += [
        _row(i, country="KH", in_role="", confirmed="", disposition="NC") for i in range(70, 80)
    ]
    path = _file(tmp_path, rows)
    argv = ["attrition", str(path), "--by", "country", "--surveyed-on", "2013-05-01"]
    assert main([*argv, "--adjust-by", "country", "--strata", "country"]) == 0
    report = json.loads(capsys.readouterr().out)
    test = report["log_rank"]
    assert test["groups_compared"] == 2 and test["degrees_of_freedom"] == 1
    assert test["p_value"] < 0.001
    status = report["overall"]["current_status"]
    assert status["respondents"] == 70 and status["retention"] == [pytest.approx(40 / 70)]
    factors = {
        c["key"]["country"]: c["factor"] for c in report["nonresponse_adjustment"]["classes"]
    }
    assert factors == {"KH": pytest.approx(50 / 40), "VN": pytest.approx(1.0)}
    stratified = report["overall"]["stratified"]
    assert stratified["share_left"] == pytest.approx(60 / (60 + 50))  # N_VN = 60, N_KH = 50
    assert stratified["pooled_share_left"] == pytest.approx(30 / 70)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--surveyed-on", "2013-13-01"], "--surveyed-on 2013-13-01: not a date"),
        (["--surveyed-on", "2009-01-01"], "row 2, column 'trained_on': 2009-06-01 is after"),
        (["--adjust-by", "pay"], "--adjust-by pay: not a column to group by"),
    ],
)
def test_bad_new_options_name_what_is_wrong(tmp_path, capsys, argv, message):
    assert main(["attrition", str(_reference(tmp_path)), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_strata_need_weights(tmp_path, capsys):
    path = _file(tmp_path, [_row(i, weight="") for i in range(5)])
    assert main(["attrition", str(path), "--strata", "country"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--strata needs the weight column" in captured.err
