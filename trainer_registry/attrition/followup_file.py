"""The follow-up interchange CSV (DESIGN.md), read and checked at the door.

One row per sampled person: ``person_id, sex, country, organisation, sector, programme,
trained_on, disposition, in_role, left_role_on, last_confirmed_on, weight`` (``weight``
optional). Every problem is reported with its row (header = row 1) and column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = (
    "person_id",
    "sex",
    "country",
    "organisation",
    "sector",
    "programme",
    "trained_on",
    "disposition",
    "in_role",
    "left_role_on",
    "last_confirmed_on",
)
CODES = {
    "sex": {"female", "male", "other", "unknown"},
    "programme": {"RTP", "NTP", "TOT", "OTHER"},
    "disposition": {"I", "P", "R", "NC", "O", "UH", "UO", "NE"},
    "in_role": {"yes", "no", ""},
}
DATES = ("trained_on", "left_role_on", "last_confirmed_on")


class FollowUpFileError(ValueError):
    """The file cannot be analysed; the message names the row and column."""


def _first_bad(mask, column: str, message) -> None:
    bad = np.flatnonzero(np.asarray(mask, dtype=bool))
    if bad.size:
        position = int(bad[0])
        raise FollowUpFileError(f"row {position + 2}, column '{column}': {message(position)}")


def read_followup_file(path: Path) -> pd.DataFrame:
    """The file as typed columns: dates as ``datetime64``, ``weight`` as float (NaN if
    absent), codes as given. Raises :class:`FollowUpFileError`."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raw = path.read_bytes()
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise FollowUpFileError(f"row {line}: the file is not UTF-8 text") from None
        raise
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise FollowUpFileError(f"{path.name} cannot be read as CSV: {error}") from None
    frame.columns = [str(column).strip() for column in frame.columns]
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise FollowUpFileError(f"row 1: missing column(s) {', '.join(missing)}")
    if frame.empty:
        raise FollowUpFileError("row 2: the file holds no rows")
    frame = frame.apply(lambda column: column.str.strip())
    for column, allowed in CODES.items():
        values = (
            frame[column].str.upper()
            if column in {"programme", "disposition"}
            else frame[column].str.lower()
        )
        frame[column] = values
        _first_bad(
            ~values.isin(allowed),
            column,
            lambda i, c=column: (
                f"{frame[c][i]!r} is not one of {', '.join(sorted(a for a in CODES[c] if a))}"
            ),
        )
    _first_bad(
        ~frame["country"].str.fullmatch(r"[A-Za-z]{2}"),
        "country",
        lambda i: f"{frame['country'][i]!r} is not an ISO 3166 two-letter code",
    )
    frame["country"] = frame["country"].str.upper()
    for column in DATES:
        parsed = pd.to_datetime(
            frame[column].where(frame[column] != ""), format="%Y-%m-%d", errors="coerce"
        )
        _first_bad(
            (frame[column] != "") & parsed.isna(),
            column,
            lambda i, c=column: f"{frame[c][i]!r} is not a date (YYYY-MM-DD)",
        )
        frame[column] = parsed
    _first_bad(
        frame["trained_on"].isna(),
        "trained_on",
        lambda i: "empty: every row needs its training date",
    )
    _first_bad(
        frame["left_role_on"] < frame["trained_on"],
        "left_role_on",
        lambda i: (
            f"{frame['left_role_on'][i]:%Y-%m-%d} is before the training "
            f"({frame['trained_on'][i]:%Y-%m-%d})"
        ),
    )
    _first_bad(
        frame["last_confirmed_on"] < frame["trained_on"],
        "last_confirmed_on",
        lambda i: f"{frame['last_confirmed_on'][i]:%Y-%m-%d} is before the training",
    )
    _first_bad(
        frame["left_role_on"].notna() & (frame["in_role"] == "yes"),
        "left_role_on",
        lambda i: "a leaving date for someone still in the role",
    )
    if "weight" in frame.columns:
        text = frame["weight"]
        weight = pd.to_numeric(text.where(text != ""), errors="coerce")
        _first_bad(
            (text != "") & (weight.isna() | (weight < 0)),
            "weight",
            lambda i: f"{text[i]!r} is not a non-negative number",
        )
        frame["weight"] = weight
    else:
        frame["weight"] = np.nan
    return frame
