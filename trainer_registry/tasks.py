"""Long or platform-driven work, as Celery tasks when a broker is configured.

Tasks take plain values and ids, never objects, and are safe to run twice: a worker that
dies mid-task has its message delivered again (``acks_late``), and the work it redoes is
idempotent. Without a broker (``CELERY_BROKER_URL`` unset, or ``task_always_eager``) the
same functions run inline in the calling process.
"""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.db import OperationalError

from trainer_registry import platform_events

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    name="trainer_registry.apply_platform_event",
)
def apply_platform_event(self, kind: str, payload: dict) -> dict:
    """Apply one platform event (see :mod:`trainer_registry.platform_events`)."""
    handler = platform_events.HANDLERS[kind]
    values = dict(payload)
    if "on" in values:
        values["on"] = date.fromisoformat(values["on"])
    outcome = handler(**values)
    log.info("platform event %s: %s %s", kind, outcome.status, outcome.reason)
    return {"status": outcome.status, "reason": outcome.reason}


def dispatch(kind: str, payload: dict) -> None:
    """Queue the event when a broker is configured, or apply it now."""
    from django.conf import settings

    if getattr(settings, "CELERY_BROKER_URL", None) and not getattr(
        settings, "CELERY_TASK_ALWAYS_EAGER", False
    ):
        apply_platform_event.delay(kind, payload)
    else:
        apply_platform_event.apply(args=(kind, payload), throw=True)
