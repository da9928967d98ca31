"""A moment as staff read it: in the site's time zone, with the zone said.

The registry stores times in UTC; pages show them in ``TIME_ZONE`` (Asia/Bangkok for the
demo site) with the offset written out, so that a reader in Hanoi and one in Yangon know
what the time means.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format


def local_time(moment: datetime | None, *, seconds: bool = True) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    shown = date_format(local, "Y-m-d H:i:s" if seconds else "Y-m-d H:i")
    return f"{shown} (UTC{offset[:3]}:{offset[3:]})"
