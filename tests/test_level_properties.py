"""
Invariants of level scores, over checklists with levels drawn by
medengage.testing.
"""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st
from test_scoring_properties import pairs, strategies, with_grades

from medengage import (
    Assessment,
    Checklist,
    Level,
    LevelMethod,
    Respondent,
    breakdown,
    score,
    testing,
)
from medengage.scoring import merge, score_tally, tally


leveled_pairs = pairs.flatmap(testing.leveled)
minimums = st.sampled_from((1, 3, 11))


@given(pairs, strategies, minimums, st.sampled_from((None, "own")))
def test_one_level_over_every_feature_changes_nothing(
    pair: tuple[Checklist, Assessment],
    strategy: str,
    min_respondents: int,
    method: str | None,
) -> None:
    """
    A checklist whose features make one level scores its features and its
    overall exactly as the flat checklist does, and the level as its
    overall, withheld or not alike.
    """
    checklist, assessment = pair
    own = LevelMethod.RESPONDENT_FIRST if strategy == "staff-survey" else None
    if strategy in ("mean", "weighted"):
        own = LevelMethod.MEAN_OF_PARTS
    level = Level(
        id="all-of-it",
        title="All of it",
        parts=[feature.id for feature in checklist.features],
        method=own if method == "own" else None,
    )
    one = attrs.evolve(checklist, levels=[level])
    one_assessed = attrs.evolve(assessment, checklist=one)

    flat = score(assessment, checklist, strategy, min_respondents=min_respondents)
    nested = score(one_assessed, one, strategy, min_respondents=min_respondents)

    assert nested.features == flat.features
    assert nested.overall == flat.overall
    assert nested.levels == {"all-of-it": flat.overall}


@given(leveled_pairs, strategies)
def test_level_scores_stay_in_range(
    pair: tuple[Checklist, Assessment], strategy: str
) -> None:
    checklist, assessment = pair

    result = score(assessment, checklist, strategy, min_respondents=1)

    assert list(result.levels) == [level.id for level in checklist.levels]
    for level in result.levels.values():
        assert level.value is None or result.low <= level.value <= result.high
        assert not level.withheld


@given(leveled_pairs, strategies, st.lists(st.integers(0, 3), max_size=40), minimums)
def test_merged_parts_equal_the_whole_at_every_level(
    pair: tuple[Checklist, Assessment],
    strategy: str,
    parts_of: list[int],
    min_respondents: int,
) -> None:
    checklist, assessment = pair
    parts: list[list[Respondent]] = [[], [], [], []]
    for index, respondent in enumerate(assessment.respondents):
        parts[parts_of[index] if index < len(parts_of) else 0].append(respondent)
    tallies = [tally(attrs.evolve(assessment, respondents=part)) for part in parts]

    whole = score(assessment, checklist, strategy, min_respondents=min_respondents)

    assert (
        score_tally(
            merge(tallies), checklist, strategy, min_respondents=min_respondents
        )
        == whole
    )


@given(
    testing.checklists_with_assessments(min_respondents=5, max_respondents=40).flatmap(
        testing.leveled
    ),
    strategies,
    st.integers(min_value=2, max_value=12),
    st.data(),
)
def test_a_withheld_level_never_leaks_through_a_breakdown(
    pair: tuple[Checklist, Assessment],
    strategy: str,
    min_respondents: int,
    data: st.DataObject,
) -> None:
    """
    Wherever a group's level score is withheld while the total's is shown,
    another group's is withheld too; nothing withheld has a value.
    """
    checklist, assessment = pair
    grades = data.draw(
        st.lists(
            st.sampled_from(["consultant", "specialty doctor", "resident"]),
            min_size=len(assessment.respondents),
            max_size=len(assessment.respondents),
        )
    )
    graded = with_grades(assessment, grades)

    result = breakdown(
        graded, checklist, "grade", strategy, min_respondents=min_respondents
    )

    for level in checklist.levels:
        total = result.total.levels[level.id]
        scores = [group.levels[level.id] for group in result.groups.values()]
        withheld = [s for s in scores if s.withheld]
        assert all(s.value is None for s in withheld)
        if total.value is not None and withheld:
            assert len(withheld) >= 2
