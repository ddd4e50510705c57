"""
A three-level instrument, small enough to score by hand: items make
features, features make a sub-scale, the sub-scale and a feature make a
meta-scale, and the meta-scale and a feature make the overall score.
"""

from __future__ import annotations

import datetime as dt

import attrs
from _samples import AGREEMENT

import medengage


def _item(id: str, feature: str, weight: float = 1.0) -> medengage.ChecklistItem:
    return medengage.ChecklistItem(
        id=id, prompt=f"Statement {id}.", feature=feature, scale="agree3", weight=weight
    )


INSTRUMENT = medengage.Checklist(
    id="three-level",
    version=1,
    title="Three-level instrument",
    features=[
        medengage.EngagementFeature(id="motivation", title="Motivation"),
        medengage.EngagementFeature(id="involvement", title="Involvement"),
        medengage.EngagementFeature(id="advocacy", title="Advocacy"),
        medengage.EngagementFeature(id="voice", title="Voice"),
    ],
    scales=[AGREEMENT],
    items=[
        _item("a1", "motivation", weight=2.0),
        _item("a2", "motivation"),
        _item("b1", "involvement"),
        _item("c1", "advocacy"),
        _item("d1", "voice"),
    ],
    levels=[
        medengage.Level(
            id="engagement", title="Engagement", parts=["motivation", "involvement"]
        ),
        medengage.Level(
            id="culture", title="Culture", parts=["engagement", "advocacy"]
        ),
    ],
)

ANSWERS = {
    "r1": {"a1": 3, "a2": 2, "b1": 3, "c1": 2, "d1": 1},
    "r2": {"a1": 3, "b1": 3, "d1": 3},
    "r3": {"a1": 1, "c1": 3, "d1": 2},
}


def with_method(method: medengage.LevelMethod | None) -> medengage.Checklist:
    """
    The instrument with every level's method set to *method*.
    """
    return attrs.evolve(
        INSTRUMENT,
        levels=[attrs.evolve(level, method=method) for level in INSTRUMENT.levels],
    )


def survey(checklist: medengage.Checklist = INSTRUMENT) -> medengage.Assessment:
    """
    Three respondents' answers to *checklist*.
    """
    return medengage.Assessment(
        checklist=checklist,
        trust="RX1",
        date=dt.date(2025, 3, 31),
        respondents=[
            medengage.Respondent(id=id, answers=answers)
            for id, answers in ANSWERS.items()
        ],
    )


def with_grades(
    assessment: medengage.Assessment, grades: list[str]
) -> medengage.Assessment:
    """
    *assessment*, each respondent with the grade of *grades* in their place.
    """
    return attrs.evolve(
        assessment,
        respondents=[
            attrs.evolve(respondent, attributes={"grade": grade})
            for respondent, grade in zip(assessment.respondents, grades, strict=True)
        ],
    )


def peers() -> list[medengage.ScoredAssessment]:
    """
    Three peers' scores of the instrument, on the date of `survey`, each
    from three respondents who answered alike.
    """
    found = []
    for index, code in enumerate(("RX2", "RX3", "RX4")):
        answers = {"a1": 1 + index, "b1": 1 + index, "c1": 2, "d1": 2}
        peer = attrs.evolve(
            survey(),
            trust=code,
            respondents=[
                medengage.Respondent(id=f"p{i}", answers=answers) for i in range(3)
            ],
        )
        found.append(medengage.score(peer, INSTRUMENT, min_respondents=1))
    return found
