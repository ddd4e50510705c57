"""
The building of a journey: the results and reliabilities given checked
alike, each checklist version routed through the mappings onto the one
compared under, and each result made a step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from medengage._bands import Banding
from medengage._checklist_mappings import ChecklistMapping
from medengage._journey_steps import JourneyStep, StepScore
from medengage._level_routes import check_named
from medengage._scores import Score, ScoredAssessment
from medengage._trusts import Trust
from medengage._weights import Weighting
from medengage.errors import MedEngageError, NotComparableError


if TYPE_CHECKING:
    from medengage._reliability import Reliability, Uncertainty


def check_pair(scored: ScoredAssessment, its_reliability: Reliability) -> None:
    from medengage._reliability import Reliability

    if not isinstance(scored, ScoredAssessment) or not isinstance(
        its_reliability, Reliability
    ):
        raise MedEngageError(
            "give each step as a pair of a ScoredAssessment and its Reliability, "
            f"not {scored!r} and {its_reliability!r}"
        )
    for field in ("strategy", "trust", "checklist", "checklist_version", "date"):
        mine, theirs = getattr(scored, field), getattr(its_reliability, field)
        if mine != theirs:
            raise MedEngageError(
                f"the reliability given with the result of "
                f"{scored.date.isoformat()} has {field} {theirs!r}, not "
                f"{mine!r}: give each result with the reliability of the same "
                "assessment, strategy and options"
            )
    if its_reliability.weighting != scored.weighting:
        raise MedEngageError(
            f"the reliability given with the result of {scored.date.isoformat()} "
            f"was made {_weighting_of(its_reliability.weighting)}, and the result "
            f"{_weighting_of(scored.weighting)}: make both with the same weights"
        )
    if its_reliability.min_respondents != scored.min_respondents:
        raise MedEngageError(
            f"the reliability given with the result of {scored.date.isoformat()} "
            f"was made with min_respondents={its_reliability.min_respondents}, "
            f"not {scored.min_respondents}: make both with the same options"
        )
    if set(its_reliability.features) != set(scored.features) or set(
        its_reliability.levels
    ) != set(scored.levels):
        raise MedEngageError(
            f"the reliability given with the result of {scored.date.isoformat()} "
            "is of other features or levels: give each result with the "
            "reliability of the same assessment"
        )


def check_scored_alike(results: Sequence[ScoredAssessment]) -> None:
    first = results[0]
    for other in results[1:]:
        if other.weighting != first.weighting:
            raise NotComparableError(
                f"the {_year(first)} result was {_weighting(first)} and the "
                f"{_year(other)} one {_weighting(other)}: weight every assessment "
                "of a journey the same way, or none"
            )
        for made, mine, theirs in (
            ("scored with strategy", first.strategy, other.strategy),
            ("scored with the options", first.options, other.options),
            ("put in bands with", first.banding, other.banding),
            ("made with min_respondents", first.min_respondents, other.min_respondents),
            ("scored on the range", (first.low, first.high), (other.low, other.high)),
        ):
            if mine != theirs:
                raise NotComparableError(
                    f"the {_year(first)} result was {made} {_shown(mine)} and "
                    f"the {_year(other)} one with {_shown(theirs)}: score every "
                    "assessment of a journey the same way"
                )


def _shown(value: object) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={v!r}" for k, v in value.items()) + "}"
    if isinstance(value, Banding):
        return f"banding {value.id!r} ({', '.join(value.labels)})"
    if isinstance(value, tuple):
        return f"{value[0]:g} to {value[1]:g}"
    return repr(value)


def _weighting(scored: ScoredAssessment) -> str:
    return _weighting_of(scored.weighting)


def _weighting_of(weighting: Weighting | None) -> str:
    return "unweighted" if weighting is None else weighting.describe()


def _year(scored: ScoredAssessment) -> str:
    return scored.date.isoformat()


#: A checklist version: its id and version.
_Key = tuple[str, int]
#: Where a version's features are compared: the version compared under, and
#: for each of the version's features the id it is compared under (None for
#: one left out).
_Route = tuple[_Key, dict[str, str | None]]


def feature_routes(
    pairs: Sequence[tuple[ScoredAssessment, Reliability]],
    mappings: tuple[ChecklistMapping, ...],
) -> tuple[dict[_Key, _Route], tuple[ChecklistMapping, ...]]:
    """
    The route of each checklist version the results answered onto the one
    they are compared under, and the mappings used.
    """
    by_source: dict[_Key, ChecklistMapping] = {}
    for mapping in mappings:
        if not isinstance(mapping, ChecklistMapping):
            raise MedEngageError(
                f"mappings must be ChecklistMapping objects, not {mapping!r}"
            )
        if mapping.source_key in by_source:
            raise MedEngageError(
                f"two mappings start from checklist {mapping.source!r} version "
                f"{mapping.source_version}: give one mapping for each version"
            )
        by_source[mapping.source_key] = mapping
    features_of = {
        (scored.checklist, scored.checklist_version): tuple(scored.features)
        for scored, _ in pairs
    }
    used: list[ChecklistMapping] = []
    routes: dict[_Key, _Route] = {}
    for key, features in features_of.items():
        route: dict[str, str | None] = {feature: feature for feature in features}
        here = key
        visited = [key]
        while here in by_source:
            mapping = by_source[here]
            _check_mapping(mapping, features_of)
            if mapping not in used:
                used.append(mapping)
            route = {
                feature: None if now is None else mapping.features.get(now)
                for feature, now in route.items()
            }
            here = mapping.target_key
            if here in visited:
                raise MedEngageError(
                    "the mappings go round in a circle, from checklist "
                    f"{key[0]!r} version {key[1]} back to version {here[1]}: "
                    "map each version in one direction only"
                )
            visited.append(here)
        routes[key] = (here, route)
    _check_one_target(pairs, routes)
    return routes, tuple(m for m in mappings if m in used)


def _check_mapping(
    mapping: ChecklistMapping, features_of: Mapping[_Key, tuple[str, ...]]
) -> None:
    check_named(mapping, mapping.features, features_of, "feature")


def _check_one_target(
    pairs: Sequence[tuple[ScoredAssessment, Reliability]], routes: dict[_Key, _Route]
) -> None:
    latest = pairs[-1][0]
    target = routes[(latest.checklist, latest.checklist_version)][0]
    for scored, _ in reversed(pairs):
        if routes[(scored.checklist, scored.checklist_version)][0] != target:
            raise NotComparableError(
                f"the {_year(scored)} assessment answered {_version(scored)} and "
                f"the {_year(latest)} one {_version(latest, scored)}: pass a "
                "medengage.ChecklistMapping from one version onto the other to "
                "compare them"
            )


def _version(scored: ScoredAssessment, other: ScoredAssessment | None = None) -> str:
    if other is not None and other.checklist == scored.checklist:
        return f"version {scored.checklist_version}"
    return f"checklist {scored.checklist!r} version {scored.checklist_version}"


def journey_step(
    scored: ScoredAssessment,
    its_reliability: Reliability,
    route: Mapping[str, str | None],
    trust: Trust | None,
) -> JourneyStep:
    features = compared_scores(
        scored,
        scored.features,
        {f: entry.uncertainty for f, entry in its_reliability.features.items()},
        route,
    )
    return JourneyStep(
        date=scored.date,
        trust=scored.trust,
        trust_name=None if trust is None else trust.name_on(scored.date),
        checklist=scored.checklist,
        checklist_version=scored.checklist_version,
        overall=_step_score(scored.overall, its_reliability.overall, scored, None),
        features=features,
        left_out=tuple(f for f in scored.features if route.get(f) is None),
    )


def compared_scores(
    scored: ScoredAssessment,
    scores: Mapping[str, Score],
    uncertainties: Mapping[str, Uncertainty],
    route: Mapping[str, str | None],
) -> dict[str, StepScore]:
    """
    Each of *scores* (a result's features' or levels') with its uncertainty,
    by the id it is compared under; those with no counterpart left out.
    """
    compared = {}
    for id, score in scores.items():
        compared_as = route.get(id)
        if compared_as is not None:
            compared[compared_as] = _step_score(score, uncertainties[id], scored, id)
    return compared


def _step_score(
    score: Score,
    uncertainty: Uncertainty,
    scored: ScoredAssessment,
    feature: str | None,
) -> StepScore:
    if uncertainty.value != score.value or uncertainty.withheld != score.withheld:
        raise MedEngageError(
            f"the reliability given with the result of {_year(scored)} gives "
            f"{feature or 'the overall score'} as {uncertainty.value!r}, not "
            f"{score.value!r}: give each result with the reliability of the same "
            "assessment, strategy and options"
        )
    return StepScore.of(score, uncertainty)
