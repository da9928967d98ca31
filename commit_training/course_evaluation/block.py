"""``commit_course_evaluation``: reaction and confidence, answered once, read anonymously.

Each learner's answers stay in their own ``Scope.user_state`` record. Staff see
aggregates computed from every learner's record (counts per level, the mean, the
number of answers beside each figure, free text without names); nothing is summed into
a shared field, so answers given at the same moment cannot overwrite each other
(decision 0008).
"""

from __future__ import annotations

from django.utils.safestring import mark_safe
from xblock.core import XBlock
from xblock.fields import Dict, Scope, String

from commit_training import compat
from commit_training.base import (
    CommitBlockMixin,
    ContentXmlMixin,
    JsonError,
    _,
    claim,
    event,
    json_submit,
    render,
)
from commit_training.course_evaluation import content
from commit_training.scoring.evaluation import (
    MIN_SHOWN,
    EvaluationAnswerError,
    Scale,
    aggregate,
    check_answers,
)
from commit_training.views import element_ids, fragment, safe

OUTCOME_TEMPLATE = "course_evaluation_outcome.html"
SCALE_LABELS = {
    Scale.AGREEMENT: (
        _("Strongly disagree"),
        _("Disagree"),
        _("Neither agree nor disagree"),
        _("Agree"),
        _("Strongly agree"),
    ),
    Scale.CONFIDENCE: (
        _("Not at all confident"),
        _("Slightly confident"),
        _("Somewhat confident"),
        _("Fairly confident"),
        _("Very confident"),
    ),
}


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.supports("multi_device")
class CourseEvaluationBlock(CommitBlockMixin, ContentXmlMixin, XBlock):
    """A reaction and confidence survey (Kirkpatrick level 1), answered once."""

    event_name = "course_evaluation"
    has_score = False
    completion_mode = "completable"
    editable_fields = ("display_name", "content_xml")

    display_name = String(
        display_name=_("Display name"), scope=Scope.settings, default=_("Course evaluation")
    )
    answers = Dict(scope=Scope.user_state, default={})

    def parse_content(self, content_xml: str):
        return content.parse(content_xml)

    def content_problems(self, items) -> list[str]:
        return content.problems(items)

    # ---- views -------------------------------------------------------------------

    def _context(self) -> dict:
        items = self.content_or_none()
        context = {
            "display_name": self.display_name,
            "ids": element_ids(self, "title", "thanks", "summary"),
            "ready": items is not None,
        }
        if items is None:
            return context
        context.update(
            answered=bool(self.answers),
            outcome=mark_safe(render(self, OUTCOME_TEMPLATE, self._outcome_context(items))),  # noqa: S308
            items=[
                {
                    "id": item.id,
                    "kind": item.kind,
                    "prompt": safe(item.prompt),
                    "max_length": item.max_length,
                    "levels": [
                        {"value": n, "label": self.gettext(label)}
                        for n, label in enumerate(SCALE_LABELS[item.scale], start=1)
                    ]
                    if item.scale
                    else [],
                }
                for item in items
            ],
        )
        return context

    def _outcome_context(self, items) -> dict:
        """The thanks once answered; the staff's totals."""
        return {
            "ids": element_ids(self, "title", "thanks", "summary"),
            "answered": bool(self.answers),
            "summary": self._summary(items) if compat.is_staff(self) else None,
        }

    def _summary(self, items) -> dict:
        """What staff see: nothing but the count until :data:`MIN_SHOWN` learners have
        answered, then each question's figures or comments once it has that many."""
        summary = aggregate(items, compat.all_learner_states(self, "answers"))
        if summary.respondents < MIN_SHOWN:
            return {"respondents": summary.respondents, "withheld": True, "minimum": MIN_SHOWN}
        prompts = {item.id: safe(item.prompt) for item in items}
        scales = {item.id: item.scale for item in items}
        return {
            "respondents": summary.respondents,
            "minimum": MIN_SHOWN,
            "likert": [
                {
                    "prompt": prompts[row.item_id],
                    "answers": row.answers,
                    "withheld": row.answers < MIN_SHOWN,
                    "mean": row.mean,
                    "agreeing": row.agreeing,
                    "levels": [
                        {"label": self.gettext(label), "count": count}
                        for label, count in zip(
                            SCALE_LABELS[scales[row.item_id]], row.counts, strict=True
                        )
                    ],
                }
                for row in summary.likert
            ],
            "texts": [
                {
                    "prompt": prompts[item_id],
                    "answers": answers if len(answers) >= MIN_SHOWN else (),
                    "count": len(answers),
                    "withheld": len(answers) < MIN_SHOWN,
                }
                for item_id, answers in summary.texts
            ],
        }

    def student_view(self, context=None):
        return fragment(self, "course_evaluation.html", self._context(), "CommitCourseEvaluation")

    def student_view_data(self, context=None) -> dict:
        items = self.content_or_none() or ()
        return {
            "display_name": self.display_name,
            "items": [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "prompt": safe(i.prompt),
                    "scale": i.scale.value if i.scale else None,
                    "max_length": i.max_length,
                }
                for i in items
            ],
        }

    def student_view_user_state(self, context=None) -> dict:
        return {"answered": bool(self.answers)}

    # ---- handlers ----------------------------------------------------------------

    @json_submit
    def submit(self, data: dict) -> dict:
        """``{"answers": {item_id: level or text}}``, once per learner."""
        items = self.content_or_none()
        if items is None:
            raise JsonError(409, self.gettext("This activity is not ready yet."))
        if self.answers:
            raise JsonError(409, self.gettext("You have already answered this evaluation."))
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise JsonError(400, self.gettext("Send the answers as an object."), "answers")
        try:
            checked = check_answers(items, answers)
        except EvaluationAnswerError as error:
            raise JsonError(400, str(error), "answers") from None
        claim(self, "answer")
        self.answers = checked
        if compat.in_course_context(self):
            self.runtime.publish(self, "completion", {"completion": 1.0})
        # The event carries the levels only: free text may name people or places.
        event(
            self,
            "submitted",
            {
                "likert": {k: v for k, v in checked.items() if isinstance(v, int)},
                "text_items_answered": sorted(
                    k for k, v in checked.items() if isinstance(v, str) and v
                ),
            },
        )
        # The form goes; the thanks (and the staff's totals) are the outcome region.
        outcome = render(self, OUTCOME_TEMPLATE, self._outcome_context(items))
        return {"can_submit": False, "result_html": outcome}

    @staticmethod
    def workbench_scenarios():
        # The workbench's scenarios load only when the SDK asks for them.
        from commit_training.workbench import scenarios_for

        return scenarios_for("commit_course_evaluation")
