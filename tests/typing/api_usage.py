"""
The public API as users write it: checked by mypy, never run.
"""

from __future__ import annotations

import datetime as dt

import medengage
from medengage import (
    Assessment,
    Audience,
    Checklist,
    ChecklistItem,
    EngagementFeature,
    MedEngageError,
    Respondent,
    ResponseScale,
    ScalePoint,
)


agreement = ResponseScale(
    id="agree5",
    title="Agreement",
    points=[
        ScalePoint(value, str(value), favourable=value >= 4) for value in range(1, 6)
    ],
)
feature = EngagementFeature(id="stable-leadership", title="Stable leadership")
checklist = Checklist(
    id="demo",
    version=1,
    title="Demo",
    features=[feature],
    scales=[agreement],
    items=[
        ChecklistItem(
            id="q1",
            prompt="Leaders stay long enough to finish what they start.",
            feature="stable-leadership",
            scale="agree5",
            audience=Audience.INDIVIDUAL,
        )
    ],
)
assessment = Assessment(
    checklist=checklist,
    trust="RTF",
    date=dt.date(2024, 3, 31),
    respondents=[
        Respondent(id="r1", attributes={"grade": "consultant"}, answers={"q1": 4})
    ],
)

# load and loads return the kind asked for.
loaded_checklist: Checklist = medengage.loads(medengage.dumps(checklist), Checklist)
loaded_assessment: Assessment = medengage.load("survey.yaml", Assessment)
anything: object = medengage.loads("medengage: 1\nkind: Trust\n")

answer: int | float = assessment.respondents[0].answers["q1"]
grade: str = assessment.respondents[0].attributes["grade"]
version: str = medengage.__version__

try:
    medengage.load("checklist.yaml")
except MedEngageError as error:
    message: str = str(error)

# Scoring, and what comes after it.
scored: medengage.ScoredAssessment = medengage.score(assessment, checklist, "mean")
shown: float | None = scored.features["stable-leadership"].value
by_grade: medengage.Breakdown = medengage.breakdown(assessment, checklist, "grade")
trusted: medengage.Reliability = medengage.reliability(assessment, checklist)
standard_error: float | None = trusted.features[
    "stable-leadership"
].uncertainty.standard_error
moving: medengage.Journey = medengage.journey([assessment])
beside: medengage.Comparison = medengage.compare(scored, [scored])
matched: medengage.CaseStudyMatch = medengage.case_study_match(scored)
since: tuple[medengage.LaterEvent, ...] = matched.later_events["RW1"]
north: medengage.Journey = medengage.journey([assessment], follow={"RW6": "R0A"})
passed: tuple[medengage.Succession, ...] = (
    medengage.catalogue().trusts["RW6"].succeeded_by
)
sourced: tuple[tuple[str, medengage.Citation | None], ...] = (
    medengage.catalogue().facts()
)
found: medengage.Finding = medengage.catalogue().findings["not-there-yet"]
names: tuple[str, ...] = medengage.available_strategies()
nested = Checklist(
    id=checklist.id,
    version=2,
    title=checklist.title,
    features=checklist.features,
    scales=checklist.scales,
    items=checklist.items,
    levels=[
        medengage.Level(
            "index",
            "Index",
            ["stable-leadership"],
            medengage.LevelMethod.RESPONDENT_FIRST,
        )
    ],
)
under: tuple[EngagementFeature, ...] = nested.features_under("index")
level_score: float | None = scored.levels["index"].value
scored.check_keys(nested)
