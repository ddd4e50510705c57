"""
Checks that what a board table or chart is given beside a result is of the
same scores: its reliability, and its comparison with peers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from medengage._assessments import NOT_STATED, Assessment, Respondent
from medengage._breakdowns import Breakdown, CrossedBreakdown
from medengage._comparisons import Comparison
from medengage._journeys import _check_pair
from medengage._reliability import Reliability, Uncertainty
from medengage._scores import Score, ScoredAssessment
from medengage.errors import MedEngageError


def reliability_of(
    scored: ScoredAssessment,
    its_reliability: Reliability | None,
    assessment: Assessment | None,
) -> Reliability | None:
    """
    The reliability of *scored*: the one given, or made from *assessment*,
    checked to be of the same scores.
    """
    if its_reliability is not None and assessment is not None:
        raise MedEngageError(
            "give reliability= or assessment= to make it from, not both"
        )
    if assessment is not None:
        from medengage._reliability import reliability

        if not isinstance(assessment, Assessment):
            raise MedEngageError(
                f"assessment must be an Assessment, not {type(assessment).__name__}"
            )
        its_reliability = reliability(
            assessment,
            assessment.checklist,
            scored.strategy,
            min_respondents=scored.min_respondents,
            banding=scored.banding,
            **_options(scored),
        )
    if its_reliability is None:
        return None
    checked_reliability(scored, its_reliability)
    return its_reliability


def group_reliabilities(
    result: Breakdown | CrossedBreakdown, assessment: Assessment | None
) -> dict[Any, Reliability]:
    """
    The reliability of each group of *result* with a score shown, made from
    its respondents in *assessment*, by the group's key; none without an
    assessment. A group whose respondents' scores differ from its own (as
    where a breakdown merged groups) has none.
    """
    if assessment is None:
        return {}
    from medengage._reliability import reliability

    names = (result.by,) if isinstance(result.by, str) else result.by
    members: dict[tuple[str, ...], list[Respondent]] = {}
    for respondent in assessment.respondents:
        labels = tuple(
            NOT_STATED if (value := respondent.attributes.get(name)) is None else value
            for name in names
        )
        members.setdefault(labels, []).append(respondent)
    found = {}
    for key, scored in result.groups.items():
        labels = (key,) if isinstance(key, str) else key
        shown = [s for _, s in _scores(scored) if not s.withheld]
        if not shown or labels not in members:
            continue
        its_reliability = reliability(
            attrs.evolve(assessment, respondents=members[labels]),
            assessment.checklist,
            scored.strategy,
            min_respondents=scored.min_respondents,
            banding=scored.banding,
            **_options(scored),
        )
        if its_reliability.overall.respondents == scored.overall.respondents:
            found[key] = its_reliability
    return found


def checked_reliability(scored: ScoredAssessment, its_reliability: Reliability) -> None:
    """
    Refuse *its_reliability* unless it is of *scored*: the same assessment,
    strategy and options, every score the same.

    Raises:
        MedEngageError: If it is of other scores.
    """
    _check_pair(scored, its_reliability)
    for feature, score in _scores(scored):
        found = _uncertainty(its_reliability, feature)
        if (found.value, found.withheld) != (score.value, score.withheld):
            raise MedEngageError(
                f"the reliability gives {feature or 'the overall score'} as "
                f"{found.value!r}, not {score.value!r}: give the reliability (or "
                "the assessment) of the same scores"
            )


def checked_comparison(
    scored: ScoredAssessment, comparison: Comparison | None
) -> Comparison | None:
    if comparison is None:
        return None
    if not isinstance(comparison, Comparison):
        raise MedEngageError(
            f"comparison must be a Comparison, not {type(comparison).__name__}: "
            "make it with medengage.compare"
        )
    for field in ("strategy", "trust", "checklist", "checklist_version", "date"):
        mine, theirs = getattr(scored, field), getattr(comparison, field)
        if mine != theirs:
            raise MedEngageError(
                f"the comparison has {field} {theirs!r}, not {mine!r}: give the "
                "comparison of these scores"
            )
    for feature, score in _scores(scored):
        standing = (
            comparison.overall if feature is None else comparison.features.get(feature)
        )
        if standing is None or standing.value != score.value:
            raise MedEngageError(
                f"the comparison gives {feature or 'the overall score'} as "
                f"{None if standing is None else standing.value!r}, not "
                f"{score.value!r}: give the comparison of these scores"
            )
    return comparison


def _scores(scored: ScoredAssessment) -> Iterator[tuple[str | None, Score]]:
    yield None, scored.overall
    yield from scored.features.items()


def _uncertainty(its_reliability: Reliability, feature: str | None) -> Uncertainty:
    if feature is None:
        return its_reliability.overall
    return its_reliability.features[feature].uncertainty


def _options(scored: ScoredAssessment) -> dict[str, Any]:
    """
    The options *scored* was made with, to pass to a strategy again.
    """
    return dict(scored.options)
