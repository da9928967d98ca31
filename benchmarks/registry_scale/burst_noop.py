"""The grade-event burst's peer: a task that takes what the platform-event task takes
(the event's kind and payload), with the same options (acknowledged late, retried on a
database error), and does nothing. The worker loads it with ``--include``."""

from __future__ import annotations

from celery import shared_task

from trainer_registry.tasks import SAFE_TO_REDO


@shared_task(bind=True, **SAFE_TO_REDO, name="benchmarks.noop_platform_event")
def noop_platform_event(self, kind: str, payload: dict) -> dict:
    """Nothing: the cost of a task through the broker and the worker alone."""
    return {"status": "noop", "reason": kind}
