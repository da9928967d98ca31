"""``commit_interview_sim``: a branching rights-based interview with a debrief.

The learner answers node by node; each choice upholds or breaks named principles. At an
end node the run is scored (the share of choices that broke no principle) and the
debrief shows the path, the principles kept and broken, and the feedback on each choice.
The learner can restart; the best finished run counts.
"""

from __future__ import annotations

from django.utils.safestring import mark_safe
from xblock.core import XBlock
from xblock.fields import Integer, List, Scope, String

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
from commit_training.interview_sim import content
from commit_training.scoring.interview import Principle, RunError, replay
from commit_training.views import element_ids, fragment, safe

OUTCOME_TEMPLATE = "interview_sim_outcome.html"
PRINCIPLE_NAMES = {
    Principle.CONSENT: _("Informed consent"),
    Principle.CONFIDENTIALITY: _("Anonymity and confidentiality"),
    Principle.SAFETY: _("Safety first"),
    Principle.BASIC_NEEDS: _("Basic needs first"),
    Principle.INTERPRETER: _("A prepared, independent interpreter"),
    Principle.INTERVIEWER_GENDER: _("Interviewer of the gender the person asks for"),
    Principle.NO_RETRAUMATISING: _("Do not re-traumatise"),
    Principle.REFERRAL: _("Referral and no false promises"),
    Principle.CHILD_BEST_INTERESTS: _("The child's best interests"),
}


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.supports("multi_device")
class InterviewSimBlock(CommitBlockMixin, ScoredMixin, ContentXmlMixin, XBlock):
    """A branching interview graded by the principles the learner's choices keep."""

    event_name = "interview_sim"
    content_settings = ("start",)
    editable_fields = ("display_name", "start", "max_attempts", "weight", "content_xml")

    display_name = String(
        display_name=_("Display name"), scope=Scope.settings, default=_("Interview simulation")
    )
    start = String(display_name=_("Start node"), scope=Scope.content, default="start")
    max_attempts = Integer(
        display_name=_("Maximum runs"),
        help=_("How many times a learner may finish the interview (0 for no limit)."),
        scope=Scope.settings,
        default=0,
        values={"min": 0},
    )
    path = List(scope=Scope.user_state, default=[])
    last_run = List(scope=Scope.user_state, default=[])

    def parse_content(self, content_xml: str):
        return content.parse(content_xml, self.start)

    def content_problems(self, parsed) -> list[str]:
        return content.problems(parsed)

    # ---- views -------------------------------------------------------------------

    def _principles(self, principles) -> list[str]:
        return [self.gettext(PRINCIPLE_NAMES[p]) for p in sorted(principles)]

    def _debrief_view(self, parsed, run) -> dict:
        nodes = parsed.graph.by_id
        return {
            "score_percent": round(100 * run.score),
            "outcome": run.outcome,
            "end_text": safe(nodes[run.current].text),
            "kept": self._principles(run.kept),
            "broken": self._principles(run.broken),
            "steps": [
                {
                    "said": safe(nodes[step.node_id].text),
                    "speaker": nodes[step.node_id].speaker,
                    "choice": safe(step.choice.label),
                    "feedback": safe(step.choice.feedback),
                    "upholds": self._principles(step.choice.upholds),
                    "breaks": self._principles(step.choice.breaks),
                }
                for step in run.steps
            ],
        }

    def _context(self) -> dict:
        """The whole block: the title and the interview (:meth:`_outcome_context`)."""
        parsed = self.content_or_none()
        context = {
            "display_name": self.display_name,
            "ids": element_ids(self, "title", "node", "debrief"),
            "ready": parsed is not None,
        }
        if parsed is not None:
            outcome = render(self, OUTCOME_TEMPLATE, self._outcome_context(parsed))
            context["outcome"] = mark_safe(outcome)  # noqa: S308  (our template's output)
        return context

    def _outcome_context(self, parsed, run=None) -> dict:
        """Where the learner is: the scenario before the first step, the feedback on the
        last choice, the node to answer or the debrief, and whether they may restart.
        ``run``: the replay of the learner's path, when the caller has it."""
        if run is None:
            run = replay(parsed.graph, self.path)
        node = parsed.graph.by_id[run.current]
        left = self.attempts_left()
        previous = None
        if run.steps:
            step = run.steps[-1]
            previous = {"choice": safe(step.choice.label), "feedback": safe(step.choice.feedback)}
        return {
            "ids": element_ids(self, "title", "node", "debrief"),
            "scenario": safe(parsed.scenario),
            "started": bool(self.path),
            "node": {
                "speaker": node.speaker,
                "text": safe(node.text),
                "choices": [{"id": c.id, "label": safe(c.label)} for c in node.choices],
            },
            "finished": run.finished,
            "previous": previous,
            "debrief": self._debrief_view(parsed, run) if run.finished else None,
            "best_percent": None if self.raw_score is None else round(100 * self.raw_score),
            "attempts_left": left,
            "can_restart": left != 0 and bool(self.path),
        }

    def student_view(self, context=None):
        return fragment(self, "interview_sim.html", self._context(), "CommitInterviewSim")

    def student_view_data(self, context=None) -> dict:
        parsed = self.content_or_none()
        if parsed is None:
            return {"display_name": self.display_name, "nodes": []}
        return {
            "display_name": self.display_name,
            "start": self.start,
            "scenario": safe(parsed.scenario),
            "max_attempts": self.max_attempts,
            "nodes": [
                {
                    "id": n.id,
                    "speaker": n.speaker,
                    "text": safe(n.text),
                    "end": n.end,
                    "choices": [{"id": c.id, "label": safe(c.label)} for c in n.choices],
                }
                for n in parsed.graph.nodes
            ],
        }

    def student_view_user_state(self, context=None) -> dict:
        return {"path": self.path, "attempts": self.attempts, "score": self.raw_score}

    # ---- handlers ----------------------------------------------------------------

    def _ready(self):
        parsed = self.content_or_none()
        if parsed is None:
            raise JsonError(409, self.gettext("This activity is not ready yet."))
        return parsed

    @json_submit
    def choose(self, data: dict) -> dict:
        """``{"choice": id}``: take one step; at an end node the run is scored. Answers
        ``finished`` (with the score at the end) and ``result_html``: the interview
        below the title, at its new node or its debrief."""
        parsed = self._ready()
        choice_id = data.get("choice")
        if not isinstance(choice_id, str):
            raise JsonError(400, self.gettext("Say which choice you make."), "choice")
        if not self.path:
            self.check_attempts_left()
        try:
            run = replay(parsed.graph, [*self.path, choice_id])
        except RunError as error:
            raise JsonError(400, str(error), "choice") from None
        if run.finished:  # the run's end counts an attempt: claimed before anything moves
            self.claim_attempt()
        self.path = [*self.path, choice_id]
        step = run.steps[-1]
        event(
            self,
            "chose",
            {
                "node": step.node_id,
                "choice": choice_id,
                "upholds": sorted(step.choice.upholds),
                "breaks": sorted(step.choice.breaks),
            },
        )
        result = {"finished": run.finished}
        if run.finished:
            self.last_run = list(self.path)
            best = self.record_score(run.score, keep_best=True)
            event(
                self,
                "finished",
                {
                    "attempt": self.attempts,
                    "path": self.path,
                    "outcome": run.outcome,
                    "score": run.score,
                    "kept": sorted(run.kept),
                    "broken": sorted(run.broken),
                },
            )
            result.update(score=run.score, best_score=best)
        result["result_html"] = render(self, OUTCOME_TEMPLATE, self._outcome_context(parsed, run))
        return result

    @json_submit
    def restart(self, data: dict) -> dict:
        """Start again from the first node (a finished run has been scored already)."""
        parsed = self._ready()
        if self.path and replay(parsed.graph, self.path).finished:
            self.check_attempts_left()
        self.path = []
        event(self, "restarted", {"attempts": self.attempts})
        return {"result_html": render(self, OUTCOME_TEMPLATE, self._outcome_context(parsed))}

    @staticmethod
    def workbench_scenarios():
        # The workbench's scenarios load only when the SDK asks for them.
        from commit_training.workbench import scenarios_for

        return scenarios_for("commit_interview_sim")
