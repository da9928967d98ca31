"""When a campaign's reminders fall due, by the rule :func:`campaigns.send_reminders` sends
them by: an emailed invitation that is unanswered, still valid and reminded fewer than
``max_reminders`` times falls due ``reminder_interval_days`` after it was last sent (its
last reminder, or else the invitation). One that would fall due after its link expires is
never reminded.

:func:`schedule` is the pure rule over plain values; :func:`campaign_schedule` reads a
campaign's invitations for it in one query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from trainer_registry.listing.kept_queries import KeptQuery
from trainer_registry.models import Channel, FollowUpCampaign, FollowUpResponse, Invitation


@dataclass(frozen=True)
class Pending:
    """An invitation still to be reminded: when it was last sent and when its link expires."""

    last_sent: datetime
    expires_at: datetime


@dataclass(frozen=True)
class ReminderSchedule:
    """How many reminders are due now, and the next day more fall due (with how many)."""

    due_now: int
    next_due_on: date | None
    due_then: int


def schedule(pending: Iterable[Pending], *, interval_days: int, now: datetime) -> ReminderSchedule:
    """The reminders due now, and the first later day (in the site's time zone) on which
    more fall due, with how many fall due that day."""
    interval = timedelta(days=interval_days)
    due_now = 0
    later: list[date] = []
    for invitation in pending:
        due_at = invitation.last_sent + interval
        if due_at <= now:
            due_now += 1
        elif due_at < invitation.expires_at:
            later.append(timezone.localdate(due_at))
    next_due_on = min(later, default=None)
    return ReminderSchedule(
        due_now=due_now,
        next_due_on=next_due_on,
        due_then=sum(1 for day in later if day == next_due_on),
    )


# Read on every request of a campaign's page: the statement is made once (decision 0037).
_PENDING = KeptQuery(
    lambda campaign_id, now, max_reminders: (
        Invitation.objects.filter(
            member__campaign_id=campaign_id,
            channel=Channel.EMAIL,
            used_at__isnull=True,
            sent_at__isnull=False,
            expires_at__gt=now,
            reminders_sent__lt=max_reminders,
        )
        .exclude(Exists(FollowUpResponse.objects.filter(member=OuterRef("member"))))
        .order_by()
        .values_list("sent_at", "last_reminded_at", "expires_at")
    ),
    int,
    datetime,
    int,
)


def campaign_schedule(
    campaign: FollowUpCampaign, *, now: datetime | None = None
) -> ReminderSchedule:
    """The reminder schedule of one campaign now (one query)."""
    now = now or timezone.now()
    rows = _PENDING(campaign.pk, now, campaign.max_reminders)
    return schedule(
        (
            Pending(last_sent=reminded or sent, expires_at=expires)
            for sent, reminded, expires in rows
        ),
        interval_days=campaign.reminder_interval_days,
        now=now,
    )
