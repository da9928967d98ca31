import pytest

from commit_training.scoring.interview import (
    Choice,
    Graph,
    Node,
    Principle,
    RunError,
    graph_problems,
    replay,
)

P = Principle


def graph(*nodes, start="n1"):
    return Graph(start=start, nodes=tuple(nodes))


SOUND = graph(
    Node(
        "n1",
        "She arrives",
        choices=(
            Choice("water", "Offer water", "n2", upholds=frozenset({P.BASIC_NEEDS})),
            Choice("rush", "Start at once", "n2", breaks=frozenset({P.BASIC_NEEDS})),
        ),
    ),
    Node(
        "n2",
        "She waits",
        choices=(
            Choice("consent", "Explain and ask", "good", upholds=frozenset({P.CONSENT})),
            Choice("photo", "Take a photo", "n1", breaks=frozenset({P.CONFIDENTIALITY})),
        ),
    ),
    Node("good", "Done", end=True, outcome="good"),
)


def test_sound_graph_has_no_problems():
    assert graph_problems(SOUND) == []


def test_authoring_errors_are_named():
    broken = graph(
        Node("n1", "a", choices=(Choice("c1", "x", "nowhere"), Choice("c2", "y", "loop"))),
        Node("loop", "b", choices=(Choice("c3", "z", "loop"),)),
        Node("orphan", "c", end=True),
        Node("stuck", "d"),
    )
    assert graph_problems(broken) == [
        "choice 'c1' in node 'n1' points to 'nowhere', which does not exist",
        "node 'stuck' is not an end and offers no choice",
        "node 'orphan' cannot be reached from the start",
        "node 'stuck' cannot be reached from the start",
        "node 'loop' is in a loop with no way to an end",
        "node 'n1' is in a loop with no way to an end",
    ]
    assert graph_problems(graph(Node("n1", "a", end=True), start="x")) == [
        "the start node 'x' does not exist"
    ]


def test_debrief_of_a_run():
    run = replay(SOUND, ["rush", "photo", "water", "consent"])
    assert run.finished and run.outcome == "good"
    assert [step.choice.id for step in run.steps] == ["rush", "photo", "water", "consent"]
    # Basic needs were broken once: a later good choice does not undo it.
    assert run.broken == {P.BASIC_NEEDS, P.CONFIDENTIALITY}
    assert run.kept == {P.CONSENT}
    assert run.score == 0.5
    assert replay(SOUND, ["water", "consent"]).score == 1.0
    assert replay(SOUND, []).score == 0.0


def test_steps_the_graph_does_not_offer_are_refused():
    with pytest.raises(RunError, match="node 'n1' offers no choice 'consent'"):
        replay(SOUND, ["consent"])
    with pytest.raises(RunError, match="has ended"):
        replay(SOUND, ["water", "consent", "water"])
