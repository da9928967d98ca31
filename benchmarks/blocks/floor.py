"""The floor: the least an XBlock handler that stores a learner's first answer costs here.

``StoreAnswerBlock`` has one ``Scope.user_state`` field and one JSON handler that stores
the posted object in it and answers ``{"stored": true}``: no content to read, no
checking, no scoring, no events, no HTML. Measured beside the blocks and xblock-poll on
the same server, it shows what every handler pays before doing anything of its own:
Django's request and response, the workbench's runtime and block, and the one write
transaction that stores the answer. No handler that stores an answer can serve more
requests per second than the floor.

Registered for the benchmark's server alone (``benchmarks/blocks/settings.py``), never in
the product.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Dict, Scope

BLOCK_TYPE = "bench_store_answer"


class StoreAnswerBlock(XBlock):
    answer = Dict(scope=Scope.user_state, default={})

    def student_view(self, context=None):
        return Fragment("<p>The benchmark's floor.</p>")

    @XBlock.json_handler
    def submit(self, data, suffix=""):
        self.answer = data
        return {"stored": True}

    @staticmethod
    def workbench_scenarios():
        return [("Store an answer (benchmark floor)", f"<{BLOCK_TYPE}/>")]


def register() -> None:
    """Make the block loadable by type, as an installed package's entry point would."""
    entry_point = EntryPoint(
        name=BLOCK_TYPE, value=f"{__name__}:StoreAnswerBlock", group="xblock.v1"
    )
    if all(name != BLOCK_TYPE for name, _ in XBlock.extra_entry_points):
        XBlock.extra_entry_points.append((BLOCK_TYPE, entry_point))
