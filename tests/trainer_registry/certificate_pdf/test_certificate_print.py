"""What a certificate may print is checked at the door, with the field and the fix named."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest


def test_names_are_normalised_to_nfc_and_trimmed(make_print):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Phượng")
    assert decomposed != "Nguyễn Thị Phượng"
    data = make_print("vi", name_own_script=f"  {decomposed} ")
    assert data.name_own_script == "Nguyễn Thị Phượng"
    assert unicodedata.is_normalized("NFC", data.name_own_script)


def test_the_code_is_printed_in_its_grouped_form(make_print):
    data = make_print(verification_code="7g4kq2md9tzxeb1rv")
    assert data.verification_code == "7G4K-Q2MD-9TZX-EB1R-V"


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_latin_name_is_refused(make_print, name):
    with pytest.raises(ValueError, match="name_latin: is empty"):
        make_print(name_latin=name)


def test_the_latin_name_must_be_in_latin_letters(make_print):
    with pytest.raises(ValueError, match="name_latin: must be in Latin letters, has Khmer"):
        make_print(name_latin="សុខ ស្រីពេជ្រ")


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("7G4K-Q2MD-9TZX", "has 17 symbols"),
        ("7G4K-Q2MD-9TZX-EB1R-W", "check symbol does not match"),
        ("7G4K-Q2MD-9TZX-EB1R-VV", "has 17 symbols"),
        ("7G4K-Q2MD-9TZX-EB1U-V", "not used in verification codes: U"),
    ],
)
def test_a_code_of_the_wrong_shape_is_refused(make_print, code, why):
    with pytest.raises(ValueError, match=f"verification_code: '{code}': .*{why}"):
        make_print(verification_code=code)


def test_an_own_script_name_in_another_script_than_its_language_is_refused(make_print):
    with pytest.raises(ValueError, match="a km name is written in Khmer script, this one has Thai"):
        make_print("km", name_own_script="สมศักดิ์ ใจดี")


def test_an_unknown_language_is_refused(make_print):
    with pytest.raises(ValueError, match="own_script_language: 'ja' is not one of km, lo"):
        make_print("km", own_script_language="ja")


def test_an_own_script_name_needs_its_language(make_print):
    with pytest.raises(ValueError, match="own_script_language: is empty but name_own_script"):
        make_print("km", own_script_language="")


def test_burmese_in_zawgyi_is_refused_with_the_reason(make_print):
    zawgyi = "ေအာင္ေက်ာ္ျမင့္"  # "Aung Kyaw Myint" typed with a Zawgyi keyboard
    with pytest.raises(ValueError) as refused:
        make_print("my", name_own_script=zawgyi)
    message = str(refused.value)
    assert "name_own_script" in message
    assert "Zawgyi" in message
    assert "Unicode Myanmar" in message
    assert "vowel sign E (U+1031) before its consonant" in message


def test_zawgyi_is_refused_in_any_printed_text(make_print):
    with pytest.raises(ValueError, match=r"place: .* Zawgyi"):
        make_print("my", place="ရန္ကုန္")


def test_dates_out_of_order_are_refused(make_print):
    with pytest.raises(ValueError, match="ends_on: 2026-05-11 is before starts_on 2026-05-12"):
        make_print(ends_on=date(2026, 5, 11))
    with pytest.raises(ValueError, match="issued_on: 2026-05-01 is before the training started"):
        make_print(issued_on=date(2026, 5, 1))


def test_a_datetime_is_not_a_date(make_print):
    with pytest.raises(ValueError, match="issued_on: expected a date, got datetime"):
        make_print(issued_on=datetime(2026, 5, 16, 9, 0))


def test_only_trainer_certificates_have_a_validity_date(make_print):
    with pytest.raises(ValueError, match="valid_until: only trainer certificates"):
        make_print(valid_until=date(2029, 5, 16))
    assert make_print(kind="trainer", valid_until=date(2029, 5, 16)).valid_until
    with pytest.raises(ValueError, match="valid_until: 2026-05-16 is not after issued_on"):
        make_print(kind="trainer", valid_until=date(2026, 5, 16))


def test_every_problem_is_named_at_once(make_print):
    with pytest.raises(ValueError) as refused:
        make_print(kind="observer", name_latin="", place="", verify_url="ftp://x")
    message = str(refused.value)
    for expected in ("kind: 'observer'", "name_latin: is empty", "place: is empty", "verify_url"):
        assert expected in message


def test_control_characters_and_overlong_text_are_refused(make_print):
    with pytest.raises(ValueError, match=r"training: contains control characters \(U\+000A\)"):
        make_print(training="Victim\nidentification")
    with pytest.raises(ValueError, match="name_latin: 121 characters, at most 120 fit"):
        make_print(name_latin="A" * 121)


def test_the_embedded_credential_must_be_a_json_object(make_print):
    with pytest.raises(ValueError, match="embedded_credential: not a JSON object"):
        make_print(embedded_credential=b"not json")
    with pytest.raises(ValueError, match="embedded_credential: not a JSON object"):
        make_print(embedded_credential=b"[1, 2]")
    assert make_print(embedded_credential=None).embedded_credential is None


def test_holder_names_put_the_own_script_first(make_print):
    assert make_print("th").holder_names() == ("สมศักดิ์ ใจดี", "Somsak Jaidee")
    assert make_print("").holder_names() == ("Maria Dela Cruz",)
