"""The words of a certificate around the data: headings, phrases and dates, in English.

Dates are written day month year with the month in words ("12 May 2026"), which reads the
same way in every country of the region and cannot be mistaken for a numeric date in
either order; a span within one month or year is written once ("12–16 May 2026").
"""

from __future__ import annotations

from datetime import date

from trainer_registry.certificate_pdf.print_data import CertificatePrint

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ORGANISATION = "COMMIT · Coordinated Mekong Ministerial Initiative against Trafficking"
DASH = "\u2013"

_HEADINGS = {"participant": "Certificate of Completion", "trainer": "Trainer Certificate"}
_LEADS = {"participant": "This certifies that", "trainer": "This certifies that"}
_ACHIEVEMENTS = {
    "participant": "has completed the training",
    "trainer": "is a certified trainer of",
}


def _month(value: date) -> str:
    return MONTHS[value.month - 1]  # not %B, which follows the process's locale


def day(value: date) -> str:
    """``date(2026, 5, 2)`` -> ``2 May 2026``."""
    return f"{value.day} {_month(value)} {value.year}"


def span(first: date, last: date) -> str:
    """A training's dates: one day, or a span with shared month and year written once."""
    if first == last:
        return day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{DASH}{last.day} {_month(last)} {last.year}"
    if first.year == last.year:
        return f"{first.day} {_month(first)} {DASH} {day(last)}"
    return f"{day(first)} {DASH} {day(last)}"


def heading(data: CertificatePrint) -> str:
    return _HEADINGS[data.kind]


def lead(data: CertificatePrint) -> str:
    return _LEADS[data.kind]


def achievement(data: CertificatePrint) -> str:
    return _ACHIEVEMENTS[data.kind]


def what_was_certified(data: CertificatePrint) -> str:
    """Programme and training on one line when they differ: ``NTP: Victim identification``."""
    if data.training.casefold() == data.programme.casefold():
        return data.training
    return f"{data.programme}: {data.training}"


def when_and_where(data: CertificatePrint) -> str:
    return f"{span(data.starts_on, data.ends_on)}, {data.place}"


def issued(data: CertificatePrint) -> str:
    text = f"Issued on {day(data.issued_on)}"
    if data.valid_until is not None:
        text += f" · valid until {day(data.valid_until)}"
    return text


def verify_at(data: CertificatePrint) -> str:
    return f"Verify at {data.verify_url}"


def document_title(data: CertificatePrint) -> str:
    """The PDF's title, shown by viewers and read first by screen readers."""
    return f"{heading(data)}: {data.name_latin}, {data.training}"
