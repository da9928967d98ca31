"""RESULTS.md of the learning-block benchmark, written by run.py from the measured rows.

The goal (issue #3): on each database, no failed request, and for each block at least
3x xblock-poll's throughput (successful requests per second) and a lower p95 latency.
"""

from __future__ import annotations

GOAL_SPEED_UP = 3.0

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


def _peer(rows: list[dict]) -> dict:
    """The peer the goal compares with: xblock-poll on the same server as the blocks."""
    return next(row for row in rows if row["peer"] and not row.get("workbench_store"))["summary"]


def floor_verdict(rows: list[dict]) -> list[str]:
    """What the floor says of the goal: whether any handler could reach it on this server."""
    peer = _peer(rows)
    floor = next((row for row in rows if row.get("floor")), None)
    if floor is None:
        return []
    speed_up = _speed_up(floor["summary"], peer)
    reach = (
        f"below the goal's {GOAL_SPEED_UP:.0f}x, so no handler that stores an answer can "
        "reach it on this server"
        if speed_up < GOAL_SPEED_UP
        else f"so the goal's {GOAL_SPEED_UP:.0f}x is within the server's reach"
    )
    return [
        f"- the floor (a handler that only stores the answer): {speed_up:.1f}x the peer's "
        f"throughput, p95 {_ms(floor['summary']['p95'])} ms against {_ms(peer['p95'])} ms: "
        f"the most any handler that stores an answer gets from this server, {reach}"
    ]


def verdicts(rows: list[dict]) -> list[str]:
    """One line per block: its failures, its speed-up over the peer and the p95s."""
    peer = _peer(rows)
    lines = floor_verdict(rows)
    for row in _blocks(rows):
        summary = row["summary"]
        speed_up = _speed_up(summary, peer)
        met = (
            summary["failures"] == 0 and speed_up >= GOAL_SPEED_UP and summary["p95"] < peer["p95"]
        )
        lines.append(
            f"- {row['target']}: {summary['failures']} failed, {speed_up:.1f}x the peer's "
            f"throughput, p95 {_ms(summary['p95'])} ms against {_ms(peer['p95'])} ms: "
            f"{'goal met' if met else 'goal NOT met'}"
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
    lines += ["", *verdicts(rows), *workbench_store_lines(rows)]
    problems = sorted({p for row in rows for p in row["summary"].get("problems", ())})
    if problems:
        lines += ["", "Failures seen (first of each kind):", ""]
        lines += [f"- `{problem}`" for problem in problems]
    return [*lines, ""]


def results_markdown(results: list[dict], run, machine: str) -> str:
    """``run`` has the run's ``requests``, ``concurrency`` and ``rounds``."""
    requests = run.requests // run.rounds * run.rounds
    lines = [
        "# Learning blocks under load, beside xblock-poll",
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
        f"Goal: no failed request, at least {GOAL_SPEED_UP:.0f}x xblock-poll's throughput "
        "and a lower p95, on SQLite and on PostgreSQL.",
        "",
        "xblock-poll runs on the same site, so it gains from everything the site does "
        "faster: the workbench state read once and written in one transaction per request, "
        "SQLite writers queued in the process, kept connections, quiet workbench logs "
        "([decision 0007](../../docs/decisions/0007-workbench-state-per-request.md), which "
        "also says where the time went). On the stock workbench the issue measured it at "
        "15-30 requests/s with a p50 of 1.0-1.7 s. Its tally, a shared field that every "
        "vote reads and writes back, loses the votes that overlap; our blocks keep each "
        "learner's answer in that learner's own record.",
        "",
        "The floor is a block made for the benchmark alone (`floor.py`): its handler stores "
        'the posted answer in the learner\'s state and answers `{"stored": true}`, with no '
        "content, checking, scoring, event or HTML. It pays only what every handler on this "
        "server pays (Django's request and response, the workbench's runtime and block, the "
        "write transaction), so no handler that stores a learner's answer can serve more "
        "requests per second than it does.",
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
