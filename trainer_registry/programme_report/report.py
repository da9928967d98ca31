"""The programme report as tables: :func:`compute_report` (pure, from the
:class:`RegistryFrames`) and :func:`build_report` (reads them first, for one user, through
the analytics reader :mod:`trainer_registry.analytics.frames`).

Each :class:`ReportTable` has a short ``key`` (the XLSX sheet and CSV file name), a
``title``, and a ``definition`` stating what is counted and the source of the formula;
the renderers write every table the same way, so the PDF, the workbook and the CSV files
hold the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trainer_registry.access import Access, visible_campaigns
from trainer_registry.analytics import frames
from trainer_registry.programme_report import counts, followup_tables, outcomes
from trainer_registry.programme_report.options import ReportOptionError, ReportOptions

SOURCES = (
    gettext_noop(
        "Counts by sex: as the COMMIT programmes report them (UNIAP Final Report Phase III)."
    ),
    gettext_noop("Logframe indicators: Regional Training of Trainers logframe (UNIAP Phase III)."),
    gettext_noop("Share left and intervals: Wilson (1927); Brown, Cai and DasGupta (2001)."),
    gettext_noop("Retention: Kaplan and Meier (1958), Greenwood variance, log(-log) interval."),
    gettext_noop("Response rates: AAPOR Standard Definitions (2023)."),
    gettext_noop("Knowledge gain: Hake (1998), American Journal of Physics 66(1)."),
)


def sources() -> list[str]:
    """The sources of the report's formulas, in the active language."""
    return [_(source) for source in SOURCES]


@dataclass(frozen=True)
class RegistryFrames:
    """The rows behind a report, in the analytics reader's columns
    (:mod:`trainer_registry.analytics.frames`).

    ``participations``: one row per person per training in scope; ``deliveries``: one row
    per trainer (lead or co-trainer) per training in scope; ``certifications``: each
    person's latest certification decided by the reference date, with the status that
    holds then; ``regional_tot_participants``: ids of everyone in reach who took part in
    a regional Training of Trainers (at any date); ``followup``: the follow-up interchange
    rows (DESIGN.md) of the campaigns in reach, in scope, with the columns of
    :data:`FOLLOWUP`; ``countries``: the countries reported.
    """

    participations: pd.DataFrame
    deliveries: pd.DataFrame
    certifications: pd.DataFrame
    regional_tot_participants: frozenset
    followup: pd.DataFrame
    left_out_without_consent: int
    countries: tuple[str, ...]


FOLLOWUP = (
    "country",
    "programme",
    "trained_on",
    "disposition",
    "in_role",
    "left_role_on",
    "last_confirmed_on",
    "weight",
)
"""The follow-up columns the report reads (for the scope, the attrition and the response
rates): at a million rows, the others (public ids, organisations) would be most of the
worker's memory."""


def _followup_in_scope(followup: pd.DataFrame, options: ReportOptions) -> pd.DataFrame:
    """The rows in the report's scope: the same frame, not a copy of a million rows, when
    the options narrow nothing."""
    keep = np.ones(len(followup), dtype=bool)
    if options.countries:
        keep &= followup["country"].isin(options.countries).to_numpy()
    if options.programmes:
        keep &= followup["programme"].isin(options.programmes).to_numpy()
    if options.trained_from:
        keep &= (followup["trained_on"] >= pd.Timestamp(options.trained_from)).to_numpy()
    if options.trained_to:
        keep &= (followup["trained_on"] <= pd.Timestamp(options.trained_to)).to_numpy()
    return followup if keep.all() else followup[keep].reset_index(drop=True)


def gather(access: Access, options: ReportOptions) -> RegistryFrames:
    """The rows of the report that ``options`` asks for, as ``access`` reaches them.
    Raises :class:`ReportOptionError` for a country out of reach."""
    outside = [c for c in options.countries if not access.reaches_country(c)]
    if outside:
        raise ReportOptionError(f"--country {outside[0]}: not in your reach")
    scope = frames.Scope(
        programmes=options.programmes,
        countries=options.countries,
        trained_from=options.trained_from,
        trained_to=options.trained_to,
    )
    tot = frames.participation_frame(access, frames.Scope(programmes=("TOT",)))
    followup, left_out = frames.followup_frame(access, visible_campaigns(access), FOLLOWUP)
    followup = _followup_in_scope(followup, options)
    countries = options.countries or tuple(
        sorted(
            frames.people_in_scope(access, scope)
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
    )
    return RegistryFrames(
        participations=frames.participation_frame(access, scope),
        deliveries=frames.delivery_frame(access, scope),
        certifications=frames.held_on(
            frames.certification_frame(access, frames.Scope(countries=options.countries)),
            options.reference_date,
        ),
        regional_tot_participants=frozenset(tot.loc[tot["regional_programme"], "person_id"]),
        followup=followup,
        left_out_without_consent=left_out,
        countries=tuple(countries),
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
    """The report's tables from the gathered rows, titled, defined and worded in the
    report's language."""
    with translation.override(options.language):
        return _compute_report(frames, options)


def _compute_report(frames: RegistryFrames, options: ReportOptions) -> ProgrammeReport:
    p, d, c = frames.participations, frames.deliveries, frames.certifications
    followup = followup_tables.followup_report(frames.followup)
    curve = followup_tables.retention_curve(followup)
    tables = (
        ReportTable(
            "logframe",
            _("Logframe indicators"),
            _(
                "1. All countries have a trained cadre of anti-trafficking trainers: trainers "
                "with an active certification at the reference date (met: at least one). "
                "2. Numbers of national trainers trained by the participants in the regional "
                "ToT: people who took part in a national ToT led or co-facilitated by someone "
                "who took part in a regional ToT."
            ),
            counts.logframe_indicators(frames.countries, p, d, c, frames.regional_tot_participants),
        ),
        ReportTable(
            "participants",
            _("Participants by country, programme and sex"),
            _(
                "Distinct people who took part (role participant) in trainings in scope, by their "
                "country and the programme kind; a person in two programmes counts in each."
            ),
            counts.participants_by_country_programme(p),
        ),
        ReportTable(
            "trainers_trained",
            _("Trainers trained by country, ToT level and sex"),
            _(
                "Distinct people who completed a Training of Trainers in scope; regional: a "
                "programme with no country, national: a country's own ToT."
            ),
            counts.trainers_trained(p),
        ),
        ReportTable(
            "certified_trainers",
            _("Certified trainers by country, status and sex"),
            _(
                "Trainers by the status of their latest certification at the reference date "
                "(an active certification past its date has expired); the logframe counts the "
                "active ones."
            ),
            counts.certifications_by_status(c),
        ),
        ReportTable(
            "attrition",
            _("Attrition by country"),
            # xgettext:no-python-format
            _(
                "Share no longer in the anti-trafficking role = left / respondents (answered yes "
                "or no), 95 % Wilson interval; Kaplan-Meier retention at 365, 730 and 1095 days "
                "from the training; small_cell: under 30 respondents (shown, never ranked)."
            ),
            followup_tables.attrition_by_country(followup),
        ),
        ReportTable(
            "response_rates",
            _("Follow-up response rates by country"),
            _(
                "AAPOR dispositions (I complete, P partial, R refusal, NC non-contact, O other, "
                "UH/UO unknown eligibility, NE not eligible) and RR1-RR6, COOP1, REF1, CON1."
            ),
            followup_tables.response_rates_by_country(frames.followup, followup),
        ),
        ReportTable(
            "retention_curve",
            _("Kaplan-Meier retention, all respondents"),
            # xgettext:no-python-format
            _(
                "Share still in the role by days since training, with its 95 % log(-log) "
                "interval (Greenwood variance)."
            ),
            curve,
        ),
        ReportTable(
            "cascade",
            _("The training cascade"),
            _(
                "Trainees per certified trainer = distinct people trained by certified "
                "trainers / certified trainers; active: delivered a training in the six months "
                "before the reference date; counts from attendance records."
            ),
            outcomes.cascade_summary(p, d, c, reference_date=options.reference_date),
        ),
        ReportTable(
            "knowledge_gain",
            _("Knowledge gain by programme"),
            # xgettext:no-python-format
            _(
                "Hake's class gain <g> = (mean post - mean pre) / (100 - mean pre), raw gain = "
                "mean post - mean pre, pass rate = post-test >= 75 % with its Wilson interval."
            ),
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
    return compute_report(gather(access, options), options)
