"""The item responses of one knowledge check as CSV, for the course team.

One row per learner and item of the learner's last sitting of the block:
``learner_id,item_id,chosen,correct,form,phase``. ``learner_id`` is the anonymous id the
platform gives the learner in the course; ``chosen`` is the option id chosen, several
ids separated by a space for a multiple-choice item, empty when the item was skipped;
``correct`` is 1 or 0; ``form`` is A, B or empty; ``phase`` is pre, post or exam.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

HEADER = ("learner_id", "item_id", "chosen", "correct", "form", "phase")


def response_rows(learner_id: str, phase: str, result: Mapping) -> list[tuple[str, ...]]:
    """The rows of one learner's stored result (``{"form", "responses": [...]}``, as the
    block keeps it); none for a result without responses or one that is malformed."""
    responses = result.get("responses") if isinstance(result, Mapping) else None
    if not isinstance(responses, list):
        return []
    form = result.get("form") or ""
    rows = []
    for response in responses:
        if not isinstance(response, Mapping) or not response.get("id"):
            continue
        chosen = response.get("chosen") or []
        rows.append(
            (
                str(learner_id),
                str(response["id"]),
                " ".join(sorted(str(c) for c in chosen)),
                "1" if response.get("correct") is True else "0",
                str(response.get("form", form) or ""),
                phase,
            )
        )
    return rows


def responses_csv(phase: str, results: Iterable[tuple[str, Mapping]]) -> str:
    """CSV text (header first, rows ordered by learner then item) of every
    (learner id, stored result) pair."""
    rows = sorted(
        row for learner, result in results for row in response_rows(learner, phase, result)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()
