"""Reading a file of follow-up answers: a CSV (UTF-8) or XLSX export of ODK Collect,
KoboToolbox or a spreadsheet, as text cells under the questionnaire's column names.

What the columns mean, and how the rows are checked and stored, is
:mod:`trainer_registry.followup.answer_import`'s; a file that cannot be read, or whose
header is wrong, raises :class:`AnswerImportError` naming the row and column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from zipfile import BadZipFile

import pandas as pd
import pyarrow as pa
import pyarrow.csv
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from trainer_registry.followup.campaigns import QUESTIONS

REQUIRED = ("person_id", "consent", "still_in_role")
OPTIONAL = (*(q for q in QUESTIONS if q not in REQUIRED), "wave", "channel")
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "instanceid",
    "instancename",
    "formhub",
}


class AnswerImportError(Exception):
    """The file cannot be imported; the message names the row and column."""


def read_table(path: Path) -> pa.Table:
    """Read a CSV (UTF-8, with or without BOM) or XLSX file as text cells: every column
    a string column, an empty cell an empty string."""
    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            _refuse_formulas(path)
            frame = pd.read_excel(path, dtype=str, engine="openpyxl").fillna("")
            return pa.table(
                {str(name): pa.array(frame[name].tolist(), pa.string()) for name in frame.columns}
            )
        try:
            return _read_csv(path)
        except (UnicodeDecodeError, ValueError) as error:  # pyarrow's errors are ValueErrors
            _refuse_non_utf8(path)
            raise AnswerImportError(f"{path.name} cannot be read as CSV: {error}") from None
    except AnswerImportError:
        raise
    except (ValueError, OSError, KeyError) as error:
        raise AnswerImportError(
            f"{path.name} cannot be read as {suffix or 'CSV'}: {error}"
        ) from None


def _read_csv(path: Path) -> pa.Table:
    """pyarrow's CSV reader, every column read as text (its own reader would take "0123"
    for a number); the header is read first, by Python's, for the columns' names."""
    with path.open(encoding="utf-8-sig", newline="") as text:
        header = next(csv.reader(io.StringIO(text.readline())), [])
    return pyarrow.csv.read_csv(
        path,
        convert_options=pyarrow.csv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
        ),
    )


def _refuse_formulas(path: Path) -> None:
    """Refuse a workbook that is not one (not a ZIP of sheets), and one whose first sheet
    holds a formula: its value is whatever the last program to save it computed, or
    nothing at all (a formula written by a script has no saved value and would be read as
    an empty answer). The message names the cell."""
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise AnswerImportError(
            f"{path.name} is not an XLSX workbook ({error}); save it from the spreadsheet "
            "as .xlsx, or export it as CSV UTF-8"
        ) from None
    try:
        for row in book.worksheets[0].iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    raise AnswerImportError(
                        f"row {cell.row}, column {get_column_letter(cell.column)}: "
                        f"a formula ({cell.value}), not a value; paste the values "
                        "(Paste special, values only) and import again"
                    )
    finally:
        book.close()


def _refuse_non_utf8(path: Path) -> None:
    """Name the row of the first byte that is not UTF-8, if there is one."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise AnswerImportError(
            f"row {line}: the file is not UTF-8 text (byte {raw[error.start]:#04x}); "
            "export it again as CSV UTF-8"
        ) from None


def normalise_columns(table: pa.Table) -> dict[str, pa.ChunkedArray | None]:
    """The questionnaire's columns by their short names (group prefixes dropped, metadata
    columns ignored), as text not yet stripped, ``None`` for a question the file leaves
    out; refuses an unknown, repeated or missing column, naming it (row 1 is the
    header)."""
    renamed: dict[int, str] = {}
    for position, column in enumerate(table.column_names):
        name = str(column).strip()
        short = name.rsplit("/", 1)[-1].strip().lower()
        if name.startswith("_") or short in METADATA or short.startswith("_"):
            continue
        if short not in REQUIRED and short not in OPTIONAL:
            raise AnswerImportError(
                f"row 1, column '{name}': not a question of the follow-up questionnaire "
                f"(expected {', '.join(REQUIRED + OPTIONAL)})"
            )
        if short in renamed.values():
            raise AnswerImportError(f"row 1, column '{name}': '{short}' appears twice")
        renamed[position] = short
    missing = [name for name in REQUIRED if name not in renamed.values()]
    if missing:
        raise AnswerImportError(f"row 1: missing column(s) {', '.join(missing)}")
    given = {short: table.column(position).cast(pa.string()) for position, short in renamed.items()}
    return {name: given.get(name) for name in (*REQUIRED, *OPTIONAL)}
