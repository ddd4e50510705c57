"""
Level influence: each respondent's influence on a checklist's level
scores, and on the overall score above them, so that reliability can give
their standard errors by linearisation (see docs/reliability.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from medengage._checklists import Checklist
from medengage._levels import LevelMethod
from medengage.scoring._builtin import TallyStrategy


#: For each respondent, by their place among the respondents, a number.
ByRespondent = dict[int, Fraction]


def level_influence(
    checklist: Checklist,
    strategy: TallyStrategy,
    options: Mapping[str, object],
    features: Mapping[str, ByRespondent],
    own_scores: Mapping[str, ByRespondent],
    pooled: Callable[[str | None], ByRespondent],
    mean: Callable[[Mapping[int, Fraction]], ByRespondent],
) -> dict[str | None, ByRespondent]:
    """
    The influence values of each of *checklist*'s levels, by level id, and
    of the overall score (under None), made as *strategy* makes their
    scores.

    Args:
        checklist: A checklist with levels.
        strategy: The built-in strategy the scores were made with.
        options: Its options, as the scored assessment records them.
        features: Each feature's influence values.
        own_scores: Each respondent's own score on each feature, on the
            strategy's range, for those who answered it.
        pooled: The influence values of a level (or of the overall, for
            None) whose score pools the answers under it.
    """

    def weight(part: str) -> Fraction:
        return strategy.part_weight(part, options)

    influence: dict[str | None, ByRespondent] = dict(features.items())
    respondent_scores: dict[str, ByRespondent] = dict(own_scores.items())

    def scores_of(node: str) -> ByRespondent:
        # A respondent's own score on a level: the weighted mean of their
        # scores on the parts they answered.
        if node not in respondent_scores:
            respondent_scores[node] = _weighted_mean(
                [(weight(part), scores_of(part)) for part in checklist.parts_of(node)]
            )
        return respondent_scores[node]

    def influence_of(node: str | None) -> ByRespondent:
        if node in influence:
            return influence[node]
        declared = None if node is None else checklist.level(node).method
        method = declared or strategy.level_method
        parts = checklist.parts_of(node)
        if method is LevelMethod.MEAN_OF_PARTS:
            # A weighted mean of the parts' scores: its influence is the
            # same mix of theirs, over the parts that have a score.
            found = _weighted_mean(
                [(weight(part), influence_of(part)) for part in parts], combine=True
            )
        elif method is LevelMethod.RESPONDENT_FIRST:
            found = mean(
                _weighted_mean([(weight(part), scores_of(part)) for part in parts])
            )
        else:
            found = pooled(node)
        influence[node] = found
        return found

    for level in checklist.levels:
        influence_of(level.id)
    influence_of(None)
    return influence


def _weighted_mean(
    parts: list[tuple[Fraction, ByRespondent]], *, combine: bool = False
) -> ByRespondent:
    """
    Each respondent's weighted mean over the *parts* they have a number in;
    or, if *combine*, the parts' numbers mixed by weight over the parts
    anyone has a number in (the influence of a weighted mean of scores).
    """
    totals: dict[int, Fraction] = {}
    weights: dict[int, Fraction] = {}
    mixed = Fraction(0)
    for part_weight, numbers in parts:
        if numbers:
            mixed += part_weight
        for index, number in numbers.items():
            totals[index] = totals.get(index, Fraction(0)) + part_weight * number
            weights[index] = weights.get(index, Fraction(0)) + part_weight
    if combine:
        return {index: total / mixed for index, total in totals.items()}
    return {index: total / weights[index] for index, total in totals.items()}
