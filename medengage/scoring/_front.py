"""
The front door: scoring an assessment, or a tally, by a strategy's name.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

import attrs

from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._scores import ScoredAssessment, freeze_options, key_problems
from medengage.errors import MedEngageError, ValidationError
from medengage.scoring._protocol import ScoringStrategy
from medengage.scoring._registry import get_strategy
from medengage.scoring._tally import Tally


#: The options a result keeps in fields of its own rather than in its
#: ``options``.
OWN_FIELDS = ("min_respondents", "banding")
#: Options a result records in a field of its own, as made from them:
#: weights as the result's ``weighting``.
RECORDED_AS = {"weights": "weighting"}


def score(
    assessment: Assessment,
    checklist: Checklist | str | ScoringStrategy | None = None,
    strategy: str | ScoringStrategy = "mean",
    **options: Any,
) -> ScoredAssessment:
    """
    Score *assessment* with *strategy*.

    The result records the options given, whether or not the strategy
    recorded them itself, so that results made with different options are
    never taken for comparable.

    Args:
        assessment: The answers to score.
        checklist: The checklist they were given on; by default the one the
            assessment holds. A strategy (or its name) may stand here
            instead, as in ``score(survey, "staff-survey")``.
        strategy: The strategy, or its name (see `available_strategies`).
        options: The strategy's options, such as ``min_respondents`` or
            ``banding`` for the built-ins, and ``weights`` (a
            `medengage.RespondentWeights` for exactly the assessment's
            respondents) for a strategy that takes them, as every built-in
            does. Other than those, each must be a number, text, true or
            false, or a mapping of ids to numbers, so that the result can
            keep it; None stands for the strategy's default and is not
            recorded.

    Raises:
        MedEngageError: If the assessment was not answered on *checklist*,
            an option is one the strategy does not take or of a kind a
            result cannot keep, or the strategy's result misstates its
            options.
        UnknownStrategyError: If no strategy has the name given.
        PluginError: If the plugin that gives the strategy fails to load.
    """
    checklist, strategy = checklist_and_strategy(assessment, checklist, strategy)
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
    kept = kept_options(options)
    result = _checked(chosen, chosen.score(assessment, checklist, **options), checklist)
    return _recorded(chosen, result, options, kept)


def checklist_and_strategy(
    assessment: Assessment,
    checklist: Checklist | str | ScoringStrategy | None,
    strategy: str | ScoringStrategy,
) -> tuple[Checklist, str | ScoringStrategy]:
    """
    The checklist to score *assessment* on and the strategy to score it
    with, where the strategy may be given in the checklist's place.
    """
    if checklist is None:
        return assessment.checklist, strategy
    if isinstance(checklist, Checklist):
        return checklist, strategy
    if strategy != "mean":
        raise MedEngageError(
            f"two strategies given, {checklist!r} and {strategy!r}: give the "
            "checklist second, or leave it out and give the strategy second"
        )
    return assessment.checklist, checklist


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
    kept = kept_options(options)
    result = _checked(chosen, method(tally, checklist, **options), checklist)
    return _recorded(chosen, result, options, kept)


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


def kept_options(options: Mapping[str, Any]) -> Mapping[str, Any]:
    """
    The options a result keeps, checked: all but those it has fields for
    and those given as None.

    Raises:
        MedEngageError: If an option is of a kind a result cannot keep.
    """
    given = {
        name: value
        for name, value in options.items()
        if name not in OWN_FIELDS and name not in RECORDED_AS and value is not None
    }
    try:
        return freeze_options(given)
    except ValidationError as error:
        raise MedEngageError(
            f"{error.problems[0]} (the result keeps each option: see "
            "'Options' in the plugins guide)"
        ) from None


def _recorded(
    strategy: ScoringStrategy,
    result: ScoredAssessment,
    options: Mapping[str, Any],
    kept: Mapping[str, Any],
) -> ScoredAssessment:
    """
    *result*, with the options *kept* recorded, after checking that the
    strategy's own record of its *options* agrees with them.
    """
    given = [(name, options.get(name), getattr(result, name)) for name in OWN_FIELDS]
    given += [
        (field, getattr(options[name], field, None), getattr(result, field))
        for name, field in RECORDED_AS.items()
        if options.get(name) is not None
    ]
    given += [(name, value, result.options.get(name)) for name, value in kept.items()]
    for name, value, recorded in given:
        if value is not None and recorded is not None and recorded != value:
            raise MedEngageError(
                f"the strategy {strategy.name!r} was given {name}={value!r} but "
                f"its result records {name}={recorded!r}: a strategy records the "
                "options it was given as they were given"
            )
    missing = {
        name: value for name, value in kept.items() if name not in result.options
    }
    if not missing:
        return result
    return attrs.evolve(result, options={**result.options, **missing})


def _checked(
    strategy: ScoringStrategy, result: object, checklist: Checklist
) -> ScoredAssessment:
    if not isinstance(result, ScoredAssessment):
        raise MedEngageError(
            f"the strategy {strategy.name!r} returned {type(result).__name__}, "
            "not a ScoredAssessment"
        )
    problems = key_problems(result, checklist)
    if problems:
        listed = "; ".join(str(problem) for problem in problems)
        raise MedEngageError(
            f"the strategy {strategy.name!r} returned scores that do not fit "
            f"checklist {checklist.id!r} version {checklist.version}: {listed}"
        )
    return result
