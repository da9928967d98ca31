"""``commit_knowledge_check``: one question bank as pre-test and post-test.

The pre-test and the post-test of a course carry the same ``assessment_id``; each
learner's score on each is kept in ``assessment_results`` (``Scope.preferences``: one
record per learner shared by every knowledge check), so the post-test can show the gain.
Only the post-test is graded.
"""

from __future__ import annotations

from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Integer, Scope, String

from commit_training import compat
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
from commit_training.knowledge_check import content
from commit_training.scoring.knowledge_check import (
    AnswerError,
    check_answers,
    gain_band,
    normalised_gain,
    score_answers,
    shuffled,
)
from commit_training.views import element_ids, fragment, safe

GAIN_BANDS = {"low": _("low"), "medium": _("medium"), "high": _("high")}


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.supports("multi_device")
class KnowledgeCheckBlock(CommitBlockMixin, ScoredMixin, ContentXmlMixin, XBlock):
    """A pre-test or post-test over a bank of single and multiple choice questions."""

    event_name = "knowledge_check"
    editable_fields = (
        "display_name",
        "assessment_id",
        "phase",
        "shuffle",
        "pass_percent",
        "max_attempts",
        "weight",
        "content_xml",
    )

    display_name = String(
        display_name=_("Display name"), scope=Scope.settings, default=_("Knowledge check")
    )
    assessment_id = String(
        display_name=_("Assessment id"),
        help=_("The pre-test and post-test of one course share this id."),
        scope=Scope.content,
        default="assessment",
    )
    phase = String(
        display_name=_("Phase"),
        scope=Scope.content,
        default="post",
        values=[
            {"display_name": _("Pre-test"), "value": "pre"},
            {"display_name": _("Post-test"), "value": "post"},
        ],
    )
    shuffle = Boolean(
        display_name=_("Shuffle questions and options"), scope=Scope.settings, default=True
    )
    pass_percent = Integer(
        display_name=_("Pass mark (percent)"),
        scope=Scope.settings,
        default=70,
        values={"min": 0, "max": 100},
    )

    answers = Dict(scope=Scope.user_state, default={})
    result = Dict(scope=Scope.user_state, default={})
    assessment_results = Dict(scope=Scope.preferences, default={})

    @property
    def has_score(self) -> bool:  # type: ignore[override]
        return self.phase == "post"

    def parse_content(self, content_xml: str):
        return content.parse(content_xml)

    def content_problems(self, questions) -> list[str]:
        found = content.problems(questions)
        if self.phase not in ("pre", "post"):
            found.append(f"phase must be pre or post, not {self.phase!r}")
        return found

    # ---- views -------------------------------------------------------------------

    def _ordered(self, questions):
        """(question, options) pairs in this learner's order, or as written."""
        if not self.shuffle:
            return [(question, question.options) for question in questions]
        learner = compat.learner_id(self) or "anonymous"
        salt = str(self.scope_ids.usage_id)
        return [
            (question, shuffled(question.options, learner=learner, salt=f"{salt}/{question.id}"))
            for question in shuffled(questions, learner=learner, salt=salt)
        ]

    def _context(self) -> dict:
        questions = self.content_or_none()
        context = {
            "display_name": self.display_name,
            "ids": element_ids(self, "title", "result"),
            "ready": questions is not None,
            "phase": self.phase,
        }
        if questions is None:
            return context
        chosen = self.answers
        context["questions"] = [
            {
                "id": q.id,
                "kind": q.kind.value,
                "prompt": safe(q.prompt),
                "options": [
                    {"id": o.id, "label": safe(o.label), "chosen": o.id in chosen.get(q.id, ())}
                    for o in options
                ],
            }
            for q, options in self._ordered(questions)
        ]
        context["attempts_left"] = self.attempts_left()
        context["can_submit"] = self.attempts_left() != 0 and not (
            self.result and self.result.get("earned") == self.result.get("possible")
        )
        context["result"] = self._result_view(questions) if self.result else None
        context["gain"] = self._gain() if self.phase == "post" and self.result else None
        return context

    def _result_view(self, questions) -> dict:
        by_id = {q.id: q for q in questions}
        rows = []
        for item in self.result.get("questions", []):
            question = by_id.get(item["id"])
            if question is None:
                continue
            labels = {o.id: o.label for o in question.options}
            rows.append(
                {
                    "prompt": safe(question.prompt),
                    "correct": item["correct"],
                    "feedback": [
                        {"label": safe(labels.get(option_id, option_id)), "text": safe(text)}
                        for option_id, text in item.get("feedback", [])
                    ],
                    "explanation": safe(question.explanation),
                }
            )
        return {
            "earned": self.result["earned"],
            "possible": self.result["possible"],
            "questions": rows,
        }

    def _gain(self) -> dict | None:
        record = self.assessment_results.get(self.assessment_id, {})
        pre, post = record.get("pre"), record.get("post")
        if not pre or not post or pre["possible"] != post["possible"]:
            return None
        value = normalised_gain(pre["earned"], post["earned"], post["possible"])
        band = gain_band(value)
        return {
            "pre": pre["earned"],
            "post": post["earned"],
            "possible": post["possible"],
            "value": value,
            "band_label": self.gettext(GAIN_BANDS[band]) if band else "",
        }

    def student_view(self, context=None):
        return fragment(self, "knowledge_check.html", self._context(), "CommitKnowledgeCheck")

    def student_view_data(self, context=None) -> dict:
        """For the mobile apps: the questions without the answers."""
        questions = self.content_or_none() or ()
        return {
            "display_name": self.display_name,
            "assessment_id": self.assessment_id,
            "phase": self.phase,
            "max_attempts": self.max_attempts,
            "graded": self.has_score,
            "questions": [
                {
                    "id": q.id,
                    "kind": q.kind.value,
                    "prompt": safe(q.prompt),
                    "options": [{"id": o.id, "label": safe(o.label)} for o in q.options],
                }
                for q in questions
            ],
        }

    def student_view_user_state(self, context=None) -> dict:
        return {"answers": self.answers, "result": self.result, "attempts": self.attempts}

    # ---- handlers ----------------------------------------------------------------

    @json_submit
    def submit(self, data: dict) -> dict:
        """``{"answers": {question_id: [option_id, ...]}}`` -> score, feedback, HTML."""
        questions = self.content_or_none()
        if questions is None:
            raise JsonError(409, self.gettext("This activity is not ready yet."))
        self.check_attempts_left()
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise JsonError(400, self.gettext("Send the answers as an object."), "answers")
        try:
            checked = check_answers(questions, answers)
        except AnswerError as error:
            raise JsonError(400, str(error), "answers") from None
        scored = score_answers(questions, checked)
        self.attempts += 1
        self.answers = {qid: sorted(ids) for qid, ids in checked.items()}
        self.result = {
            "earned": scored.earned,
            "possible": scored.possible,
            "questions": [
                {
                    "id": r.question_id,
                    "correct": r.correct,
                    "feedback": [list(f) for f in r.feedback],
                }
                for r in scored.questions
            ],
        }
        results = dict(self.assessment_results)
        record = dict(results.get(self.assessment_id, {}))
        record[self.phase] = {"earned": scored.earned, "possible": scored.possible}
        results[self.assessment_id] = record
        self.assessment_results = results
        if self.phase == "post":
            self.record_score(scored.earned / scored.possible)
        elif compat.in_course_context(self):
            self.runtime.publish(self, "completion", {"completion": 1.0})
        event(
            self,
            "submitted",
            {
                "assessment_id": self.assessment_id,
                "phase": self.phase,
                "attempt": self.attempts,
                "earned": scored.earned,
                "possible": scored.possible,
                "passed": scored.percent >= self.pass_percent,
                "questions": [
                    {"id": r.question_id, "correct": r.correct} for r in scored.questions
                ],
            },
        )
        context = self._context()
        return {
            "earned": scored.earned,
            "possible": scored.possible,
            "gain": context["gain"]["value"] if context.get("gain") else None,
            "attempts_left": self.attempts_left(),
            "html": render(self, "knowledge_check.html", context),
        }

    @staticmethod
    def workbench_scenarios():
        from commit_training.workbench import scenarios_for

        return scenarios_for("commit_knowledge_check")
