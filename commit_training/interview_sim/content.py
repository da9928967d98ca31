"""A branching interview, read from its OLX content."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from commit_training.author_html import child_markup, inner_markup
from commit_training.knowledge_check.content import checked_id
from commit_training.olx import ContentError, choice, content_root, flag, required
from commit_training.scoring.interview import Choice, Graph, Node, Principle, graph_problems

PRINCIPLES = {p.value for p in Principle}


@dataclass(frozen=True)
class Interview:
    scenario: str
    graph: Graph


def _principles(element, attribute: str) -> frozenset[Principle]:
    codes = (element.get(attribute) or "").split()
    unknown = [code for code in codes if code not in PRINCIPLES]
    if unknown:
        raise ContentError(
            f"<choice id={element.get('id')!r}> line {element.sourceline}: {attribute} names "
            f"{unknown[0]!r}, which is not one of {', '.join(sorted(PRINCIPLES))}"
        )
    return frozenset(Principle(code) for code in codes)


@functools.lru_cache(maxsize=256)
def parse(content_xml: str, start: str) -> Interview:
    root = content_root("commit_interview_sim", content_xml)
    scenario, nodes = "", []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag == "scenario":
            scenario = inner_markup(element)
        elif element.tag == "node":
            end = flag(element, "end")
            choices = tuple(
                Choice(
                    id=checked_id(c),
                    label=inner_markup(c, skip=frozenset({"feedback"})),
                    goto=required(c, "goto"),
                    upholds=_principles(c, "upholds"),
                    breaks=_principles(c, "breaks"),
                    feedback=child_markup(c, "feedback"),
                )
                for c in element.findall("choice")
            )
            nodes.append(
                Node(
                    id=checked_id(element),
                    text=child_markup(element, "text"),
                    speaker=element.get("speaker", ""),
                    choices=choices,
                    end=end,
                    outcome=choice(element, "outcome", ("good", "poor"), "good") if end else "",
                )
            )
        else:
            raise ContentError(
                f"line {element.sourceline}: <{element.tag}> does not belong in an interview; "
                "use <scenario> or <node>"
            )
    return Interview(scenario=scenario, graph=Graph(start=start, nodes=tuple(nodes)))


def problems(interview: Interview) -> list[str]:
    if not interview.graph.nodes:
        return ["the interview has no <node>"]
    return graph_problems(interview.graph)
