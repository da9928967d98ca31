"""A victim-identification case, read from its OLX content."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from commit_training.author_html import child_markup, inner_markup
from commit_training.knowledge_check.content import checked_id
from commit_training.olx import ContentError, choice, content_root, flag, required
from commit_training.scoring.indicators import (
    Case,
    Dimension,
    Indicator,
    IndicatorList,
    Strength,
    policy_named,
)

DIMENSIONS = tuple(d.value for d in Dimension)
STRENGTHS = tuple(s.value for s in Strength)


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class CaseContent:
    stages: tuple[Stage, ...]
    case: Case
    debrief: str = ""


@functools.lru_cache(maxsize=256)
def parse(content_xml: str, indicator_list: str, policy: str) -> CaseContent:
    try:
        listed = IndicatorList(indicator_list)
    except ValueError:
        raise ContentError(
            f"indicator_list {indicator_list!r} is not one of "
            f"{', '.join(i.value for i in IndicatorList)}"
        ) from None
    try:
        chosen_policy = policy_named(policy)
    except ValueError as error:
        raise ContentError(str(error)) from None
    root = content_root("commit_case_scenario", content_xml)
    stages, indicators, act, debrief = [], [], False, ""
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag == "stage":
            stages.append(
                Stage(checked_id(element), required(element, "title"), inner_markup(element))
            )
        elif element.tag == "indicator":
            indicators.append(
                Indicator(
                    id=checked_id(element),
                    dimension=Dimension(choice(element, "dimension", DIMENSIONS)),
                    strength=Strength(choice(element, "strength", STRENGTHS)),
                    label=inner_markup(element, skip=frozenset({"evidence"})),
                    present=flag(element, "present"),
                    evidence=child_markup(element, "evidence"),
                )
            )
        elif element.tag == "act":
            act = flag(element, "present")
        elif element.tag == "debrief":
            debrief = inner_markup(element)
        else:
            raise ContentError(
                f"line {element.sourceline}: <{element.tag}> does not belong in a case; use "
                "<stage>, <indicator>, <act> or <debrief>"
            )
    case = Case(
        indicator_list=listed, indicators=tuple(indicators), act_shown=act, policy=chosen_policy
    )
    return CaseContent(stages=tuple(stages), case=case, debrief=debrief)


def problems(content: CaseContent) -> list[str]:
    found = []
    if not content.stages:
        found.append("the case has no <stage>")
    if not content.case.indicators:
        found.append("the case has no <indicator>")
    for kind, items in (("stage", content.stages), ("indicator", content.case.indicators)):
        ids = [item.id for item in items]
        found.extend(
            f"two {kind}s have the id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})
        )
    found.extend(f"indicator {i.id!r} has no label" for i in content.case.indicators if not i.label)
    return found
