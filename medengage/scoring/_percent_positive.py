"""
The ``percent-positive`` strategy.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from medengage.scoring._builtin import TallyStrategy
from medengage.scoring._feature_tables import FeatureTable
from medengage.scoring._pattern_numbers import Pattern


class PercentPositive(TallyStrategy):
    """
    Scores from 0 to 100: the share of answers that are favourable.

    An answer is favourable if it falls on a favourable point of its
    item's scale (read from the other end for a reverse-scored item). A
    feature's score is 100 times the share of the answers to its items that
    are favourable; the overall score is the same share over every answer.
    A level's score is, unless the level says otherwise, the same share
    over every answer to the items beneath it.
    """

    name = "percent-positive"
    level_method = None

    def feature_value(self, feature: FeatureTable) -> Fraction | None:
        favourable, answers = _count(feature)
        return Fraction(100 * favourable, answers) if answers else None

    def overall_value(
        self,
        features: tuple[FeatureTable, ...],
        values: Mapping[str, Fraction | None],
        options: Mapping[str, Any],
    ) -> Fraction | None:
        counts = [_count(feature) for feature in features]
        answers = sum(answers for _, answers in counts)
        favourable = sum(favourable for favourable, _ in counts)
        return Fraction(100 * favourable, answers) if answers else None

    def respondent_share(
        self, feature: FeatureTable, pattern: Pattern
    ) -> Fraction | None:
        favourable = answers = 0
        for item, answer in zip(feature.items, pattern[0], strict=True):
            if answer is not None:
                answers += 1
                favourable += answer in item.favourable
        return Fraction(favourable, answers) if answers else None

    def pooled_value(self, features: tuple[FeatureTable, ...]) -> Fraction | None:
        return self.overall_value(features, {}, {})


def _count(feature: FeatureTable) -> tuple[int, int]:
    """
    How many of the answers to the feature's items are favourable, and how
    many answers there are (each counting by its respondent's weight,
    scaled, for weighted scores).
    """
    favourable = answers = 0
    for (given, _), count in feature.masses.items():
        for item, answer in zip(feature.items, given, strict=True):
            if answer is not None:
                answers += count
                favourable += count * (answer in item.favourable)
    return favourable, answers
