"""Rubric versions: loaded from the curriculum once, refused when changed under the same id."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainer_registry.assessment.rubric import RubricError, judge, rubric_from_data
from trainer_registry.assessment.rubric_versions import TOT_RUBRIC, load_file
from trainer_registry.cli import main
from trainer_registry.models import RubricVersion


def _source() -> dict:
    return yaml.safe_load(TOT_RUBRIC.read_text("utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_a_changed_file_is_refused(tmp_path):
    first = load_file(TOT_RUBRIC)
    again = load_file(TOT_RUBRIC)
    assert first.created and not again.created
    assert RubricVersion.objects.count() == 1
    changed = _source()
    changed["criteria"][1]["weight"] = 4
    changed["pass"]["min_percent"] = 70
    with pytest.raises(RubricError) as caught:
        load_file(_write(tmp_path, changed))
    assert "criteria[1].weight" in str(caught.value)
    assert "pass.min_percent" in str(caught.value)
    assert "give the changed rubric a new version" in str(caught.value)
    changed["version"] = "2026.2"
    assert load_file(_write(tmp_path, changed)).created
    assert RubricVersion.objects.count() == 2
    # Scores keep their version: the old one still says what it said.
    assert RubricVersion.objects.get(version="2026.1").content["pass"]["min_percent"] == 75


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["criteria"][0]["levels"].pop(), "criteria[0].levels must list the four"),
        (lambda d: d["criteria"][2]["levels"][1].pop("example"), "criteria[2].levels[1].example"),
        (lambda d: d["criteria"][3].update(weight=0), "criteria[3].weight must be positive"),
        (lambda d: d["pass"].update(min_percent=20), "pass.min_percent must be above 25"),
        (lambda d: d["criteria"][4].update(id="accuracy"), "criteria[4].id 'accuracy' is repeated"),
    ],
)
def test_bad_rubrics_name_the_field(change, named):
    data = _source()
    change(data)
    with pytest.raises(RubricError, match=named.replace("[", r"\[").replace("]", r"\]")):
        rubric_from_data(data)


def test_the_pass_rule():
    rubric = rubric_from_data(_source())
    threes = {c["id"]: 3 for c in rubric["criteria"]}
    assert judge(rubric, threes).passed and judge(rubric, threes).percent == 75.0
    weak = {**threes, "time_adaptation": 2}
    assert not judge(rubric, weak).passed  # 72.9 %
    strong_but_wrong = {c["id"]: 4 for c in rubric["criteria"]} | {"accuracy": 2}
    verdict = judge(rubric, strong_but_wrong)
    assert not verdict.passed and verdict.percent > 75
    assert verdict.reasons == ("Accuracy of the core content is at level 2, below 3",)
    with pytest.raises(RubricError, match="participation: choose a level from 1 to 4"):
        judge(rubric, {**threes, "participation": 5})
    with pytest.raises(RubricError, match="'style' is not a criterion"):
        judge(rubric, {**threes, "style": 3})


@pytest.mark.django_db
def test_the_command_line_loads_and_refuses(tmp_path, capsys):
    assert main(["rubric", "load", str(TOT_RUBRIC)]) == 0
    assert "version 2026.1: loaded" in capsys.readouterr().out
    assert main(["rubric", "load", str(TOT_RUBRIC)]) == 0
    assert "already loaded, nothing changed" in capsys.readouterr().out
    broken = _source()
    broken["criteria"][0]["levels"][2]["descriptor"] = " "
    assert main(["rubric", "load", str(_write(tmp_path, broken))]) == 2
    captured = capsys.readouterr()
    assert "criteria[0].levels[2].descriptor must be non-empty text" in captured.err
    assert captured.out == ""


def test_the_registry_reads_the_course_pass_marks():
    """One pass mark each: the exam's in the course's bank, the teach-back's in the rubric."""
    from trainer_registry.certification.rules import Criteria
    from trainer_registry.models import CertificationCriteria

    exam = yaml.safe_load((TOT_RUBRIC.parent / "certification.yaml").read_text("utf-8"))
    assert Criteria().min_post_test_percent == exam["pass_percent"]
    field = CertificationCriteria._meta.get_field("min_post_test_percent")
    assert field.default == exam["pass_percent"]
    assert not any("teach_back_percent" in f.name for f in CertificationCriteria._meta.fields)
