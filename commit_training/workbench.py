"""Scenarios shown in the standalone workbench: one short demonstration per block.

The full courses (curriculum/) are loaded by the demo site beside these.
"""

from __future__ import annotations

import importlib.resources

SCENARIOS = {
    "commit_knowledge_check": [
        ("COMMIT knowledge check: before the course", "knowledge_check_pre.xml"),
        ("COMMIT knowledge check: after the course", "knowledge_check_post.xml"),
    ],
    "commit_case_scenario": [("COMMIT case: the fishing boat", "case_fishing_boat.xml")],
    "commit_interview_sim": [
        ("COMMIT interview: a worker who wants to stop", "interview_stop.xml")
    ],
    "commit_course_evaluation": [("COMMIT course evaluation", "course_evaluation.xml")],
}


def scenario_xml(file_name: str) -> str:
    return (importlib.resources.files("commit_training") / "scenarios" / file_name).read_text(
        encoding="utf-8"
    )


def scenarios_for(block_type: str) -> list[tuple[str, str]]:
    return [(title, scenario_xml(name)) for title, name in SCENARIOS.get(block_type, [])]
