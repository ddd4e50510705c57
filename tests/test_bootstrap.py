"""
Standard errors for any strategy: a strategy's own, or a seeded bootstrap
over respondents that agrees with the built-ins' formulas.
"""

from __future__ import annotations

import statistics
from typing import Any

import attrs
import pytest
from _worked_example import ASSESSMENT, CHECKLIST

import medengage
from medengage import (
    Assessment,
    Bootstrap,
    Checklist,
    MedEngageError,
    ScoredAssessment,
    StandardErrors,
    ValidationError,
    bootstrap_standard_errors,
    reliability,
    score,
)


SURVEY = medengage.catalogue().assessments[-1]


class _Plugin:
    """
    The mean, as a strategy of someone's own with no standard errors.
    """

    name = "plugin-mean"

    def score(
        self, assessment: Assessment, checklist: Checklist, **options: Any
    ) -> ScoredAssessment:
        found = score(assessment, checklist, "mean", **options)
        return attrs.evolve(found, strategy=self.name)


class _WithErrors(_Plugin):
    """
    A strategy that gives standard errors of its own.
    """

    name = "with-errors"

    def standard_errors(
        self, assessment: Assessment, checklist: Checklist, **options: Any
    ) -> Any:
        return StandardErrors(overall=2.0, features={"leadership": 3.0})


def test_one_seed_gives_the_same_errors_with_any_number_of_workers() -> None:
    """
    The draws are made before anything is scored: the same seed gives the
    same errors however many threads score the resamples; another seed
    gives others.
    """
    one = bootstrap_standard_errors(SURVEY, bootstrap=Bootstrap(resamples=20, seed=5))
    again = bootstrap_standard_errors(
        SURVEY, bootstrap=Bootstrap(resamples=20, seed=5, workers=4)
    )
    other = bootstrap_standard_errors(SURVEY, bootstrap=Bootstrap(resamples=20, seed=6))

    assert one == again
    assert one != other


def test_agrees_with_the_built_ins_formulas_on_a_large_survey() -> None:
    """
    On a survey of 289 respondents, the bootstrap's standard error of every
    `mean` score lies within 15% of the linearised one: with 200 resamples
    its own relative error is about 5%, and an error off by a factor (such
    as the spread of respondents' scores, about 17 times the standard
    error, or one that forgets the resampling) would miss by far more.
    """
    analytic = reliability(SURVEY, "mean")
    boot = bootstrap_standard_errors(SURVEY, "mean", bootstrap=Bootstrap(seed=11))

    pairs = [(boot.overall, analytic.overall.standard_error)]
    pairs += [
        (boot.features[f], analytic.features[f].uncertainty.standard_error)
        for f in analytic.features
    ]
    ratios = []
    for estimated, exact in pairs:
        assert estimated is not None
        assert exact is not None
        ratios.append(estimated / exact)
    assert all(0.85 < ratio < 1.15 for ratio in ratios), ratios
    # Not by luck of one direction: the ratios centre on 1.
    assert 0.93 < statistics.fmean(ratios) < 1.07


def test_reliability_bootstraps_a_strategy_without_errors() -> None:
    """
    A strategy with no standard errors gets bootstrapped ones, and the
    same as `bootstrap_standard_errors` gives.
    """
    bootstrap = Bootstrap(resamples=20, seed=2)
    result = reliability(SURVEY, _Plugin(), bootstrap=bootstrap)
    errors = bootstrap_standard_errors(SURVEY, _Plugin(), bootstrap=bootstrap)

    assert result.errors_by == "bootstrap"
    assert result.overall.standard_error == errors.overall
    for feature, found in result.features.items():
        assert found.uncertainty.standard_error == errors.features[feature]


def test_a_strategys_own_errors_are_used() -> None:
    """
    A strategy's ``standard_errors`` are used as they are; a feature it
    leaves out has none.
    """
    result = reliability(ASSESSMENT, CHECKLIST, _WithErrors(), min_respondents=1)

    assert result.errors_by == "strategy"
    assert result.overall.standard_error == 2.0
    assert result.features["leadership"].uncertainty.standard_error == 3.0
    assert result.features["learning"].uncertainty.standard_error is None
    leadership = result.features["leadership"].uncertainty
    assert leadership.low is not None
    assert leadership.value is not None
    assert leadership.low < leadership.value


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        (42, "returned int, not medengage.StandardErrors"),
        (StandardErrors(None, {"nowhere": 1.0}), "errors of features 'nowhere'"),
    ],
)
def test_a_strategys_wrong_errors_are_refused(returned: object, message: str) -> None:
    """
    Errors of the wrong kind, or of features the checklist does not have,
    are refused, naming the way round them.
    """

    class Wrong(_Plugin):
        name = "wrong"

        def standard_errors(self, *args: object, **options: object) -> object:
            return returned

    with pytest.raises(MedEngageError, match=message) as caught:
        medengage.journey([ASSESSMENT], Wrong(), min_respondents=1)

    assert "Journey.from_scored" in str(caught.value)


def test_withheld_scores_show_no_bootstrapped_error() -> None:
    """
    A score the strategy withholds shows no error or interval, however its
    resamples came out.
    """
    result = reliability(ASSESSMENT, _Plugin(), bootstrap=Bootstrap(resamples=20))

    assert result.overall.withheld
    assert result.overall.standard_error is None
    for found in result.features.values():
        assert found.uncertainty.withheld
        assert found.uncertainty.low is None


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"resamples": 19}, "resamples"),
        ({"resamples": 20.0}, "resamples"),
        ({"seed": -1}, "seed"),
        ({"workers": 0}, "workers"),
        ({"workers": True}, "workers"),
    ],
)
def test_bad_bootstraps_are_refused(given: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        Bootstrap(**given)


def test_a_bootstrap_must_be_one() -> None:
    with pytest.raises(MedEngageError, match=r"must be a medengage\.Bootstrap"):
        bootstrap_standard_errors(SURVEY, bootstrap=200)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "given",
    [
        {"overall": -1.0},
        {"overall": float("nan")},
        {"overall": None, "features": {"a": -0.5}},
        {"overall": None, "features": {"not an id": 1.0}},
        {"overall": None, "features": {"a": "1"}},
    ],
)
def test_bad_standard_errors_are_refused(given: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        StandardErrors(**given)
