"""The one escaping rule for text that leaves the registry in a spreadsheet."""

from __future__ import annotations

import pandas as pd
import pytest

from trainer_registry.inputs.spreadsheet import safe_cell, safe_frame, safe_row


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1.5", "-1.5"),
        ("-", "-"),
        ("Ministry of Interior", "Ministry of Interior"),
        ("ក្រសួងមហាផ្ទៃ", "ក្រសួងមហាផ្ទៃ"),
        (3, 3),
        (None, None),
    ],
)
def test_formula_text_gets_an_apostrophe_and_nothing_else_changes(value, expected):
    assert safe_cell(value) == expected


def test_rows_and_frames_keep_numbers_and_dates():
    frame = pd.DataFrame(
        {
            "organisation": ["=HYPERLINK(1)", "Border police"],
            "weight": [-1.5, 2.0],
            "trained_on": pd.to_datetime(["2012-03-05", "2013-01-01"]),
        }
    )
    safe = safe_frame(frame)
    assert list(safe["organisation"]) == ["'=HYPERLINK(1)", "Border police"]
    assert safe["weight"].equals(frame["weight"])
    assert safe["trained_on"].equals(frame["trained_on"])
    assert frame["organisation"][0] == "=HYPERLINK(1)"  # the original is not changed
    assert safe_row(["=x", 1, "y"]) == ["'=x", 1, "y"]
