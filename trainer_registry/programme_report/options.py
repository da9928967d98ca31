"""The scope of a programme report, checked where it enters (command line, staff form).

A report covers people of some countries (all in reach when none are named), trainings of
some programme kinds (all when none), and trainings that ended between two dates (both
optional, inclusive). Figures that hold "at a date" (active certifications, the cascade's
active trainers) are taken at ``reference_date``: the ``to`` date when given, else today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

PROGRAMME_KINDS = ("RTP", "NTP", "TOT", "OTHER")
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
    title: str = field(default="COMMIT training programmes: report")

    def describe(self) -> list[tuple[str, str]]:
        """The scope as (label, value) lines, for the title page and the README sheet."""
        return [
            ("Countries", ", ".join(self.countries) or "all in the requester's reach"),
            ("Programmes", ", ".join(self.programmes) or "all"),
            ("Trainings ended from", self.trained_from.isoformat() if self.trained_from else "-"),
            ("Trainings ended to", self.trained_to.isoformat() if self.trained_to else "-"),
            ("Figures at", self.reference_date.isoformat()),
        ]

    def as_dict(self) -> dict:
        """Plain values, to queue with a task or store beside a report."""
        return {
            "countries": list(self.countries),
            "programmes": list(self.programmes),
            "from": self.trained_from.isoformat() if self.trained_from else "",
            "to": self.trained_to.isoformat() if self.trained_to else "",
            "reference_date": self.reference_date.isoformat(),
        }

    @classmethod
    def from_dict(cls, values: dict) -> ReportOptions:
        return parse_options(
            countries=",".join(values.get("countries", ())),
            programmes=",".join(values.get("programmes", ())),
            trained_from=values.get("from", ""),
            trained_to=values.get("to", ""),
            today=date.fromisoformat(values["reference_date"]),
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
    start, end = _date("--from", trained_from), _date("--to", trained_to)
    if start and end and end < start:
        raise ReportOptionError(f"--to {end}: before --from {start}")
    return ReportOptions(
        reference_date=end or today,
        countries=tuple(dict.fromkeys(country_codes)),
        programmes=tuple(dict.fromkeys(kinds)),
        trained_from=start,
        trained_to=end,
    )
