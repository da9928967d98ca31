"""A case scenario declared in the sources, checked and rendered as ``commit_case_scenario``.

Indicators come from the shared catalogue by id (their dimension, strength and label
are the catalogue's); a case needs at least one present indicator, each with its
evidence, and one distractor (an indicator the case could be misread to show, with the
evidence why not). The block receives the whole list, in the catalogue's order, so the
learner screens with the full table as an officer does; the indicators the case does
not declare are absent from it; a child list needs the Palermo act. The stated
``intended_conclusion`` must equal what the combination rule of the blocks' own scoring
module (:mod:`commit_training.scoring.indicators`, under the catalogue's policy) gives
from the present indicators, or the build fails at that line.
"""

from __future__ import annotations

from lxml import etree

from commit_training.scoring.indicators import (
    Conclusion,
    Dimension,
    Indicator,
    Strength,
    conclude,
    policy_named,
    positive_dimensions,
)

from .block_fields import count, identifier, mapping_at
from .context import CourseContext
from .course_model import PRACTICE, AssessmentItem, Component
from .sources import SourceMap, only_keys, require


def case_scenario(
    ctx: CourseContext, spec: SourceMap, element: etree._Element, component: Component
) -> None:
    only_keys(
        spec,
        {
            "block",
            "url_name",
            "display_name",
            "indicator_list",
            "weight",
            "max_attempts",
            "intended_conclusion",
            "stages",
            "indicators",
            "act",
            "debrief",
        },
        "a case scenario",
    )
    list_name = require(spec, "indicator_list")
    if list_name not in ctx.catalogue.lists:
        known = ", ".join(ctx.catalogue.lists)
        raise spec.error("indicator_list", f"unknown indicator list {list_name!r}; known: {known}")
    table = ctx.catalogue.lists[list_name]
    element.set("indicator_list", list_name)
    element.set("policy", ctx.catalogue.policy)
    element.set("weight", str(count(spec, "weight", 1, minimum=0)))
    element.set("max_attempts", str(count(spec, "max_attempts", 2, minimum=0)))
    stages = require(spec, "stages", list)
    if not stages:
        raise spec.error("stages", "a case needs at least one stage")
    stage_ids: set[str] = set()
    for index, _ in enumerate(stages):
        stage = mapping_at(stages, index, "a stage")
        only_keys(stage, {"id", "title", "text"}, "a stage")
        stage_id = identifier(stage, "id")
        if stage_id in stage_ids:
            raise stage.error("id", f"stage id {stage_id!r} is repeated")
        stage_ids.add(stage_id)
        node = etree.SubElement(element, "stage", id=stage_id, title=ctx.plain(stage, "title"))
        ctx.fill(node, stage, "text")
    rows = require(spec, "indicators", list)
    declared: dict[str, SourceMap] = {}
    for index, _ in enumerate(rows):
        row = mapping_at(rows, index, "an indicator")
        only_keys(row, {"id", "present", "evidence"}, "a case indicator")
        indicator_id = require(row, "id")
        if indicator_id not in table:
            raise row.error(
                "id", f"indicator {indicator_id!r} is not in the {list_name} list of the catalogue"
            )
        if indicator_id in declared:
            raise row.error("id", f"indicator {indicator_id!r} is listed twice in this case")
        if require(row, "present", bool) and "evidence" not in row:
            raise row.error(None, f"present indicator {indicator_id!r} needs its evidence")
        declared[indicator_id] = row
    # The learner marks from the whole list, in the catalogue's order, as an officer
    # screens with the full table in hand: nothing tells which indicators the case holds.
    present: list[Indicator] = []
    used = set(declared)
    for indicator_id, entry in table.items():
        row = declared.get(indicator_id)
        is_present = row is not None and row["present"]
        node = etree.SubElement(
            element,
            "indicator",
            id=indicator_id,
            dimension=entry.dimension,
            strength=entry.strength,
            present="true" if is_present else "false",
        )
        node.text = ctx.plain(entry.source, "label")
        if "source" in entry.source and entry.source["source"] not in component.cites:
            component.cites.append(entry.source["source"])
        if is_present:
            present.append(
                Indicator(indicator_id, Dimension(entry.dimension), Strength(entry.strength))
            )
        if row is not None and "evidence" in row:
            ctx.fill(etree.SubElement(node, "evidence"), row, "evidence")
    if not present or len(present) == len(used):
        raise spec.error(
            "indicators", "a case needs at least one present indicator and one distractor"
        )
    child = list_name.startswith("child_")
    act = False
    if "act" in spec:
        act_spec = require(spec, "act", dict)
        only_keys(act_spec, {"present", "text"}, "the act")
        act = require(act_spec, "present", bool)
        node = etree.SubElement(element, "act", present="true" if act else "false")
        ctx.fill(node, act_spec, "text")
    elif child:
        raise spec.error(None, "a case on a child list must say whether the act is shown ('act')")
    stated = require(spec, "intended_conclusion")
    known = [c.value for c in Conclusion]
    if stated not in known:
        raise spec.error("intended_conclusion", f"{stated!r} is not one of {', '.join(known)}")
    policy = policy_named(ctx.catalogue.policy)
    computed = conclude(present, child=child, act=act, policy=policy).value
    if computed != stated:
        positive = ", ".join(sorted(positive_dimensions(present, policy))) or "none"
        raise spec.error(
            "intended_conclusion",
            f"the case states {stated!r} but the combination rule gives {computed!r} "
            f"from its present indicators (positive dimensions: {positive})",
        )
    if "debrief" in spec:
        ctx.fill(etree.SubElement(element, "debrief"), spec, "debrief")
    component.graded_format = PRACTICE
    component.items.append(AssessmentItem(component.url_name, component.display_name))
