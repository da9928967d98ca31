"""The programme report in the six languages of the region: the PDF's headings, table
titles, column headings, country names and sentences read back in the language (text
extraction of the PDF, shaped scripts included), the workbook's README in the language
with the column keys unchanged, and the language asked for on the page, the command line
and the API."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import require
from trainer_registry import api
from trainer_registry.access import Access
from trainer_registry.cli import main
from trainer_registry.models import Role, RoleGrant
from trainer_registry.programme_report import render
from trainer_registry.programme_report.options import ReportOptionError, parse_options
from trainer_registry.programme_report.report import build_report

from .conftest import REFERENCE

REGIONAL = Access("regional", frozenset({Role.REGIONAL_ADMINISTRATOR}), None)
LANGUAGES = ["km", "lo", "my", "th", "vi", "zh-hans"]
CAMBODIA = {
    "km": "កម្ពុជា",
    "lo": "ກຳປູເຈຍ",
    "my": "ကမ္ဘောဒီးယား",
    "th": "กัมพูชา",
    "vi": "Campuchia",
    "zh-hans": "柬埔寨",
}


@pytest.fixture(autouse=True)
def _english_after():
    """The page test's requests leave their language active in the thread (the locale
    middleware activates it); later tests expect the default."""
    yield
    translation.deactivate()


def _report(language: str):
    return build_report(
        REGIONAL, parse_options(today=REFERENCE, countries="KH,VN", language=language)
    )


def _pdftotext(data: bytes, tmp_path) -> str:
    tool = shutil.which("pdftotext")
    require(tool is not None, "pdftotext is missing: apt-get install poppler-utils")
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    text = subprocess.run([tool, source, "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def _in(language: str, *texts: str) -> list[str]:
    with translation.override(language):
        return [translation.gettext(text) for text in texts]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_reads_back_in_the_language(small_registry, tmp_path, language):
    data = render(_report(language), "pdf")
    text = _pdftotext(data, tmp_path)
    title, logframe, attrition, sources, heading = _in(
        language,
        "COMMIT training programmes: report",
        "Logframe indicators",
        "Attrition by country",
        "Sources",
        "sex not recorded",
    )
    assert "Logframe indicators" not in text and "Attrition by country" not in text
    for expected in (title, logframe, attrition, sources, heading, CAMBODIA[language]):
        assert " ".join(expected.split()) in text, expected
    with translation.override(language):
        sentence = translation.ngettext(
            "%(count)s national trainer", "%(count)s national trainers", 4
        ) % {"count": 4}
    assert sentence in text  # the sentence "as reported", in the language
    metadata = PdfReader(io.BytesIO(data)).metadata
    assert metadata.title == title
    assert f"/Lang ({translation.to_locale(language).replace('_', '-')})".encode() in data


def test_the_english_pdf_is_unchanged_by_the_languages(small_registry, tmp_path):
    text = _pdftotext(render(_report("en"), "pdf"), tmp_path)
    assert "1. Logframe indicators" in text
    assert "4 national trainers: 2 women and 1 man, 1 not recorded" in text
    assert "ﬁ" not in text and "ﬃ" not in text  # Latin text is not set with ligatures


@pytest.mark.parametrize("language", ["km", "zh-hans"])
def test_the_workbook_readme_is_in_the_language_and_the_columns_keep_their_keys(
    small_registry, language
):
    report = _report(language)
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    readme = [row for row in book["README"].iter_rows(values_only=True)]
    title, countries, heading = _in(
        language, "COMMIT training programmes: report", "Countries", "sex not recorded"
    )
    assert readme[0][0] == title
    assert (countries, f"{CAMBODIA[language]}, {_in(language, 'Viet Nam')[0]}") in readme
    assert ("unknown", heading) in readme  # each column key with its heading
    header = [cell.value for cell in book["participants"][1]]
    assert header == list(report.table("participants").frame.columns)


def test_a_language_that_is_not_offered_is_named(small_registry):
    with pytest.raises(ReportOptionError, match=r"--language fr: not a report language"):
        parse_options(today=REFERENCE, language="fr")
    assert parse_options(today=REFERENCE, language="zh_Hans").language == "zh-hans"


def test_the_api_and_the_command_line_take_the_language(small_registry, tmp_path, capsys):
    data = api.programme_report(on=REFERENCE, countries=["KH"], language="th")
    assert _in("th", "Logframe indicators")[0] in _pdftotext(data, tmp_path)
    out = tmp_path / "report.pdf"
    assert main(["report", "--out", str(out), "--language", "vi", "--to", "2014-06-30"]) == 0
    assert _in("vi", "Logframe indicators")[0] in _pdftotext(out.read_bytes(), tmp_path)


@pytest.fixture
def manager(django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = ""
    user = django_user_model.objects.create_user("manager-kh", password="a-long-test-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="KH")
    return user


def test_the_page_offers_the_readers_language_and_makes_the_report_in_the_one_chosen(
    client, small_registry, manager, tmp_path
):
    client.force_login(manager)
    page = client.get("/registry/reports/", headers={"accept-language": "km"}).content.decode()
    assert '<option value="km" selected>' in page
    response = client.post("/registry/reports/", {"format": "pdf", "language": "my"})
    assert response.status_code == 200
    assert _in("my", "Logframe indicators")[0] in _pdftotext(response.content, tmp_path)
    listing = client.get("/registry/reports/").content.decode()
    assert '<span lang="my">' in listing
