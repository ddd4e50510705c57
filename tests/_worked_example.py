"""
The worked example of docs/scoring.md: a checklist small enough to score by
hand, with reverse-scored items, missing answers and items on different
scales.
"""

from __future__ import annotations

import datetime as dt

from medengage import (
    Assessment,
    Checklist,
    ChecklistItem,
    EngagementFeature,
    Respondent,
    ResponseScale,
    ScalePoint,
)


AGREEMENT = ResponseScale(
    id="agree5",
    title="Agreement",
    points=[
        ScalePoint(1, "Strongly disagree"),
        ScalePoint(2, "Disagree"),
        ScalePoint(3, "Neither agree nor disagree"),
        ScalePoint(4, "Agree", favourable=True),
        ScalePoint(5, "Strongly agree", favourable=True),
    ],
)
YES_NO = ResponseScale(
    id="yes3",
    title="Yes, partly or no",
    points=[
        ScalePoint(1, "No"),
        ScalePoint(2, "Partly"),
        ScalePoint(3, "Yes", favourable=True),
    ],
)
CHECKLIST = Checklist(
    id="worked-example",
    version=1,
    title="Worked example",
    features=[
        EngagementFeature(id="leadership", title="Leadership"),
        EngagementFeature(id="learning", title="Learning"),
    ],
    scales=[AGREEMENT, YES_NO],
    items=[
        ChecklistItem(
            id="l1",
            prompt="Leaders listen to doctors.",
            feature="leadership",
            scale="agree5",
        ),
        ChecklistItem(
            id="l2",
            prompt="Leaders change too often to finish what they start.",
            feature="leadership",
            scale="agree5",
            reverse=True,
            weight=3.0,
        ),
        ChecklistItem(
            id="k1",
            prompt="Incidents lead to changes.",
            feature="learning",
            scale="agree5",
        ),
        ChecklistItem(
            id="k2",
            prompt="I have taken part in an improvement project this year.",
            feature="learning",
            scale="yes3",
        ),
    ],
)
ASSESSMENT = Assessment(
    checklist=CHECKLIST,
    trust="RTF",
    date=dt.date(2024, 3, 31),
    respondents=[
        Respondent("r1", {"grade": "consultant"}, {"l1": 5, "l2": 2, "k1": 4, "k2": 3}),
        Respondent("r2", {"grade": "consultant"}, {"l1": 4, "k1": 2, "k2": 2}),
        Respondent("r3", {"grade": "resident"}, {"k1": 5, "k2": 1}),
    ],
)
