"""What a certificate prints, checked once at the door.

:class:`CertificatePrint` is built by the issuing code from a certificate's snapshot. It
refuses, with a :class:`ValueError` naming the field and what is wrong, anything that would
print badly or mislead: an empty or non-Latin ``name_latin``, a name in a script other than
its stated language's, Burmese typed in the Zawgyi encoding, a malformed verification code,
dates out of order, control characters. Every text is normalised to Unicode NFC, so that
Vietnamese letters are the precomposed ones the fonts draw best and equal names compare
equal.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from urllib.parse import urlsplit

from trainer_registry.certificate_pdf.scripts import Script, strong_scripts
from trainer_registry.certificate_pdf.zawgyi import zawgyi_signs
from trainer_registry.certificates import code as verification_code

# Language of the own-script name -> the script it is written in.
LANGUAGE_SCRIPTS: dict[str, Script] = {
    "km": Script.KHMER,
    "lo": Script.LAO,
    "my": Script.MYANMAR,
    "th": Script.THAI,
    "vi": Script.LATIN,
    "zh-hans": Script.HAN,
}
KINDS = ("participant", "trainer")
MAX_NAME = 120
MAX_TEXT = 240
MAX_URL = 300

_TEXT_FIELDS = (
    "name_latin",
    "name_own_script",
    "programme",
    "training",
    "place",
    "issuer_name",
    "issuer_role",
)
_REQUIRED_TEXT = ("name_latin", "programme", "training", "place", "issuer_name", "issuer_role")


@dataclass(frozen=True)
class CertificatePrint:
    """Everything printed on one certificate (participant or trainer).

    ``name_own_script`` is the holder's name in their own script (may be empty) and
    ``own_script_language`` its language: km, lo, my, th, vi or zh-hans (empty when there is
    no own-script name). ``programme`` and ``training`` say what is certified; the training
    ran from ``starts_on`` to ``ends_on`` at ``place``. ``issuer_name`` and ``issuer_role``
    say who issued it on ``issued_on``; ``valid_until`` is for trainer certificates only.
    ``verification_code`` is printed in its grouped form (``7G4K-Q2MD-9TZX-EB1R-W``) and
    ``verify_url`` goes into the QR code and is printed in small type.
    ``embedded_credential``, when given, is the signed JSON credential attached to the PDF
    as ``credential.json``.
    """

    kind: Literal["participant", "trainer"]
    name_latin: str
    programme: str
    training: str
    starts_on: date
    ends_on: date
    place: str
    issuer_name: str
    issuer_role: str
    issued_on: date
    verification_code: str
    verify_url: str
    name_own_script: str = ""
    own_script_language: str = ""
    valid_until: date | None = None
    embedded_credential: bytes | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, str):
                problems.append(f"{name}: expected text, got {type(value).__name__}")
                continue
            object.__setattr__(self, name, unicodedata.normalize("NFC", value.strip()))
        if problems:
            raise ValueError("certificate: " + "; ".join(problems))
        problems += self._text_problems()
        problems += self._name_problems()
        problems += self._date_problems()
        problems += self._code_and_url_problems()
        if problems:
            raise ValueError("certificate: " + "; ".join(problems))

    def _text_problems(self) -> list[str]:
        problems = []
        if self.kind not in KINDS:
            problems.append(f"kind: {self.kind!r} is not one of {', '.join(KINDS)}")
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            limit = MAX_NAME if name.startswith("name") else MAX_TEXT
            if name in _REQUIRED_TEXT and not value:
                problems.append(f"{name}: is empty")
            if len(value) > limit:
                problems.append(f"{name}: {len(value)} characters, at most {limit} fit")
            controls = sorted({c for c in value if unicodedata.category(c) == "Cc"})
            if controls:
                shown = ", ".join(f"U+{ord(c):04X}" for c in controls)
                problems.append(f"{name}: contains control characters ({shown})")
            signs = zawgyi_signs(value)
            if signs:
                problems.append(
                    f"{name}: {value!r} is Burmese in the Zawgyi encoding ({'; '.join(signs)}); "
                    "certificates need Unicode Myanmar, convert the text to Unicode first"
                )
        return problems

    def _name_problems(self) -> list[str]:
        problems = []
        foreign = strong_scripts(self.name_latin) - {Script.LATIN}
        if foreign:
            scripts = ", ".join(sorted(s.value for s in foreign))
            problems.append(f"name_latin: must be in Latin letters, has {scripts} letters")
        language = self.own_script_language
        if language and language not in LANGUAGE_SCRIPTS:
            problems.append(
                f"own_script_language: {language!r} is not one of {', '.join(LANGUAGE_SCRIPTS)}"
            )
        elif self.name_own_script:
            if not language:
                problems.append("own_script_language: is empty but name_own_script is given")
            else:
                expected = LANGUAGE_SCRIPTS[language]
                found = strong_scripts(self.name_own_script)
                if found != {expected}:
                    shown = ", ".join(sorted(s.value for s in found)) or "no letters"
                    problems.append(
                        f"name_own_script: a {language} name is written in {expected.value} "
                        f"script, this one has {shown}"
                    )
        return problems

    def _date_problems(self) -> list[str]:
        problems = []
        for name in ("starts_on", "ends_on", "issued_on", "valid_until"):
            value = getattr(self, name)
            if value is None and name == "valid_until":
                continue
            if not isinstance(value, date) or isinstance(value, datetime):
                problems.append(f"{name}: expected a date, got {type(value).__name__}")
        if problems:
            return problems
        if self.ends_on < self.starts_on:
            problems.append(f"ends_on: {self.ends_on} is before starts_on {self.starts_on}")
        if self.issued_on < self.starts_on:
            problems.append(f"issued_on: {self.issued_on} is before the training started")
        if self.valid_until is not None:
            if self.kind != "trainer":
                problems.append("valid_until: only trainer certificates have a validity date")
            elif self.valid_until <= self.issued_on:
                problems.append(f"valid_until: {self.valid_until} is not after issued_on")
        return problems

    def _code_and_url_problems(self) -> list[str]:
        problems = []
        try:
            stored = verification_code.parse(str(self.verification_code))
        except verification_code.InvalidCode as error:
            problems.append(f"verification_code: {self.verification_code!r}: {error}")
        else:
            object.__setattr__(self, "verification_code", verification_code.display(stored))
        url = self.verify_url
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("https", "http") or not parts.netloc:
            problems.append(f"verify_url: {url!r} is not an http(s) address")
        elif len(url) > MAX_URL or any(c.isspace() for c in url):
            problems.append(f"verify_url: must be one line of at most {MAX_URL} characters")
        credential = self.embedded_credential
        if credential is not None:
            try:
                if not isinstance(json.loads(credential), dict):
                    raise ValueError("not a JSON object")
            except (ValueError, TypeError) as error:
                problems.append(f"embedded_credential: not a JSON object ({error})")
        return problems

    def holder_names(self) -> tuple[str, ...]:
        """The names as printed: own script first when there is one, then Latin."""
        if self.name_own_script and self.name_own_script != self.name_latin:
            return (self.name_own_script, self.name_latin)
        return (self.name_latin,)
