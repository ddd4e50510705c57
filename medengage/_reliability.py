"""
Reliability: how far an assessment's scores can be trusted.

For each item, feature and level, how many answers there are and the
share missing; for each feature, Cronbach's alpha with its confidence
interval, and for each level its alpha; for each score, a standard error
and a 95% confidence interval: under a built-in strategy's own
aggregation, from a strategy's own ``standard_errors``, or by a seeded
bootstrap over respondents. docs/reliability.md gives every formula.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from medengage import _validation as v
from medengage._answer_rows import AnswerRows
from medengage._assessments import Assessment
from medengage._bootstrap import Bootstrap, errors_for
from medengage._checklists import Checklist
from medengage._frozen import FrozenMap, freeze_map
from medengage._score_influence import INFLUENCE, standard_error, with_levels
from medengage._scores import Score, ScoredAssessment, repr_without_none
from medengage._statistics import feldt_interval, t_quantile
from medengage._trusts import ods_code
from medengage._weights import RespondentWeights, Weighting
from medengage.errors import MedEngageError, Problem, ValidationError
from medengage.scoring._builtin import TallyStrategy
from medengage.scoring._front import checklist_and_strategy, resolve, score
from medengage.scoring._protocol import ScoringStrategy


def _optional_number(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        v.number(instance, attribute, value)


def _share(instance: Any, attribute: Any, value: Any) -> None:
    v.number(instance, attribute, value)
    if not 0 <= value <= 1:
        raise ValidationError.single(
            attribute.name, f"{value!r} is not a share from 0 to 1"
        )


def _alpha(instance: Any, attribute: Any, value: Any) -> None:
    _optional_number(instance, attribute, value)
    if value is not None and value > 1:
        raise ValidationError.single(
            attribute.name, f"{value!r} is above 1, which Cronbach's alpha never is"
        )


@attrs.frozen
class Uncertainty:
    """
    How far one score can be trusted.

    Attributes:
        value: The score, exactly as the scored assessment gives it; None
            where it is withheld or nobody answered.
        standard_error: The score's standard error, by linearisation; None
            where there is no value or it rests on fewer than 2 respondents.
        low: The lower end of the score's 95% confidence interval, clipped
            to the strategy's range; None where there is no standard error.
        high: The upper end of the interval; None where there is no
            standard error.
        respondents: How many respondents the score rests on.
        withheld: Whether the score is withheld to protect respondents; a
            withheld score shows no value, error or interval, ever.
        effective_respondents: For a weighted score, Kish's effective
            sample size of its respondents' weights, which sets the
            interval's degrees of freedom; None otherwise.
    """

    value: float | None = attrs.field(converter=v.to_float, validator=_optional_number)
    standard_error: float | None = attrs.field(
        converter=v.to_float, validator=_optional_number
    )
    low: float | None = attrs.field(converter=v.to_float, validator=_optional_number)
    high: float | None = attrs.field(converter=v.to_float, validator=_optional_number)
    respondents: int = attrs.field(validator=v.count)
    withheld: bool = attrs.field(default=False, validator=v.instance_of(bool))
    effective_respondents: float | None = attrs.field(
        default=None, converter=v.to_float, validator=_optional_number
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_uncertainty_problems(self))

    @classmethod
    def of(
        cls,
        shown: Score,
        error: float | None,
        scored: ScoredAssessment,
        *,
        count: int | None = None,
    ) -> Uncertainty:
        """
        The uncertainty of the score *shown* with standard error *error*:
        its 95% interval runs *error* times the t quantile for one fewer
        degrees of freedom than the *count* of respondents it rests on (by
        default, its respondents; for weighted scores, its effective
        respondents) either side of it, clipped to the strategy's range.
        """
        count = shown.respondents if count is None else count
        effective = shown.effective_respondents
        if shown.withheld:
            return cls(None, None, None, None, shown.respondents, withheld=True)
        if shown.value is None or error is None or count < 2:
            return cls(
                shown.value,
                None,
                None,
                None,
                shown.respondents,
                effective_respondents=effective,
            )
        # Weighted, the interval takes its degrees of freedom from the
        # effective sample size: n - 1 where every weight is equal.
        df = count - 1 if effective is None else max(1, math.floor(effective) - 1)
        margin = t_quantile(0.975, df) * error
        return cls(
            value=shown.value,
            standard_error=error,
            low=max(scored.low, shown.value - margin),
            high=min(scored.high, shown.value + margin),
            respondents=shown.respondents,
            effective_respondents=effective,
        )

    def __repr__(self) -> str:
        return repr_without_none(self, "effective_respondents")


@attrs.frozen
class ItemReliability:
    """
    How fully one item was answered.

    Attributes:
        item: The item's id.
        answers: How many respondents answered it.
        missing: The share, from 0 to 1, of the respondents who answered
            any item of the same audience who left this one out; 0 where
            nobody answered an item of that audience.
    """

    item: str = attrs.field(validator=v.identifier)
    answers: int = attrs.field(validator=v.count)
    missing: float = attrs.field(converter=v.to_float, validator=_share)


@attrs.frozen
class FeatureReliability:
    """
    How far one feature's score can be trusted.

    Attributes:
        feature: The feature's id.
        answers: How many answers its items were given, all told.
        missing: The share, from 0 to 1, of the answers its items could
            have been given that are missing: each item could have been
            answered by every respondent who answered an item of its
            audience.
        alpha: Cronbach's alpha over the complete cases; None where there
            are fewer than 3 of them, fewer than 2 items, no variance in the
            respondents' totals, or where the feature's score is withheld.
            It rests on the feature's items that doctors answer for
            themselves, or on all its items if it has none of those: items
            answered on behalf of the organisation are answered by others.
        complete_cases: How many respondents answered every item alpha rests
            on.
        uncertainty: The feature score's standard error and interval.
        alpha_low: The lower end of alpha's 95% confidence interval, by
            Feldt's method; None where there is no alpha.
        alpha_high: The upper end of that interval; None where there is no
            alpha.
    """

    feature: str = attrs.field(validator=v.identifier)
    answers: int = attrs.field(validator=v.count)
    missing: float = attrs.field(converter=v.to_float, validator=_share)
    alpha: float | None = attrs.field(converter=v.to_float, validator=_alpha)
    alpha_low: float | None = attrs.field(
        default=None, kw_only=True, converter=v.to_float, validator=_optional_number
    )
    alpha_high: float | None = attrs.field(
        default=None, kw_only=True, converter=v.to_float, validator=_optional_number
    )
    complete_cases: int = attrs.field(validator=v.count)
    uncertainty: Uncertainty = attrs.field(validator=v.instance_of(Uncertainty))

    def __attrs_post_init__(self) -> None:
        low, high = self.alpha_low, self.alpha_high
        if (low is None) != (high is None) or (self.alpha is None and low is not None):
            raise ValidationError.single(
                "alpha_low",
                "give alpha's interval as both ends, with alpha, or neither",
            )
        if low is not None and high is not None and not low <= self.alpha <= high:  # type: ignore[operator]
            raise ValidationError.single(
                "alpha_low", f"the interval {low!r} to {high!r} misses alpha"
            )


@attrs.frozen
class LevelReliability:
    """
    How far one level's score can be trusted.

    Attributes:
        level: The level's id.
        answers: How many answers the items of the features under it were
            given, all told.
        missing: The share, from 0 to 1, of the answers those items could
            have been given that are missing.
        alpha: Cronbach's alpha over the complete cases, as for a feature,
            over the items of every feature under the level; None where
            there are fewer than 3 complete cases, fewer than 2 items, no
            variance in the respondents' totals, or where the level's score
            is withheld.
        complete_cases: How many respondents answered every item alpha rests
            on.
        uncertainty: The level score's standard error and interval.
    """

    level: str = attrs.field(validator=v.identifier)
    answers: int = attrs.field(validator=v.count)
    missing: float = attrs.field(converter=v.to_float, validator=_share)
    alpha: float | None = attrs.field(converter=v.to_float, validator=_alpha)
    complete_cases: int = attrs.field(validator=v.count)
    uncertainty: Uncertainty = attrs.field(validator=v.instance_of(Uncertainty))


@attrs.frozen
class Reliability:
    """
    How far the scores one strategy made of an assessment can be trusted:
    how fully each item and feature was answered, how consistent each
    feature's items are, and how uncertain each score is.

    Attributes:
        strategy: The name of the strategy the scores were made with.
        trust: The ODS code of the trust assessed.
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        date: When the assessment closed.
        min_respondents: The fewest respondents a score from individual
            doctors' answers may rest on and be shown.
        items: How fully each item was answered, by item id, in the
            checklist's order.
        features: Each feature's reliability, by feature id, in the
            checklist's order.
        overall: The overall score's uncertainty.
        errors_by: How the standard errors were made: ``"linearisation"``
            (a built-in strategy), ``"strategy"`` (the strategy's own
            ``standard_errors``) or ``"bootstrap"``.
        weighting: How the respondents were weighted, or None where each
            counts once.
        levels: Each level's reliability, by level id, in the checklist's
            order; empty for a checklist without levels.
    """

    strategy: str = attrs.field(validator=v.label)
    trust: str = attrs.field(validator=ods_code)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    date: dt.date = attrs.field(validator=v.date)
    min_respondents: int = attrs.field(validator=v.positive_int)
    items: FrozenMap[str, ItemReliability] = attrs.field(
        converter=freeze_map, validator=v.values_of(ItemReliability)
    )
    features: FrozenMap[str, FeatureReliability] = attrs.field(
        converter=freeze_map, validator=v.values_of(FeatureReliability)
    )
    overall: Uncertainty = attrs.field(validator=v.instance_of(Uncertainty))
    errors_by: str = attrs.field(
        default="linearisation",
        validator=attrs.validators.in_(("linearisation", "strategy", "bootstrap")),
    )
    weighting: Weighting | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.instance_of(Weighting))
    )
    levels: FrozenMap[str, LevelReliability] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.values_of(LevelReliability)
    )

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem(f"items.{key}.item", f"{entry.item!r} differs from its key")
            for key, entry in self.items.items()
            if entry.item != key
        ]
        problems += [
            Problem(
                f"features.{key}.feature", f"{entry.feature!r} differs from its key"
            )
            for key, entry in self.features.items()
            if entry.feature != key
        ]
        problems += [
            Problem(f"levels.{key}.level", f"{entry.level!r} differs from its key")
            for key, entry in self.levels.items()
            if entry.level != key
        ]
        v.raise_problems(problems)


def reliability(
    assessment: Assessment,
    checklist: Checklist | str | ScoringStrategy | None = None,
    strategy: str | ScoringStrategy = "mean",
    *,
    bootstrap: Bootstrap | None = None,
    **options: Any,
) -> Reliability:
    """
    How far the scores of *assessment*, scored with *strategy*, can be
    trusted.

    A built-in strategy's standard errors follow from its formulas; another
    strategy's come from its own ``standard_errors`` method if it has one,
    else from a seeded bootstrap over respondents (see docs/reliability.md).

    Args:
        assessment: The answers.
        checklist: The checklist they were given on; by default the one the
            assessment holds. A strategy (or its name) may stand here
            instead, as in ``reliability(survey, "staff-survey")``.
        strategy: The strategy, or its name.
        bootstrap: How to resample respondents where the strategy gives no
            standard errors of its own; by default ``Bootstrap()``.
            Unused for the built-ins.
        options: The strategy's options, as `medengage.score` takes them
            (``weights`` included, for a built-in strategy: standard errors
            are then those of weighted means, and intervals take their
            degrees of freedom from the effective sample size); what it
            withholds is withheld here too.

    Raises:
        MedEngageError: If a strategy's ``standard_errors`` method returns
            other than `StandardErrors` of the checklist's features, or as
            `medengage.score` does.
    """
    checklist, strategy = checklist_and_strategy(assessment, checklist, strategy)
    chosen = resolve(strategy)
    scored = score(assessment, checklist, chosen, **options)
    survey = AnswerRows(checklist, [r.answers.row for r in assessment.respondents])
    influence_of = next(
        (found for kind, found in INFLUENCE.items() if type(chosen) is kind), None
    )
    if influence_of is None:
        if options.get("weights") is not None:
            raise MedEngageError(
                f"standard errors of weighted scores come from the built-in "
                f"strategies' formulas; {chosen.name!r} has none, and the "
                "bootstrap resamples respondents unweighted: score without "
                "weights, or with a built-in strategy"
            )
        given, errors_by = errors_for(chosen, assessment, checklist, options, bootstrap)
        uncertainties = {
            feature.id: Uncertainty.of(
                scored.features[feature.id], given.features.get(feature.id), scored
            )
            for feature in checklist.features
        }
        overall = Uncertainty.of(scored.overall, given.overall, scored)
        levels = {
            level.id: Uncertainty.of(scored.levels[level.id], None, scored)
            for level in checklist.levels
        }
    else:
        weights = options.get("weights")
        if isinstance(weights, RespondentWeights):
            survey.weights = [weights.weights[id] for id in assessment.respondents.ids]
        influence = influence_of(survey, scored)
        if checklist.levels and isinstance(chosen, TallyStrategy):
            influence = with_levels(survey, scored, chosen, influence)
        uncertainties = {
            feature.id: _uncertainty(
                scored.features[feature.id], influence[feature.id], scored
            )
            for feature in checklist.features
        }
        overall = _uncertainty(scored.overall, influence[None], scored)
        levels = {
            level.id: _uncertainty(scored.levels[level.id], influence[level.id], scored)
            for level in checklist.levels
        }
        errors_by = "linearisation"
    features = {}
    for feature in checklist.features:
        shown = scored.features[feature.id]
        alpha, complete_cases = survey.alpha(feature.id)
        kept = None if alpha is None or shown.withheld else float(alpha)
        low, high = (
            (None, None)
            if kept is None
            else feldt_interval(
                kept, complete_cases, len(survey.alpha_items(feature.id))
            )
        )
        features[feature.id] = FeatureReliability(
            feature.id,
            *survey.answered(survey.items_of[feature.id]),
            alpha=kept,
            complete_cases=complete_cases,
            uncertainty=uncertainties[feature.id],
            alpha_low=low,
            alpha_high=high,
        )
    return Reliability(
        strategy=scored.strategy,
        trust=scored.trust,
        checklist=scored.checklist,
        checklist_version=scored.checklist_version,
        date=scored.date,
        min_respondents=scored.min_respondents,
        items={
            item.id: ItemReliability(item.id, *survey.answered((item,)))
            for item in checklist.items
        },
        features=features,
        overall=overall,
        errors_by=errors_by,
        weighting=scored.weighting,
        levels={
            level.id: _level_reliability(survey, scored, level.id, levels[level.id])
            for level in checklist.levels
        },
    )


def _level_reliability(
    survey: AnswerRows, scored: ScoredAssessment, level: str, uncertainty: Uncertainty
) -> LevelReliability:
    shown = scored.levels[level]
    items = survey.checklist.items_under(level)
    alpha, complete_cases = survey.alpha_over(items)
    return LevelReliability(
        level,
        *survey.answered(items),
        alpha=None if alpha is None or shown.withheld else float(alpha),
        complete_cases=complete_cases,
        uncertainty=uncertainty,
    )


def _uncertainty(
    shown: Score, influence: Mapping[int, Fraction], scored: ScoredAssessment
) -> Uncertainty:
    """
    The uncertainty of the score *shown*, from each respondent's influence
    on it.
    """
    error = standard_error(influence)
    return Uncertainty.of(shown, error, scored, count=len(influence))


def _uncertainty_problems(uncertainty: Uncertainty) -> list[Problem]:
    value, error = uncertainty.value, uncertainty.standard_error
    low, high = uncertainty.low, uncertainty.high
    extras = {"value": value, "standard_error": error, "low": low, "high": high}
    if uncertainty.withheld:
        return [
            Problem(name, "a withheld score shows no value, standard error or interval")
            for name, extra in extras.items()
            if extra is not None
        ]
    if value is None:
        return [
            Problem(name, "a score with no value has no standard error or interval")
            for name, extra in extras.items()
            if extra is not None
        ]
    problems = []
    if error is not None and error < 0:
        problems.append(Problem("standard_error", f"{error!r} is below zero"))
    if not (error is None) == (low is None) == (high is None):
        problems.append(
            Problem(
                "low",
                "give low and high with a standard error, and neither without one",
            )
        )
    elif low is not None and high is not None and not low <= value <= high:
        problems.append(
            Problem(
                "low", f"the interval {low!r} to {high!r} misses the value {value!r}"
            )
        )
    return problems
