"""Shares, proportions and rates on the staff pages: one unit, the per cent, with one
decimal, in the number format of the page's language.

``{{ share|percent }}`` -> "43.0 %" (an em dash where there is no value);
``{{ low|percent_range:high }}`` -> "27.1–43.9 %"; ``{{ share|percent_number }}`` ->
"43.0" (for a sentence that writes the sign itself). The values are shares from 0 to 1,
as the analytics cores compute them; files and the REST API keep them so.
"""

from __future__ import annotations

import math

from django import template
from django.utils.formats import number_format

register = template.Library()

DECIMALS = 1
NONE = "—"


def _missing(value) -> bool:
    if value is None or value == "":
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


@register.filter
def percent_number(value) -> str:
    """A share as the number of per cent, ``DECIMALS`` decimals; empty where none."""
    if _missing(value):
        return ""
    # Rounded here: Django's number format cuts the decimals off instead.
    return number_format(f"{float(value) * 100:.{DECIMALS}f}", decimal_pos=DECIMALS)


@register.filter
def percent(value) -> str:
    """A share as a percentage: "43.0 %"; an em dash where there is none."""
    number = percent_number(value)
    return f"{number} %" if number else NONE


@register.filter
def percent_range(low, high) -> str:
    """An interval of shares as percentages: "27.1–43.9 %"; an em dash where none."""
    if _missing(low) or _missing(high):
        return NONE
    return f"{percent_number(low)}–{percent_number(high)} %"
