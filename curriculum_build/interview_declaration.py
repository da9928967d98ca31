"""An interview simulation declared in the sources, checked and rendered as
``commit_interview_sim``.

Checked as the block checks it in Studio (every goto names a node, every node can be
reached from the start, every node that is not an end offers a choice, an end can be
reached from every node), and more strictly for a course: every choice has feedback and
upholds or breaks at least one known principle, and there is a good and a poor ending.
"""

from __future__ import annotations

from lxml import etree

from .block_fields import count, identifier, mapping_at
from .context import CourseContext
from .course_model import PRACTICE, AssessmentItem, Component
from .sources import SourceMap, only_keys, optional, require

PRINCIPLES = (
    "consent",
    "confidentiality",
    "safety",
    "basic_needs",
    "interpreter",
    "interviewer_gender",
    "no_retraumatising",
    "referral",
    "child_best_interests",
)


def interview_sim(
    ctx: CourseContext, spec: SourceMap, element: etree._Element, component: Component
) -> None:
    only_keys(
        spec,
        {
            "block",
            "url_name",
            "display_name",
            "start",
            "weight",
            "max_attempts",
            "scenario",
            "nodes",
        },
        "an interview simulation",
    )
    start = identifier(spec, "start")
    element.set("start", start)
    element.set("weight", str(count(spec, "weight", 1, minimum=0)))
    element.set("max_attempts", str(count(spec, "max_attempts", 0, minimum=0)))
    ctx.fill(etree.SubElement(element, "scenario"), spec, "scenario")
    nodes = require(spec, "nodes", list)
    graph: dict[str, list[tuple[str, SourceMap]]] = {}
    declared: dict[str, SourceMap] = {}
    outcomes: set[str] = set()
    for index, _ in enumerate(nodes):
        node_spec = mapping_at(nodes, index, "a node")
        only_keys(node_spec, {"id", "speaker", "text", "choices", "end", "outcome"}, "a node")
        node_id = identifier(node_spec, "id")
        if node_id in declared:
            raise node_spec.error("id", f"node id {node_id!r} is repeated")
        declared[node_id] = node_spec
        node = etree.SubElement(element, "node", id=node_id)
        if "speaker" in node_spec:
            node.set("speaker", ctx.plain(node_spec, "speaker"))
        ctx.fill(etree.SubElement(node, "text"), node_spec, "text")
        is_end = optional(node_spec, "end", bool, False)
        graph[node_id] = []
        if is_end:
            outcome = require(node_spec, "outcome")
            if outcome not in ("good", "poor"):
                raise node_spec.error("outcome", f"outcome {outcome!r} must be 'good' or 'poor'")
            if "choices" in node_spec:
                raise node_spec.error("choices", f"end node {node_id!r} cannot offer choices")
            node.set("end", "true")
            node.set("outcome", outcome)
            outcomes.add(outcome)
            continue
        if "outcome" in node_spec:
            raise node_spec.error("outcome", "only an end node (end: true) has an outcome")
        choices = require(node_spec, "choices", list)
        if not choices:
            raise node_spec.error("choices", f"node {node_id!r} is not an end and offers no choice")
        choice_ids: set[str] = set()
        for choice_index, _ in enumerate(choices):
            choice = mapping_at(choices, choice_index, "a choice")
            only_keys(choice, {"id", "goto", "upholds", "breaks", "text", "feedback"}, "a choice")
            choice_id = identifier(choice, "id")
            if choice_id in choice_ids:
                raise choice.error("id", f"choice id {choice_id!r} is repeated in this node")
            choice_ids.add(choice_id)
            upholds = _principles(choice, "upholds")
            breaks = _principles(choice, "breaks")
            if not upholds and not breaks:
                raise choice.error(None, "a choice must uphold or break at least one principle")
            if set(upholds) & set(breaks):
                raise choice.error("breaks", "a choice cannot uphold and break one principle")
            goto = require(choice, "goto")
            graph[node_id].append((goto, choice))
            option = etree.SubElement(
                node,
                "choice",
                id=choice_id,
                goto=goto,
                upholds=" ".join(upholds),
                breaks=" ".join(breaks),
            )
            option.text = ctx.plain(choice, "text")
            ctx.fill(etree.SubElement(option, "feedback"), choice, "feedback")
    _check_graph(spec, start, graph, declared)
    if outcomes != {"good", "poor"}:
        raise spec.error("nodes", "an interview needs at least one good and one poor ending")
    component.graded_format = PRACTICE
    component.items.append(AssessmentItem(component.url_name, component.display_name))


def _check_graph(
    spec: SourceMap,
    start: str,
    graph: dict[str, list[tuple[str, SourceMap]]],
    declared: dict[str, SourceMap],
) -> None:
    if start not in graph:
        raise spec.error("start", f"the start node {start!r} does not exist")
    for edges in graph.values():
        for goto, choice in edges:
            if goto not in graph:
                raise choice.error("goto", f"goto {goto!r} names no node")
    reachable, stack = {start}, [start]
    while stack:
        for goto, _ in graph[stack.pop()]:
            if goto not in reachable:
                reachable.add(goto)
                stack.append(goto)
    for node_id, node_spec in declared.items():
        if node_id not in reachable:
            raise node_spec.error("id", f"node {node_id!r} cannot be reached from {start!r}")
    finishing = {node_id for node_id, edges in graph.items() if not edges}
    changed = True
    while changed:
        changed = False
        for node_id, edges in graph.items():
            if node_id not in finishing and any(goto in finishing for goto, _ in edges):
                finishing.add(node_id)
                changed = True
    for node_id, node_spec in declared.items():
        if node_id not in finishing:
            raise node_spec.error("id", f"node {node_id!r} is in a loop with no way to an end")


def _principles(choice: SourceMap, key: str) -> list[str]:
    values = optional(choice, key, list, [])
    for value in values:
        if value not in PRINCIPLES:
            raise choice.error(key, f"unknown principle {value!r}; known: {', '.join(PRINCIPLES)}")
    return list(values)
