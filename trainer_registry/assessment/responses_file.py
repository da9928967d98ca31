"""The item responses CSV, read and checked at the door.

Header ``learner_id,item_id,chosen,correct``, then any extra columns (``form`` and
``phase`` split the file; others are kept as text and not used). One row per learner and
item: ``chosen`` is the option id, empty when the learner skipped the item; ``correct``
is 1 or 0 (0 for a skipped item). A learner may answer an item once per form and phase.

All or nothing: the first problem found stops the reading, and its message names the row
(the header is row 1) and the column. Pure: pyarrow, numpy and pandas, no Django.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

COLUMNS = ("learner_id", "item_id", "chosen", "correct")
SPLIT_COLUMNS = ("form", "phase")


class ResponsesFileError(ValueError):
    """The file cannot be analysed; the message names the row and column."""


def _header(raw: bytes) -> list[str]:
    """The header's column names as written (the types of all columns are set to text
    by name, so that an id such as ``007`` keeps its zeros)."""
    first = raw[: raw.find(b"\n") + 1 or len(raw)].decode("utf-8-sig", errors="replace")
    return next(csv.reader(io.StringIO(first)), [])


def _utf8_problem(raw: bytes, name: str) -> ResponsesFileError | None:
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return ResponsesFileError(f"{name}, row {line}: the file is not UTF-8 text")
    return None


def _read(source: Path | bytes, name: str) -> pa.Table:
    raw = source.read_bytes() if isinstance(source, Path) else source
    convert = pa_csv.ConvertOptions(
        column_types={column: pa.string() for column in _header(raw)},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        null_values=[],
    )
    try:
        return pa_csv.read_csv(io.BytesIO(raw), convert_options=convert)
    except pa.ArrowInvalid as error:
        # Arrow checks UTF-8 while converting; the row is found only for the message.
        raise _utf8_problem(raw, name) or ResponsesFileError(
            f"{name} cannot be read as CSV: {error}"
        ) from None


def _coded(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """The column as codes into its distinct values (in order of first appearance),
    surrounding spaces removed: encoded first and trimmed per distinct value, so the
    trimming costs the distinct values, not the rows."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    raw_codes = encoded.indices.to_numpy(zero_copy_only=False)
    trimmed = pc.utf8_trim_whitespace(encoded.dictionary)
    merged = pc.dictionary_encode(trimmed)  # "a" and " a" become one value
    values = merged.dictionary.to_numpy(zero_copy_only=False).astype(object)
    if len(values) == len(trimmed):  # nothing merged: the codes stand
        return raw_codes, values
    return merged.indices.to_numpy(zero_copy_only=False)[raw_codes], values


def _first(mask: np.ndarray) -> int | None:
    position = int(np.argmax(mask)) if mask.size else 0
    return position if mask.size and mask[position] else None


def _fail(position: int | None, column: str, message: str) -> None:
    if position is not None:
        raise ResponsesFileError(f"row {position + 2}, column '{column}': {message}")


def _first_repeat(codes: list[tuple[np.ndarray, np.ndarray]]) -> tuple[int, int] | None:
    """The first row whose key (one code per key column) an earlier row holds, and that
    earlier row; ``None`` when every key is new. The codes are combined into one number
    per row; when the numbers are few enough, one count per number tells whether any
    repeats, else (and to find which) they are coded again in order of first
    appearance: a row repeats a key exactly when its code is not above every earlier
    code."""
    key = np.zeros(codes[0][0].size, dtype=np.int64)
    size = 1
    for part, values in codes:  # in place: no new array per column
        if size * max(len(values), 1) > 2**62 // 4:  # too wide: recode before combining
            key, uniques = pd.factorize(key, sort=False)
            size = len(uniques)
        key *= len(values)
        key += part
        size *= max(len(values), 1)
    if size <= 8 * key.size + 2**20 and np.bincount(key, minlength=size).max() <= 1:
        return None
    key, _ = pd.factorize(key, sort=False)
    if key.size < 2:
        return None
    again = _first(key[1:] <= np.maximum.accumulate(key)[:-1])
    if again is None:
        return None
    return again + 1, int(np.argmax(key == key[again + 1]))


def read_responses(source: Path | bytes, *, name: str = "") -> pd.DataFrame:
    """The rows as text columns (``correct`` as int8), surrounding spaces removed;
    ``learner_id``, ``item_id`` and ``chosen`` come as categoricals (text values, coded
    once here). ``source`` is a path or the file's bytes (an upload); ``name`` names it
    in messages. Raises :class:`ResponsesFileError` naming the first bad row. The checks
    run over whole columns (Arrow kernels and numpy), never a loop over rows."""
    name = name or (source.name if isinstance(source, Path) else "the file")
    try:
        table = _read(source, name)
    except OSError as error:
        raise ResponsesFileError(f"{name} cannot be read: {error.strerror}") from None
    table = table.rename_columns([str(column).strip() for column in table.column_names])
    missing = [column for column in COLUMNS if column not in table.column_names]
    if missing:
        raise ResponsesFileError(f"row 1: missing column(s) {', '.join(missing)}")
    if table.num_rows == 0:
        raise ResponsesFileError("row 2: the file holds no rows")
    splits = [c for c in SPLIT_COLUMNS if c in table.column_names]
    coded = {column: _coded(table[column]) for column in (*COLUMNS, *splits)}
    for column in ("learner_id", "item_id"):
        codes, values = coded[column]
        _fail(_first((values == "")[codes]), column, "empty: every row needs one")
    codes, values = coded["correct"]
    bad = _first(~np.isin(values, ("0", "1"))[codes])
    _fail(bad, "correct", f"{values[codes[bad]]!r} is not 1 or 0" if bad is not None else "")
    right = (values == "1")[codes]
    chosen_codes, chosen_values = coded["chosen"]
    skipped = (chosen_values == "")[chosen_codes]
    _fail(_first(skipped & right), "correct", "1 for a skipped item (chosen is empty)")
    repeat = _first_repeat([coded[column] for column in ("learner_id", "item_id", *splits)])
    if repeat is not None:
        position, first = repeat
        learner = coded["learner_id"][1][coded["learner_id"][0][position]]
        item = coded["item_id"][1][coded["item_id"][0][position]]
        raise ResponsesFileError(
            f"row {position + 2}, column 'item_id': learner {learner} answers item "
            f"{item} a second time (first on row {first + 2})"
        )
    frame = pd.DataFrame(index=pd.RangeIndex(table.num_rows))
    for column in ("learner_id", "item_id", "chosen"):
        codes, values = coded[column]
        frame[column] = pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype=str))
    frame["correct"] = right.astype(np.int8)
    for column in splits:
        codes, values = coded[column]
        frame[column] = pd.Series(values[codes], dtype=str)
    for column in table.column_names:
        if column not in coded:
            frame[column] = table[column].to_pandas()
    return frame[table.column_names]


def split_values(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The distinct values of each split column present (``form``, ``phase``)."""
    return {column: sorted(frame[column].unique()) for column in SPLIT_COLUMNS if column in frame}
