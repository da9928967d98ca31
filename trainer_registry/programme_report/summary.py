"""The programme report's first page: its key figures in a few lines, each from a table
the report goes on to give in full, in the report's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from trainer_registry.programme_report import cells
from trainer_registry.programme_report.report import ProgrammeReport

PROGRAMMES = ("RTP", "NTP", "TOT", "OTHER")


def _sum(frame, column: str = "total", **where) -> int:
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return int(frame[column].sum()) if not frame.empty else 0


def key_figures(report: ProgrammeReport) -> list[tuple[str, str]]:
    """(what, figure) pairs, in the active language; a figure the data cannot give says so."""
    figures: list[tuple[str, str]] = []
    participants = report.table("participants").frame
    if not participants.empty:
        by_kind = [
            f"{cells.label('programme', kind)}: {_sum(participants, programme=kind)}"
            for kind in PROGRAMMES
            if _sum(participants, programme=kind)
        ]
        figures.append((_("Participants by programme"), ", ".join(by_kind)))
    certified = report.table("certified_trainers").frame
    active = _sum(certified, status="active") if not certified.empty else 0
    figures.append((_("Trainers with an active certification"), str(active)))
    trained = report.table("trainers_trained").frame
    if not trained.empty:
        figures.append(
            (
                _("Trainers trained (national ToT, regional ToT)"),
                f"{_sum(trained, tot_level='national')}, {_sum(trained, tot_level='regional')}",
            )
        )
    attrition = report.table("attrition").frame
    overall = attrition[attrition["country"] == "all"]
    if overall.empty or cells.missing(overall.iloc[0]["share_left"]):
        figures.append((_("No longer in the anti-trafficking role"), _("no follow-up answers")))
    else:
        row = overall.iloc[0]
        figures.append(
            (
                _("No longer in the anti-trafficking role"),
                _("%(share)s of %(respondents)s respondents (95 %% interval %(low)s - %(high)s)")
                % {
                    "share": cells.cell("share_left", float(row["share_left"])),
                    "respondents": int(row["respondents"]),
                    "low": cells.cell("ci_low", row["ci_low"]),
                    "high": cells.cell("ci_high", row["ci_high"]),
                },
            )
        )
        still = [
            f"{label} {cells.cell(column, float(row[column]))}"
            for column, label in (
                ("retention_365", _("1 year:")),
                ("retention_730", _("2 years:")),
                ("retention_1095", _("3 years:")),
            )
            if not cells.missing(row[column])
        ]
        if still:
            figures.append((_("Still in the role (Kaplan-Meier)"), ", ".join(still)))
    rates = report.table("response_rates").frame
    overall_rates = rates[rates["country"] == "all"]
    if not overall_rates.empty and not cells.missing(overall_rates.iloc[0]["RR1"]):
        row = overall_rates.iloc[0]
        figures.append(
            (
                _("Follow-up response rate (RR1)"),
                _("%(rate)s: %(complete)s complete answers of %(sampled)s sampled")
                % {
                    "rate": cells.cell("RR1", float(row["RR1"])),
                    "complete": int(row["I"]),
                    "sampled": int(row["sampled"]),
                },
            )
        )
    gain = report.table("knowledge_gain").frame
    if not gain.empty:
        shown = [
            f"{cells.label('programme', row['programme'])} "
            f"{cells.cell('class_gain', row['class_gain'])}"
            for row in gain.to_dict("records")
            if not cells.missing(row["class_gain"])
        ]
        if shown:
            figures.append((_("Knowledge gain, Hake's <g>"), ", ".join(shown)))
    return figures
