"""Benchmark: the learning blocks' handlers beside the floor and xblock-poll, on the demo site.

Run from the repository root, after installing the peer apart from the site::

    .venv/bin/pip install --no-deps --target var/benchmark-packages -r requirements/benchmark.in
    .venv/bin/python benchmarks/blocks/run.py

For each database (SQLite in a scratch folder; PostgreSQL at 127.0.0.1:5432 as user
``postgres`` in a scratch database made for the run and dropped after it), a child process
migrates a fresh site and starts it as ``make run`` does (gunicorn ``commit_site.wsgi``,
1 worker, 16 threads), with xblock-poll on its path. Then, one handler after the other on
that one server, 32 concurrent learners, each a new workbench student (``?student=``),
send their first answer: 640 requests per handler. Afterwards every learner's answer is
read back from the database. The results go to ``RESULTS.md`` beside this file.

Options: ``--requests N``, ``--concurrency N``, ``--databases sqlite,postgresql``,
``--packages DIR`` (where xblock-poll was installed), ``--postgres-url URL`` (the server
to make the scratch database on).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.blocks import load, report  # noqa: E402
from benchmarks.blocks.targets import POLL_ON_WORKBENCH_STORE, TARGETS, Target  # noqa: E402

HOST = "127.0.0.1"
SETTINGS = "benchmarks.blocks.settings"
WORKBENCH_STORE_SETTINGS = "benchmarks.blocks.settings_workbench_store"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str, list[tuple[str, str]]]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8"), response.getheaders()
    finally:
        connection.close()


def _wait_for_site(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the site stopped while starting; see its log:\n{log.read_text()}")
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the site did not answer /healthz within 120 s; see {log}")


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of the server: gunicorn's master and its worker (Linux)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for process in [pid, *map(int, children)]:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK")


def _scenario(port: int, target: Target) -> tuple[str, str]:
    """The block's usage id and a CSRF token, from the scenario page a learner opens."""
    status, page, headers = _get(port, f"/workbench/scenario/{target.scenario}/?student=warm-up")
    if status != 200:
        raise SystemExit(f"{target.name}: /workbench/scenario/{target.scenario}/ gave {status}")
    usages = [
        usage
        for usage in re.findall(r"data-usage=['\"]([^'\"]+)['\"]", page)
        if f".{target.block_type}." in usage
    ]
    if not usages:
        raise SystemExit(f"{target.name}: no {target.block_type} block on its scenario page")
    cookies = [value for name, value in headers if name.lower() == "set-cookie"]
    tokens = [m.group(1) for c in cookies if (m := re.match(r"csrftoken=([^;]+)", c))]
    if not tokens:
        raise SystemExit(f"{target.name}: the scenario page set no CSRF cookie")
    return usages[0], tokens[0]


def _prepare(port: int, target: Target, run_id: str) -> tuple[str, load.Request]:
    """The block's usage id, and the request of learner number N (one warmed up)."""
    usage, token = _scenario(port, target)
    poster = load.JsonPoster(
        HOST, port, {"Cookie": f"csrftoken={token}", "X-CSRFToken": token}, target.check
    )
    handler = f"/workbench/handler/{usage}/{target.handler}/"
    # One learner before the others: loads the code and the content the run will use.
    warm_up = f"warm-up-{run_id}-{target.block_type}"
    ok, problem = poster.post(f"{handler}?student={warm_up}", target.answer_of(warm_up))
    if not ok:
        raise SystemExit(f"{target.name}: the warm-up request failed: {problem}")

    def learner(number: int) -> tuple[bool, str]:
        student = _learner(run_id, target, number)
        return poster.post(f"{handler}?student={student}", target.answer_of(student))

    return usage, learner


def _measure_in_rounds(
    port: int, server_pid: int, args: argparse.Namespace, targets: tuple, run_id: str
) -> list[dict]:
    """Every target in turn, ``--rounds`` times: each sees the machine as the others do.

    A round sends each target ``requests / rounds`` first-time learners (numbered on from
    the round before); its outcomes, wall time and server CPU add up over the rounds.
    """
    prepared = [(target, *_prepare(port, target, run_id)) for target in targets]
    # xblock-poll's tally may already hold votes (the warm-up, a server before this one).
    tallies = {target.name: _tally(usage) for target, usage, _ in prepared if target.peer}
    per_round = args.requests // args.rounds
    outcomes = {target.name: [] for target in targets}
    seconds = dict.fromkeys(outcomes, 0.0)
    cpu = dict.fromkeys(outcomes, 0.0)
    for round_number in range(args.rounds):
        for target, _, learner in prepared:
            first = round_number * per_round
            cpu_before = _cpu_seconds(server_pid)
            found, wall = load.drive(
                lambda n, learner=learner, first=first: learner(first + n),
                count=per_round,
                concurrency=args.concurrency,
            )
            cpu_after = _cpu_seconds(server_pid)
            outcomes[target.name] += found
            seconds[target.name] += wall
            if cpu is not None and cpu_before is not None and cpu_after is not None:
                cpu[target.name] += cpu_after - cpu_before
            else:
                cpu = None
    rows = []
    for target, usage, _ in prepared:
        summary = load.summarise(outcomes[target.name], seconds[target.name])
        count = per_round * args.rounds
        rows.append(
            {
                "target": target.name,
                "peer": target.peer,
                "floor": target.floor,
                "workbench_store": target.workbench_store,
                "summary": summary.__dict__,
                "server_cpu_ms": None if cpu is None else cpu[target.name] * 1000 / count,
                "read_back": _read_back(target, usage, run_id, count, tallies.get(target.name)),
            }
        )
        print(f"{run_id}: {target.name}: {summary}", file=sys.stderr)
    return rows


def _learner(run_id: str, target: Target, number: int) -> str:
    return f"{run_id}-{target.block_type}-{number:04d}"


def _tally(usage: str) -> int:
    """How many votes xblock-poll's tally counts (a shared field of the block)."""
    from workbench.models import XBlockState

    summary = XBlockState.objects.filter(scope="usage", scope_id=usage, user_id=None).first()
    return sum(json.loads(summary.state).get("tally", {}).values()) if summary else 0


def _read_back(
    target: Target, usage: str, run_id: str, requests: int, tally_before: int | None
) -> dict:
    """How many of the learners' answers the database holds; how many votes the tally
    gained (xblock-poll) against the ``requests`` learners who voted."""
    from workbench.models import XBlockState

    prefix = f"{run_id}-{target.block_type}-"
    stored = 0
    for state in XBlockState.objects.filter(
        scope="usage", scope_id=usage, user_id__startswith=prefix
    ).values_list("state", flat=True):
        if json.loads(state or "{}").get(target.stored_field) not in (None, "", [], {}):
            stored += 1
    found = {"stored": stored}
    if tally_before is not None:
        found["tally"] = _tally(usage) - tally_before
        found["votes"] = requests
    return found


def _scratch_postgres(url: str) -> tuple[str, Callable[[], None]]:
    """A database made for this run on the server at ``url``, and how to drop it."""
    import psycopg

    name = f"commit_bench_blocks_{os.getpid()}"
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise SystemExit(
            f"--postgres-url {url}: cannot make the scratch database {name}: {error} "
            "(measure SQLite alone with --databases sqlite)"
        ) from None

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + f"/{name}", drop


def _start_site(env: dict, work: Path, name: str) -> tuple[subprocess.Popen, int]:
    """The site served as ``make run`` serves it (gunicorn, 1 worker, 16 threads)."""
    port = _free_port()
    log = work / f"{name}-gunicorn.log"
    server_output = (work / f"{name}-site.log").open("wb")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    server = subprocess.Popen(  # noqa: S603  (our own interpreter, our own arguments)
        [
            *command,
            "commit_site.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "1",
            "--threads",
            "16",
            "--access-logfile",
            str(log),
            "--error-logfile",
            str(log),
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=server_output,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_site(port, server, log)
        _get(port, "/workbench/")  # the workbench builds its scenarios on the first page
    except BaseException:
        _stop(server)
        raise
    return server, port


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def child(args: argparse.Namespace) -> None:
    """Measure every target on one database; write the rows as JSON to ``--child-out``.

    Then, unless ``--no-workbench-store``, xblock-poll once more on the same database, on
    the site served with the workbench's own store (``settings_workbench_store.py``).
    """
    work = Path(tempfile.mkdtemp(prefix="commit-bench-blocks-"))
    drop = None
    if args.child == "sqlite":
        database_url = f"sqlite:///{work / 'bench.sqlite3'}"
    else:
        database_url, drop = _scratch_postgres(args.postgres_url)
    packages = str(Path(args.packages).resolve())
    env = {
        **os.environ,
        "COMMIT_VAR_DIR": str(work),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": args.settings,
        "PYTHONPATH": os.pathsep.join(
            [str(ROOT), packages, *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    }
    os.environ.update(env)
    sys.path.append(packages)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        server, port = _start_site(env, work, "site")
        try:
            rows = _measure_in_rounds(port, server.pid, args, TARGETS, args.child)
        finally:
            _stop(server)
        if args.workbench_store:
            stock_env = {**env, "DJANGO_SETTINGS_MODULE": WORKBENCH_STORE_SETTINGS}
            server, port = _start_site(stock_env, work, "workbench-store")
            try:
                rows += _measure_in_rounds(
                    port, server.pid, args, (POLL_ON_WORKBENCH_STORE,), f"{args.child}-ws"
                )
            finally:
                _stop(server)
        Path(args.child_out).write_text(json.dumps({"database": args.child, "rows": rows}))
    finally:
        if drop is not None:
            from django.db import connections

            connections.close_all()
            drop()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=640)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--packages", default=str(ROOT / "var" / "benchmark-packages"))
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--settings", default=SETTINGS, help="the site's settings module")
    parser.add_argument(
        "--no-workbench-store",
        dest="workbench_store",
        action="store_false",
        help="skip xblock-poll on the workbench's own store",
    )
    parser.add_argument("--child", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if not (Path(args.packages) / "poll").is_dir():
        raise SystemExit(
            f"xblock-poll is not installed in {args.packages}; install it with\n"
            "  .venv/bin/pip install --no-deps --target var/benchmark-packages "
            "-r requirements/benchmark.in"
        )
    load_at_start = os.getloadavg()[0]
    results = []
    for database in args.databases.split(","):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            try:
                subprocess.run(  # noqa: S603  (this script, run again for one database)
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        database,
                        "--child-out",
                        out.name,
                        *_passed_on(args),
                    ],
                    cwd=ROOT,
                    check=True,
                )
            except subprocess.CalledProcessError:
                raise SystemExit(f"the {database} run failed; its error is above") from None
            results.append(json.loads(Path(out.name).read_text()))
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average (1 minute) {load_at_start:.1f} "
        f"at the start of the run and {os.getloadavg()[0]:.1f} at its end (other work on "
        "the machine slows every handler alike)"
    )
    Path(args.out).write_text(
        report.results_markdown(results, args, machine),
        encoding="utf-8",
    )
    print(f"wrote {args.out}")


def _passed_on(args: argparse.Namespace) -> list[str]:
    return [
        "--requests",
        str(args.requests),
        "--concurrency",
        str(args.concurrency),
        "--rounds",
        str(args.rounds),
        "--packages",
        args.packages,
        "--postgres-url",
        args.postgres_url,
        "--settings",
        args.settings,
        *([] if args.workbench_store else ["--no-workbench-store"]),
    ]


if __name__ == "__main__":
    main()
