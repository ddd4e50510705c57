"""
Each respondent's influence on a built-in strategy's scores (their
linearisation), and the standard errors that follow from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from medengage._answer_rows import AnswerRows
from medengage._level_influence import level_influence
from medengage._scores import ScoredAssessment
from medengage.scoring._builtin import TallyStrategy
from medengage.scoring._mean import Mean
from medengage.scoring._percent_positive import PercentPositive
from medengage.scoring._staff_survey import StaffSurvey
from medengage.scoring._weighted import Weighted


#: Influence values: for each feature id (and None, for the overall score),
#: each respondent's influence on the score, by their place among the
#: respondents, for every respondent the score rests on.
Influence = dict[str | None, dict[int, Fraction]]


def with_levels(
    survey: AnswerRows,
    scored: ScoredAssessment,
    strategy: TallyStrategy,
    influence: Influence,
) -> Influence:
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


def _averaged_influence(
    survey: AnswerRows, scored: ScoredAssessment, *, weighted: bool
) -> Influence:
    """
    The influence values of `mean` and `weighted`: feature scores are means
    over respondents; the overall score is a (weighted) mean of them.
    """
    option = scored.options.get("feature_weights") if weighted else None
    given: Mapping[str, float] = option if isinstance(option, Mapping) else {}
    influence: Influence = {}
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


def _staff_survey_influence(survey: AnswerRows, scored: ScoredAssessment) -> Influence:
    """
    The influence values of `staff-survey`: feature scores are means of
    sub-scores; the overall score is the mean of respondents' engagement.
    """
    influence: Influence = {}
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
    survey: AnswerRows, scored: ScoredAssessment
) -> Influence:
    """
    The influence values of `percent-positive`: every score is a ratio of
    favourable answers to answers.
    """
    influence: Influence = {
        feature.id: _ratio_influence(
            survey.favourable(survey.items_of[feature.id]), survey.weights
        )
        for feature in survey.checklist.features
    }
    influence[None] = _ratio_influence(
        survey.favourable(survey.checklist.items), survey.weights
    )
    return influence


#: How to work out each built-in strategy's influence values, by its class.
INFLUENCE: dict[
    type[TallyStrategy], Callable[[AnswerRows, ScoredAssessment], Influence]
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


def standard_error(influence: Mapping[int, Fraction]) -> float | None:
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
