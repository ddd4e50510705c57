"""
Invariants of the built-in strategies, over checklists and assessments from
medengage.testing.
"""

from __future__ import annotations

from random import Random

import attrs
from hypothesis import given
from hypothesis import strategies as st

from medengage import (
    Assessment,
    Checklist,
    ChecklistItem,
    Respondent,
    ResponseScale,
    ScalePoint,
    ScoredAssessment,
    breakdown,
    score,
    testing,
)
from medengage.scoring import merge, score_tally, tally


BUILT_IN = ("mean", "staff-survey", "percent-positive", "weighted")
strategies = st.sampled_from(BUILT_IN)
pairs = testing.checklists_with_assessments()


def _scores(result: ScoredAssessment) -> dict[str, float | None]:
    values = {feature: s.value for feature, s in result.features.items()}
    values["(overall)"] = result.overall.value
    return values


@given(pairs, strategies)
def test_scores_stay_in_their_range(
    pair: tuple[Checklist, Assessment], strategy: str
) -> None:
    """
    Every score lies in the strategy's range.
    """
    checklist, assessment = pair

    result = score(assessment, checklist, strategy, min_respondents=1)

    for value in _scores(result).values():
        assert value is None or result.low <= value <= result.high


@given(pairs, strategies, st.randoms(use_true_random=False))
def test_order_of_respondents_and_items_does_not_matter(
    pair: tuple[Checklist, Assessment], strategy: str, random: Random
) -> None:
    """
    Shuffling the respondents, and the checklist's items, gives the same
    scores.
    """
    checklist, assessment = pair
    respondents = list(assessment.respondents)
    random.shuffle(respondents)
    items = list(checklist.items)
    random.shuffle(items)
    shuffled = attrs.evolve(checklist, items=items)

    before = score(assessment, checklist, strategy, min_respondents=1)
    after = score(
        Assessment(shuffled, assessment.trust, assessment.date, respondents),
        shuffled,
        strategy,
        min_respondents=1,
    )

    assert _scores(after) == _scores(before)


@given(pairs, strategies)
def test_a_most_favourable_respondent_never_lowers_a_score(
    pair: tuple[Checklist, Assessment], strategy: str
) -> None:
    """
    Adding a respondent who answers every item most favourably never lowers
    any score.
    """
    checklist, assessment = pair
    best = Respondent(
        id="most-favourable-" + "x" * 8,
        answers={
            item.id: _most_favourable(checklist, item) for item in checklist.items
        },
    )
    more = attrs.evolve(assessment, respondents=(*assessment.respondents, best))

    before = _scores(score(assessment, checklist, strategy, min_respondents=1))
    after = _scores(score(more, checklist, strategy, min_respondents=1))

    for key, value in before.items():
        if value is not None:
            raised = after[key]
            assert raised is not None
            assert raised >= value


@given(pairs, strategies, st.data())
def test_flipping_a_scale_and_reverse_flags_together_changes_nothing(
    pair: tuple[Checklist, Assessment], strategy: str, data: st.DataObject
) -> None:
    """
    Writing a scale the other way up (values negated, so its order turns
    over) and turning over the reverse flag of every item on it gives the
    same scores.
    """
    checklist, assessment = pair
    flipped_scale = data.draw(st.sampled_from(checklist.scales))
    scales = [
        _flipped(scale) if scale is flipped_scale else scale
        for scale in checklist.scales
    ]
    items = [
        attrs.evolve(item, reverse=not item.reverse)
        if item.scale == flipped_scale.id
        else item
        for item in checklist.items
    ]
    flipped = attrs.evolve(checklist, scales=scales, items=items)
    respondents = [
        attrs.evolve(
            respondent,
            answers={
                item: -value
                if checklist.item(item).scale == flipped_scale.id
                else value
                for item, value in respondent.answers.items()
            },
        )
        for respondent in assessment.respondents
    ]

    before = score(assessment, checklist, strategy, min_respondents=1)
    after = score(
        attrs.evolve(assessment, checklist=flipped, respondents=respondents),
        flipped,
        strategy,
        min_respondents=1,
    )

    assert _scores(after) == _scores(before)


@given(pairs, strategies, st.lists(st.integers(0, 3), max_size=40))
def test_merged_parts_equal_the_whole(
    pair: tuple[Checklist, Assessment], strategy: str, parts_of: list[int]
) -> None:
    """
    Scoring the merged tallies of any split of the respondents gives
    exactly the result of scoring them all at once.
    """
    checklist, assessment = pair
    parts: list[list[Respondent]] = [[], [], [], []]
    for index, respondent in enumerate(assessment.respondents):
        parts[parts_of[index] if index < len(parts_of) else 0].append(respondent)
    tallies = [tally(attrs.evolve(assessment, respondents=part)) for part in parts]

    merged = merge(tallies)

    assert merged == tally(assessment)
    assert score_tally(merged, checklist, strategy, min_respondents=3) == score(
        assessment, checklist, strategy, min_respondents=3
    )


@given(
    testing.checklists_with_assessments(min_respondents=5, max_respondents=40),
    strategies,
    st.integers(min_value=2, max_value=12),
    st.data(),
)
def test_a_withheld_score_never_leaks_through_a_breakdown(
    pair: tuple[Checklist, Assessment],
    strategy: str,
    min_respondents: int,
    data: st.DataObject,
) -> None:
    """
    Wherever a group's score is withheld while the total is shown, at least
    one other group's is withheld too, so that no withheld score can be
    worked out from the total and the rest; and nothing withheld has a value.
    """
    checklist, assessment = pair
    grades = data.draw(
        st.lists(
            st.sampled_from(
                ["consultant", "specialty doctor", "resident", "foundation"]
            ),
            min_size=len(assessment.respondents),
            max_size=len(assessment.respondents),
        )
    )
    graded = with_grades(assessment, grades)

    result = breakdown(
        graded, checklist, "grade", strategy, min_respondents=min_respondents
    )

    for key in (None, *checklist_features(checklist)):
        total = result.total.overall if key is None else result.total.features[key]
        scores = [
            group.overall if key is None else group.features[key]
            for group in result.groups.values()
        ]
        withheld = [s for s in scores if s.withheld]
        for s in withheld:
            assert s.value is None
            assert s.band is None
        if total.value is not None and withheld:
            assert len(withheld) >= 2


def with_grades(assessment: Assessment, grades: list[str]) -> Assessment:
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


def checklist_features(checklist: Checklist) -> list[str]:
    return [feature.id for feature in checklist.features]


def _most_favourable(checklist: Checklist, item: ChecklistItem) -> float:
    scale = checklist.scale(item.scale)
    return scale.lowest if item.reverse else scale.highest


def _flipped(scale: ResponseScale) -> ResponseScale:
    # The values turn over; which places on the scale are favourable (read
    # as for an item that is not reverse-scored) stays, as the reverse flag
    # turns over with the scale.
    return attrs.evolve(
        scale,
        points=[
            ScalePoint(-point.value, point.label, place.favourable)
            for point, place in zip(reversed(scale.points), scale.points, strict=True)
        ],
    )
