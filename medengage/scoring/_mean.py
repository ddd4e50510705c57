"""
The ``mean`` strategy.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from medengage.scoring._builtin import TallyStrategy
from medengage.scoring._feature_tables import FeatureTable


class Mean(TallyStrategy):
    """
    Scores from 0 to 100: the mean of how favourably respondents answered.

    An answer counts as ``u = (v - a) / (b - a)`` on a scale from ``a`` to
    ``b`` (``1 - u`` if reverse-scored). A respondent's feature score is
    100 times the mean ``u`` of their answers on the feature; a feature's
    score is the mean over the respondents who answered it; the overall
    score is the mean of the feature scores.

    A level's score is, unless the level says otherwise, the mean of its
    parts' scores; the overall score of a checklist with levels is the mean
    of its top parts' scores.
    """

    name = "mean"

    def overall_value(
        self,
        features: tuple[FeatureTable, ...],
        values: Mapping[str, Fraction | None],
        options: Mapping[str, Any],
    ) -> Fraction | None:
        return _mean([value for value in values.values() if value is not None])


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None
