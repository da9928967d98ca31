"""The staff page of item analysis: which questions of an assessment's form work.

A thin shell: the filter (assessment, phase, form) is read here, the item responses in
the user's reach come from :func:`trainer_registry.analytics.frames.item_response_frame`
(learners by pseudonymous ``public_id``), or from an uploaded CSV in the format of
``trainer-registry item-analysis`` (a course team's export), and the figures and charts
from the pure cores of :mod:`trainer_registry.assessment`. Administrators, country
programme managers and M&E analysts see it (``Access.sees_analytics``); every analysis
shown is written to the audit log.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from trainer_registry import audit
from trainer_registry.analytics import frames
from trainer_registry.assessment.item_analysis import ItemAnalysis, item_analysis, response_matrix
from trainer_registry.assessment.item_chart import option_bars_svg, scatter_svg
from trainer_registry.assessment.responses_file import ResponsesFileError, read_responses
from trainer_registry.models import AssessmentForm, AssessmentPhase, AuditAction
from trainer_registry.pages.analytics import MIN_CELL
from trainer_registry.pages.staff import StaffMixin

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ItemAnalysisFilters(forms.Form):
    """Which sitting to analyse; the assessment among those in reach."""

    assessment = forms.ChoiceField(label=gettext_lazy("Assessment"), required=False)
    phase = forms.ChoiceField(
        label=gettext_lazy("Phase"), required=False, choices=AssessmentPhase.choices
    )
    form = forms.ChoiceField(
        label=gettext_lazy("Form"), required=False, choices=AssessmentForm.choices
    )
    responses = forms.FileField(
        label=gettext_lazy("Or analyse a CSV of item responses"),
        required=False,
        help_text=gettext_lazy(
            "Columns learner_id, item_id, chosen, correct (and form, phase), as exported "
            "from the course."
        ),
    )

    def __init__(self, data=None, files=None, *, assessments: list[str], **kwargs):
        super().__init__(data, files, **kwargs)
        self.fields["assessment"].choices = [(a, a) for a in assessments]


def narrow(frame, phase: str, form: str):
    """The rows of one phase and form; a message when the rows mix several."""
    for column, wanted in (("phase", phase), ("form", form)):
        if column not in frame.columns:
            continue
        if wanted:
            frame = frame[frame[column] == wanted]
        elif frame[column].nunique() > 1:
            values = ", ".join(sorted(frame[column].unique()))
            return None, _("The responses mix %(column)s %(values)s: choose one.") % {
                "column": column,
                "values": values,
            }
    return frame, ""


FLAG_LABELS = {
    "too_few_learners": gettext_lazy("too few learners"),
    # xgettext:no-python-format
    "too_easy": gettext_lazy("too easy (over 90 % correct)"),
    # xgettext:no-python-format
    "too_hard": gettext_lazy("too hard (under 20 % correct)"),
    "low_discrimination": gettext_lazy("low discrimination (under 0.20)"),
    "discrimination_undefined": gettext_lazy("discrimination undefined"),
}


def flag_label(flag: str) -> str:
    """A flag in words; a rare distractor names its option."""
    if flag.startswith("rare_distractor:"):
        return _("distractor %(option)s chosen by under 5 %%") % {"option": flag.split(":", 1)[1]}
    return str(FLAG_LABELS.get(flag, flag))


def figures(result: ItemAnalysis) -> dict:
    """The page's charts and table rows."""
    rows = [
        {
            "item": item,
            "options": sorted(item.options.items()),
            "flagged": bool(item.flags),
            "flags": ", ".join(flag_label(flag) for flag in item.flags),
        }
        for item in result.items_detail
    ]
    return {
        "result": result,
        "rows": rows,
        "flagged": [row for row in rows if row["flagged"]],
        "scatter": scatter_svg(
            result,
            title=_("Difficulty and discrimination of each item"),
            # xgettext:no-python-format
            description=_(
                "One point per item: the share correct across, the correlation with the "
                "rest of the test up. Squares are flagged items. Dashed lines mark the "
                "limits 20 % and 90 % of difficulty and 0.20 of discrimination. The table "
                "that follows gives the same figures."
            ),
            x_label=_("Difficulty (share correct)"),
            y_label=_("Discrimination"),
        ),
        "bars": option_bars_svg(
            result,
            title=_("Option shares of each item"),
            description=_(
                "One bar per item, split into the share of learners choosing each option. "
                "The table that follows gives the same figures."
            ),
        ),
    }


class ItemAnalysisView(StaffMixin, TemplateView):
    template_name = "trainer_registry/analytics_item_analysis.html"
    page = "item-analysis"

    def _check(self):
        if not self.access.sees_analytics:
            raise PermissionDenied(
                "Only administrators, country programme managers and M&E analysts see analytics."
            )

    def get(self, request, *args, **kwargs):
        self._check()
        choices = frames.assessments(self.access)
        form = ItemAnalysisFilters(request.GET or None, assessments=choices)
        context = self.get_context_data(form=form, page=self.page, min_cell=MIN_CELL)
        if not form.is_bound or not form.is_valid() or not form.cleaned_data["assessment"]:
            return self.render_to_response(context, status=400 if form.errors else 200)
        query = form.cleaned_data
        frame = frames.item_response_frame(
            self.access, query["assessment"], phase=query["phase"], form=query["form"]
        )
        return self._show(context, frame, query, source=query["assessment"])

    def post(self, request, *args, **kwargs):
        self._check()
        form = ItemAnalysisFilters(
            request.POST, request.FILES, assessments=frames.assessments(self.access)
        )
        context = self.get_context_data(form=form, page=self.page, min_cell=MIN_CELL)
        upload = request.FILES.get("responses")
        if not form.is_valid() or upload is None:
            context["error"] = _("Choose a CSV file of item responses to analyse.")
            return self.render_to_response(context, status=400)
        if upload.size > MAX_UPLOAD_BYTES:
            context["error"] = _("The file is larger than 50 MB.")
            return self.render_to_response(context, status=400)
        try:
            frame = read_responses(upload.read(), name=upload.name)
        except ResponsesFileError as error:
            context["error"] = str(error)
            return self.render_to_response(context, status=400)
        return self._show(context, frame, form.cleaned_data, source=f"upload:{upload.name}")

    def _show(self, context, frame, query, *, source: str):
        frame, problem = narrow(frame, query["phase"], query["form"])
        if problem:
            context["error"] = problem
            return self.render_to_response(context, status=400)
        if len(frame):
            matrix = response_matrix(
                frame["learner_id"], frame["item_id"], frame["chosen"], frame["correct"]
            )
            context.update(figures(item_analysis(matrix, min_learners=MIN_CELL)))
        context["rows_read"] = len(frame)
        audit.record(
            self.request.user,
            AuditAction.VIEW,
            "analytics",
            self.page,
            via="staff-page",
            source=source,
            filters={k: v for k, v in query.items() if k != "responses" and v},
            rows=len(frame),
        )
        return self.render_to_response(context)
