"""
Checks that what a board table or chart is given beside a result is of the
same scores: its reliability, and its comparison with peers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from medengage._assessments import NOT_STATED, Assessment, Respondent
from medengage._breakdowns import Breakdown, CrossedBreakdown
from medengage._comparisons import Comparison, PeerStanding
from medengage._journey_building import check_pair
from medengage._reliability import (
    FeatureReliability,
    LevelReliability,
    Reliability,
    Uncertainty,
)
from medengage._scores import Score, ScoredAssessment
from medengage.errors import MedEngageError


#: What a score is of: its kind, and the level's or feature's id (None for
#: the overall score).
Key = tuple[str, str | None]


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
        shown = [s for _, s in scores_of(scored) if not s.withheld]
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
    check_pair(scored, its_reliability)
    for key, score in scores_of(scored):
        found = uncertainty_of(its_reliability, key)
        if found is None or (found.value, found.withheld) != (
            score.value,
            score.withheld,
        ):
            raise MedEngageError(
                f"the reliability gives {_named(key)} as "
                f"{None if found is None else found.value!r}, not {score.value!r}: "
                "give the reliability (or the assessment) of the same scores"
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
    for (kind, id), score in scores_of(scored):
        standing = standing_of(comparison, (kind, id))
        if standing is None or standing.value != score.value:
            raise MedEngageError(
                f"the comparison gives {_named((kind, id))} as "
                f"{None if standing is None else standing.value!r}, not "
                f"{score.value!r}: give the comparison of these scores"
            )
    return comparison


def scores_of(scored: ScoredAssessment) -> Iterator[tuple[Key, Score]]:
    """
    Each score of *scored*, keyed by its kind (``overall``, ``level`` or
    ``feature``) and id, as a board table lays them out.
    """
    yield ("overall", None), scored.overall
    for level, score in scored.levels.items():
        yield ("level", level), score
    for feature, score in scored.features.items():
        yield ("feature", feature), score


def _named(key: Key) -> str:
    kind, id = key
    return "the overall score" if id is None else f"{kind} {id!r}"


def standing_of(comparison: Comparison, key: Key) -> PeerStanding | None:
    kind, id = key
    if id is None:
        return comparison.overall
    standings: Mapping[str, PeerStanding] = (
        comparison.levels if kind == "level" else comparison.features
    )
    return standings.get(id)


def uncertainty_of(its_reliability: Reliability, key: Key) -> Uncertainty | None:
    kind, id = key
    if id is None:
        return its_reliability.overall
    parts: Mapping[str, FeatureReliability | LevelReliability] = (
        its_reliability.levels if kind == "level" else its_reliability.features
    )
    found = parts.get(id)
    return None if found is None else found.uncertainty


def _options(scored: ScoredAssessment) -> dict[str, Any]:
    """
    The options *scored* was made with, to pass to a strategy again.
    """
    return dict(scored.options)
