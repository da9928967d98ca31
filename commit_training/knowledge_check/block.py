"""``commit_knowledge_check``: a pre-test, a post-test or an exam over a question bank.

The pre-test and the post-test of a course carry the same ``assessment_id`` and the same
bank, split into parallel forms A and B (``<question form="A">``): a learner takes one
form before the course and the other after it (:mod:`commit_training.scoring.forms`).
Each learner's sittings are kept in ``assessment_results`` (``Scope.preferences``: one
record per learner shared by every knowledge check): for each phase the form, the score
and the item responses, so the post-test can show the gain and review both sittings.

- pre-test: not graded; once submitted the learner reads only that the answers are
  recorded: no score, no key, no feedback;
- post-test: graded; then the score, the gain (only over a pre-test on the other form)
  and the review of both sittings, with the key and the feedback on every option;
- exam: graded, one form (the whole bank); the score and pass or fail, but the key and
  the feedback only once the learner has passed or used every attempt.

Every submission publishes ``commit_training.knowledge_check.submitted`` with each item
response (docs/events.md).
"""

from __future__ import annotations

from django.utils.safestring import mark_safe
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
from commit_training.knowledge_check import content, review
from commit_training.knowledge_check.export import ResponseExportMixin
from commit_training.scoring.forms import PHASES, form_for, questions_of
from commit_training.scoring.knowledge_check import (
    AnswerError,
    Shown,
    check_answers,
    score_answers,
    shown_after,
    shuffled,
)
from commit_training.views import element_ids, fragment, safe

OUTCOME_TEMPLATE = "knowledge_check_outcome.html"
GAIN_BANDS = {"low": _("low"), "medium": _("medium"), "high": _("high")}


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.supports("multi_device")
class KnowledgeCheckBlock(
    CommitBlockMixin, ScoredMixin, ContentXmlMixin, ResponseExportMixin, XBlock
):
    """A pre-test or post-test over a bank of single and multiple choice questions."""

    event_name = "knowledge_check"
    content_settings = ("phase",)
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
            {"display_name": _("Exam"), "value": "exam"},
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
        return self.phase in ("post", "exam")

    def parse_content(self, content_xml: str):
        return content.parse(content_xml)

    def content_problems(self, questions) -> list[str]:
        found = content.problems(questions)
        if self.phase not in PHASES:
            found.append(f"phase must be pre, post or exam, not {self.phase!r}")
        return found

    # ---- the learner's forms and sittings -----------------------------------------

    def _learner(self) -> str:
        return compat.learner_id(self) or "anonymous"

    def _record(self) -> dict:
        """This learner's sittings of this assessment, by phase."""
        return dict(self.assessment_results.get(self.assessment_id, {}))

    def _form(self, questions, record: dict | None = None) -> str:
        """This learner's form; ``record``: their sittings, when the caller has read them."""
        taken = {
            phase: sitting["form"]
            for phase, sitting in (self._record() if record is None else record).items()
            if isinstance(sitting, dict) and sitting.get("form")
        }
        return form_for(
            self.phase,
            questions,
            learner=self._learner(),
            assessment_id=self.assessment_id,
            taken=taken,
        )

    def _shown(self) -> Shown | None:
        if not self.result:
            return None
        return shown_after(
            self.phase, passed=bool(self.result.get("passed")), attempts_left=self.attempts_left()
        )

    # ---- views -------------------------------------------------------------------

    def _ordered(self, questions):
        """(question, options) pairs in this learner's order, or as written."""
        if not self.shuffle:
            return [(question, question.options) for question in questions]
        learner = self._learner()
        salt = str(self.scope_ids.usage_id)
        return [
            (question, shuffled(question.options, learner=learner, salt=f"{salt}/{question.id}"))
            for question in shuffled(questions, learner=learner, salt=salt)
        ]

    def _context(self) -> dict:
        """The whole block: the title, the outcome (:meth:`_outcome`) and the form."""
        questions = self.content_or_none()
        context = {
            "display_name": self.display_name,
            "ids": element_ids(self, "title", "result", "review"),
            "ready": questions is not None,
            "export_url": self.export_url(),
        }
        if questions is None:
            return context
        outcome = self._outcome_context(questions)
        context["outcome"] = mark_safe(render(self, OUTCOME_TEMPLATE, outcome))  # noqa: S308
        context["can_submit"] = outcome["can_submit"]
        context["result"] = bool(self.result)
        if not outcome["can_submit"]:
            return context
        form = outcome["form"]
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
            for q, options in self._ordered(questions_of(questions, form))
        ]
        return context

    def _outcome_context(self, questions) -> dict:
        """What the block shows of the learner's sittings: whether it is graded and the
        attempts left, the result, the review and the gain; also ``form`` and whether
        the learner may submit (``can_submit``), for the form below it."""
        record = self._record()
        attempts_left = self.attempts_left()
        context = {
            "ids": element_ids(self, "title", "result", "review"),
            "phase": self.phase,
            "form": self._form(questions),
            "attempts_left": attempts_left,
        }
        finished = bool(self.result) and (
            self.result.get("passed")
            if self.phase == "exam"
            else self.phase == "post" and self.result.get("earned") == self.result.get("possible")
        )
        # Once the post-test is taken, the pre-test is closed: a "before" taken after the
        # course would make the gain compare two afters.
        context["closed"] = self.phase == "pre" and "post" in record
        context["can_submit"] = attempts_left != 0 and not finished and not context["closed"]
        shown = self._shown()
        context["shown"] = shown.value if shown else ""
        if shown in (Shown.SCORE, Shown.REVIEW):
            context["result"] = {
                "earned": self.result["earned"],
                "possible": self.result["possible"],
                "passed": bool(self.result.get("passed")),
                "pass_percent": self.pass_percent,
            }
        if shown is Shown.REVIEW:
            context["reviews"] = review.reviews(
                self.phase, questions, record, self.result, self.gettext
            )
            for sitting in context["reviews"]:  # in the order this learner saw them
                seen = [
                    (q.id, [o.id for o in options])
                    for q, options in self._ordered(questions_of(questions, sitting["form"]))
                ]
                sitting["items"] = review.in_order_seen(sitting["items"], seen)
        if shown is Shown.REVIEW and self.phase == "post":
            context["gain"] = self._gain()
        return context

    def _gain(self) -> dict | None:
        gain = review.gain_view(
            self._record(),
            self.result,
            {band: self.gettext(label) for band, label in GAIN_BANDS.items()},
        )
        if gain is None:
            return None
        for phase in ("pre", "post"):
            if gain[phase] is not None:
                gain[f"{phase}_title"] = review.sitting_title(phase, gain[phase].form, self.gettext)
        return gain

    def student_view(self, context=None):
        return fragment(self, "knowledge_check.html", self._context(), "CommitKnowledgeCheck")

    def student_view_data(self, context=None) -> dict:
        """For the mobile apps: this learner's form and its questions, without the key."""
        questions = self.content_or_none() or ()
        form = self._form(questions) if questions else ""
        return {
            "display_name": self.display_name,
            "assessment_id": self.assessment_id,
            "phase": self.phase,
            "form": form,
            "max_attempts": self.max_attempts,
            "pass_percent": self.pass_percent,
            "graded": self.has_score,
            "questions": [
                {
                    "id": q.id,
                    "kind": q.kind.value,
                    "form": q.form,
                    "prompt": safe(q.prompt),
                    "options": [{"id": o.id, "label": safe(o.label)} for o in q.options],
                }
                for q in questions_of(questions, form)
            ],
        }

    def student_view_user_state(self, context=None) -> dict:
        """The learner's answers and as much of the result as the block shows them."""
        shown = self._shown()
        result: dict = {}
        if shown in (Shown.SCORE, Shown.REVIEW):
            result = {key: self.result.get(key) for key in ("form", "earned", "possible", "passed")}
        if shown is Shown.REVIEW:
            result["responses"] = self.result.get("responses", [])
        return {
            "answers": self.answers,
            "attempts": self.attempts,
            "shown": shown.value if shown else "",
            "result": result,
        }

    # ---- handlers ----------------------------------------------------------------

    @json_submit
    def submit(self, data: dict) -> dict:
        """``{"answers": {question_id: [option_id, ...]}}`` over the learner's form.

        Answers: what the block shows (:func:`shown_after`): the pre-test only
        ``recorded``; the exam before the key is shown the score and ``passed``;
        otherwise also the gain (post-test). With it ``can_submit`` (whether the form
        stays) and ``result_html``, the block's outcome region rendered again: the
        page's form already holds the learner's answers, so it is not sent back. The
        pre-test's page holds its one result ("recorded") already, hidden: it answers
        ``shows: "recorded"`` instead of HTML.
        """
        questions = self.content_or_none()
        if questions is None:
            raise JsonError(409, self.gettext("This activity is not ready yet."))
        self.check_attempts_left()
        phase, assessment_id = self.phase, self.assessment_id
        record = self._record()
        if phase == "pre" and "post" in record:
            raise JsonError(
                409, self.gettext("You have taken the post-test, so the pre-test is closed.")
            )
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise JsonError(400, self.gettext("Send the answers as an object."), "answers")
        form = self._form(questions, record)
        asked = questions_of(questions, form)
        try:
            checked = check_answers(asked, answers)
        except AnswerError as error:
            raise JsonError(400, str(error), "answers") from None
        scored = score_answers(asked, checked)
        passed = scored.percent >= self.pass_percent
        self.claim_attempt()
        self.answers = {qid: sorted(ids) for qid, ids in checked.items()}
        responses = scored.responses()
        sitting = {
            "form": form,
            "earned": scored.earned,
            "possible": scored.possible,
            "passed": passed,
            "responses": responses,
        }
        self.result = sitting
        self.assessment_results = {
            **self.assessment_results,
            assessment_id: {**record, phase: sitting},
        }
        if phase != "pre":  # graded (has_score)
            self.record_score(scored.earned / scored.possible, keep_best=phase == "exam")
        elif compat.in_course_context(self):
            self.runtime.publish(self, "completion", {"completion": 1.0})
        event(
            self,
            "submitted",
            {
                "assessment_id": assessment_id,
                "phase": phase,
                "form": form,
                "attempt": self.attempts,
                "earned": scored.earned,
                "possible": scored.possible,
                "score": round(scored.earned / scored.possible, 4),
                "passed": passed,
                "questions": [dict(response) for response in responses],
            },
        )
        attempts_left = self.attempts_left()
        answer: dict = {"attempts_left": attempts_left}
        if phase == "pre":
            # Silent: the page holds the "recorded" result already, hidden until now.
            answer.update(recorded=True, can_submit=attempts_left != 0, shows=Shown.RECORDED)
            return answer
        # The learner's page keeps its form; only the outcome region is sent again.
        outcome = self._outcome_context(questions)
        answer.update(earned=scored.earned, possible=scored.possible, passed=passed)
        if outcome.get("gain"):
            answer["gain"] = outcome["gain"]["value"]
        answer["can_submit"] = outcome["can_submit"]
        answer["result_html"] = render(self, OUTCOME_TEMPLATE, outcome)
        return answer

    @staticmethod
    def workbench_scenarios():
        # The workbench's scenarios load only when the SDK asks for them.
        from commit_training.workbench import scenarios_for

        return scenarios_for("commit_knowledge_check")
