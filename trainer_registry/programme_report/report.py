"""The programme report as tables: :func:`compute_report` (pure, from the gathered
DataFrames) and :func:`build_report` (gathers from the registry for one user first).

Each :class:`ReportTable` has a short ``key`` (the XLSX sheet and CSV file name), a
``title``, and a ``definition`` stating what is counted and the source of the formula;
the renderers write every table the same way, so the PDF, the workbook and the CSV files
hold the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trainer_registry.programme_report import counts, followup_tables, outcomes
from trainer_registry.programme_report.gathering import RegistryFrames
from trainer_registry.programme_report.options import ReportOptions

SOURCES = (
    "Counts by sex: as the COMMIT programmes report them (UNIAP Final Report Phase III).",
    "Logframe indicators: Regional Training of Trainers logframe (UNIAP Phase III).",
    "Share left and intervals: Wilson (1927); Brown, Cai and DasGupta (2001).",
    "Retention: Kaplan and Meier (1958), Greenwood variance, log(-log) interval.",
    "Response rates: AAPOR Standard Definitions (2023).",
    "Knowledge gain: Hake (1998), American Journal of Physics 66(1).",
)


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    definition: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class ProgrammeReport:
    """Everything the renderers draw. ``retention_curve`` also appears as a table;
    ``left_out_without_consent`` counts sampled people whose answers are not used."""

    options: ReportOptions
    countries: tuple[str, ...]
    tables: tuple[ReportTable, ...]
    retention_curve: pd.DataFrame
    left_out_without_consent: int

    def table(self, key: str) -> ReportTable:
        return next(table for table in self.tables if table.key == key)


def compute_report(frames: RegistryFrames, options: ReportOptions) -> ProgrammeReport:
    """The report's tables from the gathered rows."""
    p, d, c = frames.participations, frames.deliveries, frames.certifications
    followup = followup_tables.followup_report(frames.followup)
    curve = followup_tables.retention_curve(followup)
    tables = (
        ReportTable(
            "logframe",
            "Logframe indicators",
            "1. All countries have a trained cadre of anti-trafficking trainers: trainers "
            "with an active certification at the reference date (met: at least one). "
            "2. Numbers of national trainers trained by the participants in the regional "
            "ToT: people who took part in a national ToT led or co-facilitated by someone "
            "who took part in a regional ToT.",
            counts.logframe_indicators(frames.countries, p, d, c, frames.regional_tot_participants),
        ),
        ReportTable(
            "participants",
            "Participants by country, programme and sex",
            "Distinct people who took part (role participant) in trainings in scope, by their "
            "country and the programme kind; a person in two programmes counts in each.",
            counts.participants_by_country_programme(p),
        ),
        ReportTable(
            "trainers_trained",
            "Trainers trained by country, ToT level and sex",
            "Distinct people who completed a Training of Trainers in scope; regional: a "
            "programme with no country, national: a country's own ToT.",
            counts.trainers_trained(p),
        ),
        ReportTable(
            "certified_trainers",
            "Certified trainers by country, status and sex",
            "Trainers by the status of their latest certification at the reference date "
            "(an active certification past its date has expired); the logframe counts the "
            "active ones.",
            counts.certifications_by_status(c),
        ),
        ReportTable(
            "attrition",
            "Attrition by country",
            "Share no longer in the anti-trafficking role = left / respondents (answered yes "
            "or no), 95 % Wilson interval; Kaplan-Meier retention at 365, 730 and 1095 days "
            "from the training; small_cell: under 30 respondents (shown, never ranked).",
            followup_tables.attrition_by_country(followup),
        ),
        ReportTable(
            "response_rates",
            "Follow-up response rates by country",
            "AAPOR dispositions (I complete, P partial, R refusal, NC non-contact, O other, "
            "UH/UO unknown eligibility, NE not eligible) and RR1-RR6, COOP1, REF1, CON1.",
            followup_tables.response_rates_by_country(frames.followup, followup),
        ),
        ReportTable(
            "retention_curve",
            "Kaplan-Meier retention, all respondents",
            "Share still in the role by days since training, with its 95 % log(-log) "
            "interval (Greenwood variance).",
            curve,
        ),
        ReportTable(
            "cascade",
            "The training cascade",
            "Trainees per certified trainer = distinct people trained by certified "
            "trainers / certified trainers; active: delivered a training in the six months "
            "before the reference date; counts from attendance records.",
            outcomes.cascade_summary(p, d, c, reference_date=options.reference_date),
        ),
        ReportTable(
            "knowledge_gain",
            "Knowledge gain by programme",
            "Hake's class gain <g> = (mean post - mean pre) / (100 - mean pre), raw gain = "
            "mean post - mean pre, pass rate = post-test >= 75 % with its Wilson interval.",
            outcomes.knowledge_gain_by_programme(p),
        ),
    )
    return ProgrammeReport(
        options=options,
        countries=frames.countries,
        tables=tables,
        retention_curve=curve,
        left_out_without_consent=frames.left_out_without_consent,
    )


def build_report(access, options: ReportOptions) -> ProgrammeReport:
    """The report for one user's access: figures only from what they reach."""
    from trainer_registry.programme_report.gathering import gather

    return compute_report(gather(access, options), options)
