"""Timing helpers shared by the benchmarks: one run, the best of several, a loop over
items, the median of rounds. Wall-clock time (``time.perf_counter``); each benchmark
states what it times and beside which peer or floor, measured in the same run."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import time
from collections.abc import Callable, Iterable


def timed(function: Callable[[], object]) -> float:
    """Seconds one call of ``function`` takes."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def give_memory_back() -> None:
    """Return the freed heap to the system (glibc), as a fresh process starts: the next
    run then pays for the pages it touches. Elsewhere a no-op."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def best_of(function: Callable[[], object], repeats: int, *, fresh: bool = False) -> float:
    """The fastest of ``repeats`` runs. With ``fresh``, memory is given back before each
    run (the conservative case); without, the last result is held until the next run
    ends, so its pages stay mapped."""
    best, held = float("inf"), None
    for _ in range(repeats):
        if fresh:
            held = None
            give_memory_back()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
        held = None if fresh else result
        del result
    del held
    return best


def timed_loop(function: Callable[[object], bytes], items: Iterable) -> tuple[float, int]:
    """Seconds to call ``function`` on every item in turn, and the total length of what
    it returned (bytes written, say)."""
    total = 0
    start = time.perf_counter()
    for item in items:
        total += len(function(item))
    return time.perf_counter() - start, total


def median(values: list[float]) -> float:
    """The middle value (the upper one of an even count), as the results tables state."""
    return sorted(values)[len(values) // 2]
