"""
The ``staff-survey`` strategy.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from medengage._levels import LevelMethod
from medengage.scoring._builtin import TallyStrategy
from medengage.scoring._feature_tables import FeatureTable
from medengage.scoring._given_states import NOTHING


class StaffSurvey(TallyStrategy):
    """
    Scores from 0 to 10, as the NHS Staff Survey scores engagement.

    A respondent's sub-score on a feature is 10 times the mean ``u`` of
    their answers there (0, 2.5, 5, 7.5 and 10 on five points); their
    engagement is the mean of their sub-scores; the overall score is the
    mean of respondents' engagement; a feature's score is the mean of its
    sub-scores. Where respondents answered different numbers of features,
    the overall score is withheld (unless ``min_respondents`` is 1): beside
    the feature scores it would reveal the engagement of those who answered
    fewer.

    A level's score is, unless the level says otherwise, made respondent
    first as the overall is: each respondent's level score is the mean of
    their scores on the parts they answered. Such a level is withheld
    where respondents answered unevenly beneath it, as the overall is.
    """

    name = "staff-survey"
    high = 10.0
    respondent_first = True
    level_method = LevelMethod.RESPONDENT_FIRST

    def overall_value(
        self,
        features: tuple[FeatureTable, ...],
        values: Mapping[str, Fraction | None],
        options: Mapping[str, Any],
    ) -> Fraction | None:
        # Each respondent's engagement is split into a share for each
        # feature they answered, so the sum runs feature by feature; shares
        # with one denominator add up as whole numbers.
        sums: dict[int, int] = {}
        people: dict[int, int] = {}
        for feature in features:
            for pattern, count in feature.masses.items():
                credit, weight = feature.credit_sum(pattern, weighted=False)
                if weight:
                    answered = sum(1 for state in pattern[1] if state != NOTHING)
                    share = weight * answered * feature.denominator
                    sums[share] = sums.get(share, 0) + count * credit
                    people[answered] = people.get(answered, 0) + count
        total = sum((Fraction(c, d) for d, c in sums.items()), Fraction(0))
        respondents = sum((Fraction(c, d) for d, c in people.items()), Fraction(0))
        return 10 * total / respondents if respondents else None
