"""The follow-up questionnaire as an XLSForm that ODK and KoboToolbox accept."""

from __future__ import annotations

from openpyxl import load_workbook
from pyxform.xls2xform import convert

from trainer_registry.cli import main
from trainer_registry.followup.answer_file import OPTIONAL, REQUIRED
from trainer_registry.followup.campaigns import QUESTIONS


def test_xlsform_converts_without_errors_or_warnings(tmp_path, capsys):
    path = tmp_path / "followup.xlsx"
    assert main(["followup", "xlsform", "--out", str(path)]) == 0
    assert "labels in: en, km, lo, my, th, vi, zh-hans" in capsys.readouterr().out
    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings)
    assert warnings == []
    xform = str(result.xform)
    assert 'id="commit_followup"' in xform
    assert "ปัจจุบันท่านยังทำงานในตำแหน่งที่เกี่ยวกับการต่อต้านการค้ามนุษย์อยู่หรือไม่" in xform


def test_the_form_asks_what_the_import_reads(tmp_path):
    path = tmp_path / "followup.xlsx"
    main(["followup", "xlsform", "--out", str(path)])
    survey = load_workbook(path)["survey"]
    names = [row[1] for row in survey.iter_rows(min_row=2, values_only=True)]
    assert names == ["person_id", *QUESTIONS]
    assert set(names) <= set(REQUIRED) | set(OPTIONAL)
    choices = load_workbook(path)["choices"]
    use = [
        row[1]
        for row in choices.iter_rows(min_row=2, values_only=True)
        if row[0] == "use_of_training"
    ]
    assert use == ["never", "rarely", "sometimes", "often"]


def test_bad_output_path(tmp_path, capsys):
    assert main(["followup", "xlsform", "--out", str(tmp_path / "form.csv")]) == 2
    assert "an XLSForm is an .xlsx file" in capsys.readouterr().err
    assert main(["followup", "xlsform", "--out", str(tmp_path / "missing" / "f.xlsx")]) == 2
