"""
An example medengage scoring plugin: a feature's score is the median of its
respondents' scores, on 0 to 100.

This package is what the guide "Writing a scoring plugin" walks through.
"""

from __future__ import annotations

import statistics

import medengage
from medengage import (
    Assessment,
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
    feature scores. Scores that rest on fewer than *min_respondents*
    respondents are withheld, and so is the overall score if any feature's
    is.
    """

    name = "median"

    def score(
        self,
        assessment: Assessment,
        checklist: Checklist,
        *,
        min_respondents: int = 11,
    ) -> ScoredAssessment:
        features = {
            feature.id: _median_score(
                [
                    _respondent_score(checklist, checklist.items_for(feature.id), r)
                    for r in assessment.respondents
                ],
                min_respondents,
            )
            for feature in checklist.features
        }
        answered = sum(1 for r in assessment.respondents if len(r.answers) > 0)
        shown = [s.value for s in features.values() if s.value is not None]
        if any(s.withheld for s in features.values()) or 0 < answered < min_respondents:
            overall = Score(value=None, respondents=answered, withheld=True)
        else:
            overall = _shown(statistics.median(shown) if shown else None, answered)
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


def _median_score(scores: list[float | None], min_respondents: int) -> Score:
    answered = [score for score in scores if score is not None]
    if 0 < len(answered) < min_respondents:
        return Score(value=None, respondents=len(answered), withheld=True)
    return _shown(statistics.median(answered) if answered else None, len(answered))


def _shown(value: float | None, respondents: int) -> Score:
    band = None if value is None else medengage.JOURNEY_STAGES.band(value)
    return Score(value=value, respondents=respondents, band=band)


def _credit(checklist: Checklist, item: ChecklistItem, value: float) -> float:
    scale = checklist.scale(item.scale)
    u = (value - scale.lowest) / (scale.highest - scale.lowest)
    return 1 - u if item.reverse else u
