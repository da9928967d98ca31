"""Benchmark: the full attrition analysis of 1,000,000 people in 108 groups (6 countries x
6 sectors x 3 programmes): shares with Wilson intervals, Kaplan-Meier curves with Greenwood
log(-log) intervals, retention at 1, 2, 3 years and medians, beside

* lifelines' ``KaplanMeierFitter`` fitted per group on the same arrays (the peer), and
* the one-pass floor: two ``np.bincount`` calls over group x day keys.

Run from the repository root: ``.venv/bin/python benchmarks/attrition/run.py``.
lifelines pins an older pandas than this project, so it runs in its own virtual
environment, in a child process given the same arrays: create it with
``python3.12 -m venv <dir> && <dir>/bin/pip install lifelines`` and pass its interpreter in
``BENCH_LIFELINES_PYTHON``. The run checks that both give the same survival and interval
numbers to 1e-9, and writes ``RESULTS.md`` beside this file.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
GROUPS = 108
REPEATS = 5
ROUNDS = 3
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from benchmarks import timing  # noqa: E402  (the repository root is on the path now)

LIFELINES_CHILD = """
import ctypes, ctypes.util, sys, time, numpy as np, lifelines
from lifelines import KaplanMeierFitter
libc = ctypes.CDLL(ctypes.util.find_library("c"))
data = np.load(sys.argv[1])
group, days, left = data["group"], data["days"], data["left"]
order = np.argsort(group, kind="stable")
bounds = np.searchsorted(group[order], np.arange(group.max() + 2))
best, out = float("inf"), None
for _ in range(int(sys.argv[3])):
    out = None
    libc.malloc_trim(0)
    start = time.perf_counter()
    fits = []
    for g in range(bounds.size - 1):
        rows = order[bounds[g]:bounds[g + 1]]
        fits.append(KaplanMeierFitter().fit(days[rows], left[rows]))
    best = min(best, time.perf_counter() - start)
    out = fits
survival, low, high = [], [], []
for fit, times in zip(out, np.split(data["times"], data["offsets"][1:-1])):
    ci = fit.confidence_interval_
    survival.append(fit.survival_function_.loc[times].to_numpy()[:, 0])
    low.append(ci.loc[times].to_numpy()[:, 0])
    high.append(ci.loc[times].to_numpy()[:, 1])
np.savez(sys.argv[2], seconds=best, survival=np.concatenate(survival),
         low=np.concatenate(low), high=np.concatenate(high), version=lifelines.__version__)
"""


def generate(rows: int, seed: int = 7):
    """Generated people: group number, days followed (up to 10 years), left or not."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, GROUPS, rows)
    leaving_day = rng.exponential(1500 + 20 * group)  # groups keep people differently
    seen_until = rng.integers(30, 3650, rows)
    left = leaving_day < seen_until
    days = np.where(left, np.floor(leaving_day), seen_until).astype(float)
    responded = rng.random(rows) < 0.8
    return group, days, left, responded


def best_of(function, *, fresh: bool = True) -> float:
    """The fastest of REPEATS runs, memory given back before each unless ``fresh`` is
    false (see :func:`benchmarks.timing.best_of`)."""
    return timing.best_of(function, REPEATS, fresh=fresh)


def main() -> None:
    from trainer_registry.attrition.attrition_by_group import attrition_by_group

    group, days, left, _responded = generate(ROWS)
    every = np.ones(ROWS, dtype=bool)

    def ours():
        return attrition_by_group(group, every, left, days, groups=GROUPS)

    def floor():
        key = group * 3650 + days.astype(np.int64)
        np.bincount(key, minlength=GROUPS * 3650)
        np.bincount(key, weights=left, minlength=GROUPS * 3650)

    figures = ours()
    curves = figures.curves
    child = os.environ.get("BENCH_LIFELINES_PYTHON")
    if not child:
        sys.exit("set BENCH_LIFELINES_PYTHON to the interpreter of an environment with lifelines")
    work = Path(tempfile.mkdtemp(prefix="commit-attrition-bench-"))
    np.savez(
        work / "in.npz",
        group=group,
        days=days,
        left=left,
        times=curves.times,
        offsets=curves.offsets,
    )
    # Rounds in turn, so that a busy moment on the machine slows all three alike.
    own = floor_seconds = lifelines_seconds = held = float("inf")
    repeats = [str(REPEATS)]
    for _ in range(ROUNDS):
        own, floor_seconds = min(own, best_of(ours)), min(floor_seconds, best_of(floor))
        held = min(held, best_of(ours, fresh=False))
        subprocess.run(  # noqa: S603 (the interpreter the person running the benchmark named)
            [child, "-c", LIFELINES_CHILD, str(work / "in.npz"), str(work / "out.npz"), *repeats],
            check=True,
        )
        peer = np.load(work / "out.npz")
        lifelines_seconds = min(lifelines_seconds, float(peer["seconds"]))
    gaps = {
        "survival": np.nanmax(np.abs(peer["survival"] - curves.survival)),
        "ci_low": np.nanmax(np.abs(peer["low"] - curves.ci_low)),
        "ci_high": np.nanmax(np.abs(peer["high"] - curves.ci_high)),
    }
    same_nan = np.array_equal(np.isnan(peer["low"]), np.isnan(curves.ci_low))
    agree = same_nan and max(gaps.values()) <= 1e-9
    import pandas as pd

    lines = [
        "# Attrition analysis benchmark",
        "",
        f"{ROWS:,} generated people in {GROUPS} groups (country x sector x programme), "
        f"{curves.times.size:,} group-days with someone leaving; each the best of {ROUNDS} "
        f"rounds taken in turn, {REPEATS} runs a round, in one run on the same arrays "
        "(lifelines in a child process with its own environment). Before each run the "
        "freed heap is given back to the system (glibc `malloc_trim`), as in a fresh "
        "process, so each run pays for the memory it touches; the figures of the goal are "
        "these. For comparison, the same analysis with its previous result still held (its "
        "pages kept) is shown too.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"lifelines {peer['version']}.",
        "",
        "| what | seconds | times the floor |",
        "|---|---:|---:|",
        f"| floor: two `np.bincount` over group x day keys | {floor_seconds:.4f} | 1.0 |",
        f"| `attrition_by_group`: shares, Wilson intervals, KM curves, Greenwood log(-log) "
        f"intervals, retention at 1-3 years, medians | {own:.4f} | {own / floor_seconds:.1f} |",
        f"| the same, previous result held (memory already in the process) | {held:.4f} "
        f"| {held / floor_seconds:.1f} |",
        f"| lifelines `KaplanMeierFitter` per group (peer) | {lifelines_seconds:.4f} "
        f"| {lifelines_seconds / floor_seconds:.1f} |",
        "",
        f"Speed-up over lifelines: {lifelines_seconds / own:.1f}x (goal at least 20x); "
        f"{own / floor_seconds:.1f}x the floor (goal within 10x).",
        f"Largest difference from lifelines at every event time: survival "
        f"{gaps['survival']:.1e}, lower bound {gaps['ci_low']:.1e}, upper bound "
        f"{gaps['ci_high']:.1e} (goal 1e-9): {'agree' if agree else 'DO NOT AGREE'}.",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if not agree:
        sys.exit(1)


if __name__ == "__main__":
    main()
