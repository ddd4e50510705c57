"""
Group tallies: parts of a survey counted apart and merged give exactly the
total and the breakdowns, protected as `breakdown` protects them, that the
whole survey gives.
"""

from __future__ import annotations

import random
import sys
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_disclosure import ATTRIBUTES, STRATEGIES, random_surveys

import medengage
from medengage import GroupTallies, _group_tallies, merge_group_tallies
from medengage.errors import MedEngageError


NAMES = tuple(ATTRIBUTES)


def parts(
    assessment: medengage.Assessment, count: int, seed: int
) -> list[medengage.Assessment]:
    """
    *assessment*'s respondents dealt at random into *count* parts.
    """
    rng = random.Random(seed)
    dealt: list[list[medengage.Respondent]] = [[] for _ in range(count)]
    for respondent in assessment.respondents:
        dealt[rng.randrange(count)].append(respondent)
    return [
        medengage.Assessment(
            assessment.checklist, assessment.trust, assessment.date, people
        )
        for people in dealt
    ]


@settings(max_examples=12)
@given(
    assessment=random_surveys(),
    strategy=st.sampled_from(STRATEGIES),
    count=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
    by=st.sampled_from([*NAMES, ("grade", "site"), ("specialty", "grade")]),
)
def test_parts_merged_give_what_the_whole_gives(
    assessment: medengage.Assessment,
    strategy: str,
    count: int,
    seed: int,
    by: str | tuple[str, ...],
) -> None:
    checklist = assessment.checklist
    merged = merge_group_tallies(
        GroupTallies.of(part, NAMES) for part in parts(assessment, count, seed)
    )

    assert merged == GroupTallies.of(assessment, NAMES)
    assert merged.score(checklist, strategy) == medengage.score(
        assessment, checklist, strategy
    )
    assert merged.breakdown(checklist, by, strategy) == medengage.breakdown(
        assessment, checklist, by, strategy
    )


def test_the_bundled_surveys_break_down_alike() -> None:
    for assessment in medengage.catalogue().assessments:
        names = assessment.respondents.attribute_names
        counted = GroupTallies.of(assessment, names)
        for name in names:
            for strategy in STRATEGIES:
                assert counted.breakdown(
                    assessment.checklist, name, strategy
                ) == medengage.breakdown(
                    assessment, assessment.checklist, name, strategy
                )


def test_parts_tallied_by_other_attributes_are_refused() -> None:
    assessment = medengage.catalogue().assessments[0]
    with pytest.raises(MedEngageError, match="tally every part by the same"):
        merge_group_tallies(
            [GroupTallies.of(assessment, ["grade"]), GroupTallies.of(assessment, [])]
        )


def test_parts_of_other_surveys_are_refused() -> None:
    first, second = medengage.catalogue().assessments[:2]
    with pytest.raises(MedEngageError, match="different assessments"):
        merge_group_tallies(
            [GroupTallies.of(first, ["grade"]), GroupTallies.of(second, ["grade"])]
        )


def test_a_plugin_that_cannot_score_tallies_is_named() -> None:
    assessment = medengage.catalogue().assessments[0]

    class Median:
        name = "median-of-nothing"

        def score(self, *args: object, **options: object) -> object:
            raise AssertionError

    with pytest.raises(MedEngageError, match="cannot score from a tally"):
        GroupTallies.of(assessment, ["grade"]).score(assessment.checklist, Median())


def test_a_breakdown_needs_the_attribute_given() -> None:
    assessment = medengage.catalogue().assessments[0]
    with pytest.raises(MedEngageError):
        GroupTallies.of(assessment, ["nothing"]).breakdown(
            assessment.checklist, "nothing"
        )


@settings(max_examples=12)
@given(
    assessment=random_surveys(),
    names=st.lists(st.sampled_from([*NAMES, "unknown"]), unique=True, max_size=3),
)
def test_respondents_are_grouped_alike_with_numpy_and_without(
    assessment: medengage.Assessment, names: list[str]
) -> None:
    """
    Large surveys are put in groups with numpy where it is importable:
    the same groups, in the same order (as each first appears), each
    counting the same respondents.
    """
    pytest.importorskip("numpy")
    tallied = {}
    for least in (0, sys.maxsize):
        with mock.patch.object(_group_tallies, "_GROUPED_WITH_NUMPY_FROM", least):
            tallied[least] = GroupTallies.of(assessment, names)
    with_numpy, without = tallied.values()

    assert list(with_numpy.tallies) == list(without.tallies)
    assert with_numpy == without
