"""RESULTS.md of the learning-block benchmark, written by run.py from the measured rows.

The goal (issue #22): on each database, for each block's handler, no failed request,
server CPU per request at most 1.15x the floor's (the block that only stores the answer,
``floor.py``, measured in the same rounds), and a p95 latency no higher than the floor's.
xblock-poll stays in the table as the peer the earlier goal (issue #3) named.
"""

from __future__ import annotations

GOAL_CPU_RATIO = 1.15

HOW_TO_RUN = """\
Run from the repository root. xblock-poll, the peer, is installed apart from the site,
into the benchmark's own folder, so the product never depends on it:

```bash
.venv/bin/pip install --no-deps --target var/benchmark-packages -r requirements/benchmark.in
.venv/bin/python benchmarks/blocks/run.py
```

The script needs a PostgreSQL server at 127.0.0.1:5432 where the user `postgres` may
create databases (trust authentication; `--postgres-url` names another); it makes a
scratch database for the run and drops it after. `--databases sqlite` measures SQLite
alone; `--no-workbench-store` leaves out xblock-poll on the workbench's own store. It
rewrites this file.
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def _cpu(milliseconds: float | None) -> str:
    return "n/a" if milliseconds is None else f"{milliseconds:.1f}"


def _speed_up(summary: dict, peer: dict) -> float:
    return summary["per_second"] / peer["per_second"] if peer["per_second"] else 0.0


def _floor(rows: list[dict]) -> dict | None:
    return next((row for row in rows if row.get("floor")), None)


def cpu_ratio(row: dict, floor: dict) -> float | None:
    """The row's server CPU per request over the floor's, or None if either is unknown."""
    mine, least = row.get("server_cpu_ms"), floor.get("server_cpu_ms")
    if mine is None or not least:
        return None
    return mine / least


def verdicts(rows: list[dict]) -> list[str]:
    """One line per block: failures, server CPU against the floor's, p95 against its."""
    floor = _floor(rows)
    if floor is None:
        return ["- no floor was measured, so no handler can be judged"]
    least = floor["summary"]
    lines = []
    for row in _blocks(rows):
        summary = row["summary"]
        ratio = cpu_ratio(row, floor)
        met = (
            summary["failures"] == 0
            and ratio is not None
            and ratio <= GOAL_CPU_RATIO
            and summary["p95"] <= least["p95"]
        )
        cpu = (
            "server CPU not measured"
            if ratio is None
            else f"server CPU {_cpu(row['server_cpu_ms'])} ms per request, {ratio:.2f}x the "
            f"floor's {_cpu(floor['server_cpu_ms'])} ms"
        )
        lines.append(
            f"- {row['target']}: {summary['failures']} failed, {cpu}, p95 "
            f"{_ms(summary['p95'])} ms against the floor's {_ms(least['p95'])} ms: "
            f"{'goal met' if met else 'goal NOT met'}"
        )
    return lines


def peer_lines(rows: list[dict]) -> list[str]:
    """Each block's throughput beside xblock-poll's on the same server (issue #3's peer)."""
    peer = next((row for row in rows if row["peer"] and not row.get("workbench_store")), None)
    if peer is None:
        return []
    poll = peer["summary"]
    lines = ["", "Beside xblock-poll on the same server:", ""]
    for row in [_floor(rows), *_blocks(rows)]:
        if row is None:
            continue
        summary = row["summary"]
        lines.append(
            f"- {row['target']}: {_speed_up(summary, poll):.1f}x its throughput, p95 "
            f"{_ms(summary['p95'])} ms against {_ms(poll['p95'])} ms"
        )
    return lines


def _blocks(rows: list[dict]) -> list[dict]:
    return [row for row in rows if not row["peer"] and not row.get("floor")]


def workbench_store_lines(rows: list[dict]) -> list[str]:
    """Each block beside xblock-poll served with the workbench's own store, if measured."""
    stock = next((row for row in rows if row.get("workbench_store")), None)
    if stock is None:
        return []
    poll = stock["summary"]
    lines = [
        f"Beside xblock-poll on the workbench's own store (as the issue measured it; "
        f"{poll['failures']} of {poll['requests']} votes failed):",
        "",
    ]
    for row in _blocks(rows):
        summary = row["summary"]
        lines.append(
            f"- {row['target']}: {_speed_up(summary, poll):.1f}x its throughput, p95 "
            f"{_ms(summary['p95'])} ms against {_ms(poll['p95'])} ms"
        )
    return ["", *lines]


def _read_back(row: dict, requests: int) -> str:
    found = row["read_back"]
    text = f"{found['stored']} of {requests}"
    if "tally" in found:
        text += f"; poll tally counts {found['tally']} of {found['votes']} votes"
    return text


def database_section(result: dict, requests: int) -> list[str]:
    rows = result["rows"]
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(
        result["database"], result["database"]
    )
    lines = [
        f"## {title}",
        "",
        "| handler | requests | failures | req/s | p50 (ms) | p95 (ms) "
        "| server CPU per request (ms) | answers read back |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        s = row["summary"]
        lines.append(
            f"| {row['target']} | {s['requests']} | {s['failures']} | {s['per_second']:.1f} "
            f"| {_ms(s['p50'])} | {_ms(s['p95'])} | {_cpu(row.get('server_cpu_ms'))} "
            f"| {_read_back(row, requests)} |"
        )
    lines += ["", *verdicts(rows), *peer_lines(rows), *workbench_store_lines(rows)]
    problems = sorted({p for row in rows for p in row["summary"].get("problems", ())})
    if problems:
        lines += ["", "Failures seen (first of each kind):", ""]
        lines += [f"- `{problem}`" for problem in problems]
    return [*lines, ""]


def results_markdown(results: list[dict], run, machine: str) -> str:
    """``run`` has the run's ``requests``, ``concurrency`` and ``rounds``."""
    requests = run.requests // run.rounds * run.rounds
    lines = [
        "# Learning blocks under load, beside the floor",
        "",
        "Written by `benchmarks/blocks/run.py`; do not edit by hand.",
        "",
        f"{run.concurrency} concurrent learners, each a new workbench student answering for "
        f"the first time (the write path): {requests} requests per handler, on one server "
        "started as `make run` starts it (gunicorn `commit_site.wsgi`, 1 worker, 16 "
        "threads), load driven from the same machine. The handlers take turns in "
        f"{run.rounds} rounds of {requests // run.rounds} learners each, so that each meets "
        "the machine as the others do. A request fails when it errs, answers other than "
        "200, or its JSON says it was refused. req/s counts successful requests over the "
        "wall-clock time of the handler's turns; p50 and p95 are nearest-rank percentiles "
        "of all its latencies; server CPU is the gunicorn processes' user and system time "
        "over the handler's turns, per request. After the run every learner's stored "
        "answer is read back from the database.",
        "",
        f"Machine: {machine}.",
        "",
        f"Goal: for each block's handler, no failed request, server CPU per request at most "
        f"{GOAL_CPU_RATIO}x the floor's and a p95 no higher than the floor's, on SQLite and "
        "on PostgreSQL. Server CPU per request is the robust measure on a shared machine: "
        "other work slows every handler's wall-clock time alike, but not the CPU the "
        "server spends on a request; the p95 moves with the machine's load.",
        "",
        "The floor is a block made for the benchmark alone (`floor.py`): its handler stores "
        'the posted answer in the learner\'s state and answers `{"stored": true}`, with no '
        "content, checking, scoring, event or HTML. It pays only what every handler on this "
        "server pays (Django's request and response, the workbench's runtime and block, the "
        "write transaction), so no handler that stores a learner's answer can cost less. "
        "The blocks' handlers check the answer against the content, score it, publish the "
        "grade and the event, and answer with their outcome region only (the result, the "
        "next step or the debrief), not the whole block: the learner's page keeps the rest.",
        "",
        "xblock-poll's vote, the peer of the earlier goal (3x its throughput, which no "
        "handler that stores an answer can reach on this server: the floor itself serves "
        "about 1.1-1.5x), runs on the same site in the same rounds, so it gains from "
        "everything the site does faster ([decision "
        "0007](../../docs/decisions/0007-workbench-state-per-request.md)). Its tally, a "
        "shared field that every vote reads and writes back, loses the votes that overlap; "
        "our blocks keep each learner's answer in that learner's own record.",
        "",
        "After those rounds, the site is served once more on the same database with the "
        "workbench's own store of XBlock state, as xblock-sdk ships it "
        "(`settings_workbench_store.py`: every field read and written on its own, each "
        "write its own transaction), and xblock-poll's vote measured on it the same way: "
        "xblock-poll where the issue measured it. That server runs alone, after the "
        "others, so its row is beside the others but not in their rounds.",
        "",
    ]
    for result in results:
        lines += database_section(result, requests)
    lines += ["## How to run", "", HOW_TO_RUN]
    return "\n".join(lines)
