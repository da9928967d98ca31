"""Certificates to print, one per script of the region plus plain Latin.

The names are made up from common given and family names of each country; they belong to
no one. Each own-script name was chosen for what its script's shaping must get right:
Khmer subscript consonants (ន្ទ្រ: subscript TA and RA under NA), Lao tone marks over
vowels (ແກ້ວ), Myanmar medials and the dot below (ကျော်, မြင့်), Thai marks stacked over
vowels (ศักดิ์), Vietnamese letters with two diacritics (Nguyễn, Phượng), and Simplified
Chinese.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest

from trainer_registry.certificate_pdf import CertificatePrint

# language -> (Latin name, own-script name); "" is the certificate without an own script.
NAMES: dict[str, tuple[str, str]] = {
    "km": ("Sok Chantrea", "សុខ ចន្ទ្រា"),
    "lo": ("Keo Manivong", "ແກ້ວ ມະນີວົງ"),
    "my": ("Aung Kyaw Myint", "အောင်ကျော်မြင့်"),
    "th": ("Somsak Jaidee", "สมศักดิ์ ใจดี"),
    "vi": ("Nguyen Thi Phuong", "Nguyễn Thị Phượng"),
    "zh-hans": ("Wang Xiuying", "王秀英"),
    "": ("Maria Dela Cruz", ""),
}
CODE = "7G4K-Q2MD-9TZX-EB1R-V"
CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "credentialSubject": {"type": ["AchievementSubject"], "name": "Somsak Jaidee"},
}


def certificate_print(language: str = "km", **overrides) -> CertificatePrint:
    latin, own = NAMES[language]
    fields = {
        "kind": "participant",
        "name_latin": latin,
        "name_own_script": own,
        "own_script_language": language,
        "programme": "National Training Programme",
        "training": "Victim identification and rights-based interviewing",
        "starts_on": date(2026, 5, 12),
        "ends_on": date(2026, 5, 16),
        "place": "Siem Reap, Cambodia",
        "issuer_name": "Chea Sopheap",
        "issuer_role": "National trainer, Cambodia",
        "issued_on": date(2026, 5, 16),
        "verification_code": CODE,
        "verify_url": "https://registry.example.org/verify/7G4KQ2MD9TZXEB1RV",
        "embedded_credential": json.dumps(CREDENTIAL).encode(),
    }
    fields.update(overrides)
    return CertificatePrint(**fields)


@pytest.fixture
def names() -> dict[str, tuple[str, str]]:
    """language -> (Latin name, own-script name) of the sample holders."""
    return NAMES


@pytest.fixture
def make_print() -> Callable[..., CertificatePrint]:
    """``make_print(language, **overrides)``: a valid certificate, changed as asked."""
    return certificate_print
