"""``trainer-registry report``: a file in the format its name asks for; bad options give
one line naming the option, exit status 2, and no file."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from trainer_registry.cli import main
from trainer_registry.models import AuditEvent, Role


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".zip"])
def test_writes_the_report_in_the_format_named(small_registry, tmp_path, capsys, suffix):
    out = tmp_path / f"report{suffix}"
    assert main(["report", "--out", str(out), "--country", "KH", "--to", "2014-06-30"]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out}: 9 tables for KH.")
    data = out.read_bytes()
    if suffix == ".pdf":
        assert "Logframe indicators" in PdfReader(io.BytesIO(data)).pages[1].extract_text()
    elif suffix == ".xlsx":
        assert "logframe" in load_workbook(io.BytesIO(data)).sheetnames
    else:
        assert "logframe.csv" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    entry = AuditEvent.objects.get(object_type="programme_report")
    assert entry.detail["via"] == "command" and entry.detail["countries"] == ["KH"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--country", "KHM"], "--country KHM: not an ISO 3166 two-letter country code"),
        (["--programme", "ABC"], "--programme ABC: not a programme kind"),
        (["--from", "2014-13-01"], "--from 2014-13-01: not a date (YYYY-MM-DD)"),
        (["--from", "2014-06-01", "--to", "2014-01-01"], "--to 2014-01-01: before --from"),
        (["--user", "nobody"], "--user nobody: no staff account with a registry role"),
        (["--user", "country_manager-KH", "--country", "VN"], "--country VN: not in your reach"),
    ],
)
def test_bad_options_name_the_option_and_write_nothing(
    small_registry, staff, tmp_path, capsys, options, message
):
    staff(Role.COUNTRY_MANAGER, "KH")
    out = tmp_path / "report.pdf"
    assert main(["report", "--out", str(out), *options]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("trainer-registry report: error: ")
    assert message in captured.err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_an_output_name_without_a_known_format_is_refused(small_registry, tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "report.docx")]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "missing" / "report.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_user_option_limits_the_figures_to_their_countries(small_registry, staff, tmp_path):
    staff(Role.COUNTRY_MANAGER, "KH")
    out = tmp_path / "kh.zip"
    assert main(["report", "--out", str(out), "--user", "country_manager-KH"]) == 0
    logframe = zipfile.ZipFile(out).read("logframe.csv").decode("utf-8")
    assert ",KH," in logframe and ",VN," not in logframe
