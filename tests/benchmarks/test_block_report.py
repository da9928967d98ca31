"""The blocks benchmark's verdicts (benchmarks/blocks/report.py): floor, blocks and peer."""

from benchmarks.blocks.report import cpu_ratio, peer_lines, verdicts, workbench_store_lines


def row(name, per_second, p95, *, cpu=None, peer=False, floor=False, failures=0):
    summary = {"per_second": per_second, "p95": p95, "failures": failures}
    found = {"target": name, "peer": peer, "floor": floor, "summary": summary}
    if cpu is not None:
        found["server_cpu_ms"] = cpu
    return found


FLOOR = row("floor", 260.0, 0.180, cpu=10.0, floor=True)


def test_a_block_within_the_floors_cpu_and_p95_meets_the_goal():
    lines = verdicts([FLOOR, row("block", 240.0, 0.170, cpu=11.5)])
    assert lines == [
        "- block: 0 failed, server CPU 11.5 ms per request, 1.15x the floor's 10.0 ms, "
        "p95 170 ms against the floor's 180 ms: goal met"
    ]


def test_each_part_of_the_goal_can_fail_it_on_its_own():
    lines = verdicts(
        [
            FLOOR,
            row("costly", 240.0, 0.170, cpu=11.6),
            row("slow", 240.0, 0.181, cpu=10.5),
            row("failing", 240.0, 0.170, cpu=10.5, failures=1),
        ]
    )
    assert [line.rsplit(": ", 1)[1] for line in lines] == ["goal NOT met"] * 3
    assert "1.16x the floor's" in lines[0]
    assert lines[2].startswith("- failing: 1 failed,")


def test_a_block_whose_cpu_was_not_measured_is_not_met():
    lines = verdicts([FLOOR, row("block", 300.0, 0.1)])
    assert lines == [
        "- block: 0 failed, server CPU not measured, p95 100 ms against the floor's 180 ms: "
        "goal NOT met"
    ]
    assert cpu_ratio(row("block", 1.0, 1.0, cpu=5.0), row("floor", 1.0, 1.0, cpu=0.0)) is None


def test_without_a_floor_row_no_block_is_judged():
    assert verdicts([row("poll", 20.0, 1.5, peer=True), row("block", 80.0, 0.4, cpu=3.0)]) == [
        "- no floor was measured, so no handler can be judged"
    ]


def test_the_floor_and_the_blocks_are_set_beside_xblock_poll_on_the_same_server():
    rows = [row("poll", 200.0, 0.3, peer=True), FLOOR, row("block", 160.0, 0.25, cpu=12.0)]
    assert peer_lines(rows) == [
        "",
        "Beside xblock-poll on the same server:",
        "",
        "- floor: 1.3x its throughput, p95 180 ms against 300 ms",
        "- block: 0.8x its throughput, p95 250 ms against 300 ms",
    ]
    assert peer_lines(rows[1:]) == []


def test_blocks_are_set_beside_xblock_poll_on_the_workbench_store_when_measured():
    stock = row("poll on the workbench's own store", 50.0, 0.8, peer=True)
    stock["workbench_store"] = True
    stock["summary"]["requests"] = 128
    rows = [row("poll", 200.0, 0.3, peer=True), FLOOR, row("block", 160.0, 0.25), stock]
    assert len(verdicts(rows)) == 1  # neither peer is judged as a block
    assert "Beside xblock-poll on the same server:" in peer_lines(rows)
    assert workbench_store_lines(rows) == [
        "",
        "Beside xblock-poll on the workbench's own store (as the issue measured it; "
        "0 of 128 votes failed):",
        "",
        "- block: 3.2x its throughput, p95 250 ms against 800 ms",
    ]
    assert workbench_store_lines(rows[:3]) == []
