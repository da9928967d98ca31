"""Response, cooperation, refusal and contact rates of a survey (AAPOR Standard
Definitions, 2016 edition), from counts of final dispositions.

I complete, P partial, R refusal, NC non-contact, O other; UH and UO unknown
eligibility; NE not eligible (left out of every denominator); ``e`` the estimated share of
unknown-eligibility cases that are eligible:

* RR1 = I / ((I+P) + (R+NC+O) + (UH+UO));   RR2 counts I+P on top
* RR3 = I / ((I+P) + (R+NC+O) + e(UH+UO));  RR4 counts I+P on top
* RR5 = I / ((I+P) + (R+NC+O));             RR6 counts I+P on top
* COOP1 = I / ((I+P) + R + O);  REF1 = R / ((I+P) + (R+NC+O) + (UH+UO))
* CON1 = ((I+P) + R + O) / ((I+P) + R + O + NC + (UH+UO))

Unless given, ``e`` is estimated from the cases of known eligibility:
(I+P+R+NC+O) / (I+P+R+NC+O+NE).
"""

from __future__ import annotations

from collections.abc import Mapping

CODES = ("I", "P", "R", "NC", "O", "UH", "UO", "NE")


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def estimated_eligibility(counts: Mapping[str, int]) -> float | None:
    known = sum(counts.get(code, 0) for code in ("I", "P", "R", "NC", "O"))
    return _ratio(known, known + counts.get("NE", 0))


def response_rates(counts: Mapping[str, int], *, e: float | None = None) -> dict[str, float | None]:
    """Every rate from disposition counts; ``None`` where a denominator is zero."""
    unknown_codes = set(counts) - set(CODES)
    if unknown_codes:
        raise ValueError(f"unknown disposition codes: {', '.join(sorted(unknown_codes))}")
    if any(count < 0 for count in counts.values()):
        raise ValueError("disposition counts cannot be negative")
    c = {code: counts.get(code, 0) for code in CODES}
    if e is None:
        e = estimated_eligibility(c)
    if e is not None and not 0 <= e <= 1:
        raise ValueError(f"e must be between 0 and 1, got {e}")
    interviews = c["I"] + c["P"]
    non_interviews = c["R"] + c["NC"] + c["O"]
    unknown = c["UH"] + c["UO"]
    estimated_unknown = (e or 0.0) * unknown
    return {
        "RR1": _ratio(c["I"], interviews + non_interviews + unknown),
        "RR2": _ratio(interviews, interviews + non_interviews + unknown),
        "RR3": _ratio(c["I"], interviews + non_interviews + estimated_unknown),
        "RR4": _ratio(interviews, interviews + non_interviews + estimated_unknown),
        "RR5": _ratio(c["I"], interviews + non_interviews),
        "RR6": _ratio(interviews, interviews + non_interviews),
        "COOP1": _ratio(c["I"], interviews + c["R"] + c["O"]),
        "REF1": _ratio(c["R"], interviews + non_interviews + unknown),
        "CON1": _ratio(
            interviews + c["R"] + c["O"], interviews + c["R"] + c["O"] + c["NC"] + unknown
        ),
        "e": e,
    }
