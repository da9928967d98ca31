"""The load driver of the learning-block benchmark: concurrent learners, counted failures.

Pure Python and the standard library (threads, ``http.client``), so it is tested alone
(tests/benchmarks/). :func:`drive` runs ``count`` requests over ``concurrency`` threads;
every request is timed from just before it is sent to when its whole answer is read, and
a request fails when it raises, answers with a status other than 200, or its answer does
not pass the caller's check. :func:`summarise` turns the outcomes into the figures of the
results table.

Percentiles are nearest-rank (the value at rank ceil(q/100 * n) of the n sorted
latencies, rank 1 the fastest), so p50 and p95 are always latencies that were measured.
Throughput is requests answered without failure divided by the wall-clock seconds from
the moment all threads start to the moment the last request ends.
"""

from __future__ import annotations

import http.client
import json
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# One learner's request: gets the learner's number, returns (ok, what went wrong).
Request = Callable[[int], tuple[bool, str]]


@dataclass(frozen=True)
class Outcome:
    """One request: how long it took and whether it succeeded."""

    learner: int
    seconds: float
    ok: bool
    problem: str = ""


@dataclass(frozen=True)
class Summary:
    """The results-table row of one handler: counts, throughput and latency percentiles."""

    requests: int
    failures: int
    wall_seconds: float
    per_second: float
    p50: float
    p95: float
    problems: tuple[str, ...] = ()


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the value at rank ceil(q/100 * n) of the sorted values."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 < q <= 100:
        raise ValueError(f"percentile q={q!r} must be in (0, 100]")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(outcomes: Sequence[Outcome], wall_seconds: float) -> Summary:
    """Requests, failures, successful requests per second, p50 and p95 of all latencies."""
    if wall_seconds <= 0:
        raise ValueError(f"wall_seconds={wall_seconds!r} must be positive")
    latencies = [outcome.seconds for outcome in outcomes]
    failed = [outcome for outcome in outcomes if not outcome.ok]
    succeeded = len(outcomes) - len(failed)
    distinct = sorted({outcome.problem for outcome in failed})
    return Summary(
        requests=len(outcomes),
        failures=len(failed),
        wall_seconds=wall_seconds,
        per_second=succeeded / wall_seconds,
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        problems=tuple(distinct[:5]),
    )


def drive(request: Request, *, count: int, concurrency: int) -> tuple[list[Outcome], float]:
    """Run ``request(0..count-1)`` on ``concurrency`` threads; the outcomes and wall time.

    Each thread takes the next learner number as soon as its previous request ends, so
    ``concurrency`` requests are in flight until the last ones. An exception raised by
    ``request`` counts as a failure (its type and message are kept), never stops the run.
    """
    if count < 1 or concurrency < 1:
        raise ValueError(f"count={count} and concurrency={concurrency} must be at least 1")
    numbers = iter(range(count))
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    start_line = threading.Barrier(concurrency + 1)

    def worker() -> None:
        start_line.wait()
        while True:
            with lock:
                learner = next(numbers, None)
            if learner is None:
                return
            began = time.perf_counter()
            try:
                ok, problem = request(learner)
            except Exception as error:  # every failure is counted, none stops the run
                ok, problem = False, f"{type(error).__name__}: {error}"
            outcome = Outcome(learner, time.perf_counter() - began, ok, "" if ok else problem)
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - began


class JsonPoster:
    """POSTs JSON to one server over one keep-alive connection per thread.

    ``headers`` are sent with every request (the CSRF cookie and token). ``check`` gets
    the decoded JSON answer and returns what is wrong with it, or ``""`` when it is right.
    """

    def __init__(
        self,
        host: str,
        port: int,
        headers: dict[str, str],
        check: Callable[[object], str],
        timeout: float = 120.0,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.headers = {"Content-Type": "application/json", **headers}
        self.check = check
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._local.connection = connection
        return connection

    def post(self, path: str, payload: object) -> tuple[bool, str]:
        connection = self._connection()
        try:
            connection.request("POST", path, body=json.dumps(payload), headers=self.headers)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            self._local.connection = None
            raise
        if response.status != 200:
            return False, f"HTTP {response.status}: {body[:120]!r}"
        try:
            answer = json.loads(body)
        except ValueError:
            return False, f"not JSON: {body[:120]!r}"
        problem = self.check(answer)
        return not problem, problem
