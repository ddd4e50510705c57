"""
The front door: scoring an assessment, or a tally, by a strategy's name.
"""

from __future__ import annotations

import inspect
from typing import Any

from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._scores import ScoredAssessment
from medengage.errors import MedEngageError
from medengage.scoring._protocol import ScoringStrategy
from medengage.scoring._registry import get_strategy
from medengage.scoring._tally import Tally


def score(
    assessment: Assessment,
    checklist: Checklist,
    strategy: str | ScoringStrategy = "mean",
    **options: Any,
) -> ScoredAssessment:
    """
    Score *assessment*, answered on *checklist*, with *strategy*.

    Args:
        assessment: The answers to score.
        checklist: The checklist they were given on.
        strategy: The strategy, or its name (see `available_strategies`).
        options: The strategy's options, such as ``min_respondents`` or
            ``banding`` for the built-ins, and ``weights`` (a
            `medengage.RespondentWeights` for exactly the assessment's
            respondents) for a strategy that takes them, as every built-in
            does.

    Raises:
        MedEngageError: If the assessment was not answered on *checklist*,
            or an option is one the strategy does not take.
        UnknownStrategyError: If no strategy has the name given.
        PluginError: If the plugin that gives the strategy fails to load.
    """
    chosen = resolve(strategy)
    if (assessment.checklist.id, assessment.checklist.version) != (
        checklist.id,
        checklist.version,
    ):
        raise MedEngageError(
            f"the assessment was answered on checklist {assessment.checklist.id!r} "
            f"version {assessment.checklist.version}, not {checklist.id!r} version "
            f"{checklist.version}: score it with the checklist it answered"
        )
    if assessment.checklist != checklist:
        raise MedEngageError(
            f"the assessment was answered on a different checklist that shares the "
            f"id {checklist.id!r} and version {checklist.version}: give each "
            "change to a checklist a new version"
        )
    if "weights" in options and options["weights"] is None:
        del options["weights"]
    check_options(chosen, options)
    return _checked(chosen, chosen.score(assessment, checklist, **options))


def score_tally(
    tally: Tally,
    checklist: Checklist,
    strategy: str | ScoringStrategy = "mean",
    **options: Any,
) -> ScoredAssessment:
    """
    Score the answers *tally* counts with *strategy*, which must be able to
    score from a tally (as every built-in can): the last step of scoring a
    survey partition by partition.

    Raises:
        MedEngageError: If the strategy cannot score from a tally, or as
            `score` does.
    """
    chosen = resolve(strategy)
    method = getattr(chosen, "score_tally", None)
    if method is None:
        raise MedEngageError(
            f"the strategy {chosen.name!r} cannot score from a tally: score the "
            "whole assessment with medengage.score"
        )
    _check_names(chosen.name, method, options, skip=2)
    return _checked(chosen, method(tally, checklist, **options))


def resolve(strategy: str | ScoringStrategy) -> ScoringStrategy:
    """
    *strategy*, looked up by name if it is one.
    """
    if isinstance(strategy, str):
        return get_strategy(strategy)
    if not isinstance(strategy, ScoringStrategy):
        raise MedEngageError(
            f"{strategy!r} is not a scoring strategy or the name of one"
        )
    return strategy


def check_options(strategy: ScoringStrategy, options: dict[str, Any]) -> None:
    """
    Refuse any option *strategy* does not take.
    """
    method = strategy.score
    if "weights" in options and "weights" in inspect.signature(method).parameters:
        options = {name: o for name, o in options.items() if name != "weights"}
    if _takes_any(method) and hasattr(strategy, "score_tally"):
        _check_names(strategy.name, strategy.score_tally, options, skip=2)
    else:
        _check_names(strategy.name, method, options, skip=2)


def _check_names(name: str, method: Any, options: dict[str, Any], *, skip: int) -> None:
    if _takes_any(method):
        return
    parameters = list(inspect.signature(method).parameters.values())[skip:]
    taken = [
        p.name
        for p in parameters
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    unknown = sorted(set(options) - set(taken))
    if unknown:
        raise MedEngageError(
            f"the strategy {name!r} takes no option {', '.join(map(repr, unknown))}; "
            f"its options are: {', '.join(taken) or 'none'}"
        )


def _takes_any(method: Any) -> bool:
    return any(
        p.kind is p.VAR_KEYWORD for p in inspect.signature(method).parameters.values()
    )


def _checked(strategy: ScoringStrategy, result: object) -> ScoredAssessment:
    if not isinstance(result, ScoredAssessment):
        raise MedEngageError(
            f"the strategy {strategy.name!r} returned {type(result).__name__}, "
            "not a ScoredAssessment"
        )
    return result
