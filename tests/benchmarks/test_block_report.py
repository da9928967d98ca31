"""The blocks benchmark's verdicts (benchmarks/blocks/report.py): peer, floor and blocks."""

from benchmarks.blocks.report import verdicts, workbench_store_lines


def row(name, per_second, p95, *, peer=False, floor=False, failures=0):
    summary = {"per_second": per_second, "p95": p95, "failures": failures}
    return {"target": name, "peer": peer, "floor": floor, "summary": summary}


def test_a_floor_below_the_goal_says_no_handler_can_reach_it():
    lines = verdicts(
        [
            row("poll", 200.0, 0.300, peer=True),
            row("floor", 260.0, 0.180, floor=True),
            row("block", 210.0, 0.250),
        ]
    )
    assert lines[0].startswith("- the floor (a handler that only stores the answer): 1.3x")
    assert "no handler that stores an answer can reach it" in lines[0]
    assert lines[1] == (
        "- block: 0 failed, 1.1x the peer's throughput, p95 250 ms against 300 ms: goal NOT met"
    )
    assert len(lines) == 2  # the floor is not judged as a block


def test_a_floor_above_the_goal_leaves_it_within_reach_and_a_block_can_meet_it():
    lines = verdicts(
        [
            row("poll", 20.0, 1.5, peer=True),
            row("floor", 300.0, 0.1, floor=True),
            row("block", 80.0, 0.4),
            row("slow block", 80.0, 0.4, failures=1),
        ]
    )
    assert "the goal's 3x is within the server's reach" in lines[0]
    assert lines[1].endswith(": goal met")
    assert lines[2].endswith(": goal NOT met")


def test_without_a_floor_row_only_the_blocks_are_judged():
    lines = verdicts([row("poll", 20.0, 1.5, peer=True), row("block", 80.0, 0.4)])
    assert lines == [
        "- block: 0 failed, 4.0x the peer's throughput, p95 400 ms against 1,500 ms: goal met"
    ]


def test_blocks_are_set_beside_xblock_poll_on_the_workbench_store_when_measured():
    stock = row("poll on the workbench's own store", 50.0, 0.8, peer=True)
    stock["workbench_store"] = True
    stock["summary"]["requests"] = 128
    rows = [row("poll", 200.0, 0.3, peer=True), row("block", 160.0, 0.25), stock]
    assert len(verdicts(rows)) == 1  # judged against poll on the same server only
    assert "1,500" not in verdicts(rows)[0] and "0.8x the peer's throughput" in verdicts(rows)[0]
    assert workbench_store_lines(rows) == [
        "",
        "Beside xblock-poll on the workbench's own store (as the issue measured it; "
        "0 of 128 votes failed):",
        "",
        "- block: 3.2x its throughput, p95 250 ms against 800 ms",
    ]
    assert workbench_store_lines(rows[:2]) == []
