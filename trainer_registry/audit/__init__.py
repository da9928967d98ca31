"""Writing the audit trail: who viewed, listed, exported, changed or deleted what (its
reading, for people: :mod:`.presentation`)."""

from __future__ import annotations

from trainer_registry.listing.kept_queries import KeptInsert
from trainer_registry.models.access import AuditAction, AuditEvent

# Written on every page read: the statement made once (decision 0037).
_INSERT = KeptInsert(AuditEvent)


def record(
    user, action: AuditAction, object_type: str, object_id: str = "", *, country: str = "", **detail
) -> None:
    """Append one entry. ``country`` is the record's country (two letters, or empty);
    ``detail`` holds what was asked (search terms, filters, counts), as the user typed it."""
    _INSERT(_entry(user, action, object_type, object_id, country, detail))


def record_many(
    user, action: AuditAction, object_type: str, entries: list[tuple[str, str, dict]]
) -> None:
    """Append one entry per ``(object_id, country, detail)``, as :func:`record` would one
    by one, in one statement (a bulk issue's certificates)."""
    AuditEvent.objects.bulk_create(
        _entry(user, action, object_type, object_id, country, detail)
        for object_id, country, detail in entries
    )


def _entry(user, action, object_type, object_id, country, detail) -> AuditEvent:
    return AuditEvent(
        user=user if getattr(user, "pk", None) else None,
        username=user.get_username() if user is not None else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        country=country,
        detail=detail,
    )
