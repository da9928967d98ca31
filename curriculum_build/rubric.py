"""The observation rubric: criteria scored on four levels, weights and one pass rule.

A course names its rubric file in ``course.yaml`` (``rubric: rubric.yaml``). The file
holds an ``id``, a ``version``, a ``title``, the ``scale`` (the names of levels 1 to 4),
the ``pass`` rule (``min_percent``, ``min_level``, ``critical_min_level``) and the
``criteria``: each an ``id``, a ``title``, a positive ``weight``, what the observer
``looks_for``, optionally ``critical: true`` and ``sources``, and exactly four
``levels`` (1 to 4 in order), each with a ``descriptor`` and an anchored ``example``.

The weighted score is ``sum(weight x level) / sum(weight x 4)`` as a percentage. A
session passes when the score reaches ``min_percent``, no criterion is below
``min_level`` and no critical criterion is below ``critical_min_level``. The rule must be
reachable and must not contradict itself; :func:`read_rubric` raises
:class:`CurriculumError` at the file and line of the first fault.

The numbers of the pass rule reach the course text through placeholders
(:func:`rubric_placeholders`), and the rubric is rendered as a course page by
``- rubric: true`` in a unit (:func:`rubric_page`): no number is typed twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .bibliography import Bibliography
from .block_fields import identifier, mapping_at
from .course_model import Component
from .errors import CurriculumError
from .markdown_text import page_html
from .sources import SourceList, SourceMap, only_keys, optional, require

LEVELS = (1, 2, 3, 4)
TOP_KEYS = {"id", "version", "title", "sources", "scale", "pass", "criteria"}
PASS_KEYS = {"min_percent", "min_level", "critical_min_level"}
CRITERION_KEYS = {"id", "title", "weight", "critical", "looks_for", "sources", "levels"}
LEVEL_KEYS = {"level", "descriptor", "example"}


@dataclass(frozen=True)
class Level:
    level: int
    descriptor: str
    example: str


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    weight: int
    critical: bool
    looks_for: str
    levels: tuple[Level, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PassRule:
    min_percent: int
    min_level: int
    critical_min_level: int


@dataclass(frozen=True)
class Rubric:
    id: str
    version: str
    title: str
    scale: tuple[str, ...]
    pass_rule: PassRule
    criteria: tuple[Criterion, ...]
    sources: tuple[str, ...] = ()


def read_rubric(spec: SourceMap, bibliography: Bibliography) -> Rubric:
    """The rubric in ``spec`` (a loaded rubric file), checked; see the module docstring."""
    only_keys(spec, TOP_KEYS, "a rubric")
    scale = require(spec, "scale", list)
    if len(scale) != len(LEVELS) or not all(isinstance(s, str) and s.strip() for s in scale):
        raise spec.error("scale", "scale must name the four levels, lowest first")
    rows = require(spec, "criteria", list)
    if not rows:
        raise spec.error("criteria", "a rubric needs at least one criterion")
    criteria = [_criterion(rows, index, bibliography) for index in range(len(rows))]
    seen: set[str] = set()
    for index, criterion in enumerate(criteria):
        if criterion.id in seen:
            raise CurriculumError(
                rows.path, rows.item_lines[index], f"criterion id {criterion.id!r} is repeated"
            )
        seen.add(criterion.id)
    rule = _pass_rule(require(spec, "pass", dict), criteria)
    return Rubric(
        id=identifier(spec, "id"),
        version=require(spec, "version"),
        title=require(spec, "title"),
        scale=tuple(s.strip() for s in scale),
        pass_rule=rule,
        criteria=tuple(criteria),
        sources=bibliography.check(spec, "sources") if "sources" in spec else (),
    )


def _criterion(rows: SourceList, index: int, bibliography: Bibliography) -> Criterion:
    row = mapping_at(rows, index, "a criterion")
    only_keys(row, CRITERION_KEYS, "a criterion")
    weight = require(row, "weight", int)
    if weight <= 0:
        raise row.error("weight", f"weight must be a positive whole number, got {weight}")
    critical = optional(row, "critical", bool, False)
    level_rows = require(row, "levels", list)
    if len(level_rows) != len(LEVELS):
        raise row.error(
            "levels", f"criterion {row.get('id')!r} has {len(level_rows)} levels; it needs 4"
        )
    levels = []
    for position, expected in enumerate(LEVELS):
        level_row = mapping_at(level_rows, position, "a level")
        only_keys(level_row, LEVEL_KEYS, "a level")
        number = require(level_row, "level", int)
        if number != expected:
            raise level_row.error("level", f"levels go 1 to 4 in order; found {number} here")
        levels.append(
            Level(
                number,
                require(level_row, "descriptor").strip(),
                require(level_row, "example").strip(),
            )
        )
    return Criterion(
        id=identifier(row, "id"),
        title=require(row, "title").strip(),
        weight=weight,
        critical=critical,
        looks_for=require(row, "looks_for").strip(),
        levels=tuple(levels),
        sources=bibliography.check(row, "sources") if "sources" in row else (),
    )


def _pass_rule(spec: SourceMap, criteria: list[Criterion]) -> PassRule:
    only_keys(spec, PASS_KEYS, "a pass rule")
    for key in PASS_KEYS:
        require(spec, key, int)
    rule = PassRule(spec["min_percent"], spec["min_level"], spec["critical_min_level"])
    if not 25 < rule.min_percent <= 100:
        raise spec.error(
            "min_percent", "min_percent must be above 25 (every criterion at 1) and at most 100"
        )
    if rule.min_level not in LEVELS:
        raise spec.error("min_level", "min_level must be a level from 1 to 4")
    if not rule.min_level <= rule.critical_min_level <= 4:
        raise spec.error("critical_min_level", "critical_min_level must be between min_level and 4")
    if rule.critical_min_level > rule.min_level and not any(c.critical for c in criteria):
        raise spec.error(
            "critical_min_level",
            "critical_min_level is above min_level, but no criterion is marked critical",
        )
    return rule


def rubric_component(
    row: SourceMap, rubric: Rubric | None, unit_id: str, title: str, translate
) -> Component:
    """The page a ``- rubric: true`` content item shows: the course's own rubric."""
    only_keys(row, {"rubric"}, "a rubric item")
    if row["rubric"] is not True or rubric is None:
        raise row.error(
            "rubric",
            "'- rubric: true' shows the course's rubric; name the rubric file under "
            "'rubric:' in the course file",
        )
    return Component(f"{unit_id}_rubric", title, "html", rubric_page(rubric, translate))


def rubric_sources(rubric: Rubric | None) -> list[str]:
    """Every reference the rubric cites, its own first, each once."""
    if rubric is None:
        return []
    keys = [*rubric.sources, *(key for c in rubric.criteria for key in c.sources)]
    return list(dict.fromkeys(keys))


def rubric_placeholders(rubric: Rubric) -> dict[str, str]:
    """The values course text may use: ``{{ rubric_pass_percent }}`` and the others."""
    rule = rubric.pass_rule
    critical = [c.title.lower() for c in rubric.criteria if c.critical]
    return {
        "rubric_version": rubric.version,
        "rubric_pass_percent": str(rule.min_percent),
        "rubric_min_level": f"{rule.min_level} ({rubric.scale[rule.min_level - 1]})",
        "rubric_critical_min_level": (
            f"{rule.critical_min_level} ({rubric.scale[rule.critical_min_level - 1]})"
        ),
        "rubric_critical": " and ".join(critical) if critical else "none",
        "rubric_levels": ", ".join(
            f"{n} {name.lower()}" for n, name in zip(LEVELS, rubric.scale, strict=True)
        ),
    }


def rubric_page(rubric: Rubric, translate) -> list[etree._Element]:
    """The rubric as course-page XHTML: the pass rule, then per criterion its weight,
    what to look for, and a table of the four levels with descriptor and example."""
    t = translate
    rule = rubric.pass_rule
    values = rubric_placeholders(rubric)
    lines = [
        f"*{rubric.title}*, " + t("version") + f" {rubric.version}.",
        "",
        t("Levels") + f": {values['rubric_levels']}.",
        "",
        "**"
        + t("Pass")
        + f":** {t('a weighted score of at least')} {rule.min_percent} %, "
        + f"{t('no criterion below level')} {values['rubric_min_level']}, "
        + f"{values['rubric_critical']} {t('at level')} "
        + f"{values['rubric_critical_min_level']} {t('or above')}.",
        "",
    ]
    total = sum(c.weight for c in rubric.criteria)
    for criterion in rubric.criteria:
        mark = " " + t("(critical)") if criterion.critical else ""
        lines += [
            f"### {criterion.title}{mark}",
            "",
            f"{t('Weight')} {criterion.weight} / {total}. {criterion.looks_for}",
            "",
            f"| {t('Level')} | {t('What the observer sees')} | {t('For example')} |",
            "|---|---|---|",
        ]
        for level in criterion.levels:
            name = rubric.scale[level.level - 1]
            lines.append(
                f"| {level.level} {name} | {_cell(level.descriptor)} | {_cell(level.example)} |"
            )
        lines.append("")
    return page_html("\n".join(lines))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
