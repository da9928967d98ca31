"""Figures over the whole registry, counted once and kept for a while, with the time they
were counted (decisions 0030 and 0035).

The dashboard's counts, the knowledge gain and the cascade read every record in reach,
so their cost grows with the registry; the follow-up pages (attrition, retention) build
a campaign's frame of sampled people for every view. A reader who comes back to the page,
or another reader with the same reach, gets the figures counted a moment ago instead of a
new count: the page says when they were counted, and offers to count again at once.

Figures are kept in the site's cache (in-memory per process by default; Redis when
``COMMIT_REDIS_URL`` is set, shared by every process) for
``TRAINER_REGISTRY_FIGURES_MAX_AGE`` seconds. They are keyed by what decides them: the
page, the reader's reach (roles, countries, the trainers they are), the language and the
filters. Two readers share figures only when the registry would give them the same
records, and what is kept holds no names, only the ids a page then shows to its reader.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from trainer_registry.access import Access

DEFAULT_MAX_AGE = 600  # seconds


@dataclass(frozen=True)
class Kept:
    """Figures as they were counted at ``counted_at``, kept ``max_age`` seconds."""

    figures: Any
    counted_at: datetime
    max_age: int

    @property
    def minutes_kept(self) -> int:
        return max(1, round(self.max_age / 60))


def max_age() -> int:
    """Seconds figures are kept (0: never, every view counts anew)."""
    return int(getattr(settings, "TRAINER_REGISTRY_FIGURES_MAX_AGE", DEFAULT_MAX_AGE))


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(item) for item in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def key(page: str, access: Access, filters: Mapping[str, Any]) -> str:
    """The cache key of ``page``'s figures for readers with ``access``'s reach."""
    decided_by = {
        "page": page,
        "roles": sorted(access.roles),
        "countries": None if access.countries is None else sorted(access.countries),
        "trainers": sorted(access.trainer_person_ids),
        "language": get_language() or "",
        "filters": {name: _plain(value) for name, value in sorted(filters.items())},
    }
    digest = hashlib.sha256(json.dumps(decided_by, sort_keys=True).encode()).hexdigest()
    return f"trainer_registry:figures:{digest}"


def kept(page: str, access: Access, filters: Mapping[str, Any], count: Callable[[], Any]) -> Kept:
    """``page``'s figures for ``access`` and ``filters``: those kept, or ``count()``'s,
    which are then kept."""
    seconds = max_age()
    name = key(page, access, filters)
    found = cache.get(name) if seconds > 0 else None
    if isinstance(found, Kept):
        return found
    counted = Kept(count(), timezone.now(), seconds)
    if seconds > 0:
        cache.set(name, counted, seconds)
    return counted


def forget(page: str, access: Access, filters: Mapping[str, Any]) -> None:
    """Drop ``page``'s kept figures for ``access`` and ``filters``: the next view counts."""
    cache.delete(key(page, access, filters))
