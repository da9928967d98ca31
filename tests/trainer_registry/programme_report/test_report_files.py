"""The report as a PDF, an XLSX workbook and a ZIP of CSV files: each opens in an
ordinary reader, holds the headline figures, and is the same bytes for the same data."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from trainer_registry.access import Access
from trainer_registry.models import Role
from trainer_registry.programme_report import render
from trainer_registry.programme_report.options import parse_options
from trainer_registry.programme_report.report import build_report

from .conftest import REFERENCE

REGIONAL = Access("regional", frozenset({Role.REGIONAL_ADMINISTRATOR}), None)


@pytest.fixture
def report(small_registry):
    return build_report(REGIONAL, parse_options(today=REFERENCE, countries="KH,VN"))


def test_pdf_opens_and_states_the_headline_figures(report):
    data = render(report, "pdf")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert reader.metadata.title == "COMMIT training programmes: report"
    assert "Logframe indicators" in text
    assert "All countries have a trained cadre of anti-trafficking" in text
    assert "4 national trainers: 2 women and 1 man, 1 not recorded" in text
    assert "Countries Cambodia, Viet Nam" in text
    assert "Figures at 2014-06-30" in text
    assert "Srey" not in text and "Dara" not in text  # aggregate: no person named


def test_every_format_is_the_same_bytes_for_the_same_data(report, small_registry):
    again = build_report(REGIONAL, parse_options(today=REFERENCE, countries="KH,VN"))
    for fmt in ("pdf", "xlsx", "zip"):
        assert render(report, fmt) == render(again, fmt), fmt


def test_workbook_is_dated_the_reference_date_not_the_time_it_was_saved(report):
    properties = load_workbook(io.BytesIO(render(report, "xlsx"))).properties
    midnight = datetime.combine(REFERENCE, datetime.min.time())
    assert (properties.created, properties.modified) == (midnight, midnight)


def test_workbook_has_a_readme_and_a_sheet_per_table(report):
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames == ["README", *(table.key for table in report.tables)]
    readme = [row for row in book["README"].iter_rows(values_only=True)]
    assert ("Countries", "Cambodia, Viet Nam") in readme
    assert any(row[0] == "logframe" and "trained cadre" in row[1] for row in readme)
    sheet = book["logframe"]
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == ["indicator", "country", "female", "male", "other", "unknown", "total"]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    kh = [r for r in rows if r["country"] == "KH" and r["indicator"].startswith("Numbers")]
    assert kh[0]["total"] == 4 and kh[0]["female"] == 2


def test_csv_archive_has_a_file_per_table_with_the_same_numbers(report):
    archive = zipfile.ZipFile(io.BytesIO(render(report, "zip")))
    names = archive.namelist()
    assert names == ["README.csv", *(f"{table.key}.csv" for table in report.tables)]
    rows = list(csv.DictReader(io.StringIO(archive.read("participants.csv").decode("utf-8"))))
    expected = report.table("participants").frame
    assert len(rows) == len(expected)
    kh = next(r for r in rows if r["country"] == "KH" and r["programme"] == "TOT")
    assert (kh["female"], kh["male"], kh["unknown"], kh["total"]) == ("3", "2", "1", "6")


def test_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="format 'docx'"):
        render(report, "docx")


def test_the_public_api_gives_the_report(small_registry):
    from datetime import date

    from trainer_registry import api

    data = api.programme_report(on=REFERENCE, fmt="zip", countries=["VN"])
    logframe = zipfile.ZipFile(io.BytesIO(data)).read("logframe.csv").decode("utf-8")
    assert ",VN," in logframe and ",KH," not in logframe
    with pytest.raises(ValueError, match="--programme XYZ"):
        api.programme_report(on=date(2014, 1, 1), programmes=["XYZ"])
