"""
Breakdowns: an assessment scored group by group, with disclosure control
planned over everything that could be published beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs

from medengage import _validation as v
from medengage._assessments import NOT_STATED, Assessment, Respondent
from medengage._atom_counts import (
    AtomCounts,
    CellKey,
    GroupCounts,
    cell_key,
    cells_of,
    checked_attributes,
)
from medengage._breakdown_groups import (
    Merges,
    checked_merges,
    group_reliability,
    merged,
)
from medengage._checklists import Checklist
from medengage._disclosure_plan import DisclosurePlan, plan
from medengage._display import Displayed, Table, breakdown_table
from medengage._frozen import FrozenMap, freeze_map
from medengage._reliability import Reliability
from medengage._scores import ScoredAssessment
from medengage._weights import RespondentWeights
from medengage.errors import MedEngageError, Problem


if TYPE_CHECKING:
    from medengage._bootstrap import Bootstrap


__all__ = ["NOT_STATED", "Breakdown", "CrossedBreakdown", "breakdown"]

#: How many attributes a group may cross, unless told otherwise: the plan
#: of every breakdown covers groups crossing this many, so that breakdowns
#: made by separate calls are safe published together.
DEPTH = 2


def _freeze_merges(merges: Mapping[str, Mapping[str, str]]) -> Merges:
    return FrozenMap({name: FrozenMap(values) for name, values in merges.items()})


@attrs.frozen
class Breakdown(Displayed):
    """
    An assessment scored as a whole and for each group of respondents that
    share a value of one attribute, such as grade.

    Groups are withheld whole, as `breakdown` plans, so that no withheld
    score can be worked out from what is published with it.

    Attributes:
        by: The respondent attribute the groups share, like ``grade``.
        total: The assessment scored as a whole.
        groups: Each group's scores, by the attribute's value, largest
            group first; respondents without the attribute form the group
            ``(not stated)``.
        merged: The attribute values merged before grouping: for each
            attribute, each value and the value it counted as
            (``(not stated)`` for none); empty if none were.
        total_reliability: The total's standard errors and intervals, if
            they were asked for.
        reliabilities: Each group's standard errors and intervals, by the
            attribute's value, if they were asked for; a withheld score
            shows none.
    """

    by: str = attrs.field(validator=v.identifier)
    total: ScoredAssessment = attrs.field(validator=v.instance_of(ScoredAssessment))
    groups: FrozenMap[str, ScoredAssessment] = attrs.field(
        converter=freeze_map, validator=v.values_of(ScoredAssessment)
    )
    merged: Merges = attrs.field(factory=FrozenMap, converter=_freeze_merges)
    total_reliability: Reliability | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.instance_of(Reliability))
    )
    reliabilities: FrozenMap[str, Reliability] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.values_of(Reliability)
    )

    def __attrs_post_init__(self) -> None:
        _check_strategies(self.total, self.groups.items())
        _check_reliabilities(self.groups, self.total_reliability, self.reliabilities)

    def table(self) -> Table:
        """
        This breakdown as a table, as it shows in a terminal or a notebook.
        """
        return breakdown_table(self.by, self.total, self.groups.items())


@attrs.frozen
class CrossedBreakdown(Displayed):
    """
    An assessment scored as a whole and for each group of respondents that
    share a value of each of several attributes, such as grade and
    specialty.

    Attributes:
        by: The respondent attributes the groups share, in order.
        total: The assessment scored as a whole.
        groups: Each group's scores, by the attributes' values in the order
            of `by` (``(not stated)`` where a respondent gave none), largest
            group first.
        merged: As `Breakdown.merged`.
        total_reliability: As `Breakdown.total_reliability`.
        reliabilities: Each group's standard errors and intervals, by the
            attributes' values, if they were asked for.
    """

    by: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    total: ScoredAssessment = attrs.field(validator=v.instance_of(ScoredAssessment))
    groups: FrozenMap[tuple[str, ...], ScoredAssessment] = attrs.field(
        converter=freeze_map, validator=v.values_of(ScoredAssessment)
    )
    merged: Merges = attrs.field(factory=FrozenMap, converter=_freeze_merges)
    total_reliability: Reliability | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.instance_of(Reliability))
    )
    reliabilities: FrozenMap[tuple[str, ...], Reliability] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.values_of(Reliability)
    )

    def __attrs_post_init__(self) -> None:
        problems = []
        if len(self.by) < 2 or len(set(self.by)) != len(self.by):
            problems.append(
                Problem("by", f"expected two or more attributes, once each: {self.by}")
            )
        for name in self.by:
            if not isinstance(name, str) or not v.is_identifier(name):
                problems.append(Problem("by", f"{name!r} is not an attribute name"))
        for values in self.groups:
            if not isinstance(values, tuple) or len(values) != len(self.by):
                problems.append(
                    Problem("groups", f"{values!r} is not one value for each of by")
                )
        v.raise_problems(problems)
        _check_strategies(self.total, self.groups.items())
        _check_reliabilities(self.groups, self.total_reliability, self.reliabilities)

    def table(self) -> Table:
        """
        This breakdown as a table, as it shows in a terminal or a notebook.
        """
        return breakdown_table(
            " and ".join(self.by),
            self.total,
            ((" / ".join(values), group) for values, group in self.groups.items()),
        )


@overload
def breakdown(
    assessment: Assessment,
    checklist: Checklist,
    by: str,
    strategy: Any = ...,
    *,
    depth: int = ...,
    merge: Mapping[str, Mapping[str, str]] | None = ...,
    intervals: bool = ...,
    bootstrap: Bootstrap | None = ...,
    **options: Any,
) -> Breakdown: ...


@overload
def breakdown(
    assessment: Assessment,
    checklist: Checklist,
    by: Sequence[str],
    strategy: Any = ...,
    *,
    depth: int = ...,
    merge: Mapping[str, Mapping[str, str]] | None = ...,
    intervals: bool = ...,
    bootstrap: Bootstrap | None = ...,
    **options: Any,
) -> CrossedBreakdown: ...


def breakdown(
    assessment: Assessment,
    checklist: Checklist,
    by: str | Sequence[str],
    strategy: Any = "mean",
    *,
    depth: int = DEPTH,
    merge: Mapping[str, Mapping[str, str]] | None = None,
    intervals: bool = False,
    bootstrap: Bootstrap | None = None,
    **options: Any,
) -> Breakdown | CrossedBreakdown:
    """
    Score *assessment* as a whole and for each group of respondents that
    share a value of the attribute *by* (or of each of several), with the
    same strategy and options, withholding groups as disclosure control
    plans.

    The plan covers the total and every group of one attribute, or
    crossing up to *depth* attributes, of all the attributes the
    respondents give, not only *by*: so any breakdowns of one assessment,
    each by its own call with the same *depth*, strategy and options, are
    safe published together. A group is withheld whole: every score from
    doctors' own answers, and the overall score.

    *merge* makes some values of an attribute count as one before anything
    is grouped or planned, such as ``{"grade": {"Prefer not to say":
    NOT_STATED}}`` to count those who preferred not to say with those who
    gave no grade; breakdowns published together must merge alike.

    Args:
        assessment: The answers to score.
        checklist: The checklist they were given on.
        by: The respondent attribute to group by, like ``"grade"``, or
            several, like ``("grade", "specialty")``, for a
            `CrossedBreakdown`.
        strategy: The strategy, or its name.
        depth: The most attributes a group the plan covers may cross; a
            crossed breakdown may cross no more.
        merge: For each attribute, values to count as another value, or
            as `NOT_STATED` (none), before grouping.
        intervals: Whether to give the standard errors and intervals of
            the total's and each group's scores (see
            `medengage.reliability`); a withheld score shows none.
        bootstrap: How to resample respondents for those intervals, for a
            strategy that gives no standard errors of its own.
        options: The strategy's options.

    Raises:
        MedEngageError: If no respondent has an attribute of *by*, *by*
            crosses more attributes than *depth*, *merge* names an
            attribute or value no respondent gives, or as `medengage.score`
            does.
    """
    from medengage.scoring import MIN_RESPONDENTS, score

    merges = checked_merges(merge, assessment)
    assessment = merged(assessment, merges)
    names = (by,) if isinstance(by, str) else tuple(by)
    checked_attributes(assessment.respondents.attribute_counts(), names)
    if len(names) > depth:
        raise MedEngageError(
            f"a breakdown by {len(names)} attributes needs depth={len(names)} "
            f"or more, not {depth}: pass the same depth to every breakdown "
            "published with it"
        )
    threshold = options.get("min_respondents", MIN_RESPONDENTS)
    total = score(assessment, checklist, strategy, **options)
    counts = AtomCounts.of(assessment)
    planned = plan(counts, threshold, depth, levels=len(names))
    sizes = cells_of(counts, names)
    members: dict[tuple[str | None, ...], list[Respondent]] = {}
    for respondent in assessment.respondents:
        members.setdefault(tuple(map(respondent.attributes.get, names)), []).append(
            respondent
        )
    ordered = sorted(
        members.items(),
        key=lambda group: (-len(group[1]), [(v is None, v or "") for v in group[0]]),
    )
    groups = {}
    reliabilities = {}
    for values, respondents in ordered:
        group = attrs.evolve(assessment, respondents=respondents)
        scored = score(group, checklist, strategy, **_for_group(options, group))
        labels = tuple(NOT_STATED if value is None else value for value in values)
        groups[labels] = _protected(
            scored, planned, cell_key(names, values), counts, sizes[values]
        )
        if intervals:
            reliabilities[labels] = group_reliability(
                group, groups[labels], strategy, bootstrap, options
            )
    total = _protected(total, planned, (), counts, counts.group(()))
    total_reliability = (
        group_reliability(assessment, total, strategy, bootstrap, options)
        if intervals
        else None
    )
    if isinstance(by, str):
        return Breakdown(
            by=by,
            total=total,
            groups={labels[0]: g for labels, g in groups.items()},
            merged=merges,
            total_reliability=total_reliability,
            reliabilities={labels[0]: r for labels, r in reliabilities.items()},
        )
    return CrossedBreakdown(
        by=names,
        total=total,
        groups=groups,
        merged=merges,
        total_reliability=total_reliability,
        reliabilities=reliabilities,
    )


def _for_group(options: dict[str, Any], group: Assessment) -> dict[str, Any]:
    """
    *options* for scoring *group*, a group of the assessment they were
    given for: with the weights of its respondents alone.
    """
    weights = options.get("weights")
    if not isinstance(weights, RespondentWeights):
        return options
    return {**options, "weights": weights.restricted_to(group)}


def withhold_group(
    scored: ScoredAssessment, columns: Sequence[str], counts: GroupCounts
) -> ScoredAssessment:
    """
    *scored* with every score that rests on doctors' own answers withheld:
    each feature some of the group's doctors answered for themselves, each
    level with such a feature under it, and the overall score if any did,
    as *counts* has them for *columns*; a score from answers given for the
    organisation alone stays as it is.
    """
    own = dict(zip(columns, counts.doctors, strict=True))
    return attrs.evolve(
        scored,
        overall=scored.overall.withhold() if own["overall"] else scored.overall,
        features={
            feature: s.withhold() if own.get(feature) else s
            for feature, s in scored.features.items()
        },
        levels={
            level: s.withhold() if own.get(level) else s
            for level, s in scored.levels.items()
        },
    )


def _protected(
    scored: ScoredAssessment,
    planned: DisclosurePlan,
    key: CellKey,
    counts: AtomCounts,
    group: GroupCounts,
) -> ScoredAssessment:
    """
    *scored*, withheld whole where the plan withholds its group, or where
    its strategy withheld any of its feature scores. (A strategy may
    withhold the overall score alone, as ``staff-survey`` does where it is
    not made from the feature scores.)
    """
    if planned.is_withheld(key) or scored.withheld:
        return withhold_group(scored, counts.columns, group)
    return scored


def _check_reliabilities(
    groups: Mapping[Any, ScoredAssessment],
    total: Reliability | None,
    reliabilities: Mapping[Any, Reliability],
) -> None:
    problems = []
    if reliabilities and set(reliabilities) != set(groups):
        problems.append(
            Problem("reliabilities", "give the reliability of every group, or none")
        )
    if reliabilities and total is None:
        problems.append(
            Problem(
                "total_reliability", "give the total's reliability with the groups'"
            )
        )
    v.raise_problems(problems)


def _check_strategies(
    total: ScoredAssessment, groups: Iterable[tuple[Any, ScoredAssessment]]
) -> None:
    problems = []
    for name, group in groups:
        if group.strategy != total.strategy:
            problems.append(
                Problem(
                    f"groups.{name}.strategy",
                    f"{group.strategy!r} differs from the total's {total.strategy!r}",
                )
            )
    v.raise_problems(problems)
