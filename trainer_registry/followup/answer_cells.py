"""The cells of an answer file, one column at a time, as a code per row and the distinct
values the codes stand for; and the checks run over them.

A column of answers holds a handful of distinct cells however long the file is (yes and
no, a few dozen months, four scores), so each check and each conversion runs once per
distinct value, and a row's result is its value's; only a failing check goes back to the
rows to find the first that fails. What the columns mean is
:mod:`trainer_registry.followup.answer_import`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from trainer_registry.followup.answer_file import AnswerImportError


@dataclass(frozen=True)
class Coded:
    """One column: ``values[codes[row]]`` is the cell of ``row``."""

    codes: np.ndarray
    values: list

    @classmethod
    def of(cls, column: pa.ChunkedArray | None, rows: int) -> Coded:
        """A column of the file, each cell stripped of white space (``None``: a question
        it leaves out, every cell empty)."""
        if column is None:
            return cls(np.zeros(rows, dtype=np.int32), [""])
        encoded = pc.dictionary_encode(column).combine_chunks()
        coded = cls(encoded.indices.to_numpy(), encoded.dictionary.to_pylist())
        stripped = pc.utf8_trim_whitespace(encoded.dictionary).to_pylist()
        if stripped == coded.values:
            return coded
        return Coded(coded.codes, stripped).relabelled(lambda value: value)

    def cell(self, row: int):
        return self.values[self.codes[row]]

    def each(self, convert: Callable, dtype=object) -> np.ndarray:
        """``convert`` of each distinct value, as an array to index with ``codes``."""
        return np.array([convert(value) for value in self.values], dtype=dtype)

    def rows(self, per_value: np.ndarray) -> np.ndarray:
        """A result per distinct value (as :meth:`each` gives) spread over the rows."""
        return per_value[self.codes]

    def relabelled(self, convert: Callable) -> Coded:
        """The column with ``convert`` applied to each distinct value, values that become
        equal merged into one."""
        new: dict = {}
        remap = np.array([new.setdefault(convert(v), len(new)) for v in self.values])
        return Coded(remap[self.codes] if len(remap) else self.codes, list(new))

    def holds_one_value(self) -> bool:
        return len(self.values) == 1

    def categorical(self) -> pd.Categorical:
        return pd.Categorical.from_codes(self.codes, categories=pd.Index(self.values, dtype=object))


def months(values: list[str]) -> np.ndarray:
    """``YYYY-MM`` or ``YYYY-MM-DD`` to the first day of the month; NaT where empty or
    unreadable."""
    distinct = pd.Series(values, dtype=object).where(pd.Series(values, dtype=object) != "")
    by_month = pd.to_datetime(distinct, format="%Y-%m", errors="coerce")
    by_day = pd.to_datetime(distinct, format="%Y-%m-%d", errors="coerce")
    first = by_month.fillna(by_day).dt.to_period("M").dt.to_timestamp()
    return first.to_numpy().astype("datetime64[s]")


def whole_numbers(values: list[str], *, low: int) -> tuple[np.ndarray, np.ndarray]:
    """The numbers (NaN where empty), and where each value is empty or a whole number of
    at least ``low``."""
    empty = np.array([value == "" for value in values], dtype=bool)
    numbers = pd.to_numeric(
        pd.Series(values, dtype=object).where(~empty), errors="coerce"
    ).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        whole = ~np.isnan(numbers) & (numbers % 1 == 0) & (numbers >= low)
    return numbers, empty | whole


def _cell(row: int, column: str, message: str) -> AnswerImportError:
    return AnswerImportError(f"row {row}, column '{column}': {message}")


@dataclass(frozen=True)
class _Failure:
    position: int  # 0-based data row
    column: str
    message: str


class Checks:
    """The checks of a file; each records the first row that fails. The file's first
    failure (by row, then by the order of the checks) is reported, naming its row as in
    the file (the header is row 1) and its column."""

    def __init__(self) -> None:
        self.failures: list[_Failure] = []

    def rows(self, ok, column: str, message: Callable[[int], str]) -> None:
        """``ok`` is True in each row whose cell is right; ``message(position)`` words a
        failure."""
        bad = np.flatnonzero(~np.asarray(ok, dtype=bool))
        if bad.size:
            position = int(bad[0])
            self.failures.append(_Failure(position, column, message(position)))

    def values(self, coded: Coded, ok, column: str, message: Callable[[int], str]) -> None:
        """``ok`` is True for each distinct value of ``coded`` that is right: the rows
        are only looked at when one is not."""
        ok = np.asarray(ok, dtype=bool)
        if not ok.all():
            self.rows(coded.rows(ok), column, message)

    def raise_first(self) -> None:
        if self.failures:
            first = min(self.failures, key=lambda f: f.position)
            raise refusal(first.position, first.column, first.message)


def refusal(position: int, column: str, message: str) -> AnswerImportError:
    """The error for the data row at ``position`` (0-based), named as in the file."""
    return _cell(position + 2, column, message)
