"""
The built-in strategies, checked against the worked example of
docs/scoring.md, computed by hand.
"""

from __future__ import annotations

import pickle
from fractions import Fraction as F
from importlib import resources

import attrs
import pytest
from _worked_example import ASSESSMENT, CHECKLIST

import medengage
from medengage import (
    JOURNEY_STAGES,
    Assessment,
    Banding,
    MedEngageError,
    breakdown,
    score,
)
from medengage.scoring import merge, score_tally, tally


# Each answer counts as u = (v - a) / (b - a), or 1 - u if reverse-scored:
#           l1 (agree5)  l2 (agree5, reverse, weight 3)  k1 (agree5)  k2 (yes3)
#   r1      5 -> 1       2 -> 1 - 1/4 = 3/4             4 -> 3/4     3 -> 1
#   r2      4 -> 3/4     -                              2 -> 1/4     2 -> 1/2
#   r3      -            -                              5 -> 1       1 -> 0
LEADERSHIP = {"r1": (F(1) + F(3, 4)) / 2, "r2": F(3, 4)}
LEARNING = {"r1": (F(3, 4) + 1) / 2, "r2": (F(1, 4) + F(1, 2)) / 2, "r3": F(1, 2)}


def _mean(values: list[F]) -> F:
    return sum(values, F(0)) / len(values)


def test_mean() -> None:
    """
    mean: 100 x each respondent's mean u, averaged over respondents; the
    overall score is the mean of the feature scores.
    """
    result = score(ASSESSMENT, CHECKLIST, "mean", min_respondents=1)

    leadership = 100 * _mean(list(LEADERSHIP.values()))
    learning = 100 * _mean(list(LEARNING.values()))
    assert leadership == F(325, 4)  # 81.25
    assert result.features["leadership"].value == float(leadership)
    assert result.features["learning"].value == float(learning)  # 58.33...
    assert result.overall.value == float((leadership + learning) / 2)  # 69.79...
    assert result.features["leadership"].respondents == 2
    assert result.features["learning"].respondents == 3
    assert result.overall.respondents == 3
    assert result.features["leadership"].band == "embedded"
    assert result.features["learning"].band == "established"


def test_staff_survey() -> None:
    """
    staff-survey: sub-scores are 10 x mean u; a respondent's engagement is
    the mean of their sub-scores; the overall score is the mean of
    respondents' engagement.
    """
    result = score(ASSESSMENT, CHECKLIST, "staff-survey", min_respondents=1)

    engagement = {
        "r1": (10 * LEADERSHIP["r1"] + 10 * LEARNING["r1"]) / 2,  # 8.75
        "r2": (10 * LEADERSHIP["r2"] + 10 * LEARNING["r2"]) / 2,  # 5.625
        "r3": 10 * LEARNING["r3"],  # 5: r3 answered one feature only
    }
    assert engagement == {"r1": F(35, 4), "r2": F(45, 8), "r3": F(5)}
    assert result.overall.value == float(_mean(list(engagement.values())))  # 6.458...
    assert result.features["leadership"].value == 8.125
    assert result.features["learning"].value == float(
        10 * _mean(list(LEARNING.values()))
    )
    assert (result.low, result.high) == (0.0, 10.0)
    assert result.banding == JOURNEY_STAGES.rescaled(0.1)


def test_percent_positive() -> None:
    """
    percent-positive: the share of answers on a favourable point, the scale
    read from its other end for a reverse-scored item.
    """
    result = score(ASSESSMENT, CHECKLIST, "percent-positive", min_respondents=1)

    # leadership: l1 5 and 4 favourable; l2 2 reversed is favourable: 3 of 3.
    # learning: k1 4, 2, 5 (2 favourable); k2 3, 2, 1 (1 favourable): 3 of 6.
    assert result.features["leadership"].value == 100.0
    assert result.features["learning"].value == 50.0
    assert result.overall.value == float(F(100 * 6, 9))


def test_weighted() -> None:
    """
    weighted: item weights inside a feature, feature weights in the overall.
    """
    result = score(
        ASSESSMENT,
        CHECKLIST,
        "weighted",
        min_respondents=1,
        feature_weights={"leadership": 2},
    )

    r1 = (1 * F(1) + 3 * F(3, 4)) / (1 + 3)  # 13/16
    leadership = 100 * _mean([r1, LEADERSHIP["r2"]])  # 78.125
    learning = 100 * _mean(list(LEARNING.values()))
    assert result.features["leadership"].value == float(leadership) == 78.125
    assert result.overall.value == float((2 * leadership + learning) / 3)
    assert result.options == {"feature_weights": {"leadership": 2.0}}


def test_weighted_refuses_unknown_features() -> None:
    """
    Feature weights name features of the checklist.
    """
    with pytest.raises(MedEngageError, match="feature_weights names 'nope'"):
        score(ASSESSMENT, CHECKLIST, "weighted", feature_weights={"nope": 1})


BUILT_IN = ("mean", "staff-survey", "percent-positive", "weighted")


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_small_results_withheld_by_default(strategy: str) -> None:
    """
    With the default min_respondents of 11, scores from three doctors are
    withheld: no value, no band, marked withheld, count kept.
    """
    result = score(ASSESSMENT, CHECKLIST, strategy)

    assert result.min_respondents == 11
    for scored in (result.overall, *result.features.values()):
        assert scored.withheld
        assert scored.value is None
        assert scored.band is None
    assert result.features["learning"].respondents == 3


def test_withheld_group_and_the_next_smallest() -> None:
    """
    In a breakdown by grade with min_respondents=2, the residents' group of
    one is withheld; since it would be the only one, the consultants'
    group is withheld too, whole, so the total cannot give it away.
    """
    result = breakdown(ASSESSMENT, CHECKLIST, "grade", min_respondents=2)

    assert list(result.groups) == ["consultant", "resident"]
    for group in result.groups.values():
        assert group.overall.withheld
        assert group.features["learning"].withheld
    # Leadership: residents answered none of it, so their score has no
    # value and nothing to withhold; the consultants' is withheld with the
    # rest of their group.
    assert result.groups["resident"].features["leadership"].value is None
    assert not result.groups["resident"].features["leadership"].withheld
    assert result.groups["consultant"].features["leadership"].withheld
    assert result.total.features["learning"].value == pytest.approx(175 / 3)


def test_banding_option_is_used_and_kept() -> None:
    """
    A banding passed as an option puts scores in its bands and is stored
    with the result.
    """
    pass_fail = Banding(
        id="pass-fail", labels=("below", "at or above"), thresholds=(60.0,)
    )

    result = score(ASSESSMENT, CHECKLIST, "mean", min_respondents=1, banding=pass_fail)

    assert result.banding == pass_fail
    assert result.features["leadership"].band == "at or above"
    assert result.features["learning"].band == "below"


def test_merged_parts_equal_the_whole() -> None:
    """
    Tallies of parts, merged, score exactly as the whole.
    """
    parts = [
        attrs.evolve(ASSESSMENT, respondents=ASSESSMENT.respondents[:1]),
        attrs.evolve(ASSESSMENT, respondents=ASSESSMENT.respondents[1:]),
    ]
    for strategy in BUILT_IN:
        whole = score(ASSESSMENT, CHECKLIST, strategy, min_respondents=1)
        merged = merge(tally(part) for part in parts)

        assert merged == tally(ASSESSMENT)
        assert score_tally(merged, CHECKLIST, strategy, min_respondents=1) == whole


def test_belongs_to_the_checklist() -> None:
    """
    Scoring checks the assessment was answered on the checklist given.
    """
    other = attrs.evolve(CHECKLIST, version=2)

    with pytest.raises(
        MedEngageError, match="version 1, not 'worked-example' version 2"
    ):
        score(ASSESSMENT, other)


def test_unknown_option() -> None:
    """
    An option the strategy does not take is named, with those it takes.
    """
    with pytest.raises(
        MedEngageError, match="takes no option 'min_respondent'; its options are: "
    ):
        score(ASSESSMENT, CHECKLIST, "mean", min_respondent=5)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "11"])
def test_min_respondents_is_a_whole_number(bad: object) -> None:
    """
    min_respondents is a whole number of 1 or more.
    """
    with pytest.raises(MedEngageError, match="min_respondents"):
        score(ASSESSMENT, CHECKLIST, "mean", min_respondents=bad)


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_bundled_surveys_score_alike_on_both_yaml_paths(strategy: str) -> None:
    """
    The bundled example surveys, read with libyaml and with the pure-Python
    parser, give the same scores.
    """
    catalogue = medengage.catalogue()
    folder = resources.files("medengage._catalogue") / "data" / "assessments"
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        results = []
        for pure in (False, True):
            with entry.open("rb") as stream:
                survey = medengage.load(stream, Assessment, pure=pure)
            results.append(breakdown(survey, survey.checklist, "grade", strategy))
        assert results[0] == results[1]
        bundled = next(a for a in catalogue.assessments if a.date == survey.date)
        assert results[0].total == score(bundled, bundled.checklist, strategy)


def test_an_unpickled_assessment_scores_as_the_original() -> None:
    """
    An assessment sent to another process (pickled and back) keeps its
    answers laid out as its checklist's items, and scores the same.
    """
    catalogue = medengage.catalogue()
    survey = catalogue.assessments[0]

    again = pickle.loads(pickle.dumps(survey))

    assert again == survey
    assert all(
        r.answers.layout.items == again.checklist.item_ids for r in again.respondents
    )
    assert tally(again) == tally(survey)
    assert score(again, again.checklist) == score(survey, survey.checklist)


def test_answers_on_behalf_of_the_organisation_are_exempt() -> None:
    """
    Answers given on behalf of the trust are shown however few respondents
    give them; a single doctor's answers are withheld.
    """
    survey = medengage.catalogue().assessments[-1]
    board = [r for r in survey.respondents if r.attributes.get("role") == "board"]
    doctor = [r for r in survey.respondents if "grade" in r.attributes][:1]

    for_the_trust = score(attrs.evolve(survey, respondents=board), survey.checklist)
    one_doctor = score(attrs.evolve(survey, respondents=doctor), survey.checklist)

    assert len(board) == 1
    for scored in (for_the_trust.overall, *for_the_trust.features.values()):
        assert not scored.withheld
        assert scored.value is not None
    for scored in (one_doctor.overall, *one_doctor.features.values()):
        assert scored.withheld
