"""
Invariants of weighted scoring, over checklists, assessments and weights
from medengage.testing.
"""

from __future__ import annotations

import itertools

import attrs
from hypothesis import given
from hypothesis import strategies as st
from test_weights import plain

from medengage import (
    Assessment,
    Checklist,
    RespondentWeights,
    ScoredAssessment,
    breakdown,
    score,
    testing,
)
from medengage.scoring import merge, score_tally, tally


BUILT_IN = ("mean", "staff-survey", "percent-positive", "weighted")
strategies = st.sampled_from(BUILT_IN)


@st.composite
def weighted(
    draw: st.DrawFn, *, equal: bool = False, max_respondents: int = 15
) -> tuple[Checklist, Assessment, RespondentWeights]:
    # Levels too, sometimes: a level made respondent first is a weighted
    # mean over respondents like any other.
    checklist, assessment = draw(
        testing.checklists_with_assessments(
            min_respondents=1, max_respondents=max_respondents
        ).flatmap(testing.leveled)
    )
    weights = draw(testing.respondent_weights(assessment, equal=equal))
    return checklist, assessment, weights


def _withheld(result: ScoredAssessment) -> list[tuple[bool, int]]:
    return [
        (s.withheld, s.respondents) for s in (result.overall, *result.features.values())
    ]


@given(weighted(equal=True), strategies, st.sampled_from((1, 11)))
def test_weights_all_one_give_the_unweighted_result(
    case: tuple[Checklist, Assessment, RespondentWeights],
    strategy: str,
    min_respondents: int,
) -> None:
    """
    Weights of one, or of any value given to everyone alike, change
    nothing but the record of weighting.
    """
    checklist, assessment, equal = case
    ones = RespondentWeights({r.id: 1 for r in assessment.respondents})
    unweighted = score(assessment, checklist, strategy, min_respondents=min_respondents)

    for weights in (ones, equal):
        result = score(
            assessment,
            checklist,
            strategy,
            min_respondents=min_respondents,
            weights=weights,
        )

        assert plain(result) == unweighted


@given(weighted(), strategies, st.data())
def test_merged_weighted_partitions_score_as_the_whole(
    case: tuple[Checklist, Assessment, RespondentWeights],
    strategy: str,
    data: st.DataObject,
) -> None:
    checklist, assessment, weights = case
    cuts = sorted(
        data.draw(
            st.lists(
                st.integers(min_value=0, max_value=len(assessment.respondents)),
                max_size=3,
            )
        )
    )
    bounds = [0, *cuts, len(assessment.respondents)]
    parts = [
        attrs.evolve(assessment, respondents=assessment.respondents[a:b])
        for a, b in itertools.pairwise(bounds)
    ]

    merged = merge(tally(part, weights.restricted_to(part)) for part in parts)

    assert merged == tally(assessment, weights)
    assert score_tally(merged, checklist, strategy, min_respondents=1) == score(
        assessment, checklist, strategy, min_respondents=1, weights=weights
    )


@given(weighted(), strategies, st.integers(min_value=1, max_value=15))
def test_disclosure_never_counts_weights(
    case: tuple[Checklist, Assessment, RespondentWeights],
    strategy: str,
    min_respondents: int,
) -> None:
    """
    Whatever the weights, the same scores are withheld, resting on the same
    numbers of respondents, as without them.
    """
    checklist, assessment, weights = case

    result = score(
        assessment,
        checklist,
        strategy,
        min_respondents=min_respondents,
        weights=weights,
    )
    unweighted = score(assessment, checklist, strategy, min_respondents=min_respondents)

    assert _withheld(result) == _withheld(unweighted)


@given(weighted(max_respondents=12), st.integers(min_value=1, max_value=6))
def test_breakdowns_never_count_weights(
    case: tuple[Checklist, Assessment, RespondentWeights], min_respondents: int
) -> None:
    checklist, assessment, weights = case
    if not any(r.attributes.get("grade") for r in assessment.respondents):
        return

    by_grade = breakdown(
        assessment, checklist, "grade", min_respondents=min_respondents, weights=weights
    )
    plain = breakdown(assessment, checklist, "grade", min_respondents=min_respondents)

    assert _withheld(by_grade.total) == _withheld(plain.total)
    assert {g: _withheld(s) for g, s in by_grade.groups.items()} == {
        g: _withheld(s) for g, s in plain.groups.items()
    }


@given(weighted(), strategies)
def test_weighted_scores_stay_in_range(
    case: tuple[Checklist, Assessment, RespondentWeights], strategy: str
) -> None:
    checklist, assessment, weights = case

    result = score(assessment, checklist, strategy, min_respondents=1, weights=weights)

    for s in (result.overall, *result.features.values()):
        assert s.value is None or result.low <= s.value <= result.high
        if s.value is not None:
            assert s.effective_respondents is not None
            assert 0 < s.effective_respondents <= s.respondents


@given(
    testing.checklists_with_assessments(min_respondents=1, max_respondents=8).flatmap(
        testing.leveled
    ),
    strategies,
    st.data(),
)
def test_a_whole_weight_counts_as_so_many_copies(
    pair: tuple[Checklist, Assessment], strategy: str, data: st.DataObject
) -> None:
    """
    A respondent weighted k scores as k copies of them unweighted, at every
    level, feature and overall: weights are counted wherever respondents
    are, respondent-first levels included.
    """
    checklist, assessment = pair
    copies = {
        r.id: data.draw(st.integers(1, 3), label=r.id) for r in assessment.respondents
    }
    weights = RespondentWeights(copies)
    copied = attrs.evolve(
        assessment,
        respondents=[
            attrs.evolve(r, id=f"{r.id} copy {n}")
            for r in assessment.respondents
            for n in range(copies[r.id])
        ],
    )

    def values(result: ScoredAssessment) -> list[float | None]:
        scores = [result.overall, *result.features.values(), *result.levels.values()]
        return [s.value for s in scores]

    weighted_result = score(
        assessment, checklist, strategy, min_respondents=1, weights=weights
    )
    copied_result = score(copied, checklist, strategy, min_respondents=1)
    for ours, theirs in zip(
        values(weighted_result), values(copied_result), strict=True
    ):
        assert (ours is None) == (theirs is None)
        if ours is not None and theirs is not None:
            assert abs(ours - theirs) <= 1e-9 * max(1.0, abs(theirs))
