"""A branching interview: its graph, the authoring checks, and the debrief of a run.

Nodes hold what the person says or what happens; choices lead from node to node and
each upholds or breaks named principles of rights-based, trauma-informed interviewing
(WHO *Ethical and safety recommendations for interviewing trafficked women*, 2003;
UNIAP *Guide to ethics and human rights in counter-trafficking*, 2008; UNICEF
*Guidelines on the protection of child victims of trafficking*, 2006).

A run is graded by the share of its choices that broke no principle; the best run counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Principle(StrEnum):
    CONSENT = "consent"
    CONFIDENTIALITY = "confidentiality"
    SAFETY = "safety"
    BASIC_NEEDS = "basic_needs"
    INTERPRETER = "interpreter"
    INTERVIEWER_GENDER = "interviewer_gender"
    NO_RETRAUMATISING = "no_retraumatising"
    REFERRAL = "referral"
    CHILD_BEST_INTERESTS = "child_best_interests"


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    goto: str
    upholds: frozenset[Principle] = frozenset()
    breaks: frozenset[Principle] = frozenset()
    feedback: str = ""


@dataclass(frozen=True)
class Node:
    id: str
    text: str
    speaker: str = ""
    choices: tuple[Choice, ...] = ()
    end: bool = False
    outcome: str = ""  # good | poor, on end nodes


@dataclass(frozen=True)
class Graph:
    start: str
    nodes: tuple[Node, ...]

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    @property
    def by_id(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}


def graph_problems(graph: Graph) -> list[str]:
    """Authoring errors, each naming the node or choice at fault (empty when sound).

    Checked: duplicate ids, the start node exists, every choice points to a node, every
    node is reachable from the start, every node that is not an end offers a choice,
    end nodes offer none, and from every reachable node some end can be reached (a
    cycle with no exit traps the learner).
    """
    problems: list[str] = []
    ids = [node.id for node in graph.nodes]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"two nodes have the id {duplicate!r}")
    nodes = graph.by_id
    if graph.start not in nodes:
        problems.append(f"the start node {graph.start!r} does not exist")
        return problems
    for node in graph.nodes:
        choice_ids = [choice.id for choice in node.choices]
        for duplicate in sorted({i for i in choice_ids if choice_ids.count(i) > 1}):
            problems.append(f"node {node.id!r} has two choices with the id {duplicate!r}")
        if node.end and node.choices:
            problems.append(f"end node {node.id!r} offers choices")
        if not node.end and not node.choices:
            problems.append(f"node {node.id!r} is not an end and offers no choice")
        for choice in node.choices:
            if choice.goto not in nodes:
                problems.append(
                    f"choice {choice.id!r} in node {node.id!r} points to "
                    f"{choice.goto!r}, which does not exist"
                )
            both = choice.upholds & choice.breaks
            if both:
                problems.append(
                    f"choice {choice.id!r} in node {node.id!r} both upholds and breaks "
                    f"{', '.join(sorted(both))}"
                )
    reachable = _reachable(nodes, graph.start)
    for node in graph.nodes:
        if node.id not in reachable:
            problems.append(f"node {node.id!r} cannot be reached from the start")
    if not any(node.end for node in graph.nodes):
        problems.append("the interview has no end node")
        return problems
    can_finish = _can_reach_an_end(nodes)
    for node_id in sorted(reachable - can_finish):
        problems.append(f"node {node_id!r} is in a loop with no way to an end")
    return problems


def _reachable(nodes: dict[str, Node], start: str) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for choice in nodes[stack.pop()].choices:
            if choice.goto in nodes and choice.goto not in seen:
                seen.add(choice.goto)
                stack.append(choice.goto)
    return seen


def _can_reach_an_end(nodes: dict[str, Node]) -> set[str]:
    finishing = {node_id for node_id, node in nodes.items() if node.end}
    changed = True
    while changed:
        changed = False
        for node_id, node in nodes.items():
            if node_id not in finishing and any(c.goto in finishing for c in node.choices):
                finishing.add(node_id)
                changed = True
    return finishing


class RunError(ValueError):
    """A step that the graph does not allow; the message says which."""


@dataclass(frozen=True)
class Step:
    node_id: str
    choice: Choice


@dataclass(frozen=True)
class Debrief:
    """A run so far: its steps, where it stands, the principles kept and broken."""

    steps: tuple[Step, ...]
    current: str
    finished: bool
    outcome: str
    kept: frozenset[Principle]
    broken: frozenset[Principle]

    @property
    def sound_choices(self) -> int:
        return sum(not step.choice.breaks for step in self.steps)

    @property
    def score(self) -> float:
        """Share of the run's choices that broke no principle (0 before any choice)."""
        return round(self.sound_choices / len(self.steps), 6) if self.steps else 0.0


def replay(graph: Graph, choice_ids: Sequence[str]) -> Debrief:
    """Follow ``choice_ids`` from the start; raise :class:`RunError` on a step not offered."""
    nodes = graph.by_id
    current = graph.start
    steps: list[Step] = []
    for choice_id in choice_ids:
        node = nodes[current]
        if node.end:
            raise RunError("the interview has ended; restart to try again")
        choice = next((c for c in node.choices if c.id == choice_id), None)
        if choice is None:
            raise RunError(f"node {current!r} offers no choice {choice_id!r}")
        steps.append(Step(node_id=current, choice=choice))
        current = choice.goto
    broken = frozenset().union(*(step.choice.breaks for step in steps)) if steps else frozenset()
    upheld = frozenset().union(*(step.choice.upholds for step in steps)) if steps else frozenset()
    end = nodes[current]
    return Debrief(
        steps=tuple(steps),
        current=current,
        finished=end.end,
        outcome=end.outcome if end.end else "",
        kept=frozenset(upheld - broken),
        broken=frozenset(broken),
    )
