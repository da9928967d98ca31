"""The course team's CSV of a knowledge check's item responses: one row per learner and
item, header learner_id,item_id,chosen,correct then form and phase."""

from __future__ import annotations

import csv
import io

from commit_training.scoring.response_export import HEADER, responses_csv

RESULT_A = {
    "form": "A",
    "responses": [
        {"id": "q2", "form": "A", "chosen": ["d", "a"], "correct": False},
        {"id": "q1", "form": "A", "chosen": ["b"], "correct": True},
    ],
}
RESULT_B = {"form": "B", "responses": [{"id": "q9", "form": "B", "chosen": [], "correct": False}]}


def test_rows_per_learner_and_item_with_the_header_first():
    text = responses_csv("pre", [("f00d", RESULT_A), ("beef", RESULT_B), ("cafe", {})])
    assert text.startswith("learner_id,item_id,chosen,correct,form,phase\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADER
    assert rows[1:] == [
        ["beef", "q9", "", "0", "B", "pre"],  # skipped: chosen empty
        ["f00d", "q1", "b", "1", "A", "pre"],
        ["f00d", "q2", "a d", "0", "A", "pre"],
    ]


def test_a_malformed_stored_result_is_left_out():
    assert responses_csv("post", [("x", {"responses": "nonsense"}), ("y", [])]) == (
        "learner_id,item_id,chosen,correct,form,phase\r\n"
    )
