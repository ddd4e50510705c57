"""
The ``weighted`` strategy.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from medengage import _validation as v
from medengage._bands import Banding
from medengage._checklists import Checklist
from medengage._scores import ScoredAssessment
from medengage.errors import MedEngageError
from medengage.scoring._builtin import MIN_RESPONDENTS, TallyStrategy
from medengage.scoring._feature_tables import FeatureTable
from medengage.scoring._tally import Tally


class Weighted(TallyStrategy):
    """
    Scores from 0 to 100: ``mean``, with weights.

    A respondent's feature score is 100 times the mean ``u`` of their
    answers on the feature, each weighted by its item's ``weight``; a
    feature's score is the mean over the respondents who answered it; the
    overall score is the mean of the feature scores, each weighted by its
    weight in the ``feature_weights`` option (1 for a feature it does not
    name).

    A level's score is, unless the level says otherwise, the mean of its
    parts' scores, each weighted by its weight in ``feature_weights``,
    which may name levels too (1 for a part it does not name).
    """

    name = "weighted"
    weighted = True

    def score_tally(
        self,
        tally: Tally,
        checklist: Checklist,
        *,
        min_respondents: int = MIN_RESPONDENTS,
        banding: Banding | None = None,
        feature_weights: Mapping[str, float] | None = None,
    ) -> ScoredAssessment:
        """
        Score the answers *tally* counts, as `TallyStrategy.score_tally`
        does, with *feature_weights*: the weight of each feature, by id, in
        the overall score.
        """
        _check_feature_weights(checklist, feature_weights or {})
        options: dict[str, Any] = {}
        if feature_weights:
            options["feature_weights"] = dict(feature_weights)
        return self.finish(tally, checklist, min_respondents, banding, options)

    def part_weight(self, part: str, options: Mapping[str, Any]) -> Fraction:
        return Fraction(options.get("feature_weights", {}).get(part, 1))

    def overall_value(
        self,
        features: tuple[FeatureTable, ...],
        values: Mapping[str, Fraction | None],
        options: Mapping[str, Any],
    ) -> Fraction | None:
        given = options.get("feature_weights", {})
        total = weights = Fraction(0)
        for feature, value in values.items():
            if value is not None:
                weight = Fraction(given.get(feature, 1))
                total += weight * value
                weights += weight
        return total / weights if weights else None


def _check_feature_weights(checklist: Checklist, given: Mapping[str, object]) -> None:
    known = [feature.id for feature in checklist.features]
    levels = [level.id for level in checklist.levels]
    for feature, weight in given.items():
        if feature not in known and feature not in levels:
            listed = ", ".join(known)
            if levels:
                listed += f"; its levels: {', '.join(levels)}"
            raise MedEngageError(
                f"feature_weights names {feature!r}, which checklist "
                f"{checklist.id!r} lacks; its features: {listed}"
            )
        if not v.is_number(weight) or weight <= 0:  # type: ignore[operator]
            raise MedEngageError(
                f"feature_weights[{feature!r}] must be a number above zero, "
                f"not {weight!r}"
            )
