"""A learner's progress through a course outline: which units are opened, and where to go on.

Pure: given the outline and the numbers of the units a learner has opened, the shares per
module and course, and the unit to continue with. Opening counts, not passing: the blocks'
scores go to the registry, and a unit of reading has nothing to pass.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from curriculum_build.workbench import CourseOutline, OutlineModule, OutlineUnit


@dataclass(frozen=True)
class Progress:
    opened: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: a course is 100 % only when every unit is opened."""
        return 0 if self.total == 0 else self.opened * 100 // self.total


def module_progress(module: OutlineModule, opened: Collection[int]) -> Progress:
    return Progress(sum(unit.number in opened for unit in module.units), len(module.units))


def course_progress(outline: CourseOutline, opened: Collection[int]) -> Progress:
    units = outline.units
    return Progress(sum(unit.number in opened for unit in units), len(units))


def neighbours(
    outline: CourseOutline, number: int
) -> tuple[OutlineUnit | None, OutlineUnit | None]:
    """The units before and after unit ``number`` as a learner goes (the facilitator
    guide's units are skipped). Raises :class:`LookupError` for a unit not in the outline."""
    units = outline.units
    for index, unit in enumerate(units):
        if unit.number == number:
            before = units[index - 1] if index > 0 else None
            after = units[index + 1] if index + 1 < len(units) else None
            return before, after
    raise LookupError(f"unit {number} is not one a learner opens in {outline.name}")


def module_of(outline: CourseOutline, number: int) -> OutlineModule:
    for module in outline.modules:
        if any(unit.number == number for unit in module.units):
            return module
    raise LookupError(f"unit {number} is not one a learner opens in {outline.name}")


def continue_with(outline: CourseOutline, last_opened: int | None, opened: Collection[int]):
    """Where "Continue" goes: nothing opened yet, the first unit; else the first unit not
    opened after the last one opened; else (all after it opened) the first not opened;
    else the last one opened."""
    units = outline.units
    if not units:
        return None
    if last_opened is None:
        return units[0]
    after = [u for u in units if u.number > last_opened and u.number not in opened]
    if after:
        return after[0]
    rest = [u for u in units if u.number not in opened]
    if rest:
        return rest[0]
    return next((u for u in units if u.number == last_opened), units[0])
