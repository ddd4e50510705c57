"""
An example medengage scoring plugin: a feature's score is the median of its
respondents' scores, on 0 to 100.

This package is what the guide "Writing a scoring plugin" walks through.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import medengage
from medengage import (
    Assessment,
    Audience,
    Checklist,
    ChecklistItem,
    Respondent,
    Score,
    ScoredAssessment,
)


class Median:
    """
    Scores from 0 to 100: medians instead of means.

    A respondent's feature score is 100 times the mean ``u`` of their
    answers on the feature; a feature's score is the median over the
    respondents who answered it; the overall score is the median of the
    feature scores. Where at least one and fewer than *min_respondents*
    doctors gave answers of their own to a feature, or to any item, every
    score resting on doctors' own answers is withheld, as the built-ins
    withhold them.
    """

    name = "median"

    def score(
        self,
        assessment: Assessment,
        checklist: Checklist,
        *,
        min_respondents: int = 11,
    ) -> ScoredAssessment:
        respondents = assessment.respondents
        medians, own = {}, {}
        for feature in checklist.features:
            items = checklist.items_for(feature.id)
            answered = [
                score
                for r in respondents
                if (score := _respondent_score(checklist, items, r)) is not None
            ]
            median = statistics.median(answered) if answered else None
            medians[feature.id] = (median, len(answered))
            own[feature.id] = _own_answers(items, respondents)
        everyone = _own_answers(checklist.items, respondents)
        withheld = 0 < everyone < min_respondents or any(
            0 < count < min_respondents for count in own.values()
        )
        features = {
            feature: _score(value, count, withheld and own[feature] > 0)
            for feature, (value, count) in medians.items()
        }
        shown = [s.value for s in features.values() if s.value is not None]
        overall = _score(
            statistics.median(shown) if shown else None,
            sum(1 for r in respondents if len(r.answers) > 0),
            withheld and everyone > 0,
        )
        return ScoredAssessment(
            strategy=self.name,
            trust=assessment.trust,
            checklist=checklist.id,
            checklist_version=checklist.version,
            date=assessment.date,
            overall=overall,
            features=features,
            banding=medengage.JOURNEY_STAGES,
            min_respondents=min_respondents,
        )


def _respondent_score(
    checklist: Checklist, items: tuple[ChecklistItem, ...], respondent: Respondent
) -> float | None:
    answers = respondent.answers
    credits = [
        _credit(checklist, item, answers[item.id])
        for item in items
        if item.id in answers
    ]
    return 100 * sum(credits) / len(credits) if credits else None


def _own_answers(
    items: tuple[ChecklistItem, ...], respondents: Sequence[Respondent]
) -> int:
    """
    How many respondents answered any of *items* for themselves.
    """
    own = [item.id for item in items if item.audience is Audience.INDIVIDUAL]
    return sum(1 for r in respondents if any(item in r.answers for item in own))


def _score(value: float | None, respondents: int, withheld: bool) -> Score:
    if withheld:
        return Score(value=None, respondents=respondents, withheld=True)
    band = None if value is None else medengage.JOURNEY_STAGES.band(value)
    return Score(value=value, respondents=respondents, band=band)


def _credit(checklist: Checklist, item: ChecklistItem, value: float) -> float:
    scale = checklist.scale(item.scale)
    u = (value - scale.lowest) / (scale.highest - scale.lowest)
    return 1 - u if item.reverse else u
