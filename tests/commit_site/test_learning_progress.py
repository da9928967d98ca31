"""The course shell's progress rules (commit_site/learning_progress.py): shares per module
and course, the neighbours of a unit across modules, and where "Continue" goes."""

from __future__ import annotations

import pytest

from commit_site.learning_progress import (
    continue_with,
    course_progress,
    module_of,
    module_progress,
    neighbours,
)
from curriculum_build.workbench import CourseOutline, OutlineModule, OutlineUnit


def _outline() -> CourseOutline:
    # Unit 3 is the facilitator guide's: learners never see it, and the numbers skip it.
    first = OutlineModule("One", (OutlineUnit(1, "a", ()), OutlineUnit(2, "b", ())))
    second = OutlineModule(
        "Two", (OutlineUnit(4, "c", ("commit_case_scenario",)), OutlineUnit(5, "d", ()))
    )
    return CourseOutline("x", "X1", "Course X", (first, second))


def test_shares_count_opened_units_of_the_outline_only():
    outline = _outline()
    progress = course_progress(outline, {1, 3, 4})
    assert (progress.opened, progress.total, progress.percent) == (2, 4, 50)
    assert module_progress(outline.modules[0], {1, 3, 4}).opened == 1
    assert course_progress(outline, {1, 2, 4}).percent == 75
    assert course_progress(CourseOutline("e", "E", "E", ()), set()).percent == 0


def test_the_neighbours_of_a_unit_cross_modules_and_skip_hidden_units():
    outline = _outline()
    before, after = neighbours(outline, 2)
    assert (before.number, after.number) == (1, 4)
    assert neighbours(outline, 1)[0] is None
    assert neighbours(outline, 5)[1] is None
    assert module_of(outline, 4).title == "Two"
    with pytest.raises(LookupError, match="unit 3 is not one a learner opens in x"):
        neighbours(outline, 3)


@pytest.mark.parametrize(
    ("last", "opened", "expected"),
    [
        (None, set(), 1),  # nothing yet: the start
        (1, {1}, 2),  # the next unit
        (2, {1, 2, 4}, 5),  # skips what is opened after the last one
        (5, {2, 4, 5}, 1),  # nothing left after it: the first one missed
        (4, {1, 2, 4, 5}, 4),  # all opened: where they were
    ],
)
def test_continue_goes_to_the_next_unit_not_yet_opened(last, opened, expected):
    assert continue_with(_outline(), last, opened).number == expected
