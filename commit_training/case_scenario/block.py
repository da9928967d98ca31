"""``commit_case_scenario``: a case revealed in stages; the learner marks indicators.

The learner reads the stages one after another, marks the indicators they observed in
the case's indicator table and states a conclusion. The block scores both against the
indicator rule (:mod:`commit_training.scoring.indicators`) and explains every indicator
missed or wrongly marked.
"""

from __future__ import annotations

from django.utils.safestring import mark_safe
from xblock.core import XBlock
from xblock.fields import Dict, Scope, String

from commit_training.base import (
    CommitBlockMixin,
    ContentXmlMixin,
    JsonError,
    ScoredMixin,
    _,
    event,
    json_submit,
    render,
)
from commit_training.case_scenario import content
from commit_training.scoring.indicators import Conclusion, Dimension, score_case
from commit_training.views import element_ids, fragment, safe

OUTCOME_TEMPLATE = "case_scenario_outcome.html"
DIMENSION_NAMES = {
    Dimension.DECEPTIVE_RECRUITMENT: _("Deceptive recruitment"),
    Dimension.COERCIVE_RECRUITMENT: _("Coercive recruitment"),
    Dimension.RECRUITMENT_BY_ABUSE_OF_VULNERABILITY: _("Recruitment by abuse of vulnerability"),
    Dimension.EXPLOITATIVE_CONDITIONS: _("Exploitative conditions of work and life"),
    Dimension.COERCION_AT_DESTINATION: _("Coercion at destination"),
    Dimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION: _("Abuse of vulnerability at destination"),
}
STRENGTH_NAMES = {"strong": _("strong"), "medium": _("medium"), "weak": _("weak")}
CONCLUSIONS = {
    Conclusion.PRESUMED_VICTIM: _("Presumed victim of trafficking: identify and refer"),
    Conclusion.EXPLOITED_REFER: _(
        "Exploited, but not the full pattern: refer for support and keep assessing"
    ),
    Conclusion.NO_CONCLUSION: _(
        "No conclusion yet: the absence of indicators does not exclude trafficking"
    ),
}
FEEDBACK = {
    "found": _("You marked it, and the case shows it."),
    "missed": _("You did not mark it, but the case shows it."),
    "wrongly_marked": _("You marked it, but the case does not show it."),
}


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.supports("multi_device")
class CaseScenarioBlock(CommitBlockMixin, ScoredMixin, ContentXmlMixin, XBlock):
    """A victim-identification case scored by the indicator rule."""

    event_name = "case_scenario"
    content_settings = ("indicator_list", "policy")
    editable_fields = (
        "display_name",
        "indicator_list",
        "policy",
        "max_attempts",
        "weight",
        "content_xml",
    )

    display_name = String(
        display_name=_("Display name"),
        scope=Scope.settings,
        default=_("Victim identification case"),
    )
    indicator_list = String(
        display_name=_("Indicator list"),
        scope=Scope.content,
        default="adult_labour",
        values=[
            {"display_name": _("Adult, labour exploitation"), "value": "adult_labour"},
            {"display_name": _("Adult, sexual exploitation"), "value": "adult_sexual"},
            {"display_name": _("Child, labour exploitation"), "value": "child_labour"},
            {"display_name": _("Child, sexual exploitation"), "value": "child_sexual"},
        ],
    )
    policy = String(
        display_name=_("Indicator rule"),
        help=_("The combination rule applied to the indicators (a configurable policy)."),
        scope=Scope.settings,
        default="ilo_ec_2009",
    )
    answer = Dict(scope=Scope.user_state, default={})

    def parse_content(self, content_xml: str):
        return content.parse(content_xml, self.indicator_list, self.policy)

    def content_problems(self, parsed) -> list[str]:
        return content.problems(parsed)

    # ---- views -------------------------------------------------------------------

    def _context(self) -> dict:
        parsed = self.content_or_none()
        context = {
            "display_name": self.display_name,
            "ids": element_ids(self, "title", "result", "table", "conclusion"),
            "ready": parsed is not None,
        }
        if parsed is None:
            return context
        marked = set(self.answer.get("indicators", []))
        groups = []
        for dimension in Dimension:
            rows = [
                {
                    "id": i.id,
                    "label": safe(i.label),
                    "strength": self.gettext(STRENGTH_NAMES[i.strength.value]),
                    "checked": i.id in marked,
                }
                for i in parsed.case.indicators
                if i.dimension is dimension
            ]
            if rows:
                groups.append(
                    {
                        "name": self.gettext(DIMENSION_NAMES[dimension]),
                        "code": dimension.value,
                        "rows": rows,
                    }
                )
        outcome = self._outcome_context(parsed)
        context.update(
            stages=[{"id": s.id, "title": s.title, "text": safe(s.text)} for s in parsed.stages],
            groups=groups,
            conclusions=[
                {
                    "value": c.value,
                    "label": self.gettext(label),
                    "checked": self.answer.get("conclusion") == c.value,
                }
                for c, label in CONCLUSIONS.items()
            ],
            answered=bool(self.answer),
            attempts_left=outcome["attempts_left"],
            can_submit=outcome["can_submit"],
            outcome=mark_safe(render(self, OUTCOME_TEMPLATE, outcome)),  # noqa: S308
        )
        return context

    def _outcome_context(self, parsed, scored=None) -> dict:
        """The result of the learner's last reading (``scored``: its score, when the
        caller has it), and the attempts left."""
        left = self.attempts_left()
        return {
            "ids": element_ids(self, "title", "result", "table", "conclusion"),
            "attempts_left": left,
            "can_submit": left != 0,
            "result": self._result_view(parsed, scored) if self.answer else None,
        }

    def _result_view(self, parsed, result=None) -> dict:
        if result is None:
            result = score_case(
                parsed.case, self.answer["indicators"], Conclusion(self.answer["conclusion"])
            )
        labels = {i.id: i.label for i in parsed.case.indicators}
        left = self.attempts_left()
        return {
            # The answer (the conclusion the case supports, which marks are wrong, the
            # debrief) is given once no attempt is left or the reading is right, so that
            # a second attempt is the learner's own reading, not a copy of the key.
            "final": left == 0 or left is None or result.score == 1.0,
            "score_percent": round(100 * result.score),
            "found": result.found,
            "considered": result.considered,
            "to_look_again": len(result.mistakes()),
            "correct_indicators": result.indicators_correct,
            "indicator_count": len(result.indicators),
            "conclusion_correct": result.conclusion_correct,
            "conclusion_expected": self.gettext(CONCLUSIONS[result.conclusion_expected]),
            "conclusion_from_marks": self.gettext(CONCLUSIONS[result.conclusion_from_marks]),
            "marks_support_given": result.conclusion_from_marks == result.conclusion_given,
            "mistakes": [
                {
                    "label": safe(labels[m.id]),
                    "kind": m.kind,
                    "why": self.gettext(FEEDBACK[m.kind]),
                    "evidence": safe(m.evidence),
                }
                for m in result.mistakes()
            ],
            "found_labels": [safe(labels[i.id]) for i in result.indicators if i.kind == "found"],
            "debrief": safe(parsed.debrief),
        }

    def student_view(self, context=None):
        return fragment(self, "case_scenario.html", self._context(), "CommitCaseScenario")

    def student_view_data(self, context=None) -> dict:
        parsed = self.content_or_none()
        if parsed is None:
            return {"display_name": self.display_name, "stages": [], "indicators": []}
        return {
            "display_name": self.display_name,
            "indicator_list": self.indicator_list,
            "max_attempts": self.max_attempts,
            "stages": [{"id": s.id, "title": s.title, "text": safe(s.text)} for s in parsed.stages],
            "indicators": [
                {
                    "id": i.id,
                    "dimension": i.dimension.value,
                    "strength": i.strength.value,
                    "label": safe(i.label),
                }
                for i in parsed.case.indicators
            ],
            "conclusions": [c.value for c in Conclusion],
        }

    def student_view_user_state(self, context=None) -> dict:
        return {"answer": self.answer, "attempts": self.attempts, "score": self.raw_score}

    # ---- handlers ----------------------------------------------------------------

    @json_submit
    def submit(self, data: dict) -> dict:
        """``{"indicators": [id, ...], "conclusion": "presumed_victim"}`` -> the score,
        whether the form stays (``can_submit``) and the outcome region (``result_html``)."""
        parsed = self.content_or_none()
        if parsed is None:
            raise JsonError(409, self.gettext("This activity is not ready yet."))
        self.check_attempts_left()
        marked = data.get("indicators")
        if not isinstance(marked, list) or not all(isinstance(m, str) for m in marked):
            raise JsonError(
                400, self.gettext("Send the indicators as a list of ids."), "indicators"
            )
        known = {i.id for i in parsed.case.indicators}
        unknown = sorted(set(marked) - known)
        if unknown:
            raise JsonError(
                400, self.gettext("Unknown indicator: {id}").format(id=unknown[0]), "indicators"
            )
        try:
            conclusion = Conclusion(data.get("conclusion"))
        except ValueError:
            raise JsonError(400, self.gettext("Choose a conclusion."), "conclusion") from None
        result = score_case(parsed.case, marked, conclusion)
        self.claim_attempt()
        self.answer = {"indicators": sorted(set(marked)), "conclusion": conclusion.value}
        score = self.record_score(result.score, keep_best=True)
        event(
            self,
            "submitted",
            {
                "indicator_list": self.indicator_list,
                "policy": self.policy,
                "attempt": self.attempts,
                "marked": sorted(set(marked)),
                "conclusion": conclusion.value,
                "conclusion_expected": result.conclusion_expected.value,
                "score": result.score,
            },
        )
        # The page keeps the case and the learner's marks; only the outcome is sent again.
        outcome = self._outcome_context(parsed, result)
        return {
            "score": result.score,
            "best_score": score,
            "conclusion_correct": result.conclusion_correct,
            "attempts_left": outcome["attempts_left"],
            "can_submit": outcome["can_submit"],
            "result_html": render(self, OUTCOME_TEMPLATE, outcome),
        }

    @staticmethod
    def workbench_scenarios():
        # The workbench's scenarios load only when the SDK asks for them.
        from commit_training.workbench import scenarios_for

        return scenarios_for("commit_case_scenario")
