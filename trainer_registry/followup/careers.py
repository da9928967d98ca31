"""What follow-up answers do to careers: the open anti-trafficking position of someone
still in the role is confirmed as of the answer's date; that of someone no longer in it
ends in the month they give (never before it started), with the reason they give."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from django.db.models import DateField, F, Min, Value
from django.db.models.functions import Greatest

from trainer_registry.models import PositionSpell, StillInRole, TrainingEvent

CHUNK = 2000  # rows per IN (...) list, within every engine's limits


def earliest_leaving_month() -> date | None:
    """The first month a follow-up answer may say someone left their post in: that of the
    earliest training the registry holds (people are followed up because they were
    trained in that post), or ``None`` with no training yet. "0001-01" or "1900-01" is a
    slip of the keyboard, not a career."""
    first = TrainingEvent.objects.aggregate(first=Min("starts_on"))["first"]
    return first.replace(day=1) if first else None


def career_changes(
    answers_by_person: dict, on: date
) -> tuple[list[int], dict[tuple[date, str], list[int]]]:
    """What answers do to careers: the people whose open anti-trafficking position is
    confirmed as of ``on`` (still in the role), and, keyed by (month left, reason), the
    people whose open position ends (no longer in it; no month given means ``on``, no
    reason given means ``other``)."""
    confirmed = [pid for pid, a in answers_by_person.items() if a.still_in_role == StillInRole.YES]
    left: dict[tuple[date, str], list[int]] = {}
    for pid, answers in answers_by_person.items():
        if answers.still_in_role != StillInRole.YES:
            key = (answers.left_role_on or on, answers.leaving_reason or "other")
            left.setdefault(key, []).append(pid)
    return confirmed, left


def update_careers(answers_by_person: dict, on: date) -> None:
    """Apply answers to the people's open anti-trafficking positions, in a few queries
    (:func:`career_changes`): a position never ends before it started."""
    open_spells = PositionSpell.objects.filter(is_anti_trafficking=True, ended_on__isnull=True)
    confirmed, left = career_changes(answers_by_person, on)
    for start in range(0, len(confirmed), CHUNK):
        open_spells.filter(person_id__in=confirmed[start : start + CHUNK]).update(
            last_confirmed_on=on
        )
    for (left_on, reason), people in left.items():
        for start in range(0, len(people), CHUNK):
            open_spells.filter(person_id__in=people[start : start + CHUNK]).update(
                ended_on=Greatest(F("started_on"), Value(left_on, output_field=DateField())),
                end_reason=reason,
            )


def last_of_each(values: np.ndarray) -> np.ndarray | None:
    """Where each row is the last with its value (an id), or ``None`` when every value
    is there once: told by one count per id when the ids span not much more than the
    rows, else by hashing them."""
    if len(values) == 0:
        return None
    low, high = int(values.min()), int(values.max())
    if high - low <= 8 * len(values) + 1_000_000 and np.bincount(values - low).max() <= 1:
        return None
    last = ~pd.Series(values).duplicated(keep="last").to_numpy()
    return None if last.all() else last


def career_changes_of(
    answers: pd.DataFrame, on: date
) -> tuple[list[int], dict[tuple[date, str], list[int]]]:
    """:func:`career_changes` over whole columns (a frame as the answer import gives it): the people
    confirmed in their role, and the people leaving it keyed by (month, reason); a person
    with several answers in the file takes the last one's."""
    people = answers["person_id"].to_numpy(dtype=np.int64)
    last = last_of_each(people)
    still = (answers["still_in_role"] == StillInRole.YES).to_numpy(dtype=bool)
    if last is not None:
        people, still, answers = people[last], still[last], answers[last]
    confirmed = people[still].tolist()
    leaving = ~still
    if not leaving.any():
        return confirmed, {}
    month_codes, months = _factorized(
        answers["left_role_on"].to_numpy()[leaving],
        lambda month: on if pd.isna(month) else pd.Timestamp(month).date(),
    )
    reason_codes, reasons = _factorized(
        answers["leaving_reason"].to_numpy(dtype=object)[leaving],
        lambda reason: reason if isinstance(reason, str) and reason else "other",
    )
    key = month_codes * len(reasons) + reason_codes
    order = np.argsort(key, kind="stable")  # each group in the file's order
    keys, starts = np.unique(key[order], return_index=True)
    groups = np.split(people[leaving][order], starts[1:])
    left = {
        (months[group_key // len(reasons)], reasons[group_key % len(reasons)]): group.tolist()
        for group_key, group in zip(keys.tolist(), groups, strict=True)
    }
    return confirmed, dict(sorted(left.items()))


def _factorized(values: np.ndarray, name) -> tuple[np.ndarray, list]:
    """A code per value and the distinct ``name(value)``: values whose names are equal
    (a month not given and the day of the answers) share one code."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    named: dict = {}
    remap = np.array([named.setdefault(name(value), len(named)) for value in distinct])
    return (remap[codes] if len(codes) else codes).astype(np.int64), list(named)
