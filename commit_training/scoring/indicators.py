"""The victim-identification rule: indicators, dimensions and the conclusion they support.

Source: ILO and European Commission, *Operational indicators of trafficking in human
beings* (2009). Each indicator belongs to one of six dimensions and is strong, medium or
weak. A dimension is positive when its marked indicators reach one of the combinations
below; the conclusion then depends on which dimensions are positive. The dimension
threshold and the combination across dimensions are kept as a configurable
:class:`Policy` because they are recalled from the source, not quoted from it; the course
says so. The indicators are screening tools, not legal findings.

Default policy (``ilo_ec_2009``)::

    dimension positive  <=>  2S  or  1S + (>=1 M or W)  or  3M  or  2M + 1W
    recruit = DR or CR or VR;  dest = CD or VD
    adult: presumed victim <=> recruit and EX and dest
    child: presumed victim <=> (act or recruit) and EX      (no means needed)
    else if EX: exploited, not the full pattern: refer and keep assessing
    else:       no conclusion: absence of indicators does not exclude trafficking
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Dimension(StrEnum):
    DECEPTIVE_RECRUITMENT = "DR"
    COERCIVE_RECRUITMENT = "CR"
    RECRUITMENT_BY_ABUSE_OF_VULNERABILITY = "VR"
    EXPLOITATIVE_CONDITIONS = "EX"
    COERCION_AT_DESTINATION = "CD"
    ABUSE_OF_VULNERABILITY_AT_DESTINATION = "VD"


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class Conclusion(StrEnum):
    PRESUMED_VICTIM = "presumed_victim"
    EXPLOITED_REFER = "exploited_refer"
    NO_CONCLUSION = "no_conclusion"


class IndicatorList(StrEnum):
    ADULT_LABOUR = "adult_labour"
    ADULT_SEXUAL = "adult_sexual"
    CHILD_LABOUR = "child_labour"
    CHILD_SEXUAL = "child_sexual"

    @property
    def is_child(self) -> bool:
        return self.value.startswith("child_")


RECRUITMENT = frozenset(
    {
        Dimension.DECEPTIVE_RECRUITMENT,
        Dimension.COERCIVE_RECRUITMENT,
        Dimension.RECRUITMENT_BY_ABUSE_OF_VULNERABILITY,
    }
)
DESTINATION = frozenset(
    {Dimension.COERCION_AT_DESTINATION, Dimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION}
)


@dataclass(frozen=True)
class Indicator:
    """One row of an indicator table, as a case presents it."""

    id: str
    dimension: Dimension
    strength: Strength
    label: str = ""
    present: bool = False
    evidence: str = ""


@dataclass(frozen=True)
class Policy:
    """When a dimension counts as positive, and what the positive dimensions conclude.

    ``thresholds`` lists minimal (strong, medium, weak) counts; a dimension is positive
    when its counts reach any of them in every position. ``strong_plus_any`` adds the
    rule "one strong with at least one other medium or weak indicator".
    """

    name: str
    thresholds: tuple[tuple[int, int, int], ...]
    strong_plus_any: bool = True
    description: str = ""

    def dimension_positive(self, strengths: Iterable[Strength]) -> bool:
        counts = Counter(strengths)
        strong, medium, weak = (
            counts[Strength.STRONG],
            counts[Strength.MEDIUM],
            counts[Strength.WEAK],
        )
        if self.strong_plus_any and strong >= 1 and medium + weak >= 1:
            return True
        return any(strong >= s and medium >= m and weak >= w for s, m, w in self.thresholds)


ILO_EC_2009 = Policy(
    name="ilo_ec_2009",
    thresholds=((2, 0, 0), (0, 3, 0), (0, 2, 1)),
    description=(
        "ILO-EC operational indicators (2009): a dimension is positive with two strong "
        "indicators, one strong and any other, three medium, or two medium and one weak."
    ),
)

POLICIES: dict[str, Policy] = {ILO_EC_2009.name: ILO_EC_2009}


def policy_named(name: str) -> Policy:
    try:
        return POLICIES[name]
    except KeyError:
        raise ValueError(
            f"unknown indicator policy {name!r}; known: {', '.join(sorted(POLICIES))}"
        ) from None


def positive_dimensions(
    indicators: Iterable[Indicator], policy: Policy = ILO_EC_2009
) -> frozenset[Dimension]:
    """The dimensions whose indicators, taken together, reach the policy's threshold."""
    by_dimension: dict[Dimension, list[Strength]] = {}
    for indicator in indicators:
        by_dimension.setdefault(indicator.dimension, []).append(indicator.strength)
    return frozenset(
        dimension
        for dimension, strengths in by_dimension.items()
        if policy.dimension_positive(strengths)
    )


def conclude(
    indicators: Iterable[Indicator],
    *,
    child: bool,
    act: bool = False,
    policy: Policy = ILO_EC_2009,
) -> Conclusion:
    """The conclusion the given (observed) indicators support under ``policy``.

    ``act`` says that the Palermo act (recruitment, transport, transfer, harbouring or
    receipt) is shown; for a child it stands in for the recruitment dimensions, since no
    means are needed (Protocol, art. 3(c)).
    """
    positive = positive_dimensions(indicators, policy)
    recruited = bool(positive & RECRUITMENT)
    exploited = Dimension.EXPLOITATIVE_CONDITIONS in positive
    at_destination = bool(positive & DESTINATION)
    if child:
        if (act or recruited) and exploited:
            return Conclusion.PRESUMED_VICTIM
    elif recruited and exploited and at_destination:
        return Conclusion.PRESUMED_VICTIM
    if exploited:
        return Conclusion.EXPLOITED_REFER
    return Conclusion.NO_CONCLUSION


@dataclass(frozen=True)
class Case:
    """A case as the learner meets it: its indicator table and whether the act is shown."""

    indicator_list: IndicatorList
    indicators: tuple[Indicator, ...]
    act_shown: bool = False
    policy: Policy = ILO_EC_2009

    def expected_conclusion(self) -> Conclusion:
        return conclude(
            (i for i in self.indicators if i.present),
            child=self.indicator_list.is_child,
            act=self.act_shown,
            policy=self.policy,
        )


@dataclass(frozen=True)
class IndicatorFeedback:
    id: str
    marked: bool
    present: bool
    evidence: str

    @property
    def correct(self) -> bool:
        return self.marked == self.present

    @property
    def kind(self) -> str:
        """``found``, ``missed``, ``wrongly_marked`` or ``rightly_left``."""
        if self.present:
            return "found" if self.marked else "missed"
        return "wrongly_marked" if self.marked else "rightly_left"


@dataclass(frozen=True)
class CaseResult:
    """How a learner's reading of a case compares with the case and the rule.

    The score gives equal halves to the indicators and to the conclusion. The indicator
    half is the share of right marks among the indicators the case shows or the learner
    marked (found / (present + wrongly marked), the Jaccard index of the two sets), so
    that leaving a long list unmarked earns nothing and marking all of it earns little.
    """

    indicators: tuple[IndicatorFeedback, ...]
    conclusion_given: Conclusion
    conclusion_expected: Conclusion
    conclusion_from_marks: Conclusion
    positive_expected: frozenset[Dimension] = field(default_factory=frozenset)

    @property
    def conclusion_correct(self) -> bool:
        return self.conclusion_given == self.conclusion_expected

    @property
    def indicators_correct(self) -> int:
        return sum(item.correct for item in self.indicators)

    @property
    def found(self) -> int:
        """Indicators the case shows and the learner marked."""
        return sum(item.kind == "found" for item in self.indicators)

    @property
    def considered(self) -> int:
        """Indicators the case shows or the learner marked (all but the rightly left)."""
        return sum(item.kind != "rightly_left" for item in self.indicators)

    @property
    def score(self) -> float:
        share = self.found / self.considered if self.considered else 1.0
        return round(0.5 * share + 0.5 * self.conclusion_correct, 6)

    def mistakes(self) -> tuple[IndicatorFeedback, ...]:
        return tuple(item for item in self.indicators if not item.correct)


def score_case(case: Case, marked: Iterable[str], conclusion: Conclusion) -> CaseResult:
    """Compare the learner's marked indicator ids and conclusion with the case.

    Unknown ids are the caller's to reject at the door; here they are ignored.
    """
    marked_ids = frozenset(marked)
    feedback = tuple(
        IndicatorFeedback(
            id=i.id, marked=i.id in marked_ids, present=i.present, evidence=i.evidence
        )
        for i in case.indicators
    )
    from_marks = conclude(
        (i for i in case.indicators if i.id in marked_ids),
        child=case.indicator_list.is_child,
        act=case.act_shown,
        policy=case.policy,
    )
    return CaseResult(
        indicators=feedback,
        conclusion_given=conclusion,
        conclusion_expected=case.expected_conclusion(),
        conclusion_from_marks=from_marks,
        positive_expected=positive_dimensions(
            (i for i in case.indicators if i.present), case.policy
        ),
    )
