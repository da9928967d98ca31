"""Benchmark: the programme report for the whole region, beside a pandas floor of the same
aggregates, at several scales of the registry.

Run from the repository root, on registries made by ``manage.py setup_demo --scale N``
(migrated SQLite files, or database URLs)::

    .venv/bin/python benchmarks/registry_scale/report.py \\
        --registry 1=sqlite:///.../scale1.sqlite3 --registry 100=sqlite:///.../scale100.sqlite3

Each measurement is a fresh process of its own, as a worker that takes the task:

* the report: the function the Celery task calls
  (:func:`trainer_registry.programme_report.stored.generate`) for a request of the demo's
  regional administrator, every country, figures at :data:`REFERENCE`, in each format the
  product makes (PDF, XLSX, ZIP of CSV files): reading the registry, the tables, the file
  and storing it. Timed from the call to its return; the SQL statements it sends are
  counted;
* the floor (:mod:`benchmarks.registry_scale.report_floor`): the same aggregates from
  ``pandas.read_sql`` and ``groupby``, no formatting.

The four runs are interleaved, in a rotating order, ``--rounds`` times per scale. Peak
memory is the process's maximum resident set (``wait4``'s ``ru_maxrss``), Django and
pandas loaded included. Results: ``RESULTS-report.md`` beside this file (``--write``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REFERENCE = date(2026, 12, 1)
FORMATS = ("pdf", "xlsx", "zip")
KINDS = ("floor", *FORMATS)
RATIO_GOAL = 3.0
MEMORY_GOAL_MIB = 1024


def _setup(database: str, var: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database
    os.environ["COMMIT_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commit_site.settings")
    import django

    django.setup()


def _child(kind: str, database: str, var: str) -> dict:
    """One measurement, in this process; what it saw, as JSON values."""
    _setup(database, var)
    import uuid

    from django.contrib.auth import get_user_model
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(1)
        return execute(sql, params, many, context)

    if kind == "floor":
        from benchmarks.registry_scale.report_floor import floor

        connection.ensure_connection()
        start = time.perf_counter()
        figures = floor(connection.connection, REFERENCE)
        seconds = time.perf_counter() - start
        attrition = figures["attrition"].set_index("country").loc["all"]
        return {
            "seconds": seconds,
            "participants": int(figures["participants"].to_numpy().sum()),
            "respondents": int(attrition["respondents"]),
            "left": int(attrition["left"]),
        }
    from trainer_registry.programme_report import stored
    from trainer_registry.programme_report.options import ReportOptions

    user = get_user_model().objects.get(username="admin")
    request_id = uuid.uuid4().hex
    stored.record_request(user, ReportOptions(reference_date=REFERENCE), kind, request_id)
    with connection.execute_wrapper(count):
        start = time.perf_counter()
        state = stored.generate(user.pk, request_id)
        seconds = time.perf_counter() - start
    if state != stored.READY:
        raise SystemExit(f"the report ended {state}")
    figures = {}
    if kind == "zip":  # the figures the floor checks against, from the report's own files
        import io
        import zipfile

        import pandas as pd

        name = stored._file_name(user.pk, request_id, kind)
        with stored._storage().open(name, "rb") as handle, zipfile.ZipFile(handle) as archive:
            participants = pd.read_csv(io.BytesIO(archive.read("participants.csv")))
            attrition = pd.read_csv(io.BytesIO(archive.read("attrition.csv")))
        overall = attrition.set_index("country").loc["all"]
        figures = {
            "participants": int(participants["total"].sum()),
            "respondents": int(overall["respondents"]),
            "left": int(overall["left"]),
        }
    return {"seconds": seconds, "statements": len(statements), **figures}


def _measure(kind: str, database: str, var: str) -> dict:
    """Run one measurement in a fresh process; its result and its peak memory (MiB)."""
    command = [sys.executable, __file__, "--child", kind, "--database", database, "--var", var]
    process = subprocess.Popen(  # noqa: S603 - this script, as a child
        command, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{kind} on {database} failed ({process.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mib"] = usage.ru_maxrss / 1024
    return result


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def run(registries: dict[int, str], rounds: int, var: str) -> dict:
    results: dict[int, dict[str, list[dict]]] = {}
    for scale, database in sorted(registries.items()):
        runs: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for number in range(rounds):
            order = KINDS[number % len(KINDS) :] + KINDS[: number % len(KINDS)]
            for kind in order:
                runs[kind].append(_measure(kind, database, var))
                print(scale, kind, json.dumps(runs[kind][-1]), flush=True)
        results[scale] = runs
    return results


def _people(database: str, var: str) -> int:
    done = subprocess.run(  # noqa: S603 - this script, as a child
        [sys.executable, __file__, "--child", "people", "--database", database, "--var", var],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])["people"]


def write_results(results: dict, people: dict, machine: dict, path: Path) -> None:
    lines = [
        "# Programme report at scale",
        "",
        "The programme report for the whole region (the demo's regional administrator, every "
        f"country, figures at {REFERENCE.isoformat()}), made by the function the Celery task "
        "calls, in each format the product makes, beside a pandas floor of the same "
        "aggregates (`report_floor.py`: `pandas.read_sql` of the columns they need and "
        "`groupby`, no formatting). Every run is a fresh process; the four runs are "
        "interleaved in a rotating order. Seconds: from the call to its return (the floor: "
        "reading and aggregating). Peak memory: the process's maximum resident set, Django "
        "and pandas loaded included. Medians of the rounds.",
        "",
        f"Machine: {machine['machine']}. Date: {machine['date']}. Database: {machine['database']}.",
        f"Load average (1, 5, 15 min) at the start: {machine['load_start']}; at the end: "
        f"{machine['load_end']}.",
        "",
        "| scale | people | floor, s | format | report, s | x floor | SQL statements | "
        "peak memory, MiB | floor peak, MiB |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    for scale, runs in sorted(results.items()):
        floor = _median([r["seconds"] for r in runs["floor"]])
        floor_peak = max(r["peak_mib"] for r in runs["floor"])
        for fmt in FORMATS:
            seconds = _median([r["seconds"] for r in runs[fmt]])
            peak = max(r["peak_mib"] for r in runs[fmt])
            statements = runs[fmt][0]["statements"]
            ratio = seconds / floor
            lines.append(
                f"| {scale}x | {people[scale]:,} | {floor:.2f} | {fmt} | {seconds:.2f} | "
                f"{ratio:.2f} | {statements} | {peak:.0f} | {floor_peak:.0f} |"
            )
            if scale == max(results):
                verdicts.append((fmt, ratio, peak))
    top = max(results)
    lines += [
        "",
        f"Goals at {top}x: within {RATIO_GOAL:g}x of the floor; peak memory under 1 GiB.",
        "",
    ]
    for fmt, ratio, peak in verdicts:
        met = "met" if ratio <= RATIO_GOAL else "not met"
        memory = "met" if peak < MEMORY_GOAL_MIB else "not met"
        lines.append(f"- {fmt}: {ratio:.2f}x the floor ({met}); peak {peak:.0f} MiB ({memory}).")
    checks = []
    for scale, runs in sorted(results.items()):
        report = runs["zip"][0]
        floor = runs["floor"][0]
        same = all(report[key] == floor[key] for key in ("participants", "respondents", "left"))
        checks.append(
            f"- {scale}x: participants (sum over country, programme) {report['participants']:,} "
            f"in the report, {floor['participants']:,} in the floor; follow-up respondents "
            f"{report['respondents']:,} / {floor['respondents']:,}; left {report['left']:,} / "
            f"{floor['left']:,}: {'the same' if same else 'DIFFERENT'}."
        )
    lines += ["", "The floor counts what the report counts (read from the report's ZIP):", ""]
    lines += checks
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", action="append", default=[], metavar="SCALE=URL")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--var", help="the site's variable-data folder (stored reports)")
    parser.add_argument("--write", action="store_true", help="write RESULTS-report.md")
    parser.add_argument("--child", choices=(*KINDS, "people"), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    var = args.var or os.environ.get("COMMIT_VAR_DIR") or str(ROOT / "var")
    if args.child == "people":
        _setup(args.database, var)
        from trainer_registry.models import Person

        print(json.dumps({"people": Person.objects.count()}))
        return
    if args.child:
        print(json.dumps(_child(args.child, args.database, var)))
        return
    registries = {}
    for item in args.registry:
        scale, _, url = item.partition("=")
        if not scale.isdigit() or not url:
            parser.error(
                f"--registry {item!r}: give SCALE=URL, e.g. 100=sqlite:///scale100.sqlite3"
            )
        registries[int(scale)] = url
    if not registries:
        parser.error("give at least one --registry SCALE=URL")
    machine = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work), "
        f"Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
        "load_start": _load(),
        "database": ", ".join(sorted({url.split(":", 1)[0] for url in registries.values()})),
    }
    people = {scale: _people(url, var) for scale, url in registries.items()}
    results = run(registries, args.rounds, var)
    machine["load_end"] = _load()
    print(json.dumps({"machine": machine, "people": people, "results": results}))
    if args.write:
        write_results(results, people, machine, HERE / "RESULTS-report.md")


if __name__ == "__main__":
    main()
