"""Recording observed sessions on a rubric version, and reading them back as evidence and
as observer agreement.

A session is one person's teach-back or co-facilitation in one training; each observer
who scores it makes one :class:`~trainer_registry.models.Observation`. Its weighted score
and pass are computed from the rubric version it was scored under, when it is recorded,
and stay so however the rubric changes later.

For certification a session counts as passed when every observer's scoring of it passed:
two observers who disagree about a pass send the session to moderation (score it again,
or a third observer), not to the kinder score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from trainer_registry.assessment import agreement
from trainer_registry.assessment.rubric import judge
from trainer_registry.models import CriterionScore, Observation, Person, RubricVersion


@dataclass(frozen=True)
class SessionResult:
    kind: str
    event_id: int
    percent: float | None  # the observers' mean weighted score
    passed: bool
    observers: int


@transaction.atomic
def record(
    *,
    kind: str,
    person: Person,
    event,
    observer: Person,
    version: RubricVersion,
    observed_on: date,
    levels: dict[str, int],
    comments: dict[str, str],
    notes: str = "",
    recorded_by=None,
) -> Observation:
    """Store one observer's scoring; RubricError when ``levels`` do not fit the version."""
    judgement = judge(version.content, levels)
    observation = Observation.objects.create(
        kind=kind,
        person=person,
        event=event,
        observer=observer,
        rubric_version=version,
        observed_on=observed_on,
        score_percent=judgement.percent,
        passed=judgement.passed,
        notes=notes,
        recorded_by=recorded_by,
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(
            observation=observation,
            criterion=criterion["id"],
            level=levels[criterion["id"]],
            comment=comments.get(criterion["id"], "").strip(),
        )
        for criterion in version.content["criteria"]
    )
    return observation


def session_results(observations) -> list[SessionResult]:
    """Each session (kind, training) of ``observations``: mean score, passed by all."""
    sessions = defaultdict(list)
    for o in observations:
        sessions[(o.kind, o.event_id)].append(o)
    results = []
    for (kind, event_id), scored in sorted(sessions.items()):
        percents = [float(o.score_percent) for o in scored if o.score_percent is not None]
        results.append(
            SessionResult(
                kind=kind,
                event_id=event_id,
                percent=round(sum(percents) / len(percents), 2) if percents else None,
                passed=all(o.passed for o in scored),
                observers=len(scored),
            )
        )
    return results


def double_scored(version: RubricVersion) -> list[agreement.DoubleScored]:
    """The sessions scored under ``version`` by two or more observers: the first two
    observers' levels (by when they were recorded) for each criterion."""
    by_session = defaultdict(list)
    observations = (
        Observation.objects.filter(rubric_version=version, observer__isnull=False)
        .prefetch_related("scores")
        .order_by("pk")
    )
    for o in observations:
        by_session[(o.kind, o.person_id, o.event_id)].append(o)
    pairs = []
    for key, scored in sorted(by_session.items()):
        if len(scored) >= 2:
            first, second = scored[:2]
            pairs.append(
                agreement.DoubleScored(
                    session="/".join(map(str, key)),
                    first={s.criterion: s.level for s in first.scores.all()},
                    second={s.criterion: s.level for s in second.scores.all()},
                )
            )
    return pairs


def agreement_of(version: RubricVersion):
    """Per criterion and overall agreement of the double-scored sessions of ``version``."""
    criteria = [c["id"] for c in version.content["criteria"]]
    return agreement.by_criterion(double_scored(version), criteria)
