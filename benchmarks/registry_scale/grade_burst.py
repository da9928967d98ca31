"""Benchmark: a burst of Open edX grade events through the registry's receivers and Celery
on a Redis broker, beside a no-op task through the same broker and worker.

Run from the repository root on a registry made by ``manage.py setup_demo --scale N``::

    .venv/bin/python benchmarks/registry_scale/grade_burst.py \\
        --registry sqlite:///.../scale100.sqlite3 --broker redis://127.0.0.1:6379/7

A SQLite registry is copied to a scratch file first; a PostgreSQL one is changed in place
(give a copy). The benchmark links the trainings of :data:`EVENTS` participations to Open
edX course runs and gives their people Open edX user ids, starts a worker as the site
starts one (``celery -A commit_site worker``, its default pool and processes: one on
SQLite, one per core elsewhere; ``--concurrency`` sets another number),
and then, ``--rounds`` times, in alternating order:

* the burst: one process sends :data:`EVENTS` ``PERSISTENT_GRADE_SUMMARY_CHANGED``
  events (openedx-events' own signal and data classes, as the LMS sends them), one per
  participation, each a new grade; the registry's receiver queues each as the
  ``apply_platform_event`` task, and the worker records it as the post-test score;
* the peer: the same process queues :data:`EVENTS` no-op tasks
  (:mod:`benchmarks.registry_scale.burst_noop`) with the same arguments and options.

Throughput: events from the first send to the last task done (the worker's log says
each task's end), per second. After each burst: every participation holds its event's
score (none lost), the worker ran the task exactly :data:`EVENTS` times and recorded
exactly :data:`EVENTS` changes (none applied twice), and no person or participation was
added. Results: ``RESULTS-grade-burst.md`` beside this file (``--write``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVENTS = 10_000
USER_IDS = 50_000_000  # Open edX user ids given here start above this
COURSE = "course-v1:COMMIT+{code}+burst"
GOAL = 3.0
GRADE_TASK = "trainer_registry.apply_platform_event"
NOOP_TASK = "benchmarks.noop_platform_event"


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _percent(index: int, number: int) -> float:
    """The grade of the ``index``-th event of round ``number``: a new one every round."""
    return ((index + number) % 90 + 5) / 100


# Children: each runs in its own process with the site's settings.


def prepare(count: int) -> dict:
    """Link ``count`` participants' trainings to course runs and give them Open edX user
    ids; returns what the burst sends, in participation order."""
    from django.db import transaction
    from django.db.models import F

    from trainer_registry.models import Participation, Person, TrainingEvent

    chosen = list(
        Participation.objects.filter(role="participant")
        .order_by("event_id", "pk")
        .values_list("pk", "event_id", "event__code", "person_id")[:count]
    )
    if len(chosen) < count:
        raise SystemExit(f"the registry has {len(chosen)} participants; {count} are needed")
    with transaction.atomic():
        for event_id, code in {(e, c) for _, e, c, _ in chosen}:
            TrainingEvent.objects.filter(pk=event_id).update(course_run=COURSE.format(code=code))
        people = {person for *_, person in chosen}
        Person.objects.filter(pk__in=people, lms_user_id__isnull=True).update(
            lms_user_id=F("pk") + USER_IDS
        )
    user_of = dict(Person.objects.filter(pk__in=people).values_list("pk", "lms_user_id"))
    return {
        "events": [
            [pk, user_of[person], COURSE.format(code=code)] for pk, _, code, person in chosen
        ],
        "people": Person.objects.count(),
        "participations": Participation.objects.count(),
    }


def send(kind: str, plan: list, number: int) -> dict:
    """Send the round's events (``grade``) or no-op tasks (``noop``); times the sending."""
    from datetime import UTC, datetime

    from opaque_keys.edx.keys import CourseKey
    from openedx_events.learning.data import CourseData, PersistentCourseGradeData
    from openedx_events.learning.signals import PERSISTENT_GRADE_SUMMARY_CHANGED

    from benchmarks.registry_scale.burst_noop import noop_platform_event

    PERSISTENT_GRADE_SUMMARY_CHANGED.allow_send_event_failure()  # an error stops the run
    courses = {key: CourseKey.from_string(key) for _, _, key in plan}
    edited = datetime(2026, 11, 30, tzinfo=UTC)
    grades = [
        PersistentCourseGradeData(
            user_id=user_id,
            course=CourseData(course_key=courses[key], display_name="NTP"),
            course_edited_timestamp=edited,
            course_version="v1",
            grading_policy_hash="h",
            percent_grade=_percent(index, number),
            letter_grade="Pass",
            passed_timestamp=edited,
        )
        for index, (_, user_id, key) in enumerate(plan)
    ]
    start = time.time()
    if kind == "grade":
        for grade in grades:
            PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=grade)
    else:
        for grade in grades:
            noop_platform_event.delay(
                "grade",
                {
                    "user_id": grade.user_id,
                    "course_key": str(grade.course.course_key),
                    "percent_grade": float(grade.percent_grade),
                },
            )
    return {"start": start, "sent": time.time()}


def check(plan: list, number: int, before: dict) -> dict:
    """How many participations hold their event's score (the others were lost), and
    whether any person or participation was added."""
    from decimal import ROUND_HALF_UP, Decimal

    from trainer_registry.models import Participation, Person

    expected = {
        pk: (Decimal(str(_percent(index, number))) * 100).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        for index, (pk, _, _) in enumerate(plan)
    }
    held = 0
    pks = list(expected)
    for offset in range(0, len(pks), 500):
        part = pks[offset : offset + 500]
        for pk, score in Participation.objects.filter(pk__in=part).values_list(
            "pk", "post_test_score"
        ):
            held += score == expected[pk]
    return {
        "held": held,
        "people_added": Person.objects.count() - before["people"],
        "participations_added": Participation.objects.count() - before["participations"],
    }


def reset(plan: list) -> None:
    """No participation of the burst has a post-test score (before each burst)."""
    from trainer_registry.models import Participation

    pks = [pk for pk, _, _ in plan]
    for offset in range(0, len(pks), 500):
        Participation.objects.filter(pk__in=pks[offset : offset + 500]).update(post_test_score=None)


def _child_main(role: str, state: Path) -> None:
    data = json.loads(state.read_text())
    _django(data["env"])
    if role == "prepare":
        result = prepare(data["count"])
    elif role == "reset":
        reset(data["plan"])
        result = {}
    elif role == "check":
        result = check(data["plan"], data["number"], data["before"])
    else:
        result = send(role, data["plan"], data["number"])
    print(json.dumps(result))


# The orchestrating process.


def _child(role: str, work: Path, **data) -> dict:
    state = work / f"{role}.json"
    state.write_text(json.dumps(data))
    done = subprocess.run(  # noqa: S603 - this script, as a child
        [sys.executable, __file__, "--child", role, "--state", str(state)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{role} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class WorkerLog:
    """The worker's log, read as it grows: tasks done and changes recorded so far."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0
        self.tail = ""
        self.counts = {"grade": 0, "noop": 0, "updated": 0, "failed": 0, "retry": 0}

    def read(self) -> dict:
        with self.path.open() as handle:
            handle.seek(self.offset)
            text = self.tail + handle.read()
            self.offset = handle.tell()
        lines = text.split("\n")
        self.tail = lines.pop()
        for line in lines:
            if "succeeded" in line:
                if GRADE_TASK in line:
                    self.counts["grade"] += 1
                elif NOOP_TASK in line:
                    self.counts["noop"] += 1
            elif "participation.updated" in line:
                self.counts["updated"] += 1
            elif " raised unexpected" in line or "ERROR" in line:
                self.counts["failed"] += 1
            elif "Retry in" in line:
                self.counts["retry"] += 1
        return dict(self.counts)


def _wait(log: WorkerLog, key: str, target: int, timeout: float) -> float:
    """Poll the log until ``key`` reaches ``target``; the time it did."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if log.read()[key] >= target:
            return time.time()
        time.sleep(0.05)
    raise SystemExit(f"timed out: {log.read()} (wanted {key} {target})")


def _start_worker(env: dict[str, str], log: Path, concurrency: int | None) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "commit_site",
        "worker",
        "--queues",
        env["COMMIT_CELERY_QUEUE"],
        *(["--concurrency", str(concurrency)] if concurrency else []),
        "--loglevel",
        "INFO",
        "--include",
        "benchmarks.registry_scale.burst_noop",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603 - the site's own worker command
            command,
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def run(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="grade-burst-", dir=args.scratch))
    database = args.registry
    if database.startswith("sqlite:///"):
        source = Path(database.removeprefix("sqlite://"))
        copy = work / "registry.sqlite3"
        shutil.copyfile(source, copy)
        database = f"sqlite:///{copy}"
    env = {
        "DATABASE_URL": database,
        "COMMIT_VAR_DIR": str(work),
        "COMMIT_CELERY_BROKER": args.broker,
        "COMMIT_CELERY_QUEUE": f"grade-burst-{uuid.uuid4().hex[:8]}",
        "DJANGO_SETTINGS_MODULE": "commit_site.settings",
        "PYTHONPATH": str(ROOT),
    }
    load_start = _load()
    prepared = _child("prepare", work, env=env, count=args.events)
    plan = prepared["events"]
    before = {"people": prepared["people"], "participations": prepared["participations"]}
    log_path = work / "worker.log"
    worker = _start_worker(env, log_path, args.concurrency)
    rounds = []
    try:
        log = WorkerLog(log_path)
        deadline = time.time() + 120
        while "ready." not in log_path.read_text():
            if time.time() > deadline or worker.poll() is not None:
                raise SystemExit(f"the worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        processes = int(re.search(r"concurrency: (\d+)", log_path.read_text()).group(1))
        for number in range(args.rounds):
            order = ("noop", "grade") if number % 2 == 0 else ("grade", "noop")
            for kind in order:
                if kind == "grade":
                    _child("reset", work, env=env, plan=plan)
                counts = log.read()
                sent = _child(kind, work, env=env, plan=plan, number=number)
                done = _wait(log, kind, counts[kind] + len(plan), args.timeout)
                time.sleep(1.0)  # any task run again would show now
                after = log.read()
                result = {
                    "kind": kind,
                    "round": number + 1,
                    "seconds": done - sent["start"],
                    "sending": sent["sent"] - sent["start"],
                    "tasks": after[kind] - counts[kind],
                    "failed": after["failed"] - counts["failed"],
                    "retried": after["retry"] - counts["retry"],
                }
                if kind == "grade":
                    result["changes"] = after["updated"] - counts["updated"]
                    result.update(
                        _child("check", work, env=env, plan=plan, number=number, before=before)
                    )
                result["per_second"] = len(plan) / result["seconds"]
                rounds.append(result)
                print(json.dumps(result), flush=True)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "rounds": rounds,
        "load_start": load_start,
        "load_end": _load(),
        "database": database.split(":", 1)[0],
        "processes": processes,
        "people": before["people"],
        "participations": before["participations"],
    }


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def write_results(outcome: dict, args, path: Path) -> None:
    grade = [r for r in outcome["rounds"] if r["kind"] == "grade"]
    noop = [r for r in outcome["rounds"] if r["kind"] == "noop"]
    lines = [
        f"# Grade-event burst ({outcome['database']})",
        "",
        f"{args.events:,} Open edX `PERSISTENT_GRADE_SUMMARY_CHANGED` events, sent as the LMS "
        "sends them, through the registry's receiver into Celery on a Redis broker, applied "
        "by one worker started as the site starts one (`celery -A commit_site worker`, "
        f"prefork pool, {outcome['processes']} "
        + ("process" if outcome["processes"] == 1 else "processes")
        + ("" if args.concurrency else ", the site's default on this database")
        + f"), beside {args.events:,} no-op tasks "
        "with the same arguments and options through the same broker and worker. Rounds "
        "alternate the order. Throughput: events from the first send to the last task done, "
        "per second; sending: the sending process alone.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work), "
        f"Python {platform.python_version()}. Date: {time.strftime('%Y-%m-%d')}. Registry: "
        f"{args.label}, {outcome['people']:,} people, {outcome['participations']:,} "
        f"participations, {outcome['database']}. Load average (1, 5, 15 min) at the start: "
        f"{outcome['load_start']}; at the end: {outcome['load_end']}.",
        "",
        "| round | tasks | seconds | sending, s | events/s | tasks run | changes | held | "
        "lost | added rows | retried | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in outcome["rounds"]:
        if r["kind"] == "grade":
            extra = (
                f"{r['changes']:,} | {r['held']:,} | {args.events - r['held']:,} | "
                f"{r['people_added'] + r['participations_added']}"
            )
        else:
            extra = "- | - | - | -"
        lines.append(
            f"| {r['round']} | {r['kind']} | {r['seconds']:.2f} | {r['sending']:.2f} | "
            f"{r['per_second']:.0f} | {r['tasks']:,} | {extra} | {r['retried']} | {r['failed']} |"
        )
    grade_rate = _median([r["per_second"] for r in grade])
    noop_rate = _median([r["per_second"] for r in noop])
    ratio = noop_rate / grade_rate
    exact = all(
        r["held"] == args.events
        and r["tasks"] == args.events
        and r["changes"] == args.events
        and not r["people_added"]
        and not r["participations_added"]
        for r in grade
    )
    lines += [
        "",
        f"Medians: the burst {grade_rate:.0f} events/s, the no-op task {noop_rate:.0f} tasks/s: "
        f"the no-op is {ratio:.2f}x the burst's throughput (goal: within {GOAL:g}x, "
        f"{'met' if ratio <= GOAL else 'not met'}).",
        f"Every event applied exactly once: {'yes' if exact else 'NO'} (held: participations "
        "holding their event's grade; tasks run: the worker's completed tasks; changes: the "
        "tracking events of recorded changes; added rows: people and participations).",
    ]
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", help="database URL of a registry made by setup_demo")
    parser.add_argument("--label", default="", help="what the registry is, for the results")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--concurrency", type=int, default=None, help="worker processes (default: the site's)"
    )
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--scratch", help="folder for the scratch copy and the worker's log")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--write", metavar="NAME", help="write RESULTS-<NAME>.md beside this")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--state", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child_main(args.child, Path(args.state))
        return
    if not args.registry:
        parser.error("give --registry URL")
    outcome = run(args)
    print(json.dumps(outcome))
    if args.write:
        write_results(outcome, args, HERE / f"RESULTS-{args.write}.md")


if __name__ == "__main__":
    main()
