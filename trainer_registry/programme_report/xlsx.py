"""The programme report as an XLSX workbook (openpyxl): a ``README`` sheet with the
scope, every table's definition and the sources, then one sheet per table (named by its
key) with a bold header row, frozen below it, raw numbers (shares as fractions 0-1, shown
as percentages; missing values as empty cells).

The same report gives the same bytes: the workbook's creation and modification dates are
the reference date (openpyxl stamps the time of saving; the document properties are
written again after it) and the ZIP entries carry a fixed time.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from trainer_registry.countries import country_label
from trainer_registry.inputs.spreadsheet import safe_cell, safe_row
from trainer_registry.programme_report import cells
from trainer_registry.programme_report.report import ProgrammeReport, sources

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _value(value):
    value = value.item() if hasattr(value, "item") else value
    return None if cells.missing(value) else safe_cell(value)


def readme_rows(report: ProgrammeReport) -> list[tuple[str, str]]:
    """The README sheet (and the CSV archive's README) as (label, text) rows, in the
    active language; each table's column keys (the same in every language) with their
    headings."""
    rows = [(report.options.title, ""), ("", "")]
    rows += report.options.describe(country_label)
    rows.append((_("Countries reported"), ", ".join(report.countries) or "-"))
    rows.append((_("Sampled people left out (no consent)"), str(report.left_out_without_consent)))
    rows.append(("", ""))
    rows.append((_("Table"), _("Definition")))
    rows += [(table.key, f"{table.title}. {table.definition}") for table in report.tables]
    rows.append(("", ""))
    rows.append((_("Column"), _("Heading")))
    columns = dict.fromkeys(c for table in report.tables for c in table.frame.columns)
    rows += [(column, cells.heading(column)) for column in columns]
    rows.append(("", ""))
    rows += [(_("Source"), source) for source in sources()]
    rows.append((_("Privacy"), _("Aggregate figures only: no person is named.")))
    return rows


def render(report: ProgrammeReport) -> bytes:
    """The workbook as bytes, its README in the active language."""
    book = Workbook()
    readme = book.active
    readme.title = "README"
    for row in readme_rows(report):
        readme.append(safe_row(row))
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 40
    readme.column_dimensions["B"].width = 120
    for table in report.tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append(list(table.frame.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for record in table.frame.itertuples(index=False):
            sheet.append([_value(v) for v in record])
        for number, column in enumerate(table.frame.columns, start=1):
            letter = get_column_letter(number)
            sheet.column_dimensions[letter].width = max(10, min(60, len(str(column)) + 4))
            if column in cells.PERCENT_COLUMNS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                    cell.number_format = "0.0%"
        sheet.freeze_panes = "A2"
    moment = datetime.combine(report.options.reference_date, datetime.min.time())
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.creator = "COMMIT Training"
    book.properties.title = report.options.title
    out = io.BytesIO()
    book.save(out)  # sets the modification date to now
    book.properties.modified = moment
    return _fixed_times(out.getvalue(), {ARC_CORE: tostring(book.properties.to_tree())})


def _fixed_times(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """The same archive with every entry dated :data:`FIXED_ZIP_TIME`, and the entries
    named in ``replaced`` holding the given bytes instead."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, replaced.get(info.filename) or source.read(info.filename))
    return out.getvalue()
