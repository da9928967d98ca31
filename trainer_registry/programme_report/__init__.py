"""The programme report: what the COMMIT programmes report to their donors and task
forces, from the registry, as a PDF, an XLSX workbook or a ZIP of CSV files.

Layers, each its own module:

* :mod:`.options`: the report's scope (countries, programmes, training dates) checked at
  the door, with errors naming the option;
* :mod:`.gathering`: the registry's rows in the requesting user's reach, as DataFrames
  (the only module that reads the database);
* :mod:`.tables`: the report's tables computed from those DataFrames (pure);
* :mod:`.pdf`, :mod:`.xlsx`, :mod:`.csv_zip`: rendering, each ``render(report) -> bytes``;
* :mod:`.stored`: reports asked for on the staff pages, kept per user until downloaded.
"""

from __future__ import annotations

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def render(report, fmt: str) -> bytes:
    """The report in ``fmt`` (``pdf``, ``xlsx`` or ``zip``)."""
    if fmt == "pdf":
        from trainer_registry.programme_report import pdf

        return pdf.render(report)
    if fmt == "xlsx":
        from trainer_registry.programme_report import xlsx

        return xlsx.render(report)
    if fmt == "zip":
        from trainer_registry.programme_report import csv_zip

        return csv_zip.render(report)
    raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
