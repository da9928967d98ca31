"""The scope of a programme report, checked where it enters (command line, staff form).

A report covers people of some countries (all in reach when none are named), trainings of
some programme kinds (all when none), and trainings that ended between two dates (both
optional, inclusive). Figures that hold "at a date" (active certifications, the cascade's
active trainers) are taken at ``reference_date``: the ``to`` date when given, else today.
The report is written in ``language``: English or one of the six languages of the region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

PROGRAMME_KINDS = ("RTP", "NTP", "TOT", "OTHER")
# The languages a report is written in: the site's language codes (settings.LANGUAGES).
REPORT_LANGUAGES = ("en", "km", "lo", "my", "th", "vi", "zh-hans")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")


class ReportOptionError(ValueError):
    """An option of the report is wrong; the message names the option."""


@dataclass(frozen=True)
class ReportOptions:
    """What the report covers. ``countries`` empty: every country in reach."""

    reference_date: date
    countries: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    trained_from: date | None = None
    trained_to: date | None = None
    language: str = "en"

    @property
    def title(self) -> str:
        """The report's title in the active language."""
        return gettext("COMMIT training programmes: report")

    def describe(self, country_names=None) -> list[tuple[str, str]]:
        """The scope as (label, value) lines in the active language, for the title page and
        the README sheet; ``country_names`` turns codes into names (default: the codes)."""
        name = country_names or (lambda code: code)
        return [
            (
                gettext("Countries"),
                ", ".join(map(name, self.countries)) or gettext("all in the requester's reach"),
            ),
            (gettext("Programmes"), ", ".join(self.programmes) or gettext("all")),
            (
                gettext("Trainings ended from"),
                self.trained_from.isoformat() if self.trained_from else "-",
            ),
            (
                gettext("Trainings ended to"),
                self.trained_to.isoformat() if self.trained_to else "-",
            ),
            (gettext("Figures at"), self.reference_date.isoformat()),
        ]

    def as_dict(self) -> dict:
        """Plain values, to queue with a task or store beside a report."""
        return {
            "countries": list(self.countries),
            "programmes": list(self.programmes),
            "from": self.trained_from.isoformat() if self.trained_from else "",
            "to": self.trained_to.isoformat() if self.trained_to else "",
            "reference_date": self.reference_date.isoformat(),
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, values: dict) -> ReportOptions:
        return parse_options(
            countries=",".join(values.get("countries", ())),
            programmes=",".join(values.get("programmes", ())),
            trained_from=values.get("from", ""),
            trained_to=values.get("to", ""),
            today=date.fromisoformat(values["reference_date"]),
            language=values.get("language", "en"),  # reports asked for before languages
        )


def _codes(option: str, text: str) -> list[str]:
    return [code.strip().upper() for code in (text or "").split(",") if code.strip()]


def _date(option: str, text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReportOptionError(f"{option} {text}: not a date (YYYY-MM-DD)") from None


def parse_options(
    *,
    countries: str = "",
    programmes: str = "",
    trained_from: str = "",
    trained_to: str = "",
    today: date,
    language: str = "en",
) -> ReportOptions:
    """Check the options as typed (comma-separated codes, ISO dates); raise
    :class:`ReportOptionError` naming the first wrong option."""
    country_codes = _codes("--country", countries)
    for code in country_codes:
        if not COUNTRY_CODE.fullmatch(code):
            raise ReportOptionError(
                f"--country {code}: not an ISO 3166 two-letter country code, e.g. KH"
            )
    kinds = _codes("--programme", programmes)
    for kind in kinds:
        if kind not in PROGRAMME_KINDS:
            raise ReportOptionError(
                f"--programme {kind}: not a programme kind "
                f"(choose from {', '.join(PROGRAMME_KINDS)})"
            )
    language = (language or "en").strip().lower().replace("_", "-")
    if language not in REPORT_LANGUAGES:
        raise ReportOptionError(
            f"--language {language}: not a report language "
            f"(choose from {', '.join(REPORT_LANGUAGES)})"
        )
    start, end = _date("--from", trained_from), _date("--to", trained_to)
    if start and end and end < start:
        raise ReportOptionError(f"--to {end}: before --from {start}")
    return ReportOptions(
        reference_date=end or today,
        countries=tuple(dict.fromkeys(country_codes)),
        programmes=tuple(dict.fromkeys(kinds)),
        trained_from=start,
        trained_to=end,
        language=language,
    )
