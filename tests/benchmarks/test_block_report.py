"""The blocks benchmark's verdicts (benchmarks/blocks/report.py): peer, floor and blocks."""

from benchmarks.blocks.report import verdicts


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
