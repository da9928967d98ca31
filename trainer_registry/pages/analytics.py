"""Staff analytics pages: what every analytics page shares (:class:`AnalyticsPage`), and the
follow-up pages: attrition and response rates, retention curves. The training cascade
and knowledge gain are in :mod:`trainer_registry.pages.analytics_training`.

Thin shells: each page reads its filters (:mod:`trainer_registry.pages.analytics_filters`), takes
the records in the user's reach as DataFrames (:mod:`trainer_registry.analytics.frames`),
hands them to the pure cores of :mod:`trainer_registry.attrition` and shows the result.
Administrators, country programme managers and M&E analysts see these pages
(``Access.sees_analytics``); trainers and auditors get 403. A country or campaign out of
reach answers 404. The follow-up pages show the latest campaign unless the reader
chooses another or all of them pooled. Where a page names people (the
cascade's trainers), :mod:`trainer_registry.pages.analytics_people` decides how: by name,
or by the analyst's own pseudonym. Every page shown is written to the audit log as viewed;
its CSV downloads as exported (:mod:`trainer_registry.analytics.exports`).
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from trainer_registry import audit
from trainer_registry.access import visible_campaigns
from trainer_registry.analytics import frames
from trainer_registry.attrition.report import RETENTION_DAYS, attrition_report
from trainer_registry.attrition.retention_chart import (
    MAX_SERIES,
    Series,
    last_observed_days,
    read_at,
    retention_svg,
)
from trainer_registry.countries import country_label
from trainer_registry.followup.response_rates import CODES, response_rates
from trainer_registry.models import (
    AuditAction,
    Disposition,
    FollowUpCampaign,
    ProgrammeKind,
    Sector,
    Sex,
)
from trainer_registry.pages import kept_figures
from trainer_registry.pages.analytics_filters import (
    CAMPAIGNS_LISTED,
    GROUPINGS,
    POOLED,
    AnalyticsFilters,
    AttritionFilters,
    RetentionFilters,
    campaign_choices,
    latest_first,
    out_of_reach,
)
from trainer_registry.pages.campaigns import RATE_MEANINGS
from trainer_registry.pages.staff import StaffMixin

MIN_CELL = 30
RATES = ("RR1", "RR2", "RR3", "RR4", "RR5", "RR6", "COOP1", "REF1", "CON1")


class AnalyticsPage(StaffMixin, TemplateView):
    """A page of figures: checks the role, reads the filters, audits what was shown."""

    page = ""
    filters_class = AnalyticsFilters
    defaults: dict = {}  # the filters of a first visit

    def read_filters(self, request) -> bool:
        """Check the role and the reach, and read the filters into ``self.form``: whether
        they are valid."""
        if not self.access.sees_analytics:
            raise PermissionDenied(
                "Only administrators, country programme managers and M&E analysts see analytics."
            )
        self.campaigns = visible_campaigns(self.access)
        outside = out_of_reach(self.access, request.GET, self.reaches_campaign)
        if outside:
            raise Http404(f"No {outside} in your reach.")
        data = request.GET.copy() if request.GET else self.first_visit()
        self.form = self.make_form(self.with_defaults(data))
        return self.form.is_valid()

    def reaches_campaign(self, code: str) -> bool:
        """Whether the campaign ``code`` is in the reader's reach."""
        return self.campaigns.filter(code=code).exists()

    def get(self, request, *args, **kwargs):
        if not self.read_filters(request):
            context = self.get_context_data(**kwargs)
            return self.render_to_response(context, status=400)
        context = self.get_context_data(**kwargs)
        counted = kept_figures.kept(
            self.page, self.access, self.form.cleaned_data, lambda: self.count(self.form)
        )
        context.update(counted=counted, **self.shown(counted.figures))
        audit.record(
            request.user,
            AuditAction.VIEW,
            "analytics",
            self.page,
            country=self.form.cleaned_data.get("country", ""),
            via="staff-page",
            filters=request.GET.dict(),
            shown={k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "", [])},
            rows=context.get("rows", 0),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        """Count again: the kept figures of these filters are dropped, then shown anew."""
        if self.read_filters(request):
            kept_figures.forget(self.page, self.access, self.form.cleaned_data)
        return redirect(request.get_full_path())

    def first_visit(self) -> QueryDict:
        """The filters of a first visit (no query)."""
        return self.defaults.copy()

    def with_defaults(self, data: QueryDict) -> QueryDict:
        """``data`` with what the reader left unsaid filled in."""
        return data

    def make_form(self, data):
        return self.filters_class(data, access=self.access)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, page=self.page, min_cell=MIN_CELL)
        return context

    def count(self, form):
        """The page's figures, kept a while (:mod:`trainer_registry.pages.kept_figures`):
        nothing that depends on who reads them (names, pseudonyms), only on their reach
        and the filters."""
        raise NotImplementedError

    def shown(self, figures) -> dict:
        """The context of counted ``figures`` as this reader is to see them."""
        return figures


class FollowUpPage(AnalyticsPage):
    """A page of follow-up answers: one campaign (the latest unless chosen) or all pooled.

    The filter lists the latest campaigns (``CAMPAIGNS_LISTED``) and the one chosen, each
    read in one query whatever the number of campaigns in reach."""

    defaults = QueryDict()
    named: FollowUpCampaign | None = None  # the campaign the query names, once in reach

    def reaches_campaign(self, code: str) -> bool:
        self.named = self.campaigns.filter(code=code).first()
        return self.named is not None

    def with_defaults(self, data: QueryDict) -> QueryDict:
        self.listed = list(latest_first(self.campaigns)[:CAMPAIGNS_LISTED])
        self.latest = self.listed[0] if self.listed else None
        if "campaign" not in data and self.latest:
            data = data.copy()
            data["campaign"] = self.latest.code
            self.named = self.latest
        return data

    def make_form(self, data):
        choices = campaign_choices(self.listed, self.named)
        return self.filters_class(data, access=self.access, campaigns=choices)

    def followup(self, form):
        code = form.cleaned_data.get("campaign", POOLED)
        chosen = self.campaigns.filter(code=code) if code != POOLED else self.campaigns
        frame, left_out = frames.followup_frame(self.access, chosen)
        return form.narrow(frame), left_out

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.form.is_valid():
            pooled = self.form.cleaned_data.get("campaign", POOLED) == POOLED
            # Pooled, the page counts every campaign in reach and names them all.
            shown = list(latest_first(self.campaigns)) if pooled else [self.named]
            context.update(
                campaigns_shown=shown,
                campaign_names=", ".join(f"{c.name} ({c.code})" for c in shown),
                pooled=pooled and self.latest is not None,
                latest=self.latest,
            )
        return context


def share(value) -> float | None:
    """A share for the page (shown by the ``percent`` filter); ``None`` where none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _share_row(label: str, figures: dict) -> dict:
    ci = figures.get("ci") or (None, None)
    return {
        "label": label,
        "sampled": figures.get("sampled", 0),
        "respondents": figures.get("respondents", 0),
        "left": figures.get("left", 0),
        "share": share(figures.get("share_left")),
        "ci_low": share(ci[0]),
        "ci_high": share(ci[1]),
        "small_cell": figures.get("respondents", 0) < MIN_CELL,
        "weighted": _weighted(figures.get("weighted")),
    }


def _weighted(block: dict | None) -> dict | None:
    """The share weighted by the sample's base weights, with Kish's effective n."""
    if not block:
        return None
    ci = block.get("ci") or (None, None)
    return {
        "share": share(block.get("share_left")),
        "ci_low": share(ci[0]),
        "ci_high": share(ci[1]),
        "effective_n": block.get("effective_n"),
    }


LABELS = {
    "country": country_label,
    "sector": lambda value: str(dict(Sector.choices).get(value, value or _("unknown"))),
    "programme": lambda value: str(dict(ProgrammeKind.choices).get(value, value)),
    "sex": lambda value: str(dict(Sex.choices).get(value, value)),
    "cohort": str,
}


def _group_label(key: dict) -> str:
    """A group's values in words: "Cambodia · Police"."""
    return " · ".join(LABELS.get(column, str)(value) for column, value in key.items())


class AttritionView(FollowUpPage):
    template_name = "trainer_registry/analytics_attrition.html"
    page = "attrition"
    filters_class = AttritionFilters
    defaults = QueryDict("by=country&by=sector")

    def count(self, form) -> dict:
        frame, left_out = self.followup(form)
        ci = form.cleaned_data["ci"]
        names = dict(GROUPINGS)
        tables = []
        overall = None
        if len(frame):
            overall = _share_row(
                _("Everyone"), attrition_report(frame, by=[], ci_method=ci)["overall"]
            )
            for column in form.cleaned_data["by"]:
                report = attrition_report(frame, by=[column], ci_method=ci, min_cell=MIN_CELL)
                tables.append(
                    {
                        "column": column,
                        "name": names[column],
                        "rows": [_share_row(_group_label(g["key"]), g) for g in report["groups"]],
                    }
                )
        rates = []
        for code in sorted(frame["campaign"].unique()) if len(frame) else []:
            dispositions = frame.loc[frame["campaign"] == code, "disposition"].value_counts()
            counts = {c: int(dispositions.get(c, 0)) for c in CODES}
            values = response_rates({c: n for c, n in counts.items() if n})
            rates.append(
                {
                    "campaign": code,
                    "sampled": sum(counts.values()),
                    "counts": [counts[c] for c in CODES],
                    "rates": [(name, share(values[name])) for name in RATES],
                    "e": values["e"],
                }
            )
        return {
            "rows": len(frame),
            "left_out": left_out,
            "overall_list": [overall] if overall else [],
            "weighted": bool(overall and overall["weighted"]),
            "tables": tables,
            "ci_method": ci,
            "response_rates": rates,
        }

    def shown(self, figures) -> dict:
        """The counted figures with the words of every view (not kept: the same for all)."""
        return {
            **figures,
            "codes": [(code, Disposition(code).label) for code in CODES],
            "rate_names": RATES,
            "rate_meanings": list(RATE_MEANINGS.items()),
        }


class RetentionView(FollowUpPage):
    template_name = "trainer_registry/analytics_retention.html"
    page = "retention"
    filters_class = RetentionFilters

    def count(self, form) -> dict:
        frame, left_out = self.followup(form)
        by = [form.cleaned_data["by"]] if form.cleaned_data["by"] else []
        context = {"rows": len(frame), "left_out": left_out, "by": by, "days": RETENTION_DAYS}
        if not len(frame):
            return context
        report = attrition_report(frame, by=by, ci_method=form.cleaned_data["ci"])
        blocks = (
            [(_("Everyone"), (), report["overall"])]
            if not by
            else [(_group_label(g["key"]), tuple(g["key"].values()), g) for g in report["groups"]]
        )
        last_days = last_observed_days(frame, by)
        series, table = [], []
        for label, key, figures in blocks:
            km = figures.get("km")
            used = figures["respondents"] - figures["km_excluded"]
            row = {
                "label": label,
                "respondents": figures["respondents"],
                "used": used,
                "excluded": figures["km_excluded"],
                "small_cell": figures["respondents"] < MIN_CELL,
                "median": figures.get("median_retention_days"),
                "readings": [],
            }
            if km:
                curve = Series(
                    label, km["days"], km["survival"], km["ci_low"], km["ci_high"], last_days[key]
                )
                row["readings"] = [read_at(curve, day) for day in RETENTION_DAYS]
                row["charted"] = len(series) < MAX_SERIES
                if row["charted"]:
                    series.append(curve)
            table.append(row)
        if series:
            context["chart"] = retention_svg(
                series,
                title=_("Retention in an anti-trafficking role since the training"),
                description=_(
                    "Kaplan-Meier curves of the share still in an anti-trafficking role, by "
                    "years since the training, with 95 %% log(-log) Greenwood interval bands, "
                    "for: %(groups)s. The table that follows gives the same figures."
                )
                % {"groups": ", ".join(s.name for s in series)},
                x_label=_("Years since the training"),
                y_label=_("Still in the role"),
            )
        context.update(
            table=table,
            not_charted=sum(1 for row in table if row["readings"] and not row.get("charted")),
            log_rank=report.get("log_rank"),
        )
        return context
