"""Benchmark: item analysis of 100,000 learners x 60 items (difficulty, rest-score
discrimination, option shares, flags, KR-20) through the product's own path, beside

* the floor: one matrix product of the score matrix with a vector of ones (the learners'
  totals), the least any item analysis must do, measured in the same run.

Two figures are reported: the core from the parsed matrix
(:func:`trainer_registry.assessment.item_analysis.item_analysis`), the figure of the goal
(within 3x the floor), and, separately, end to end: the CSV's bytes read and checked
(:func:`~trainer_registry.assessment.responses_file.read_responses`), the matrix built,
then the analysis. Run from the repository root:
``.venv/bin/python benchmarks/item_analysis/run.py``; it writes ``RESULTS.md`` beside
this file. ``BENCH_LEARNERS`` changes the number of learners.
"""

from __future__ import annotations

import io
import os
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from benchmarks.timing import best_of, timed  # noqa: E402
from trainer_registry.assessment.item_analysis import (  # noqa: E402
    item_analysis,
    item_moments,
    response_matrix,
)
from trainer_registry.assessment.responses_file import read_responses  # noqa: E402

LEARNERS = int(os.environ.get("BENCH_LEARNERS", "100000"))
ITEMS = 60
REPEATS = 5
ROUNDS = 3
OPTIONS = np.array(["A", "B", "C", "D"], dtype=object)


def generate(learners: int, seed: int = 11) -> pd.DataFrame:
    """Long rows, one per learner and item: ability against item hardness decides the
    answer; 3 % of items skipped (empty ``chosen``); the key is option A..D by item."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=(learners, 1))
    hardness = rng.normal(size=(1, ITEMS))
    right = rng.random((learners, ITEMS)) < 1 / (1 + np.exp(hardness - 1.5 * ability))
    skipped = rng.random((learners, ITEMS)) < 0.03
    key = np.arange(ITEMS) % 4
    wrong = (key + rng.integers(1, 4, (learners, ITEMS))) % 4
    chosen = OPTIONS[np.where(right, key, wrong)]
    chosen[skipped] = ""
    learner_ids = np.char.add("L", np.arange(learners).astype(str)).astype(object)
    item_ids = np.char.add("Q", np.arange(1, ITEMS + 1).astype(str)).astype(object)
    return pd.DataFrame(
        {
            "learner_id": np.repeat(learner_ids, ITEMS),
            "item_id": np.tile(item_ids, learners),
            "chosen": chosen.ravel(),
            "correct": (right & ~skipped).ravel().astype(np.int8),
        }
    )


def main() -> None:
    long = generate(LEARNERS)
    buffer = io.StringIO()
    long.to_csv(buffer, index=False)
    raw = buffer.getvalue().encode()
    matrix = response_matrix(long["learner_id"], long["item_id"], long["chosen"], long["correct"])
    ones = np.ones(ITEMS)

    def ours():
        return item_analysis(matrix)

    def floor():
        return matrix.score @ ones  # the float64 matrix the core receives, as it is laid out

    def moments():
        return item_moments(matrix)

    def end_to_end():
        frame = read_responses(raw, name="responses.csv")
        parsed = response_matrix(
            frame["learner_id"], frame["item_id"], frame["chosen"], frame["correct"]
        )
        return item_analysis(parsed)

    result = ours()
    assert end_to_end().as_dict() == result.as_dict()
    # Rounds in turn, so that a busy moment on the machine slows both alike.
    own = floor_seconds = held = whole = sums = float("inf")
    for _ in range(ROUNDS):
        floor_seconds = min(floor_seconds, best_of(floor, REPEATS, fresh=True))
        own = min(own, best_of(ours, REPEATS, fresh=True))
        held = min(held, best_of(ours, REPEATS))
        sums = min(sums, best_of(moments, REPEATS, fresh=True))
        whole = min(whole, timed(end_to_end))
    flagged = sum(1 for item in result.items_detail if item.flags)
    lines = [
        "# Item analysis benchmark",
        "",
        f"{LEARNERS:,} generated learners x {ITEMS} items ({LEARNERS * ITEMS:,} responses, "
        f"3 % skipped; {len(raw) / 1e6:.0f} MB of CSV); KR-20 {result.kr20:.4f} over "
        f"{result.complete:,} complete learners, {flagged} items flagged. Each figure the "
        f"best of {ROUNDS} rounds taken in turn, {REPEATS} runs a round ({ROUNDS} single "
        "runs end to end), in one run on the same matrix. Before each run the freed heap is "
        "given back to the system (glibc `malloc_trim`); the analysis with its previous "
        "result held is shown too.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}.",
        "",
        "| what | seconds | times the floor |",
        "|---|---:|---:|",
        f"| floor: learners' totals, `score @ ones` (one matrix product) | {floor_seconds:.4f} "
        "| 1.0 |",
        f"| `item_analysis` from the parsed matrix: moments, option counts, KR-20, flags "
        f"| {own:.4f} | {own / floor_seconds:.1f} |",
        f"| the same, previous result held | {held:.4f} | {held / floor_seconds:.1f} |",
        f"| of which the sums (`item_moments`: totals, then one pass over the items) "
        f"| {sums:.4f} | {sums / floor_seconds:.1f} |",
        f"| end to end: CSV bytes read and checked, matrix built, analysis | {whole:.3f} "
        f"| {whole / floor_seconds:.0f} |",
        "",
        f"Core: {own / floor_seconds:.1f}x the floor (goal within 3x): "
        f"{'met' if own <= 3 * floor_seconds else 'NOT MET'}.",
        "",
        "Where the core's time goes (timed piece by piece while tuning, same machine): the "
        "totals are the floor itself; the three dot products per item (score, score x "
        "total, score over the complete learners) read the score matrix a second time, "
        "about 1.5 floors; finding each item's skippers and summing their totals (a "
        "compare, a count and a compress over the item's option codes) about 2.5 floors, "
        "the largest piece; the option counts (a compare and a count per option but the "
        "last) about 1 floor; the complete learners (a minimum over each learner's codes) "
        "0.3; the per-item results in Python about 0.5; the rest is the call overhead of "
        "the few hundred small numpy calls of the pass over the items. Each step is already one "
        "vectorised pass over memory: within 3x would need the second read of the score "
        "matrix and the scan of the codes fused into the floor's own pass, which numpy "
        "cannot express (two threads over the items gained nothing: the small per-item "
        "steps are bound by the interpreter and memory).",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
