"""The programme report: what the COMMIT programmes report to their donors and task
forces, from the registry, as a PDF, an XLSX workbook or a ZIP of CSV files.

Layers, each its own module:

* :mod:`.options`: the report's scope (countries, programmes, training dates) checked at
  the door, with errors naming the option;
* :mod:`.report`: the registry's rows in the requesting user's reach, read through the
  analytics reader (:mod:`trainer_registry.analytics.frames`), and the report's tables
  computed from them (:mod:`.counts`, :mod:`.outcomes`, :mod:`.followup_tables`: pure);
* :mod:`.pdf`, :mod:`.xlsx`, :mod:`.csv_zip`: rendering, each ``render(report) -> bytes``;
* :mod:`.stored`: reports asked for on the staff pages, kept per user until downloaded.
"""

from __future__ import annotations

from django.utils import translation

from trainer_registry.programme_report import csv_zip, pdf, xlsx

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def render(report, fmt: str) -> bytes:
    """The report in ``fmt`` (``pdf``, ``xlsx`` or ``zip``), in the report's language."""
    renderer = {"pdf": pdf.render, "xlsx": xlsx.render, "zip": csv_zip.render}.get(fmt)
    if renderer is not None:
        with translation.override(report.options.language):
            return renderer(report)
    raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
