"""The pages benchmark's results as Markdown: per target, p50 and p95 at each scale, the
floor's p50 at the largest, the two ratios and the SQL statements per request, each
against its goal; and the machine, the date and the load the numbers were taken under."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
from datetime import UTC, datetime
from pathlib import Path

import django

from benchmarks.registry_scale.pages_targets import TARGETS

FLOOR_GOAL = 3.0  # a page's p50 at the largest scale within 3x its floor's
FLAT_GOAL = 1.5  # and within 1.5x its own p50 at the smallest scale


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def _machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} vCPU ({model or platform.processor() or 'unknown'})"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def markdown(timings: dict, run: dict) -> str:
    scales = run["scales"]
    low, high = min(scales), max(scales)
    lines = [
        "# Staff pages and API lists at scale",
        "",
        f"Machine: {_machine()}, shared with other work. Date: "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Load average (1, 5, 15 min) at the start: "
        + ", ".join(f"{v:.2f}" for v in run["load_start"])
        + "; at the end: "
        + ", ".join(f"{v:.2f}" for v in run["load_end"])
        + ".",
        f"Python {platform.python_version()}, Django {django.get_version()}, SQLite "
        f"{sqlite3.sqlite_version}. Registries: `setup_demo --scale N --seed 2004` in SQLite "
        f"files, scales {', '.join(f'{s}x' for s in scales)}; each served by gunicorn "
        "`commit_site.wsgi`, 1 worker, 16 threads, as `make run` serves it; logged in as "
        "the regional administrator (`manager`).",
        f"{run['requests']} timed rounds after {run['warm_up']} warm-up rounds; a round "
        "requests every target once on every registry, the page and its floor one after "
        "the other (alternating which goes first), one request at a time. Times are "
        "wall-clock milliseconds at the client, the whole response read. Run time "
        f"{run['wall_seconds'] / 60:.1f} min.",
        "",
        "Why the floor is fair: it is served by the same gunicorn worker, behind the same "
        "middleware (session, locale, CSRF, login) and reads the logged-in user as a page "
        "does; what it leaves out is exactly the product's own work: the ORM, forms, "
        "templates or serializers, the access checks and the audit entry. Each floor is "
        "ONE SQL statement giving what the page shows (the rows of a list page without "
        "its total; the API's first page with its count; the analytics pages' figures as "
        "SQL aggregates), serialised as JSON (`pages_floor.py` says what each fetches).",
        "",
        f"Goals (issue 22): page p50 at {high}x within {FLOOR_GOAL:g}x its floor's; page "
        f"p50 at {high}x within {FLAT_GOAL:g}x its p50 at {low}x; SQL statements per "
        f"request the same at {low}x and {high}x.",
        "",
    ]
    header = ["page"]
    for scale in scales:
        header += [f"p50 {scale}x", f"p95 {scale}x"]
    header += [
        f"floor p50 {high}x",
        f"page/floor {high}x",
        f"{high}x/{low}x",
        f"SQL {low}x",
        f"SQL {high}x",
    ]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    missed = []
    for target in TARGETS:
        if target.name not in timings:
            continue
        by_scale = timings[target.name]
        row = [target.label]
        for scale in scales:
            page = by_scale[scale]["page"]
            row += [_ms(statistics.median(page)), _ms(_percentile(page, 0.95))]
        top, bottom = by_scale[high], by_scale[low]
        page_high = statistics.median(top["page"])
        floor_high = statistics.median(top["floor"])
        to_floor = page_high / floor_high
        flat = page_high / statistics.median(bottom["page"])
        same_queries = bottom["queries"] == top["queries"]
        row += [
            _ms(floor_high),
            f"{to_floor:.2f} ({_verdict(to_floor <= FLOOR_GOAL)})",
            f"{flat:.2f} ({_verdict(flat <= FLAT_GOAL)})",
            "/".join(map(str, bottom["queries"])),
            "/".join(map(str, top["queries"])) + f" ({_verdict(same_queries)})",
        ]
        if to_floor > FLOOR_GOAL or flat > FLAT_GOAL or not same_queries:
            missed.append(target.label)
        lines.append("| " + " | ".join(row) + " |")
    kept = [t for t in TARGETS if t.kept and t.name in timings and timings[t.name][high]["counted"]]
    if kept:
        lines += [
            "",
            "The dashboard and the analytics pages keep their figures for ten minutes "
            "(decisions 0030 and 0035), so the table above times their kept view. Counted anew "
            '("Count again now", a POST that drops the kept figures, then the page, timed '
            "together), once a round:",
            "",
            "| page | "
            + " | ".join(f"counted p50 {scale}x" for scale in scales)
            + f" | floor p50 {high}x | counted/floor {high}x | {high}x/{low}x |",
            "|" + "---|" * (len(scales) + 4),
        ]
        for target in kept:
            counted = {
                scale: statistics.median(timings[target.name][scale]["counted"]) for scale in scales
            }
            floor_high = statistics.median(timings[target.name][high]["floor"])
            lines.append(
                f"| {target.label} | "
                + " | ".join(_ms(counted[scale]) for scale in scales)
                + f" | {_ms(floor_high)} | {counted[high] / floor_high:.2f}"
                + f" | {counted[high] / counted[low]:.2f} |"
            )
    lines += [
        "",
        "Subjects (the records the paths name, picked by one rule in each registry): "
        + "; ".join(
            f"{scale}x: person {s['person']}, training {s['event']}, campaign {s['campaign']}"
            for scale, s in run["subjects"].items()
        )
        + ".",
        "",
        f"Goals met by {sum(1 for t in TARGETS if t.name in timings) - len(missed)} of "
        f"{sum(1 for t in TARGETS if t.name in timings)} targets"
        + (f"; not met by: {', '.join(missed)}." if missed else "."),
        "",
    ]
    return "\n".join(lines)
