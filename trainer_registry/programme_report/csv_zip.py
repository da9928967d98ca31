"""The programme report as a ZIP of CSV files: ``README.csv`` (scope, definitions,
sources) and one ``<table>.csv`` per table, UTF-8, header row, raw numbers (shares as
fractions 0-1, missing values empty). A ZIP rather than one CSV because the tables have
different columns; every entry carries a fixed date so the same report gives the same
bytes.
"""

from __future__ import annotations

import csv
import io
import zipfile

from trainer_registry.inputs.spreadsheet import safe_frame, safe_row
from trainer_registry.programme_report.report import ProgrammeReport
from trainer_registry.programme_report.xlsx import FIXED_ZIP_TIME, readme_rows


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue().encode("utf-8")


def render(report: ProgrammeReport) -> bytes:
    """The archive as bytes, its README in the active language."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [("README.csv", _csv(readme_rows(report)))]
        for table in report.tables:
            text = io.StringIO()
            safe_frame(table.frame).to_csv(text, index=False, lineterminator="\n")
            entries.append((f"{table.key}.csv", text.getvalue().encode("utf-8")))
        for name, data in entries:
            entry = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return out.getvalue()
