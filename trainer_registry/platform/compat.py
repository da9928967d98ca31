"""Everything that reaches into the Open edX platform, in one place.

Each function works inside the platform and degrades to a plain Python behaviour outside
it, so that the package imports and its tests run without edx-platform.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("trainer_registry.events")


def emit_tracking_event(name: str, data: dict[str, Any]) -> None:
    """Send a tracking event through the platform's event tracker (and on to
    event-routing-backends for xAPI), or log it as JSON when the tracker is absent."""
    try:
        from eventtracking import tracker  # the platform's tracker
    except ImportError:
        log.info("%s %s", name, data)
        return
    tracker.emit(name, data)
