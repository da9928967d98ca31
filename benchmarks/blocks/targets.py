"""The handlers the benchmark measures: what a first-time learner sends and gets back.

Each target names a workbench scenario (``<block type>.<n>``, as the workbench numbers a
block's ``workbench_scenarios``), the handler, the learner's first answer, how the JSON
answer is checked, and the ``Scope.user_state`` field that must hold the answer
afterwards (read back from the database after the run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from commit_training.scoring.forms import first_form


def _stored(answer: Any) -> str:
    """The floor block answers ``{"stored": true}``."""
    if answer != {"stored": True}:
        return f"unexpected answer: {answer!r:.80}"
    return ""


def _no_error(answer: Any) -> str:
    """Our blocks answer ``{"error": ..., "field": ...}`` on a refusal, else the result
    with the block's outcome region (``result_html``) or the result the page holds
    already (``shows``, the pre-test's)."""
    if not isinstance(answer, dict):
        return f"answer is not a JSON object: {answer!r:.80}"
    if "error" in answer:
        return f"refused: {answer['error']}"
    if not answer.get("result_html") and not answer.get("shows"):
        return "answer has no result (result_html or shows)"
    return ""


def _poll_success(answer: Any) -> str:
    """xblock-poll answers ``{"success": false, "errors": [...]}`` on a refusal."""
    if not isinstance(answer, dict):
        return f"answer is not a JSON object: {answer!r:.80}"
    if answer.get("success") is not True:
        return f"refused: {answer.get('errors')}"
    return ""


@dataclass(frozen=True)
class Target:
    name: str  # as shown in the results table
    scenario: str  # workbench scenario id
    block_type: str
    handler: str
    payload: dict
    stored_field: str  # the user_state field a successful request writes
    peer: bool = False  # xblock-poll, the peer the goal compares with
    floor: bool = False  # the least a handler that stores an answer costs (floor.py)
    workbench_store: bool = False  # served with xblock-sdk's own store of XBlock state
    # The answer of one learner, when it depends on who answers (the knowledge check's
    # parallel forms); else ``payload`` for every learner.
    payload_for: Callable[[str], dict] | None = field(default=None, compare=False)

    def answer_of(self, learner: str) -> dict:
        return self.payload if self.payload_for is None else self.payload_for(learner)

    def check(self, answer: Any) -> str:
        if self.peer:
            return _poll_success(answer)
        return _stored(answer) if self.floor else _no_error(answer)


# The pre-test's two parallel forms: each learner answers the form the block gives them
# (a hash of the learner's id and the assessment id, as the block computes it).
PRE_TEST_ASSESSMENT = "demo-core"
PRE_TEST_FORMS = {
    "A": {"palermo_elements": ["a"], "child_means": ["b"], "before_interview": ["a", "b", "d"]},
    "B": {"child_consent": ["b"], "consent_irrelevant": ["a"], "inconsistency": ["b"]},
}


def _pre_test_answers(learner: str) -> dict:
    return {"answers": PRE_TEST_FORMS[first_form(learner, PRE_TEST_ASSESSMENT)]}


KNOWLEDGE_CHECK = Target(
    name="commit_knowledge_check submit",
    scenario="commit_knowledge_check.0",  # the pre-test
    block_type="commit_knowledge_check",
    handler="submit",
    payload=_pre_test_answers("warm-up"),
    stored_field="result",
    payload_for=_pre_test_answers,
)
CASE_SCENARIO = Target(
    name="commit_case_scenario submit",
    scenario="commit_case_scenario.0",
    block_type="commit_case_scenario",
    handler="submit",
    payload={
        "indicators": ["dr_job_nature", "ex_hours", "cd_documents", "vd_language"],
        "conclusion": "presumed_victim",
    },
    stored_field="answer",
)
INTERVIEW_SIM = Target(
    name="commit_interview_sim choose",
    scenario="commit_interview_sim.0",
    block_type="commit_interview_sim",
    handler="choose",
    payload={"choice": "needs_first"},
    stored_field="path",
)
COURSE_EVALUATION = Target(
    name="commit_course_evaluation submit",
    scenario="commit_course_evaluation.0",
    block_type="commit_course_evaluation",
    handler="submit",
    payload={
        "answers": {
            "relevance": 4,
            "confidence_identify": 3,
            "confidence_interview": 5,
            "change": "Ask for consent before every interview.",
        }
    },
    stored_field="answers",
)
POLL = Target(
    name="xblock-poll vote (peer)",
    scenario="poll.0",  # "Default Poll"
    block_type="poll",
    handler="vote",
    payload={"choice": "R"},
    stored_field="choice",
    peer=True,
)

FLOOR = Target(
    name="floor: store the answer, nothing else",
    scenario="bench_store_answer.0",
    block_type="bench_store_answer",
    handler="submit",
    payload={"choice": "R"},
    stored_field="answer",
    floor=True,
)

# The same vote on the site served with the workbench's own store (measured after the rest,
# on a server of its own): xblock-poll as the issue measured it.
POLL_ON_WORKBENCH_STORE = replace(
    POLL, name="xblock-poll vote on the workbench's own store", workbench_store=True
)

# Measured in this order, one after the other, on one server.
TARGETS = (POLL, FLOOR, KNOWLEDGE_CHECK, CASE_SCENARIO, INTERVIEW_SIM, COURSE_EVALUATION)
