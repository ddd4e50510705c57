"""
The ``staff-survey`` strategy.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from medengage.scoring._builtin import FeatureTable, TallyStrategy
from medengage.scoring._tally import NOTHING


class StaffSurvey(TallyStrategy):
    """
    Scores from 0 to 10, as the NHS Staff Survey scores engagement.

    A respondent's sub-score on a feature is 10 times the mean ``u`` of
    their answers there (0, 2.5, 5, 7.5 and 10 on five points); their
    engagement is the mean of their sub-scores; the overall score is the
    mean of respondents' engagement; a feature's score is the mean of its
    sub-scores.
    """

    name = "staff-survey"
    high = 10.0

    def overall_value(
        self,
        features: tuple[FeatureTable, ...],
        values: Mapping[str, Fraction | None],
        options: Mapping[str, Any],
    ) -> Fraction | None:
        # Each respondent's engagement is split into a share for each
        # feature they answered, so the sum runs feature by feature.
        total = Fraction(0)
        respondents = Fraction(0)
        for feature in features:
            for pattern, count in feature.patterns.items():
                credit = feature.respondent_credit(pattern, weighted=False)
                if credit is not None:
                    answered = sum(1 for state in pattern[1] if state != NOTHING)
                    total += Fraction(count, answered) * 10 * credit
                    respondents += Fraction(count, answered)
        return total / respondents if respondents else None
