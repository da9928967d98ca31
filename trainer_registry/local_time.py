"""A moment as staff read it: in the site's time zone, with the zone said.

The registry stores times in UTC; pages show them in ``TIME_ZONE`` (Asia/Bangkok for the
demo site) with the offset written out, so that a reader in Hanoi and one in Yangon know
what the time means.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def local_time(moment: datetime | None, *, seconds: bool = True) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    # The same digits in every language: strftime, not the slower date_format.
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    offset = local.strftime("%z")
    return f"{shown} (UTC{offset[:3]}:{offset[3:]})"
