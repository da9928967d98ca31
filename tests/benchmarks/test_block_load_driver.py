"""The learning-block benchmark's load driver counts failures and percentiles correctly."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.blocks import load, report
from benchmarks.blocks.targets import KNOWLEDGE_CHECK, POLL


def test_nearest_rank_percentiles_are_measured_values():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert load.percentile(values, 50) == 0.3
    assert load.percentile(values, 95) == 0.5
    assert load.percentile(values, 20) == 0.1
    twenty = [n / 100 for n in range(1, 21)]  # 0.01 .. 0.20
    assert load.percentile(twenty, 95) == 0.19
    assert load.percentile(twenty, 50) == 0.10


def test_percentile_refuses_no_values_and_a_bad_rank():
    with pytest.raises(ValueError, match="no values"):
        load.percentile([], 50)
    with pytest.raises(ValueError, match="q=0"):
        load.percentile([1.0], 0)


def test_summary_counts_failures_and_only_successes_in_the_throughput():
    outcomes = [load.Outcome(n, 0.1 * (n + 1), ok=n % 4 != 0, problem="") for n in range(8)]
    summary = load.summarise(outcomes, wall_seconds=2.0)
    assert (summary.requests, summary.failures) == (8, 2)
    assert summary.per_second == pytest.approx(6 / 2.0)
    assert summary.p50 == pytest.approx(0.4)
    assert summary.p95 == pytest.approx(0.8)


def test_drive_runs_every_learner_once_and_counts_exceptions_as_failures():
    seen = []
    lock = threading.Lock()

    def request(number):
        with lock:
            seen.append(number)
        if number % 5 == 0:
            raise ConnectionResetError("peer closed")
        return (number % 7 != 0, "" if number % 7 else "refused")

    outcomes, seconds = load.drive(request, count=50, concurrency=8)
    assert sorted(seen) == list(range(50))
    assert seconds > 0
    failed = {o.learner: o.problem for o in outcomes if not o.ok}
    expected = {n for n in range(50) if n % 5 == 0 or n % 7 == 0}
    assert set(failed) == expected
    assert failed[5] == "ConnectionResetError: peer closed"
    assert failed[7] == "refused"


def test_drive_keeps_the_requested_number_of_requests_in_flight():
    in_flight, most = 0, 0
    lock = threading.Lock()
    all_in = threading.Barrier(6, timeout=5)

    def request(number):
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        if number < 6:
            all_in.wait()  # the first six only return once six are running at once
        with lock:
            in_flight -= 1
        return True, ""

    outcomes, _ = load.drive(request, count=30, concurrency=6)
    assert len(outcomes) == 30 and all(o.ok for o in outcomes)
    assert most == 6


class _Answers(BaseHTTPRequestHandler):
    """Answers like a block (``/ok``), a refusal (``/refused``) or a server error."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        payload = json.loads(self.rfile.read(length))
        token = self.headers.get("X-CSRFToken")
        if self.path.startswith("/error"):
            status, body = 500, b"oops"
        elif self.path.startswith("/refused"):
            status, body = 200, json.dumps({"error": "no", "field": "answers"}).encode()
        else:
            answer = {"result_html": "<p/>", "echo": payload, "t": token}
            status, body = 200, json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_json_poster_tells_success_refusal_and_server_error_apart(server):
    poster = load.JsonPoster("127.0.0.1", server, {"X-CSRFToken": "t0k"}, KNOWLEDGE_CHECK.check)

    def request(number):
        path = ("/ok", "/refused", "/error")[number % 3]
        return poster.post(f"{path}?student=s{number}", {"n": number})

    outcomes, seconds = load.drive(request, count=30, concurrency=4)
    summary = load.summarise(outcomes, seconds)
    assert (summary.requests, summary.failures) == (30, 20)
    assert any(p.startswith("refused: no") for p in summary.problems)
    assert any(p.startswith("HTTP 500") for p in summary.problems)


def test_the_peer_is_judged_by_its_own_success_flag():
    assert POLL.check({"success": True, "errors": []}) == ""
    assert "refused" in POLL.check({"success": False, "errors": ["already voted"]})
    assert KNOWLEDGE_CHECK.check({"result_html": "<p/>"}) == ""
    assert KNOWLEDGE_CHECK.check({"recorded": True, "shows": "recorded"}) == ""
    assert KNOWLEDGE_CHECK.check({"success": True}).startswith("answer has no result")


def _row(name, per_second, p95, failures=0, peer=False, floor=False, cpu=5.0):
    summary = {"requests": 640, "failures": failures, "per_second": per_second}
    summary.update(p50=p95 / 2, p95=p95, problems=())
    return {
        "target": name,
        "peer": peer,
        "floor": floor,
        "server_cpu_ms": cpu,
        "summary": summary,
        "read_back": {"stored": 640},
    }


def test_the_verdict_needs_no_failure_cpu_within_the_floors_and_its_p95():
    rows = [
        _row("poll", 20.0, 1.0, peer=True, cpu=4.0),
        _row("floor", 30.0, 0.6, floor=True, cpu=4.0),
        _row("close to the floor", 28.0, 0.6, cpu=4.6),
        _row("too much cpu", 28.0, 0.5, cpu=4.7),
        _row("slow tail", 28.0, 0.61, cpu=4.0),
        _row("one failure", 28.0, 0.5, failures=1, cpu=4.0),
        _row("cpu unknown", 28.0, 0.5, cpu=None),
    ]
    names = ["close to the floor", "too much cpu", "slow tail", "one failure", "cpu unknown"]
    lines = dict(zip(names, report.verdicts(rows), strict=True))
    assert lines["close to the floor"].endswith("goal met")
    assert "1.15x the floor's 4.0 ms" in lines["close to the floor"]
    for name in names[1:]:
        assert lines[name].endswith("goal NOT met"), name


def test_without_a_floor_no_handler_is_judged():
    rows = [_row("poll", 20.0, 1.0, peer=True), _row("block", 28.0, 0.5)]
    assert report.verdicts(rows) == ["- no floor was measured, so no handler can be judged"]
