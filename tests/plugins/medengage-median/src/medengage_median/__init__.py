"""
An example medengage scoring plugin: a feature's score is the median of its
respondents' scores, on 0 to 100.

This package is what the guide "Writing a scoring plugin" walks through.
"""

from __future__ import annotations

import statistics

import medengage
from medengage import Assessment, Checklist, Score, ScoredAssessment


class Median:
    """
    Scores from 0 to 100: medians instead of means.

    A respondent's feature score is 100 times the mean ``u`` of their
    answers on the feature; a feature's score is the median over the
    respondents who answered it; the overall score is the median of the
    feature scores.
    """

    name = "median"

    def score(
        self,
        assessment: Assessment,
        checklist: Checklist,
        *,
        min_respondents: int = 11,
    ) -> ScoredAssessment:
        features = {}
        for feature in checklist.features:
            items = checklist.items_for(feature.id)
            scores = []
            for respondent in assessment.respondents:
                answered = [
                    _credit(checklist, item, respondent.answers[item.id])
                    for item in items
                    if item.id in respondent.answers
                ]
                if answered:
                    scores.append(100 * sum(answered) / len(answered))
            withheld = 0 < len(scores) < min_respondents
            value = statistics.median(scores) if scores and not withheld else None
            features[feature.id] = Score(
                value=value,
                respondents=len(scores),
                band=_band(value),
                withheld=withheld,
            )
        shown = [s.value for s in features.values() if s.value is not None]
        withheld = any(s.withheld for s in features.values())
        overall = statistics.median(shown) if shown and not withheld else None
        return ScoredAssessment(
            strategy=self.name,
            trust=assessment.trust,
            checklist=checklist.id,
            checklist_version=checklist.version,
            date=assessment.date,
            overall=Score(
                value=overall,
                respondents=len(assessment.respondents),
                band=None
                if overall is None
                else medengage.JOURNEY_STAGES.band(overall),
                withheld=withheld,
            ),
            features=features,
            banding=medengage.JOURNEY_STAGES,
            min_respondents=min_respondents,
        )


def _band(value: float | None) -> str | None:
    return None if value is None else medengage.JOURNEY_STAGES.band(value)


def _credit(checklist: Checklist, item: medengage.ChecklistItem, value: float) -> float:
    scale = checklist.scale(item.scale)
    u = (value - scale.lowest) / (scale.highest - scale.lowest)
    return 1 - u if item.reverse else u
