"""
Tallies, counted from an assessment's columns of answer codes, against a
count made respondent by respondent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medengage import (
    Assessment,
    Checklist,
    ChecklistItem,
    EngagementFeature,
    Respondent,
    ResponseScale,
    ScalePoint,
    ValidationError,
    testing,
)
from medengage._checklists import Audience
from medengage.scoring import tally
from medengage.scoring._given_states import INDIVIDUAL, NOTHING, ORGANISATION_ONLY


def counted_one_by_one(assessment: Assessment) -> dict[str, Counter[object]]:
    """
    The tally's counts, the plain way: each respondent's pattern for each
    feature.
    """
    checklist = assessment.checklist
    counts: dict[str, Counter[object]] = {f.id: Counter() for f in checklist.features}
    for respondent in assessment.respondents:
        answers = {
            feature.id: tuple(
                respondent.answers.get(item.id)
                for item in checklist.items_for(feature.id)
            )
            for feature in checklist.features
        }
        states = []
        for feature in checklist.features:
            state = NOTHING
            for item in checklist.items_for(feature.id):
                if item.id in respondent.answers:
                    if item.audience is Audience.INDIVIDUAL:
                        state = INDIVIDUAL
                        break
                    state = ORGANISATION_ONLY
            states.append(state)
        for feature in checklist.features:
            counts[feature.id][answers[feature.id], tuple(states)] += 1
    return counts


def assert_counted_alike(assessment: Assessment) -> None:
    counted = tally(assessment)
    assert counted.respondents == len(assessment.respondents)
    assert {f: dict(counted.patterns(f)) for f in counted.counts} == {
        f: dict(c) for f, c in counted_one_by_one(assessment).items()
    }


@given(testing.checklists_with_assessments(max_respondents=30))
def test_a_tally_counts_what_each_respondent_gave(
    pair: tuple[Checklist, Assessment],
) -> None:
    _, assessment = pair
    assert_counted_alike(assessment)


@given(
    testing.checklists(min_items=8, max_items=24, max_features=2).flatmap(
        lambda checklist: testing.assessments(checklist, max_respondents=20)
    )
)
def test_features_with_more_combinations_than_two_bytes_number(
    assessment: Assessment,
) -> None:
    assert_counted_alike(assessment)


def scale(points: int) -> ResponseScale:
    return ResponseScale(
        id="wide",
        title="Wide",
        points=[
            ScalePoint(value, f"point {value}", favourable=value == points)
            for value in range(1, points + 1)
        ],
    )


def checklist_on(scale: ResponseScale, items: int) -> Checklist:
    return Checklist(
        id="wide",
        version=1,
        title="Wide",
        features=[EngagementFeature(id="f", title="F")],
        scales=[scale],
        items=[
            ChecklistItem(
                id=f"q{i}",
                prompt=f"Question {i}",
                feature="f",
                scale="wide",
                audience=Audience.ORGANISATION if i == 0 else Audience.INDIVIDUAL,
            )
            for i in range(items)
        ],
    )


@pytest.mark.parametrize(
    ("points", "items"),
    [(255, 3), (5, 10)],
    ids=["a scale of 255 points", "ten items of 5 points"],
)
@given(data=st.data())
def test_wide_features_are_counted_in_full(
    points: int, items: int, data: st.DataObject
) -> None:
    checklist = checklist_on(scale(points), items)
    rows = data.draw(
        st.lists(
            st.lists(
                st.none() | st.integers(1, points), min_size=items, max_size=items
            ),
            max_size=20,
        )
    )
    assessment = Assessment(
        checklist,
        "ZNW",
        dt.date(2024, 1, 1),
        [
            Respondent(f"r{n}", answers={f"q{i}": v for i, v in enumerate(row)})
            for n, row in enumerate(rows)
        ],
    )
    assert_counted_alike(assessment)
    for position in range(items):
        assert assessment.answers_to(f"q{position}") == tuple(
            row[position] for row in rows
        )


def test_a_scale_has_at_most_255_points() -> None:
    with pytest.raises(ValidationError, match="at most 255 points, not 256"):
        scale(256)


def test_respondents_who_give_otherwise_are_counted_with_what_they_gave() -> None:
    checklist = checklist_on(scale(5), 3)
    answers = [
        {"q0": 1, "q1": 2, "q2": 3},
        {"q0": 1, "q1": 2, "q2": 3},
        {"q0": 4},
        {},
    ]
    assessment = Assessment(
        checklist,
        "ZNW",
        dt.date(2024, 1, 1),
        [Respondent(f"r{n}", answers=a) for n, a in enumerate(answers)],
    )
    assert dict(tally(assessment).patterns("f")) == {
        ((1, 2, 3), (INDIVIDUAL,)): 2,
        ((4, None, None), (ORGANISATION_ONLY,)): 1,
        ((None, None, None), (NOTHING,)): 1,
    }


def test_respondents_who_each_skip_another_feature_are_counted_right() -> None:
    """
    Where no combination of what respondents gave is shared by most, the
    most common one is found by counting, and the others are paired up.
    """
    checklist = Checklist(
        id="skips",
        version=1,
        title="Skips",
        features=[EngagementFeature(id=f"f{f}", title=f"F{f}") for f in range(3)],
        scales=[scale(5)],
        items=[
            ChecklistItem(id=f"q{f}", prompt=f"Q{f}", feature=f"f{f}", scale="wide")
            for f in range(3)
        ],
    )
    assessment = Assessment(
        checklist,
        "ZNW",
        dt.date(2024, 1, 1),
        [
            Respondent(
                f"r{n}",
                answers={f"q{f}": 1 + (n + f) % 5 for f in range(3) if f != n % 3},
            )
            for n in range(30)
        ],
    )
    assert_counted_alike(assessment)
