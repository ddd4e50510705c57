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
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from statistics import NormalDist
from typing import Any

import attrs

from medengage import _validation as v
from medengage._alpha_interval import feldt_interval
from medengage._assessments import Assessment
from medengage._bootstrap import Bootstrap, errors_for
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._frozen import FrozenMap, freeze_map
from medengage._level_influence import level_influence
from medengage._scales import Value
from medengage._scores import Score, ScoredAssessment, repr_without_none
from medengage._trusts import ods_code
from medengage._weights import RespondentWeights, Weighting
from medengage.errors import MedEngageError, Problem, ValidationError
from medengage.scoring._builtin import TallyStrategy, item_table
from medengage.scoring._front import checklist_and_strategy, resolve, score
from medengage.scoring._mean import Mean
from medengage.scoring._percent_positive import PercentPositive
from medengage.scoring._protocol import ScoringStrategy
from medengage.scoring._staff_survey import StaffSurvey
from medengage.scoring._weighted import Weighted


#: The fewest respondents who answered every item of a feature that
#: Cronbach's alpha is computed from.
MIN_COMPLETE_CASES = 3


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
    survey = _Survey(checklist, [r.answers.row for r in assessment.respondents])
    influence_of = next(
        (found for kind, found in _INFLUENCE.items() if type(chosen) is kind), None
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
            influence = _with_levels(survey, scored, chosen, influence)
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
    survey: _Survey, scored: ScoredAssessment, level: str, uncertainty: Uncertainty
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


def _with_levels(
    survey: _Survey,
    scored: ScoredAssessment,
    strategy: TallyStrategy,
    influence: _Influence,
) -> _Influence:
    """
    *influence* with that of each level, and of the overall score made from
    them, as *strategy* makes their scores.
    """
    checklist = survey.checklist
    high = Fraction(scored.high)
    if isinstance(strategy, PercentPositive):
        own = {
            feature: {
                index: high * favourable / answers
                for index, (favourable, answers) in survey.favourable(items).items()
            }
            for feature, items in survey.items_of.items()
        }
    else:
        own = {
            feature: survey.feature_scores(
                feature, high=high, weighted=strategy.weighted
            )
            for feature in survey.items_of
        }

    def pooled(level: str | None) -> dict[int, Fraction]:
        items = checklist.items if level is None else checklist.items_under(level)
        return _ratio_influence(survey.favourable(items), survey.weights)

    return level_influence(
        checklist,
        strategy,
        scored.options,
        features={f.id: influence[f.id] for f in checklist.features},
        own_scores=own,
        pooled=pooled,
        mean=lambda values: _mean_influence(values, survey.weights),
    )


def t_quantile(probability: float, df: int) -> float:
    """
    The *probability* quantile of Student's t distribution with *df*
    degrees of freedom.

    Exact for 1 and 2 degrees of freedom; otherwise by Hill's algorithm
    (Communications of the ACM 13(10), 1970, algorithm 396), within about
    1e-5 of the exact quantile.
    """
    if not 0 < probability < 1 or df < 1:
        raise ValueError(f"there is no {probability} quantile with {df} df")
    if probability < 0.5:
        return -t_quantile(1 - probability, df)
    if df == 1:
        return math.tan(math.pi * (probability - 0.5))
    if df == 2:
        return (2 * probability - 1) / math.sqrt(2 * probability * (1 - probability))
    tails = 2 * (1 - probability)
    a = 1 / (df - 0.5)
    b = 48 / (a * a)
    c = ((20700 * a / b - 98) * a - 16) * a + 96.36
    d = ((94.5 / (b + c) - 3) / b + 1) * math.sqrt(a * math.pi / 2) * df
    start = (d * tails) ** (2 / df)
    if start > 0.05 + a:
        # Hill's expansion about the normal quantile, for all but far tails.
        x = NormalDist().inv_cdf(tails / 2)
        if df < 5:
            c += 0.3 * (df - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        x2 = x * x
        y = (((((0.4 * x2 + 6.3) * x2 + 36) * x2 + 94.5) / c - x2 - 3) / b + 1) * x
        y = math.expm1(a * y * y)
    else:
        y = 1 / (((df + 6) / (df * start) - 0.089 * d - 0.822) * (df + 2) * 3)
        y = ((y + 0.5 / (df + 4)) * start - 1) * (df + 1) / (df + 2) + 1 / start
    return math.sqrt(df * y)


#: Influence values: for each feature id (and None, for the overall score),
#: each respondent's influence on the score, by their place among the
#: respondents, for every respondent the score rests on.
_Influence = dict[str | None, dict[int, Fraction]]


class _Survey:
    """
    An assessment's answers, row by row, with what each answer counts for.
    """

    def __init__(
        self, checklist: Checklist, rows: Sequence[tuple[Value | None, ...]]
    ) -> None:
        self.checklist = checklist
        self.rows = rows
        self.items_of = {
            feature.id: checklist.items_for(feature.id)
            for feature in checklist.features
        }
        self.tables = {
            item.id: item_table(checklist, item.id) for item in checklist.items
        }
        self.positions = {
            item.id: checklist.position(item.id) for item in checklist.items
        }
        self.audiences = {
            audience: sum(1 for row in rows if self._any_answer(row, audience))
            for audience in Audience
        }
        #: Each respondent's weight, in order, for weighted scores.
        self.weights: list[Fraction] | None = None

    def _any_answer(self, row: tuple[Value | None, ...], audience: Audience) -> bool:
        return any(
            row[self.positions[item.id]] is not None
            for item in self.checklist.items
            if item.audience is audience
        )

    def answered(self, items: Iterable[ChecklistItem]) -> tuple[int, float]:
        """
        How many answers *items* were given, and the share missing of those
        they could have been given.
        """
        answers = could = 0
        for item in items:
            position = self.positions[item.id]
            answers += sum(1 for row in self.rows if row[position] is not None)
            could += self.audiences[item.audience]
        return answers, float(1 - Fraction(answers, could)) if could else 0.0

    def feature_scores(
        self, feature: str, *, high: Fraction, weighted: bool
    ) -> dict[int, Fraction]:
        """
        Each respondent's score on *feature*, exact, for each respondent who
        answered it: *high* times their mean credit, weighted if *weighted*.
        """
        items = [
            (self.positions[item.id], self.tables[item.id])
            for item in self.items_of[feature]
        ]
        # Worked out once for each distinct combination of answers.
        known: dict[tuple[Value | None, ...], Fraction | None] = {}
        scores = {}
        for index, row in enumerate(self.rows):
            answers = tuple(row[position] for position, _ in items)
            if answers not in known:
                total = weights = Fraction(0)
                for answer, (_, table) in zip(answers, items, strict=True):
                    if answer is not None:
                        weight = table.weight if weighted else Fraction(1)
                        total += weight * table.credit[answer]
                        weights += weight
                known[answers] = high * total / weights if weights else None
            found = known[answers]
            if found is not None:
                scores[index] = found
        return scores

    def favourable(self, items: Iterable[ChecklistItem]) -> dict[int, tuple[int, int]]:
        """
        For each respondent who answered any of *items*, how many of their
        answers to them are favourable, and how many answers they gave.
        """
        columns = [(self.positions[item.id], self.tables[item.id]) for item in items]
        counts = {}
        for index, row in enumerate(self.rows):
            favourable = answers = 0
            for position, table in columns:
                answer = row[position]
                if answer is not None:
                    answers += 1
                    favourable += answer in table.favourable
            if answers:
                counts[index] = (favourable, answers)
        return counts

    def alpha_items(self, feature: str) -> list[ChecklistItem]:
        """
        The items of *feature* its alpha rests on: those doctors answer for
        themselves, or all of them if it has none.
        """
        return [
            item
            for item in self.items_of[feature]
            if item.audience is Audience.INDIVIDUAL
        ] or list(self.items_of[feature])

    def alpha(self, feature: str) -> tuple[Fraction | None, int]:
        """
        Cronbach's alpha for *feature*, exact, or None; and how many
        respondents answered every item it rests on.
        """
        return self.alpha_over(self.items_of[feature])

    def alpha_over(
        self, candidates: Sequence[ChecklistItem]
    ) -> tuple[Fraction | None, int]:
        """
        Cronbach's alpha over *candidates*, exact, or None: over those that
        doctors answer for themselves, or all of them if none are; and how
        many respondents answered every item it rests on.
        """
        items = [
            item for item in candidates if item.audience is Audience.INDIVIDUAL
        ] or list(candidates)
        answered = [
            [
                answer
                for item in items
                if (answer := row[self.positions[item.id]]) is not None
            ]
            for row in self.rows
        ]
        complete = [
            answers for answers in answered if items and len(answers) == len(items)
        ]
        if len(items) < 2 or len(complete) < MIN_COMPLETE_CASES:
            return None, len(complete)
        columns = []
        for position, item in enumerate(items):
            scale = self.checklist.scale(item.scale)
            ends = _exact(scale.lowest) + _exact(scale.highest)
            column = [_exact(answers[position]) for answers in complete]
            columns.append([ends - x for x in column] if item.reverse else column)
        totals = [sum(answers) for answers in zip(*columns, strict=True)]
        total_variance = _sample_variance(totals)
        if not total_variance:
            return None, len(complete)
        k = len(items)
        item_variance = sum((_sample_variance(c) for c in columns), Fraction(0))
        return Fraction(k, k - 1) * (1 - item_variance / total_variance), len(complete)


def _averaged_influence(
    survey: _Survey, scored: ScoredAssessment, *, weighted: bool
) -> _Influence:
    """
    The influence values of `mean` and `weighted`: feature scores are means
    over respondents; the overall score is a (weighted) mean of them.
    """
    option = scored.options.get("feature_weights") if weighted else None
    given: Mapping[str, float] = option if isinstance(option, Mapping) else {}
    influence: _Influence = {}
    overall: dict[int, Fraction] = {}
    weights = Fraction(0)
    for feature in survey.checklist.features:
        scores = survey.feature_scores(
            feature.id, high=Fraction(scored.high), weighted=weighted
        )
        influence[feature.id] = _mean_influence(scores, survey.weights)
        if scores:
            weight = Fraction(given.get(feature.id, 1))
            weights += weight
            for index, z in influence[feature.id].items():
                overall[index] = overall.get(index, Fraction(0)) + weight * z
    influence[None] = {index: z / weights for index, z in overall.items()}
    return influence


def _staff_survey_influence(survey: _Survey, scored: ScoredAssessment) -> _Influence:
    """
    The influence values of `staff-survey`: feature scores are means of
    sub-scores; the overall score is the mean of respondents' engagement.
    """
    influence: _Influence = {}
    sub_scores: dict[int, list[Fraction]] = {}
    for feature in survey.checklist.features:
        scores = survey.feature_scores(
            feature.id, high=Fraction(scored.high), weighted=False
        )
        influence[feature.id] = _mean_influence(scores, survey.weights)
        for index, sub_score in scores.items():
            sub_scores.setdefault(index, []).append(sub_score)
    engagement = {
        index: sum(scores, Fraction(0)) / len(scores)
        for index, scores in sub_scores.items()
    }
    influence[None] = _mean_influence(engagement, survey.weights)
    return influence


def _percent_positive_influence(
    survey: _Survey, scored: ScoredAssessment
) -> _Influence:
    """
    The influence values of `percent-positive`: every score is a ratio of
    favourable answers to answers.
    """
    influence: _Influence = {
        feature.id: _ratio_influence(
            survey.favourable(survey.items_of[feature.id]), survey.weights
        )
        for feature in survey.checklist.features
    }
    influence[None] = _ratio_influence(
        survey.favourable(survey.checklist.items), survey.weights
    )
    return influence


_INFLUENCE: dict[
    type[TallyStrategy], Callable[[_Survey, ScoredAssessment], _Influence]
] = {
    Mean: lambda survey, scored: _averaged_influence(survey, scored, weighted=False),
    PercentPositive: _percent_positive_influence,
    StaffSurvey: _staff_survey_influence,
    Weighted: lambda survey, scored: _averaged_influence(survey, scored, weighted=True),
}


def _mean_influence(
    values: Mapping[int, Fraction], weights: Sequence[Fraction] | None = None
) -> dict[int, Fraction]:
    """
    Each respondent's influence on the mean of *values*: their value less
    the mean, over the number of values; or, with *weights* (by
    respondent), on the weighted mean: their weight times their value less
    the weighted mean, over the sum of the weights.
    """
    if not values:
        return {}
    if weights is not None:
        total = sum((weights[index] for index in values), Fraction(0))
        weighted_mean = (
            sum(
                (weights[index] * value for index, value in values.items()), Fraction(0)
            )
            / total
        )
        return {
            index: weights[index] * (value - weighted_mean) / total
            for index, value in values.items()
        }
    count = len(values)
    mean = sum(values.values(), Fraction(0)) / count
    return {index: (value - mean) / count for index, value in values.items()}


def _ratio_influence(
    counts: Mapping[int, tuple[int, int]], weights: Sequence[Fraction] | None = None
) -> dict[int, Fraction]:
    """
    Each respondent's influence on 100 times the share of favourable
    answers among all answers in *counts* (each answer counting by its
    respondent's weight, with *weights*).
    """
    if weights is not None:
        weighted = sum(
            (weights[index] * given for index, (_, given) in counts.items()),
            Fraction(0),
        )
        if not weighted:
            return {}
        ratio = (
            sum(
                (weights[i] * favourable for i, (favourable, _) in counts.items()),
                Fraction(0),
            )
            / weighted
        )
        return {
            index: 100 * weights[index] * (favourable - ratio * given) / weighted
            for index, (favourable, given) in counts.items()
        }
    answers = sum(given for _, given in counts.values())
    if not answers:
        return {}
    share = Fraction(sum(favourable for favourable, _ in counts.values()), answers)
    return {
        index: 100 * (favourable - share * given) / answers
        for index, (favourable, given) in counts.items()
    }


def _standard_error(influence: Mapping[int, Fraction]) -> float | None:
    """
    A score's standard error from each respondent's *influence* on it; None
    where it rests on fewer than 2 respondents.
    """
    count = len(influence)
    if count < 2:
        return None
    variance = Fraction(count, count - 1) * sum(
        (z * z for z in influence.values()), Fraction(0)
    )
    return math.sqrt(variance)


def _uncertainty(
    shown: Score, influence: Mapping[int, Fraction], scored: ScoredAssessment
) -> Uncertainty:
    """
    The uncertainty of the score *shown*, from each respondent's influence
    on it.
    """
    error = _standard_error(influence)
    return Uncertainty.of(shown, error, scored, count=len(influence))


def _exact(value: Value) -> Fraction | int:
    """
    *value* exactly: an int as it is (the quickest to sum), a float as a
    fraction.
    """
    return value if isinstance(value, int) else Fraction(value)


def _sample_variance(values: Sequence[Fraction | int]) -> Fraction:
    count = len(values)
    total = sum(values)
    squares = sum(x * x for x in values)
    return (count * squares - total * total) / Fraction(count * (count - 1))


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
