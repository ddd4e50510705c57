"""
Standard errors for any strategy: those a strategy gives of its own, or a
seeded bootstrap over respondents where it gives none.
"""

from __future__ import annotations

import copy
import math
import random
import statistics
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs

from medengage import _validation as v
from medengage._assessments import Assessment, Respondent
from medengage._checklists import Checklist
from medengage._frozen import FrozenMap, freeze_map
from medengage._scores import ScoredAssessment
from medengage.errors import MedEngageError, ValidationError
from medengage.scoring._front import resolve, score
from medengage.scoring._protocol import ScoringStrategy


#: How many times the bootstrap resamples respondents unless told otherwise.
RESAMPLES = 200


def _optional_error(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        v.number(instance, attribute, value)
        if value < 0:
            raise ValidationError.single(attribute.name, f"{value!r} is below zero")


def _errors_by_feature(instance: Any, attribute: Any, value: Any) -> None:
    for feature, error in value.items():
        if not isinstance(feature, str) or not v.is_identifier(feature):
            raise ValidationError.single(
                attribute.name, f"{feature!r} is not a valid feature id"
            )
        if error is not None and (not v.is_number(error) or error < 0):
            raise ValidationError.single(
                f"{attribute.name}.{feature}",
                f"{error!r} is not a standard error: give a finite number of 0 "
                "or more, or None",
            )


def _whole_number(low: int) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValidationError.single(
                attribute.name, f"{value!r} is not a whole number of {low} or more"
            )

    return check


@attrs.frozen
class StandardErrors:
    """
    The standard errors of the scores a strategy made of one assessment:
    what a strategy's optional ``standard_errors`` method returns.

    Attributes:
        overall: The overall score's standard error, or None where it has
            none.
        features: Each feature's standard error, by feature id; a feature
            left out, or given None, has none.
    """

    overall: float | None = attrs.field(converter=v.to_float, validator=_optional_error)
    features: FrozenMap[str, float | None] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=_errors_by_feature
    )


@attrs.frozen
class Bootstrap:
    """
    How to estimate standard errors by resampling respondents, for a
    strategy that gives none of its own.

    Each resample draws as many respondents as the assessment has, with
    replacement, and scores them with the strategy and its options; a
    score's standard error is the standard deviation of its values over the
    resamples that give it one. The draws come from ``random.Random(seed)``
    before any resample is scored, so one seed gives the same errors
    whatever the number of workers.

    Attributes:
        resamples: How many resamples to score, 20 or more.
        seed: The seed of the draws.
        workers: How many threads score resamples at once: 1 scores them
            one after another. Threads help where the strategy releases the
            GIL (as NumPy does) or on a free-threaded Python.
    """

    resamples: int = attrs.field(default=RESAMPLES, validator=_whole_number(20))
    seed: int = attrs.field(default=0, validator=_whole_number(0))
    workers: int = attrs.field(default=1, validator=_whole_number(1))


def bootstrap_standard_errors(
    assessment: Assessment,
    strategy: str | ScoringStrategy = "mean",
    *,
    bootstrap: Bootstrap | None = None,
    **options: Any,
) -> StandardErrors:
    """
    The standard errors of *assessment*'s scores under *strategy* and
    *options*, by a seeded bootstrap over respondents: what
    `medengage.reliability` uses for a strategy that gives no standard
    errors of its own.

    Args:
        assessment: The answers.
        strategy: The strategy, or its name.
        bootstrap: How many resamples, the seed and the workers; by default
            ``Bootstrap()``.
        options: The strategy's options, as `medengage.score` takes them.

    Raises:
        MedEngageError: If *bootstrap* is not a `Bootstrap`, or as
            `medengage.score` does.
    """
    bootstrap = Bootstrap() if bootstrap is None else bootstrap
    if not isinstance(bootstrap, Bootstrap):
        raise MedEngageError(
            f"bootstrap must be a medengage.Bootstrap, not {bootstrap!r}"
        )
    chosen = resolve(strategy)
    checklist = assessment.checklist
    respondents = assessment.respondents
    count = len(respondents)
    draws = random.Random(bootstrap.seed)
    samples = [draws.choices(range(count), k=count) for _ in range(bootstrap.resamples)]

    def scored(sample: Sequence[int]) -> ScoredAssessment:
        resample = Assessment(
            checklist=checklist,
            trust=assessment.trust,
            date=assessment.date,
            respondents=tuple(
                _renamed(respondents[index], f"r{place}")
                for place, index in enumerate(sample)
            ),
        )
        return score(resample, checklist, chosen, **options)

    if bootstrap.workers > 1 and bootstrap.resamples > 1:
        with ThreadPoolExecutor(max_workers=bootstrap.workers) as pool:
            results = list(pool.map(scored, samples))
    else:
        results = [scored(sample) for sample in samples]
    return StandardErrors(
        overall=_spread([r.overall.value for r in results]),
        features={
            feature.id: _spread([r.features[feature.id].value for r in results])
            for feature in checklist.features
        },
    )


def errors_for(
    chosen: ScoringStrategy,
    assessment: Assessment,
    checklist: Checklist,
    options: Mapping[str, Any],
    bootstrap: Bootstrap | None,
) -> tuple[StandardErrors, str]:
    """
    The standard errors of *chosen*'s scores of *assessment*, from its own
    ``standard_errors`` method if it has one, else by *bootstrap*; and how
    they were made: ``"strategy"`` or ``"bootstrap"``.

    Raises:
        MedEngageError: If the strategy's method fails or returns other
            than `StandardErrors` of the checklist's features.
    """
    method = getattr(chosen, "standard_errors", None)
    if method is None:
        errors = bootstrap_standard_errors(
            assessment, chosen, bootstrap=bootstrap, **options
        )
        return errors, "bootstrap"
    found = method(assessment, checklist, **options)
    unknown = (
        sorted(set(found.features) - {f.id for f in checklist.features})
        if isinstance(found, StandardErrors)
        else []
    )
    if not isinstance(found, StandardErrors) or unknown:
        what = (
            f"errors of features {', '.join(map(repr, unknown))}, which checklist "
            f"{checklist.id!r} does not have"
            if unknown
            else f"{type(found).__name__}, not medengage.StandardErrors"
        )
        raise MedEngageError(
            f"the strategy {chosen.name!r}'s standard_errors returned {what}: fix "
            "the strategy, leave the method out to have the errors bootstrapped, "
            "or make a journey of results and reliabilities of your own with "
            "Journey.from_scored"
        )
    return found, "strategy"


def _renamed(respondent: Respondent, id: str) -> Respondent:
    """
    *respondent* under the new *id*, without checking again what was
    checked when it was made: a resample draws one respondent many times.
    """
    renamed = copy.copy(respondent)
    object.__setattr__(renamed, "id", id)
    return renamed


def _spread(values: Sequence[float | None]) -> float | None:
    """
    The standard deviation of the values that are there, or None where
    fewer than 2 are.
    """
    present = [value for value in values if value is not None]
    if len(present) < 2:
        return None
    spread = statistics.stdev(present)
    return spread if math.isfinite(spread) else None
