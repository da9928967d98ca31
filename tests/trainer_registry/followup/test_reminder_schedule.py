"""The reminder schedule's rule over plain values, as campaigns.send_reminders applies it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from trainer_registry.followup.reminder_schedule import Pending, ReminderSchedule, schedule

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _pending(sent_days_ago: float, valid_days: float = 60) -> Pending:
    return Pending(
        last_sent=NOW - timedelta(days=sent_days_ago), expires_at=NOW + timedelta(days=valid_days)
    )


def test_due_now_and_the_next_day_with_how_many(settings):
    settings.TIME_ZONE = "UTC"
    pending = [_pending(20), _pending(14), _pending(10), _pending(10.1), _pending(3)]
    assert schedule(pending, interval_days=14, now=NOW) == ReminderSchedule(
        due_now=2, next_due_on=date(2026, 6, 5), due_then=2
    )


def test_a_link_expiring_before_its_reminder_is_never_reminded(settings):
    settings.TIME_ZONE = "UTC"
    pending = [_pending(10, valid_days=2)]
    assert schedule(pending, interval_days=14, now=NOW) == ReminderSchedule(0, None, 0)
    assert schedule([], interval_days=14, now=NOW) == ReminderSchedule(0, None, 0)
