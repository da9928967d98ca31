"""Where everything goes on the page: a pure plan of shaped lines, rules and the QR code.

The page is A4 landscape. The holder's name is the largest line, centred, in their own
script, with the Latin name under it; then what was certified, when and where; at the foot,
the issuer on the left above a signature rule, and on the right the QR code with the
verification code and the address to verify at. Lines are centred or aligned by their
shaped width (see :mod:`shaping`). A line too wide for the page is set smaller, down to a
floor; the programme and training line may wrap onto two lines first. Text that would not
fit even so is refused with a :class:`ValueError` naming the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape

from trainer_registry.certificate_pdf import wording
from trainer_registry.certificate_pdf.fonts import Weight
from trainer_registry.certificate_pdf.print_data import CertificatePrint
from trainer_registry.certificate_pdf.shaping import Line, UncoveredText
from trainer_registry.certificate_pdf.shaping import shape_line as _shape_line

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
CENTRE = PAGE_WIDTH / 2
MARGIN = 90.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 92.0

INK = (0.11, 0.16, 0.21)
ACCENT = (0.12, 0.23, 0.36)
MUTED = (0.36, 0.40, 0.45)

Align = Literal["centre", "left", "right"]


@dataclass(frozen=True)
class PlacedLine:
    """A shaped line with its left end at (``x``, baseline ``y``); ``lang`` is the BCP 47
    language of its text when it differs from the document's (English)."""

    line: Line
    x: float
    y: float
    colour: tuple[float, float, float]
    lang: str = ""


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: tuple[float, float, float]


@dataclass(frozen=True)
class QrPlacement:
    value: str
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class CertificateLayout:
    lines: tuple[PlacedLine, ...]
    rules: tuple[Rule, ...]
    qr: QrPlacement


def shape_line(text: str, size: float, weight: Weight = Weight.REGULAR, *, field: str = "") -> Line:
    """:func:`shaping.shape_line`, with the field named when a character has no glyph."""
    try:
        return _shape_line(text, size, weight)
    except UncoveredText as error:
        raise UncoveredText(f"certificate: {field}: {error}") from None


def fitted(
    text: str,
    size: float,
    *,
    field: str,
    weight: Weight = Weight.REGULAR,
    width: float = TEXT_WIDTH,
    smallest: float = 9.0,
) -> Line:
    """``text`` shaped at ``size``, or at the largest half-point size (not below
    ``smallest``) whose shaped width fits ``width``."""
    line = shape_line(text, size, weight, field=field)
    if line.width <= width:
        return line
    smaller = math.floor(size * width / line.width * 2) / 2
    while smaller >= smallest:
        line = shape_line(text, smaller, weight)
        if line.width <= width:
            return line
        smaller -= 0.5
    raise ValueError(f"certificate: {field}: {text!r} is too long to print on one line")


def wrapped(text: str, size: float, *, field: str, weight: Weight, smallest: float) -> list[Line]:
    """One line if ``text`` fits at ``size``, else two lines: after the programme's colon
    when the rest fits, otherwise at the space that best balances their widths; each line
    is then set to fit."""
    whole = shape_line(text, size, weight, field=field)
    words = text.split(" ")
    if whole.width <= TEXT_WIDTH or len(words) < 2:
        return [fitted(text, size, field=field, weight=weight, smallest=smallest)]
    if ": " in text:  # programme, then training: break after the programme's colon
        head, tail = text.split(": ", 1)
        if shape_line(tail, size, weight).width <= TEXT_WIDTH:
            return [
                fitted(head + ":", size, field=field, weight=weight, smallest=smallest),
                fitted(tail, size, field=field, weight=weight, smallest=smallest),
            ]
    best = min(
        range(1, len(words)),
        key=lambda cut: abs(
            shape_line(" ".join(words[:cut]), size, weight).width
            - shape_line(" ".join(words[cut:]), size, weight).width
        ),
    )
    halves = (" ".join(words[:best]), " ".join(words[best:]))
    return [fitted(h, size, field=field, weight=weight, smallest=smallest) for h in halves]


def _place(line: Line, y: float, align: Align, at: float, colour, lang: str = "") -> PlacedLine:
    x = {"centre": at - line.width / 2, "left": at, "right": at - line.width}[align]
    return PlacedLine(line=line, x=x, y=y, colour=colour, lang=lang)


def _bcp47(language: str) -> str:
    return {"zh-hans": "zh-Hans"}.get(language, language)


def plan(data: CertificatePrint) -> CertificateLayout:
    """The whole page for ``data``: every line shaped, measured and placed."""
    lines: list[PlacedLine] = []

    def centred(
        text: str,
        y: float,
        size: float,
        *,
        field: str,
        weight: Weight = Weight.REGULAR,
        colour: tuple[float, float, float] = INK,
        lang: str = "",
        smallest: float = 9.0,
    ) -> None:
        line = fitted(text, size, field=field, weight=weight, smallest=smallest)
        lines.append(_place(line, y, "centre", CENTRE, colour, lang))

    centred(wording.ORGANISATION, 512, 10.5, field="organisation", colour=MUTED)
    centred(wording.heading(data), 462, 30, field="kind", weight=Weight.BOLD, colour=ACCENT)
    centred(wording.lead(data), 418, 13, field="kind", colour=MUTED)

    names = data.holder_names()
    if len(names) == 2:
        lang = _bcp47(data.own_script_language)
        centred(names[0], 360, 34, field="name_own_script", lang=lang, smallest=16)
        centred(names[1], 322, 19, field="name_latin", smallest=11)
    else:
        centred(names[0], 350, 34, field="name_latin", smallest=16)

    centred(wording.achievement(data), 282, 13, field="kind", colour=MUTED)
    certified = wrapped(
        wording.what_was_certified(data),
        17,
        field="programme and training",
        weight=Weight.BOLD,
        smallest=11,
    )
    y = 252.0
    for line in certified:
        lines.append(_place(line, y, "centre", CENTRE, ACCENT))
        y -= line.size * 1.3
    centred(wording.when_and_where(data), y - 4, 13, field="place")

    # The foot: issuer on the left, verification on the right.
    left = MARGIN
    issuer_width = 300.0
    lines.append(
        _place(
            fitted(data.issuer_name, 12, field="issuer_name", width=issuer_width),
            104,
            "left",
            left,
            INK,
        )
    )
    lines.append(
        _place(
            fitted(data.issuer_role, 10, field="issuer_role", width=issuer_width, smallest=7),
            89,
            "left",
            left,
            MUTED,
        )
    )
    lines.append(_place(fitted(wording.issued(data), 10, field="issued_on"), 66, "left", left, INK))
    rules = [
        Rule(left, 122, left + 240, 122, 0.6, MUTED),
        # The frame: a heavier outer line and a hairline inside it.
        Rule(24, 24, PAGE_WIDTH - 24, 24, 1.6, ACCENT),
        Rule(24, PAGE_HEIGHT - 24, PAGE_WIDTH - 24, PAGE_HEIGHT - 24, 1.6, ACCENT),
        Rule(24, 24, 24, PAGE_HEIGHT - 24, 1.6, ACCENT),
        Rule(PAGE_WIDTH - 24, 24, PAGE_WIDTH - 24, PAGE_HEIGHT - 24, 1.6, ACCENT),
        Rule(31, 31, PAGE_WIDTH - 31, 31, 0.4, ACCENT),
        Rule(31, PAGE_HEIGHT - 31, PAGE_WIDTH - 31, PAGE_HEIGHT - 31, 0.4, ACCENT),
        Rule(31, 31, 31, PAGE_HEIGHT - 31, 0.4, ACCENT),
        Rule(PAGE_WIDTH - 31, 31, PAGE_WIDTH - 31, PAGE_HEIGHT - 31, 0.4, ACCENT),
    ]

    qr_x = PAGE_WIDTH - MARGIN - QR_SIZE + 8
    qr = QrPlacement(value=data.verify_url, x=qr_x, y=52, size=QR_SIZE)
    right = qr_x - 4
    verify_width = right - (left + issuer_width + 20)
    lines.append(
        _place(shape_line("Verification code", 9), 118, "right", right, MUTED),
    )
    lines.append(
        _place(
            fitted(data.verification_code, 13, field="verification_code", width=verify_width),
            102,
            "right",
            right,
            INK,
        )
    )
    lines.append(
        _place(
            fitted(wording.verify_at(data), 8, field="verify_url", width=verify_width, smallest=5),
            88,
            "right",
            right,
            MUTED,
        )
    )
    return CertificateLayout(lines=tuple(lines), rules=tuple(rules), qr=qr)
