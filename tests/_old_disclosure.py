"""
Results made the way medengage made them before disclosure control was
planned over everything published together: each score withheld on its
own, and each breakdown protecting itself, one score at a time, by the
next smallest group. Kept so that tests can show the audit catching what
that let through.
"""

from __future__ import annotations

import attrs

import medengage
from medengage import Assessment, Audience, Breakdown, ScoredAssessment


def old_score(
    assessment: Assessment, strategy: str = "mean", threshold: int = 11
) -> ScoredAssessment:
    """
    *assessment* scored as before: a feature withheld where 1 to
    *threshold* - 1 doctors answered it for themselves, the overall where
    any feature was or as few doctors answered at all.
    """
    checklist = assessment.checklist
    full = medengage.score(assessment, checklist, strategy, min_respondents=1)
    features = {}
    for feature, score in full.features.items():
        doctors = sum(
            1
            for r in assessment.respondents
            if any(
                i.id in r.answers and i.audience is Audience.INDIVIDUAL
                for i in checklist.items_for(feature)
            )
        )
        features[feature] = score.withhold() if 0 < doctors < threshold else score
    individuals = sum(
        1
        for r in assessment.respondents
        if any(checklist.item(i).audience is Audience.INDIVIDUAL for i in r.answers)
    )
    overall = full.overall
    if any(s.withheld for s in features.values()) or 0 < individuals < threshold:
        overall = overall.withhold()
    return attrs.evolve(
        full, features=features, overall=overall, min_respondents=threshold
    )


def old_breakdown(
    assessment: Assessment, by: str, strategy: str = "mean", threshold: int = 11
) -> Breakdown:
    """
    *assessment* broken down by *by* as before: where only one group's
    score of a feature (or overall) was withheld, the smallest group with
    a value there was withheld too, that score alone.
    """
    members: dict[str, list[medengage.Respondent]] = {}
    for r in assessment.respondents:
        members.setdefault(r.attributes.get(by, medengage.NOT_STATED), []).append(r)
    ordered = sorted(members.items(), key=lambda g: (-len(g[1]), g[0]))
    groups = {
        value: old_score(
            attrs.evolve(assessment, respondents=people), strategy, threshold
        )
        for value, people in ordered
    }
    total = old_score(assessment, strategy, threshold)
    for feature in (None, *total.features):

        def pick(
            scored: ScoredAssessment, feature: str | None = feature
        ) -> medengage.Score:
            return scored.overall if feature is None else scored.features[feature]

        withheld = [name for name, g in groups.items() if pick(g).withheld]
        if len(withheld) != 1 or pick(total).withheld:
            continue
        shown = [name for name, g in groups.items() if pick(g).value is not None]
        if not shown:
            continue
        smallest = min(shown, key=lambda name: (pick(groups[name]).respondents, name))
        scored = groups[smallest]
        if feature is None:
            groups[smallest] = attrs.evolve(scored, overall=scored.overall.withhold())
        else:
            changed = dict(scored.features)
            changed[feature] = changed[feature].withhold()
            groups[smallest] = attrs.evolve(scored, features=changed)
    return Breakdown(by=by, total=total, groups=groups)
