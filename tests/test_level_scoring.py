"""
Every built-in strategy scores every level: the three-level instrument of
`_levels_example`, worked by hand (see docs/instruments.md), under each
strategy and each level method.
"""

from __future__ import annotations

from fractions import Fraction

import attrs
import pytest
from _levels_example import INSTRUMENT, survey, with_method

import medengage
from medengage import LevelMethod, MedEngageError


MEAN = LevelMethod.MEAN_OF_PARTS
FIRST = LevelMethod.RESPONDENT_FIRST

#: (level method, strategy): engagement, culture, overall, exact.
WORKED = {
    (None, "mean"): ("475/6", "925/12", "1525/24"),
    (None, "staff-survey"): ("25/4", "175/24", "295/48"),
    (None, "percent-positive"): ("200/3", "125/2", "600/11"),
    (None, "weighted"): ("725/9", "700/9", "425/6"),
    (MEAN, "mean"): ("475/6", "925/12", "1525/24"),
    (MEAN, "staff-survey"): ("95/12", "185/24", "295/48"),
    (MEAN, "percent-positive"): ("75", "125/2", "600/11"),
    (MEAN, "weighted"): ("725/9", "700/9", "425/6"),
    (FIRST, "mean"): ("125/2", "875/12", "1475/24"),
    (FIRST, "staff-survey"): ("25/4", "175/24", "295/48"),
    (FIRST, "percent-positive"): ("175/3", "125/2", "600/11"),
    (FIRST, "weighted"): ("575/9", "1325/18", "1625/24"),
}


@pytest.mark.parametrize(("method", "strategy"), list(WORKED))
def test_the_worked_example(method: LevelMethod | None, strategy: str) -> None:
    checklist = with_method(method)
    options = {"feature_weights": {"culture": 3}} if strategy == "weighted" else {}
    scored = medengage.score(
        survey(checklist), checklist, strategy, min_respondents=1, **options
    )
    engagement, culture, overall = (
        float(Fraction(x)) for x in WORKED[method, strategy]
    )
    assert scored.levels["engagement"].value == engagement
    assert scored.levels["culture"].value == culture
    assert scored.overall.value == overall
    assert list(scored.levels) == ["engagement", "culture"]
    assert [s.respondents for s in scored.levels.values()] == [3, 3]


def test_feature_scores_do_not_depend_on_levels() -> None:
    flat = attrs.evolve(INSTRUMENT, levels=())
    for strategy in ("mean", "staff-survey", "percent-positive", "weighted"):
        with_levels = medengage.score(survey(), INSTRUMENT, strategy, min_respondents=1)
        without = medengage.score(survey(flat), flat, strategy, min_respondents=1)
        assert with_levels.features == without.features
        assert without.levels == {}


def test_weighted_takes_weights_for_levels_and_names_them_when_refusing() -> None:
    with pytest.raises(MedEngageError, match="its levels: engagement, culture"):
        medengage.score(
            survey(), INSTRUMENT, "weighted", feature_weights={"nowhere": 2}
        )


def test_a_level_of_a_withheld_group_is_withheld() -> None:
    scored = medengage.score(survey(), INSTRUMENT, "mean")
    assert all(score.withheld for score in scored.levels.values())
    assert scored.overall.withheld


def test_respondent_first_levels_over_uneven_answers_are_withheld() -> None:
    # Eleven respondents answer everything; one more answers only a1. The
    # group is large enough, but the respondent-first engagement level,
    # beside its features' scores, would give away how the twelfth scored.
    checklist = with_method(FIRST)
    full = dict.fromkeys(["a1", "a2", "b1", "c1", "d1"], 2)
    respondents = [
        medengage.Respondent(id=f"r{n}", answers=full) for n in range(11)
    ] + [medengage.Respondent(id="odd", answers={"a1": 3})]
    assessment = attrs.evolve(survey(checklist), respondents=respondents)
    scored = medengage.score(assessment, checklist, "mean")
    assert all(score.value is not None for score in scored.features.values())
    assert scored.levels["engagement"].withheld
    # culture holds engagement: made from it, it would give it away.
    assert scored.levels["culture"].withheld
    assert scored.overall.withheld
    # With everyone answering everything, nothing is withheld.
    even = attrs.evolve(assessment, respondents=respondents[:11])
    assert not any(s.withheld for s in medengage.score(even, checklist).levels.values())
    # And a strategy that means its parts has nothing to hide.
    means = medengage.score(
        attrs.evolve(assessment, checklist=with_method(MEAN)), with_method(MEAN), "mean"
    )
    assert not any(s.withheld for s in means.levels.values())
