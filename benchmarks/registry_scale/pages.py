"""Benchmark: each staff page a manager uses and each REST API list, at 1x, 10x and 100x
the demo, beside its floor (one hand-written SQL statement, no template) in the same run.

Run from the repository root::

    .venv/bin/python benchmarks/registry_scale/pages.py

For each scale, a registry is made once with ``manage.py migrate`` and ``manage.py
setup_demo --scale N --seed 2004`` in a SQLite file under ``$COMMIT_VAR_DIR/registry-scale``
(``var/`` by default) and kept for later runs, migrated to the current schema at the
start of each (``--regenerate`` makes them again). Each registry is served as ``make
run`` serves the site (gunicorn ``commit_site.wsgi``, 1 worker, 16 threads), all three
at once, with the benchmark's settings
(:mod:`benchmarks.registry_scale.pages_settings`: the floors under ``/floor/``, and the
number of SQL statements of each request in a response header). The benchmark logs in
as the demo's regional administrator (``manager``), who reaches every country.

Then, round after round, every target (:mod:`benchmarks.registry_scale.pages_targets`)
is requested once on each registry, the page and its floor one after the other (which
of them first alternates by round), one request at a time: after ``--warm-up`` rounds,
``--requests`` rounds are timed. So every ratio compares two numbers measured side by
side on the same loaded machine. A page that keeps its figures a while (decision 0030:
the dashboard, the knowledge gain, the cascade) is also counted anew once a round, by
its "Count again now" button followed by the page, timed together. The results go to
``RESULTS-pages.md`` beside this file (:mod:`benchmarks.registry_scale.pages_report`)
and the raw timings to ``pages-raw.json`` in the registries' folder.

Options: ``--scales 1,10,100``, ``--requests N``, ``--warm-up N``, ``--only a,b``
(target names), ``--var DIR``, ``--out FILE``, ``--regenerate``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.registry_scale import pages_report  # noqa: E402
from benchmarks.registry_scale.pages_targets import TARGETS, subjects  # noqa: E402

HOST = "127.0.0.1"
SETTINGS = "benchmarks.registry_scale.pages_settings"
SEED = 2004
MANAGER = ("manager", "commit-manager")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _request(port, method, path, *, body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=300)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        connection.close()


def _environment(folder: Path) -> dict:
    env = dict(os.environ)
    env.update(
        COMMIT_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    return env


def registry(var: Path, scale: int, regenerate: bool) -> Path:
    """The folder of the registry at ``scale``, made when missing (or asked to)."""
    folder = var / f"scale{scale}"
    stamp = folder / "made.json"
    if stamp.exists() and not regenerate:
        # A kept registry follows the schema (a migration may add an index the pages use).
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
            cwd=ROOT,
            env=_environment(folder),
            check=True,
        )
        return folder
    for old in folder.glob("db.sqlite3*"):
        old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    env = _environment(folder)
    manage = [sys.executable, str(ROOT / "manage.py")]
    print(f"making the {scale}x registry in {folder}", flush=True)
    started = time.monotonic()
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*manage, "setup_demo", "--scale", str(scale), "--seed", str(SEED)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = round(time.monotonic() - started, 1)
    stamp.write_text(json.dumps({"scale": scale, "seed": SEED, "seconds": seconds}))
    return folder


def serve(folder: Path) -> tuple[subprocess.Popen, int]:
    """The registry served as ``make run`` serves the site, with the benchmark's settings."""
    port = _free_port()
    env = _environment(folder)
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS
    log = folder / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    server = subprocess.Popen(  # noqa: S603
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
        stdout=(folder / "site.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the site stopped while starting; see {log}")
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"the site did not answer /healthz within 120 s; see {log}")


def _cookies(headers) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key.strip()] = rest.split(";", 1)[0]
    return found


def log_in(port: int) -> str:
    """The Cookie header of a session logged in as the regional administrator."""
    status, page, headers = _request(port, "GET", "/accounts/login/")
    cookies = _cookies(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise SystemExit(f"the login page gave {status} without a CSRF token")
    username, password = MANAGER
    form = {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
    status, _, headers = _request(
        port,
        "POST",
        "/accounts/login/",
        body=urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
    )
    cookies |= _cookies(headers)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"logging in as {username} gave {status}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def timed_get(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    """Seconds, SQL statements and bytes of one GET; stops the run on an error."""
    started = time.perf_counter()
    status, body, headers = _request(port, "GET", path, headers={"Cookie": cookie})
    seconds = time.perf_counter() - started
    if status != 200:
        raise SystemExit(f"GET {path} gave {status}: {body[:300]!r}")
    queries = int(dict((k.lower(), v) for k, v in headers).get("x-queries", -1))
    return seconds, queries, len(body)


def timed_count(port: int, path: str, cookie: str) -> float:
    """Seconds of a kept page counted anew: "Count again now" (a POST that drops the
    kept figures and redirects), then the page, timed from the POST to the page read."""
    token = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    started = time.perf_counter()
    status, body, headers = _request(
        port, "POST", path, headers={"Cookie": cookie, "X-CSRFToken": token}
    )
    if status != 302:
        raise SystemExit(f"POST {path} gave {status}: {body[:300]!r}")
    _request(
        port,
        "GET",
        dict((k.lower(), v) for k, v in headers)["location"],
        headers={"Cookie": cookie},
    )
    return time.perf_counter() - started


def measure(args, sites: dict[int, dict]) -> dict:
    targets = [t for t in TARGETS if not args.only or t.name in args.only]
    timings = {
        t.name: {
            scale: {
                "page": [],
                "floor": [],
                "counted": [],
                "queries": set(),
                "floor_queries": set(),
                "bytes": 0,
            }
            for scale in sites
        }
        for t in targets
    }
    for round_number in range(args.warm_up + args.requests):
        timed = round_number >= args.warm_up
        for target in targets:
            for scale, site in sites.items():
                sides = [
                    ("page", target.page_path(site["subjects"])),
                    ("floor", target.floor_path(site["subjects"])),
                ]
                if round_number % 2:
                    sides.reverse()
                for side, path in sides:
                    seconds, queries, size = timed_get(site["port"], path, site["cookie"])
                    if not timed:
                        continue
                    record = timings[target.name][scale]
                    record[side].append(seconds)
                    record["queries" if side == "page" else "floor_queries"].add(queries)
                    if side == "page":
                        record["bytes"] = size
                if timed and target.kept:
                    path = target.page_path(site["subjects"])
                    seconds = timed_count(site["port"], path, site["cookie"])
                    timings[target.name][scale]["counted"].append(seconds)
        state = "timed" if timed else "warm-up"
        print(f"round {round_number + 1} ({state}) done, load {os.getloadavg()[0]:.2f}", flush=True)
    for by_scale in timings.values():
        for record in by_scale.values():
            record["queries"] = sorted(record["queries"])
            record["floor_queries"] = sorted(record["floor_queries"])
    return timings


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warm-up", type=int, default=3)
    parser.add_argument("--only", type=lambda v: set(v.split(",")), default=set())
    default_var = Path(os.environ.get("COMMIT_VAR_DIR", ROOT / "var")) / "registry-scale"
    parser.add_argument("--var", type=Path, default=default_var)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS-pages.md")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    folders = {scale: registry(args.var, scale, args.regenerate) for scale in scales}
    load_start = os.getloadavg()
    servers, sites = [], {}
    try:
        for scale, folder in folders.items():
            server, port = serve(folder)
            servers.append(server)
            sites[scale] = {
                "port": port,
                "cookie": log_in(port),
                "subjects": subjects(folder / "db.sqlite3"),
            }
            print(f"{scale}x served on port {port}: {sites[scale]['subjects']}", flush=True)
        started = time.monotonic()
        timings = measure(args, sites)
        wall = time.monotonic() - started
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    load_end = os.getloadavg()
    (args.var / "pages-raw.json").write_text(json.dumps(timings, default=list, indent=1))
    run = {
        "scales": scales,
        "requests": args.requests,
        "warm_up": args.warm_up,
        "load_start": load_start,
        "load_end": load_end,
        "wall_seconds": wall,
        "subjects": {scale: site["subjects"] for scale, site in sites.items()},
    }
    args.out.write_text(pages_report.markdown(timings, run))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
