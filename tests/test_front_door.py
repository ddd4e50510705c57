"""
The front door, `medengage.score`: the options a strategy was given are
recorded in its result, whatever the strategy does, and the checklist need
not be given again.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from _worked_example import ASSESSMENT, CHECKLIST

import medengage
from medengage import (
    Assessment,
    Checklist,
    MedEngageError,
    NotComparableError,
    ScoredAssessment,
    compare,
    reliability,
    score,
)
from medengage.scoring import score_tally, tally


class _Forgetful:
    """
    A plugin that takes options and records none of them.
    """

    name = "forgetful"

    def score(
        self, assessment: Assessment, checklist: Checklist, **options: Any
    ) -> ScoredAssessment:
        found = score(assessment, checklist, "mean", min_respondents=1)
        return attrs.evolve(found, strategy=self.name)


class _Misrecording(_Forgetful):
    """
    A plugin that records an option other than it was given.
    """

    name = "misrecording"

    def score(
        self, assessment: Assessment, checklist: Checklist, **options: Any
    ) -> ScoredAssessment:
        found = super().score(assessment, checklist)
        return attrs.evolve(found, options={"cutoff": 1})


def test_options_a_plugin_forgets_are_recorded() -> None:
    """
    The result holds the options given, so results made with different
    options are never taken for comparable.
    """
    low = score(ASSESSMENT, CHECKLIST, _Forgetful(), cutoff=3, label="a")
    high = score(ASSESSMENT, CHECKLIST, _Forgetful(), cutoff=4, label="a")

    assert dict(low.options) == {"cutoff": 3, "label": "a"}
    assert dict(high.options) == {"cutoff": 4, "label": "a"}
    with pytest.raises(NotComparableError, match="options"):
        compare(low, [high])


def test_options_of_a_built_in_are_recorded_as_before() -> None:
    """
    The built-ins' own record is kept: fields for ``min_respondents`` and
    ``banding``, and ``feature_weights`` as numbers; None means the
    default and is not recorded.
    """
    weights = {"leadership": 2}
    found = score(ASSESSMENT, CHECKLIST, "weighted", feature_weights=weights)
    plain = score(ASSESSMENT, CHECKLIST, "weighted", feature_weights=None)

    assert dict(found.options) == {"feature_weights": {"leadership": 2.0}}
    assert dict(plain.options) == {}
    assert score_tally(tally(ASSESSMENT), CHECKLIST, "mean", min_respondents=1) == (
        score(ASSESSMENT, CHECKLIST, "mean", min_respondents=1)
    )


def test_a_result_that_misstates_its_options_is_refused() -> None:
    with pytest.raises(MedEngageError, match=r"given cutoff=3 but its result"):
        score(ASSESSMENT, CHECKLIST, _Misrecording(), cutoff=3)


def test_a_result_that_misstates_its_threshold_is_refused() -> None:
    """
    A strategy that ignores ``min_respondents`` is found out.
    """
    with pytest.raises(MedEngageError, match=r"given min_respondents=5"):
        score(ASSESSMENT, CHECKLIST, _Forgetful(), min_respondents=5)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1, 2], r"\[1, 2\] is a sequence, which a result cannot keep"),
        ((1, 2), r"\(1, 2\) is a sequence"),
        ({"a": [1]}, r"is not a finite number: a mapping kept as an option"),
        (object(), "cannot be kept with a result"),
        (float("inf"), "cannot be kept with a result"),
    ],
)
def test_options_a_result_cannot_keep_are_refused_before_scoring(
    value: object, message: str
) -> None:
    """
    An option of a kind a result cannot keep is refused with the kinds it
    can be, before the strategy runs.
    """

    class Untouchable(_Forgetful):
        def score(self, *args: object, **options: object) -> ScoredAssessment:
            raise AssertionError("scored")

    with pytest.raises(MedEngageError, match=message) as caught:
        score(ASSESSMENT, CHECKLIST, Untouchable(), cutoffs=value)

    assert "plugins guide" in str(caught.value)


def test_the_checklist_need_not_be_given_again() -> None:
    """
    The assessment holds its checklist; a strategy may stand in the
    checklist's place, and the old form works as before.
    """
    old = score(ASSESSMENT, CHECKLIST, "staff-survey", min_respondents=1)

    assert score(ASSESSMENT, "staff-survey", min_respondents=1) == old
    assert score(ASSESSMENT, strategy="staff-survey", min_respondents=1) == old
    assert score(ASSESSMENT, min_respondents=1) == score(
        ASSESSMENT, CHECKLIST, min_respondents=1
    )
    assert reliability(ASSESSMENT, "staff-survey", min_respondents=1) == (
        reliability(ASSESSMENT, CHECKLIST, "staff-survey", min_respondents=1)
    )
    assert medengage.reliability(ASSESSMENT) == reliability(ASSESSMENT, CHECKLIST)


def test_two_strategies_are_refused() -> None:
    with pytest.raises(MedEngageError, match="two strategies given"):
        score(ASSESSMENT, "mean", "staff-survey")
