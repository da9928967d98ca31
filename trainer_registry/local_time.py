"""A moment as staff read it: in the site's time zone, with the zone said.

The registry stores times in UTC; pages show them in ``TIME_ZONE`` (Asia/Bangkok for the
demo site) with the offset written out, so that a reader in Hanoi and one in Yangon know
what the time means.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from django.utils import timezone


def local_time(moment: datetime | None, *, seconds: bool = True, zone: tzinfo | None = None) -> str:
    """``moment`` in the site's zone (or ``zone``, which a page of many times looks up
    once), with its offset."""
    if moment is None:
        return ""
    # The same digits in every language: the ISO form (2026-05-04 09:30:00+07:00), not
    # the slower date_format, its offset written apart. The stored times have no
    # fractions of a second, and a zone's offset is whole minutes.
    local = timezone.localtime(moment) if zone is None else moment.astimezone(zone)
    text = local.replace(microsecond=0).isoformat(" ")
    shown, offset = text[:19], text[19:25]
    return f"{shown if seconds else shown[:16]} (UTC{offset})"
