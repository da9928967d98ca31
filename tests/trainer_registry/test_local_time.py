"""A moment as staff read it: the site's local time to the second (or minute), with the
zone's offset written out, whatever the zone's offset (half and three-quarter hours)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from trainer_registry.local_time import local_time

MOMENT = datetime(2026, 5, 4, 2, 30, 15, 987654, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "seconds", "expected"),
    [
        ("Asia/Bangkok", True, "2026-05-04 09:30:15 (UTC+07:00)"),
        ("Asia/Bangkok", False, "2026-05-04 09:30 (UTC+07:00)"),
        ("UTC", True, "2026-05-04 02:30:15 (UTC+00:00)"),
        ("Asia/Yangon", True, "2026-05-04 09:00:15 (UTC+06:30)"),
        ("Pacific/Chatham", True, "2026-05-04 15:15:15 (UTC+12:45)"),
        ("America/St_Johns", False, "2026-05-04 00:00 (UTC-02:30)"),
    ],
)
def test_the_local_time_says_its_zone(zone, seconds, expected):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert local_time(MOMENT, seconds=seconds) == expected
    # A page of many times looks the zone up once and gives it: the same text.
    assert local_time(MOMENT, seconds=seconds, zone=zoneinfo.ZoneInfo(zone)) == expected


def test_no_moment_is_empty():
    assert local_time(None) == ""
