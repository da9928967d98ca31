"""AAPOR rates against METRICS.md's reference values."""

from __future__ import annotations

import pytest

from trainer_registry.followup.response_rates import estimated_eligibility, response_rates

REFERENCE = {"I": 80, "P": 5, "R": 10, "NC": 15, "O": 2, "UH": 5, "UO": 3}


def test_reference_values():
    rates = response_rates(REFERENCE, e=0.6)
    expected = {
        "RR1": 0.666667,
        "RR2": 0.708333,
        "RR3": 0.684932,
        "RR4": 0.727740,
        "RR5": 0.714286,
        "RR6": 0.758929,
        "COOP1": 0.824742,
        "REF1": 0.083333,
        "CON1": 0.808333,
    }
    for name, value in expected.items():
        assert rates[name] == pytest.approx(value, abs=1e-6), name


def test_eligibility_is_estimated_from_known_cases():
    assert estimated_eligibility({**REFERENCE, "NE": 8}) == pytest.approx(112 / 120)
    assert response_rates({**REFERENCE, "NE": 8})["e"] == pytest.approx(112 / 120)
    assert response_rates({"UH": 3})["RR1"] == 0.0


def test_empty_and_bad_counts():
    assert response_rates({})["RR1"] is None
    with pytest.raises(ValueError, match="unknown disposition codes: X"):
        response_rates({"X": 1})
    with pytest.raises(ValueError, match="negative"):
        response_rates({"I": -1})
