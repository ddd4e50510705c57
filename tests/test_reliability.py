"""
Reliability: missing answers, Cronbach's alpha, and standard errors and
confidence intervals, checked against the worked example of
docs/reliability.md computed by hand, a published alpha, published t
quantiles, and invariants over generated surveys.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from fractions import Fraction as F
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import medengage
from medengage import (
    Assessment,
    Audience,
    Checklist,
    ChecklistItem,
    EngagementFeature,
    FeatureReliability,
    ItemReliability,
    MedEngageError,
    Reliability,
    Respondent,
    ResponseScale,
    ScalePoint,
    Score,
    ScoredAssessment,
    Uncertainty,
    ValidationError,
    dumps,
    loads,
    reliability,
    score,
    testing,
)
from medengage._answer_rows import AnswerRows
from medengage._statistics import f_quantile, feldt_interval, t_quantile
from medengage.scoring import Mean


BUILT_IN = ("mean", "staff-survey", "percent-positive", "weighted")

AGREEMENT = ResponseScale(
    "agreement-5",
    "Agreement (5 points)",
    [
        ScalePoint(1, "Strongly disagree"),
        ScalePoint(2, "Disagree"),
        ScalePoint(3, "Neither agree nor disagree"),
        ScalePoint(4, "Agree", favourable=True),
        ScalePoint(5, "Strongly agree", favourable=True),
    ],
)
WARD = Checklist(
    id="ward-pulse",
    version=1,
    title="Ward pulse",
    features=[
        EngagementFeature("voice", "Having a voice"),
        EngagementFeature("learning", "Learning from incidents"),
    ],
    scales=[AGREEMENT],
    items=[
        ChecklistItem(
            "heard", "Someone acts on concerns.", "voice", "agreement-5", weight=2
        ),
        ChecklistItem(
            "ignored", "I am not asked.", "voice", "agreement-5", reverse=True
        ),
        ChecklistItem("hear-back", "I hear what was done.", "learning", "agreement-5"),
    ],
)
PULSE = Assessment(
    checklist=WARD,
    trust="ZNW",
    date=dt.date(2025, 3, 31),
    respondents=[
        Respondent("r1", answers={"heard": 5, "ignored": 1, "hear-back": 4}),
        Respondent("r2", answers={"heard": 3, "ignored": 4}),
        Respondent("r3", answers={"heard": 4, "ignored": 2, "hear-back": 2}),
        Respondent("r4", answers={"heard": 4, "hear-back": 5}),
        Respondent("r5", answers={"heard": 2, "ignored": 3, "hear-back": 3}),
    ],
)

# Each answer counts as u = (v - 1) / 4, or 1 - u for the reversed `ignored`:
#        heard (weight 2)  ignored      hear-back
#   r1   5 -> 1            1 -> 1       4 -> 3/4
#   r2   3 -> 1/2          4 -> 1/4     -
#   r3   4 -> 3/4          2 -> 3/4     2 -> 1/4
#   r4   4 -> 3/4          -            5 -> 1
#   r5   2 -> 1/4          3 -> 1/2     3 -> 1/2
VOICE = {"r1": F(1), "r2": F(3, 8), "r3": F(3, 4), "r4": F(3, 4), "r5": F(3, 8)}
LEARNING = {"r1": F(3, 4), "r3": F(1, 4), "r4": F(1), "r5": F(1, 2)}
WEIGHTED_VOICE = {
    "r1": (2 * F(1) + F(1)) / 3,
    "r2": (2 * F(1, 2) + F(1, 4)) / 3,
    "r3": (2 * F(3, 4) + F(3, 4)) / 3,
    "r4": F(3, 4),
    "r5": (2 * F(1, 4) + F(1, 2)) / 3,
}


def _mean(values: list[F]) -> F:
    return sum(values, F(0)) / len(values)


def _error(influence: list[F]) -> float:
    """
    The standard error from influence values: n / (n - 1) x sum of z^2.
    """
    n = len(influence)
    return math.sqrt(F(n, n - 1) * sum((z * z for z in influence), F(0)))


def _mean_influence(values: dict[str, F]) -> dict[str, F]:
    centre = _mean(list(values.values()))
    return {r: (y - centre) / len(values) for r, y in values.items()}


def _check(uncertainty: Uncertainty, value: F, error: float, n: int) -> None:
    """
    *uncertainty* shows *value*, the standard error *error*, and the 95%
    interval from a t with n - 1 df, clipped to 0 to 100.
    """
    margin = t_quantile(0.975, n - 1) * error
    assert uncertainty.value == float(value)
    assert uncertainty.standard_error == pytest.approx(error, rel=1e-12)
    assert uncertainty.low == pytest.approx(max(0.0, float(value) - margin))
    assert uncertainty.high == pytest.approx(min(100.0, float(value) + margin))
    assert uncertainty.respondents == n
    assert not uncertainty.withheld


def test_answers_and_missing() -> None:
    """
    An item's missing share counts among the respondents who answered any
    item of its audience; a feature's counts each item once for each of
    them.
    """
    result = reliability(PULSE, WARD, min_respondents=1)

    assert result.items == {
        "heard": ItemReliability("heard", 5, 0.0),
        "ignored": ItemReliability("ignored", 4, float(1 - F(4, 5))),
        "hear-back": ItemReliability("hear-back", 4, float(1 - F(4, 5))),
    }
    assert (result.features["voice"].answers, result.features["voice"].missing) == (
        9,
        float(1 - F(9, 10)),
    )
    assert result.features["learning"].answers == 4
    assert result.features["learning"].missing == 0.2


def test_missing_counts_each_audience_apart() -> None:
    """
    An organisation item answered by its one board member is not missing,
    though no doctor answered it; nothing is missing where nobody of an
    item's audience answered anything.
    """
    board_item = ChecklistItem(
        "forum",
        "Doctors sit on the board's quality committee.",
        "learning",
        "agreement-5",
        audience=Audience.ORGANISATION,
    )
    checklist = attrs.evolve(WARD, items=[*WARD.items, board_item])
    board = Respondent("b1", answers={"forum": 4})
    survey = Assessment(
        checklist, "ZNW", dt.date(2025, 3, 31), [*PULSE.respondents, board]
    )
    doctors_only = attrs.evolve(survey, respondents=PULSE.respondents)

    result = reliability(survey, checklist, min_respondents=1)
    without_board = reliability(doctors_only, checklist, min_respondents=1)

    assert result.items["forum"] == ItemReliability("forum", 1, 0.0)
    assert result.items["heard"] == ItemReliability("heard", 5, 0.0)
    # learning: 4 of 5 doctors answered hear-back, 1 of 1 board member forum.
    assert result.features["learning"].missing == float(1 - F(5, 6))
    assert without_board.items["forum"] == ItemReliability("forum", 0, 0.0)
    assert without_board.features["learning"].missing == 0.2


def test_alpha_by_hand() -> None:
    """
    Alpha over the complete cases, on raw values with the reversed item
    recoded as 1 + 5 - v: 8/9 on voice; none on learning's single item.
    """
    heard = [F(5), F(3), F(4), F(2)]  # r1, r2, r3, r5: r4 left `ignored` out
    ignored = [6 - F(v) for v in (1, 4, 2, 3)]  # recoded: 5, 2, 4, 3
    totals = [h + i for h, i in zip(heard, ignored, strict=True)]
    variances = statistics.variance(heard) + statistics.variance(ignored)
    expected = 2 * (1 - variances / statistics.variance(totals))

    result = reliability(PULSE, WARD, min_respondents=1)

    assert expected == F(8, 9)
    assert result.features["voice"].alpha == float(expected)
    assert result.features["voice"].complete_cases == 4
    assert result.features["learning"].alpha is None
    assert result.features["learning"].complete_cases == 4


# The example data set of the Pingouin statistics package (Vallat, R.,
# Pingouin: statistics in Python, Journal of Open Source Software 3(31),
# 1026, 2018), shipped with it as pingouin/datasets/cronbach_alpha.csv:
# 15 respondents answering 10 items on a scale of 1 to 7. One row a
# respondent, Q1 to Q10.
PINGOUIN = [
    (3, 2, 4, 1, 4, 5, 1, 4, 3, 2),
    (5, 4, 6, 3, 5, 1, 2, 5, 5, 5),
    (7, 3, 5, 5, 6, 4, 3, 3, 6, 5),
    (2, 4, 3, 3, 2, 2, 2, 6, 6, 3),
    (6, 5, 6, 5, 4, 4, 4, 6, 7, 5),
    (1, 2, 3, 4, 2, 5, 2, 3, 5, 2),
    (4, 3, 5, 3, 5, 2, 1, 2, 4, 3),
    (2, 4, 4, 3, 7, 2, 2, 4, 6, 5),
    (6, 5, 5, 5, 1, 6, 5, 2, 3, 2),
    (5, 4, 6, 4, 3, 5, 3, 1, 7, 2),
    (4, 3, 5, 2, 5, 3, 2, 3, 4, 1),
    (4, 2, 3, 2, 5, 3, 4, 2, 3, 4),
    (5, 5, 6, 2, 3, 3, 2, 4, 4, 5),
    (6, 5, 5, 4, 2, 2, 1, 4, 6, 5),
    (4, 3, 5, 5, 3, 1, 3, 2, 3, 4),
]
SEVEN_POINTS = ResponseScale(
    "agreement-7", "Agreement (7 points)", [ScalePoint(v, f"{v}") for v in range(1, 8)]
)


def _pingouin_survey(reversed_items: frozenset[int] = frozenset()) -> Assessment:
    """
    The Pingouin data as an assessment of one feature; the items in
    *reversed_items* are reverse-scored and given as 8 - v, which alpha
    recodes back to v.
    """
    items = [
        ChecklistItem(
            f"q{i + 1}",
            f"Question {i + 1}",
            "scale",
            "agreement-7",
            reverse=i in reversed_items,
        )
        for i in range(10)
    ]
    checklist = Checklist(
        "pingouin",
        1,
        "Pingouin's example",
        [EngagementFeature("scale", "The scale")],
        [SEVEN_POINTS],
        items,
    )
    respondents = [
        Respondent(
            f"s{index}",
            answers={
                f"q{i + 1}": 8 - v if i in reversed_items else v
                for i, v in enumerate(row)
            },
        )
        for index, row in enumerate(PINGOUIN)
    ]
    return Assessment(checklist, "RTF", dt.date(2018, 1, 1), respondents)


def test_alpha_of_a_published_example() -> None:
    """
    Alpha of the example data of the Pingouin statistics package is
    0.591719, as the documentation of ``pingouin.cronbach_alpha`` gives it
    (``pg.cronbach_alpha(data=pg.read_dataset('cronbach_alpha'), ...)``
    returns ``(0.591719, array([0.195, 0.84 ]))``; Pingouin tests the value
    against the R package psych).
    """
    survey = _pingouin_survey()

    feature = reliability(survey, survey.checklist, min_respondents=1).features["scale"]

    assert feature.complete_cases == 15
    assert feature.alpha is not None
    assert round(feature.alpha, 6) == 0.591719
    # And its Feldt interval, as Pingouin's documentation gives it.
    assert feature.alpha_low is not None
    assert feature.alpha_high is not None
    assert round(feature.alpha_low, 3) == 0.195
    assert round(feature.alpha_high, 2) == 0.84


def test_f_quantiles_match_a_published_interval() -> None:
    """
    The R package statpsych documents ``ci.cronbach(.05, .85, 7, 89)`` as
    the interval 0.7971254 to 0.8931436, from F quantiles with ``n - 1``
    and ``n (k - 1)`` degrees of freedom (its convention, not Pingouin's):
    the same quantiles here give the same ends to seven places.
    """
    low = 1 - 0.15 * f_quantile(0.975, 88, 89 * 6)
    high = 1 - 0.15 * f_quantile(0.025, 88, 89 * 6)

    assert round(low, 7) == 0.7971254
    assert round(high, 7) == 0.8931436


def test_alpha_interval_by_hand() -> None:
    """
    Statology's worked example for ``pingouin.cronbach_alpha`` (three
    questions, ten respondents) gives alpha 0.773 with the interval 0.336
    to 0.939; Feldt's formula gives the same.
    """
    low, high = feldt_interval(0.7734375, 10, 3)

    assert (round(low, 3), round(high, 3)) == (0.336, 0.939)


@given(
    st.floats(min_value=-3, max_value=0.999),
    st.integers(min_value=3, max_value=5000),
    st.integers(min_value=2, max_value=40),
)
def test_alpha_interval_holds_alpha(alpha: float, cases: int, items: int) -> None:
    """
    Alpha's interval holds alpha, and narrows as complete cases grow.
    """
    low, high = feldt_interval(alpha, cases, items)
    wider_low, wider_high = feldt_interval(alpha, max(2, cases // 2), items)

    assert low <= alpha <= high < 1
    assert wider_low <= low + 1e-9
    assert high <= wider_high + 1e-9


def test_reverse_scored_items_are_recoded_before_alpha() -> None:
    """
    The Pingouin data with three items written the other way round and
    marked reverse-scored give the same alpha: a + b - v turns them back.
    """
    survey = _pingouin_survey(frozenset({1, 4, 7}))
    original = _pingouin_survey()

    turned = reliability(survey, survey.checklist, min_respondents=1)
    plain = reliability(original, original.checklist, min_respondents=1)

    assert turned.features["scale"].alpha == plain.features["scale"].alpha


@pytest.mark.parametrize(
    ("respondents", "why"),
    [
        ([PULSE.respondents[i] for i in (0, 1, 3)], "two complete cases: r1 and r2"),
        (
            [Respondent(f"r{i}", answers={"heard": 3, "ignored": 3}) for i in range(4)],
            "no variance in the totals",
        ),
    ],
    ids=["too-few-complete-cases", "no-variance"],
)
def test_no_alpha(respondents: list[Respondent], why: str) -> None:
    """
    No alpha with fewer than 3 complete cases or no variance in the totals.
    """
    survey = attrs.evolve(PULSE, respondents=respondents)

    assert (
        reliability(survey, WARD, min_respondents=1).features["voice"].alpha is None
    ), why


def test_no_alpha_where_the_feature_is_withheld() -> None:
    """
    The alpha of a withheld feature is withheld with it; its counts of
    answers and complete cases are shown.
    """
    result = reliability(PULSE, WARD)

    assert result.features["voice"].alpha is None
    assert result.features["voice"].complete_cases == 4
    assert result.features["voice"].answers == 9


def test_mean_by_hand() -> None:
    """
    mean: z_rf = (y_rf - mean) / n_f; overall, z_r is the mean of a
    respondent's feature influences (0 where they did not answer).
    """
    voice = {r: 100 * u for r, u in VOICE.items()}
    learning = {r: 100 * u for r, u in LEARNING.items()}
    z_voice, z_learning = _mean_influence(voice), _mean_influence(learning)
    overall = [(z_voice[r] + z_learning.get(r, F(0))) / 2 for r in z_voice]

    result = reliability(PULSE, WARD, "mean", min_respondents=1)

    assert sorted(z_voice.values()) == [F(-11, 2), F(-11, 2), 2, 2, 7]
    _check(
        result.features["voice"].uncertainty, F(65), _error(list(z_voice.values())), 5
    )
    _check(
        result.features["learning"].uncertainty,
        F(125, 2),
        _error(list(z_learning.values())),
        4,
    )
    assert result.features["learning"].uncertainty.high == 100.0  # clipped
    _check(result.overall, F(255, 4), _error(overall), 5)
    assert result.overall.standard_error == pytest.approx(
        math.sqrt(F(5, 4) * F(6255, 64))
    )


def test_staff_survey_by_hand() -> None:
    """
    staff-survey: features as mean on 0 to 10; overall, z_r = (e_r - mean) / n
    over respondents' engagement.
    """
    engagement = {
        "r1": (10 * VOICE["r1"] + 10 * LEARNING["r1"]) / 2,
        "r2": 10 * VOICE["r2"],
        "r3": (10 * VOICE["r3"] + 10 * LEARNING["r3"]) / 2,
        "r4": (10 * VOICE["r4"] + 10 * LEARNING["r4"]) / 2,
        "r5": (10 * VOICE["r5"] + 10 * LEARNING["r5"]) / 2,
    }

    result = reliability(PULSE, WARD, "staff-survey", min_respondents=1)

    assert _mean(list(engagement.values())) == F(49, 8)  # 6.125
    assert result.overall.value == 6.125
    assert result.overall.standard_error == pytest.approx(
        _error(list(_mean_influence(engagement).values()))
    )
    assert result.overall.standard_error == pytest.approx(
        math.sqrt(F(5, 4) * F(19, 20))
    )
    voice = _mean_influence({r: 10 * u for r, u in VOICE.items()})
    assert result.features["voice"].uncertainty.standard_error == pytest.approx(
        _error(list(voice.values()))
    )
    assert result.features["learning"].uncertainty.high == 10.0  # clipped


def test_percent_positive_by_hand() -> None:
    """
    percent-positive: z_r = 100 (F_r - p A_r) / A, per feature and over
    every answer.
    """
    # (favourable, answers): heard favourable at 4 and 5; ignored at 1 and 2.
    voice = {"r1": (2, 2), "r2": (0, 2), "r3": (2, 2), "r4": (1, 1), "r5": (0, 2)}
    learning = {"r1": (1, 1), "r3": (0, 1), "r4": (1, 1), "r5": (0, 1)}
    every = {
        r: (f + learning.get(r, (0, 0))[0], a + learning.get(r, (0, 0))[1])
        for r, (f, a) in voice.items()
    }

    def influence(counts: dict[str, tuple[int, int]]) -> list[F]:
        answers = sum(a for _, a in counts.values())
        share = F(sum(f for f, _ in counts.values()), answers)
        return [100 * (f - share * a) / answers for f, a in counts.values()]

    result = reliability(PULSE, WARD, "percent-positive", min_respondents=1)

    assert result.features["voice"].uncertainty.value == float(F(500, 9))
    assert result.features["voice"].uncertainty.standard_error == pytest.approx(
        _error(influence(voice))
    )
    assert result.features["voice"].uncertainty.standard_error == pytest.approx(
        math.sqrt(F(5, 4) * F(100, 9) ** 2 * F(344, 81))
    )
    assert (
        result.features["voice"].uncertainty.low,
        result.features["voice"].uncertainty.high,
    ) == (0.0, 100.0)
    assert result.overall.value == float(F(700, 13))
    assert result.overall.standard_error == pytest.approx(_error(influence(every)))
    assert result.features["learning"].uncertainty.standard_error == pytest.approx(
        _error(influence(learning))
    )


def test_weighted_by_hand() -> None:
    """
    weighted: items weighted inside a feature; overall, z_r weights each
    feature's influence by its feature weight.
    """
    voice = _mean_influence({r: 100 * u for r, u in WEIGHTED_VOICE.items()})
    learning = _mean_influence({r: 100 * u for r, u in LEARNING.items()})
    overall = [(3 * voice[r] + learning.get(r, F(0))) / 4 for r in voice]

    result = reliability(
        PULSE, WARD, "weighted", min_respondents=1, feature_weights={"voice": 3}
    )

    assert result.features["voice"].uncertainty.value == 65.0
    assert result.features["voice"].uncertainty.standard_error == pytest.approx(
        _error(list(voice.values()))
    )
    assert result.overall.value == float((3 * 65 + F(125, 2)) / 4)
    assert result.overall.standard_error == pytest.approx(_error(overall))


def test_withheld_by_default() -> None:
    """
    With the default min_respondents of 11, five doctors' scores are
    withheld: no value, error or interval, the count kept.
    """
    result = reliability(PULSE, WARD)

    assert result.min_respondents == 11
    for uncertainty in (
        result.overall,
        *(f.uncertainty for f in result.features.values()),
    ):
        assert uncertainty.withheld
        assert uncertainty == Uncertainty(
            None, None, None, None, uncertainty.respondents, withheld=True
        )
    assert result.features["learning"].uncertainty.respondents == 4


def test_one_respondent_has_no_standard_error() -> None:
    """
    A score from a single respondent has a value but no error or interval.
    """
    survey = attrs.evolve(PULSE, respondents=PULSE.respondents[:1])

    result = reliability(survey, WARD, min_respondents=1)

    assert result.overall == Uncertainty(float(F(350, 4)), None, None, None, 1)


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_values_are_the_scores_on_the_bundled_surveys(strategy: str) -> None:
    """
    Each value is the score medengage.score gives with the same strategy
    and options; nothing withheld there is shown here.
    """
    for survey in medengage.catalogue().assessments:
        scored = score(survey, survey.checklist, strategy)
        result = reliability(survey, survey.checklist, strategy)

        pairs = [(scored.overall, result.overall)]
        pairs += [
            (scored.features[f], result.features[f].uncertainty)
            for f in scored.features
        ]
        for shown, uncertainty in pairs:
            assert uncertainty.value == shown.value
            assert uncertainty.withheld == shown.withheld
            assert uncertainty.respondents == shown.respondents
        assert (result.strategy, result.trust, result.date) == (
            scored.strategy,
            scored.trust,
            scored.date,
        )


def test_mean_errors_on_a_bundled_survey_are_s_over_root_n() -> None:
    """
    For a mean feature score, the standard error is the sample standard
    deviation of respondents' feature scores over the square root of their
    number, computed here from the answers afresh.
    """
    survey = medengage.catalogue().assessments[-1]
    checklist = survey.checklist

    result = reliability(survey, checklist)

    for feature in checklist.features:
        scores = []
        for respondent in survey.respondents:
            credits = []
            for item in checklist.items_for(feature.id):
                if item.id in respondent.answers:
                    scale = checklist.scale_of(item)
                    u = (respondent.answers[item.id] - scale.lowest) / (
                        scale.highest - scale.lowest
                    )
                    credits.append(1 - u if item.reverse else u)
            if credits:
                scores.append(100 * statistics.fmean(credits))
        uncertainty = result.features[feature.id].uncertainty
        assert uncertainty.value == pytest.approx(statistics.fmean(scores), rel=1e-12)
        assert uncertainty.standard_error == pytest.approx(
            statistics.stdev(scores) / math.sqrt(len(scores)), rel=1e-9
        )


class _Median:
    """
    A strategy of someone's own, with no standard errors of its own.
    """

    name = "median"

    def score(
        self, assessment: Assessment, checklist: Checklist, **options: Any
    ) -> ScoredAssessment:
        return _median_scores(assessment, checklist, self.name)


class _MeanOfMyOwn(Mean):
    name = "mean-of-my-own"


@pytest.mark.parametrize(
    "strategy", [_Median(), _MeanOfMyOwn()], ids=["plugin", "subclass"]
)
def test_other_strategies_are_bootstrapped(strategy: Any) -> None:
    """
    A strategy that is not a built-in, a built-in's subclass included, has
    its standard errors bootstrapped, and says so.
    """
    result = reliability(PULSE, WARD, strategy, min_respondents=1)

    assert result.errors_by == "bootstrap"
    assert result.strategy == strategy.name
    assert result.overall.standard_error is not None
    assert result.overall.standard_error > 0


def test_a_registered_strategy_in_place_of_a_built_in_is_bootstrapped() -> None:
    """
    A strategy registered under a built-in's name is not the built-in: its
    errors are not the built-in's formulas'.
    """
    impostor = _MeanOfMyOwn()
    impostor.name = "mean"
    medengage.register_strategy(impostor, replace=True)
    try:
        assert reliability(PULSE, WARD, "mean").errors_by == "bootstrap"
    finally:
        medengage.scoring.unregister_strategy("mean")
    assert reliability(PULSE, WARD, "mean").errors_by == "linearisation"


def _median_scores(
    assessment: Assessment, checklist: Checklist, name: str
) -> ScoredAssessment:
    """
    The median over respondents of each one's mean answer, as a plugin
    might score; the overall is the median of the features'.
    """
    features = {}
    for feature in checklist.features:
        means = [
            statistics.fmean(given)
            for respondent in assessment.respondents
            if (
                given := [
                    25 * (respondent.answers[item.id] - 1)
                    for item in checklist.items_for(feature.id)
                    if item.id in respondent.answers
                ]
            )
        ]
        value = statistics.median(means) if means else None
        features[feature.id] = Score(
            value=value,
            respondents=len(means),
            band=None if value is None else medengage.JOURNEY_STAGES.band(value),
        )
    shown = [s.value for s in features.values() if s.value is not None]
    value = statistics.median(shown) if shown else None
    return ScoredAssessment(
        strategy=name,
        trust=assessment.trust,
        checklist=checklist.id,
        checklist_version=checklist.version,
        date=assessment.date,
        overall=Score(
            value=value,
            respondents=len(assessment.respondents),
            band=None if value is None else medengage.JOURNEY_STAGES.band(value),
        ),
        features=features,
        banding=medengage.JOURNEY_STAGES,
        min_respondents=1,
    )


def test_checks_as_score_does() -> None:
    """
    The assessment must belong to the checklist, and options are the
    strategy's.
    """
    with pytest.raises(MedEngageError, match="version 1, not 'ward-pulse' version 2"):
        reliability(PULSE, attrs.evolve(WARD, version=2))
    with pytest.raises(MedEngageError, match="takes no option 'feature_weights'"):
        reliability(PULSE, WARD, "mean", feature_weights={"voice": 2})
    with pytest.raises(MedEngageError, match="min_respondents"):
        reliability(PULSE, WARD, "mean", min_respondents=0)


# Student's t, upper 2.5% points, as statistics tables print them.
T_TABLE = [
    (1, 12.706),
    (2, 4.303),
    (5, 2.571),
    (10, 2.228),
    (30, 2.042),
    (120, 1.980),
    (10**7, 1.960),
]


@pytest.mark.parametrize(("df", "printed"), T_TABLE)
def test_t_quantiles_match_the_tables(df: int, printed: float) -> None:
    """
    The t quantiles agree with published tables to the digits printed.
    """
    assert round(t_quantile(0.975, df), 3) == printed
    assert t_quantile(0.025, df) == -t_quantile(0.975, df)


def _t_cdf(t: float, df: int) -> float:
    """
    P(T <= t) for t >= 0, by Simpson's rule over the t density.
    """
    scale = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(
        df * math.pi
    )
    steps = 4000
    width = t / steps
    total = 0.0
    for step in range(steps + 1):
        x = step * width
        weight = 1 if step in (0, steps) else 4 if step % 2 else 2
        total += weight * scale * (1 + x * x / df) ** (-(df + 1) / 2)
    return 0.5 + total * width / 3


@pytest.mark.parametrize("df", [*range(1, 41), 60, 90, 200, 1000])
@pytest.mark.parametrize("probability", [0.975, 0.9, 0.995])
def test_t_quantiles_invert_the_distribution(df: int, probability: float) -> None:
    """
    The t distribution puts *probability* below the quantile, to within
    the accuracy of Hill's algorithm.
    """
    assert _t_cdf(t_quantile(probability, df), df) == pytest.approx(
        probability, abs=2e-7
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"value": None, "withheld": True, "low": 1.0},
            "withheld score shows no value",
        ),
        ({"value": None, "standard_error": 1.0}, "no value has no standard error"),
        ({"standard_error": -1.0}, "below zero"),
        ({"low": None}, "give low and high with a standard error"),
        ({"standard_error": None}, "neither without one"),
        ({"low": 51.0}, "misses the value 50.0"),
        ({"value": math.inf}, "not a finite number"),
        ({"respondents": -1}, "whole number of 0 or more"),
    ],
)
def test_invalid_uncertainties(fields: dict[str, Any], message: str) -> None:
    """
    An uncertainty holds together: no value where withheld, an interval
    with an error, around the value.
    """
    valid: dict[str, Any] = {
        "value": 50.0,
        "standard_error": 2.0,
        "low": 46.0,
        "high": 54.0,
        "respondents": 30,
    }
    with pytest.raises(ValidationError, match=message):
        Uncertainty(**{**valid, **fields})


def test_invalid_parts() -> None:
    """
    Shares lie from 0 to 1, alpha is at most 1, and keys match ids.
    """
    shown = Uncertainty(None, None, None, None, 0)
    with pytest.raises(ValidationError, match="not a share from 0 to 1"):
        ItemReliability("heard", 3, 1.5)
    with pytest.raises(ValidationError, match="above 1"):
        FeatureReliability("voice", 3, 0.0, 1.01, 3, shown)
    result = reliability(PULSE, WARD, min_respondents=1)
    with pytest.raises(ValidationError, match=r"items\.ignored\.item: 'heard' differs"):
        attrs.evolve(result, items={"ignored": result.items["heard"]})


def test_the_worked_example_round_trips(pure: bool) -> None:
    """
    A Reliability is written as a document and read back equal, with
    nulls where there is nothing to show.
    """
    for min_respondents in (1, 11):
        result = reliability(PULSE, WARD, min_respondents=min_respondents)
        text = dumps(result, pure=pure)

        assert loads(text, Reliability, pure=pure) == result
        assert text.startswith("medengage: 1\nkind: Reliability\nstrategy: mean\n")


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_the_bundled_surveys_round_trip(strategy: str, pure: bool) -> None:
    """
    The reliability of every bundled survey round-trips on both YAML paths.
    """
    for survey in medengage.catalogue().assessments:
        result = reliability(survey, survey.checklist, strategy)

        assert loads(dumps(result, pure=pure), Reliability, pure=pure) == result


# Properties over generated surveys

pairs = testing.checklists_with_assessments()
strategies = st.sampled_from(BUILT_IN)


def _uncertainties(result: Reliability) -> dict[str | None, Uncertainty]:
    found: dict[str | None, Uncertainty] = {None: result.overall}
    found.update({f: r.uncertainty for f, r in result.features.items()})
    return found


@given(pairs, strategies, st.integers(min_value=1, max_value=4))
def test_intervals_hold_their_values(
    pair: tuple[Checklist, Assessment], strategy: str, min_respondents: int
) -> None:
    """
    Every interval holds its value inside the strategy's range, every
    standard error is 0 or more, a withheld score shows nothing, and every
    value is the score's.
    """
    checklist, assessment = pair
    scored = score(assessment, checklist, strategy, min_respondents=min_respondents)

    result = reliability(
        assessment, checklist, strategy, min_respondents=min_respondents
    )

    scores: dict[str | None, Score] = {None: scored.overall}
    scores.update(scored.features)
    for key, uncertainty in _uncertainties(result).items():
        assert uncertainty.value == scores[key].value
        assert uncertainty.withheld == scores[key].withheld
        if uncertainty.withheld:
            assert (uncertainty.value, uncertainty.standard_error) == (None, None)
            assert (uncertainty.low, uncertainty.high) == (None, None)
        if uncertainty.standard_error is not None:
            assert uncertainty.standard_error >= 0
            assert uncertainty.low is not None
            assert uncertainty.high is not None
            assert uncertainty.value is not None
            assert scored.low <= uncertainty.low <= uncertainty.value
            assert uncertainty.value <= uncertainty.high <= scored.high
        if uncertainty.value is not None and uncertainty.respondents >= 2:
            assert uncertainty.standard_error is not None


@given(pairs)
def test_alpha_is_at_most_one_and_missing_a_share(
    pair: tuple[Checklist, Assessment],
) -> None:
    """
    Alpha never passes 1; missing shares lie from 0 to 1; a feature's
    answers are its items' answers.
    """
    checklist, assessment = pair

    result = reliability(assessment, checklist, min_respondents=1)

    for feature in checklist.features:
        found = result.features[feature.id]
        assert found.alpha is None or found.alpha <= 1
        assert 0 <= found.missing <= 1
        assert found.answers == sum(
            result.items[i.id].answers for i in checklist.items_for(feature.id)
        )
        if found.alpha is not None:
            assert found.complete_cases >= 3
    for item in result.items.values():
        assert 0 <= item.missing <= 1


@given(pairs, strategies)
def test_answering_twice_shrinks_the_standard_error(
    pair: tuple[Checklist, Assessment], strategy: str
) -> None:
    """
    Each respondent answering twice leaves every value as it is and divides
    every standard error by sqrt((2n - 1) / (n - 1)), a little more than
    sqrt(2).
    """
    checklist, assessment = pair
    renamed = [
        attrs.evolve(r, id=f"r{i}") for i, r in enumerate(assessment.respondents)
    ]
    again = [
        attrs.evolve(r, id=f"r{i}-again") for i, r in enumerate(assessment.respondents)
    ]
    twice = attrs.evolve(assessment, respondents=[*renamed, *again])

    before = _uncertainties(
        reliability(assessment, checklist, strategy, min_respondents=1)
    )
    after = _uncertainties(reliability(twice, checklist, strategy, min_respondents=1))

    for key, once in before.items():
        assert after[key].value == once.value
        if once.standard_error:
            n = once.respondents
            error = after[key].standard_error
            assert error is not None
            assert error < once.standard_error
            assert error == pytest.approx(
                once.standard_error * math.sqrt((n - 1) / (2 * n - 1))
            )


@given(pairs, strategies)
def test_errors_rest_on_the_scores_own_counting(
    pair: tuple[Checklist, Assessment], strategy: str
) -> None:
    """
    The respondents' feature scores and favourable answers that standard
    errors are worked out from give back each feature's score exactly:
    reliability counts answers just as scoring does.
    """
    checklist, assessment = pair
    scored = score(assessment, checklist, strategy, min_respondents=1)
    survey = AnswerRows(checklist, [r.answers.row for r in assessment.respondents])

    for feature in checklist.features:
        exact: F | None = None
        if strategy == "percent-positive":
            counts = survey.favourable(survey.items_of[feature.id]).values()
            if counts:
                exact = F(100 * sum(f for f, _ in counts), sum(a for _, a in counts))
        else:
            scores = survey.feature_scores(
                feature.id, high=F(scored.high), weighted=strategy == "weighted"
            )
            if scores:
                exact = _mean(list(scores.values()))
        value = scored.features[feature.id].value
        assert value == (None if exact is None else float(exact))


@pytest.mark.parametrize(
    ("alpha", "low", "high"),
    [(None, 0.1, 0.2), (0.5, 0.1, None), (0.5, 0.6, 0.7)],
)
def test_an_alpha_interval_without_alpha_or_missing_it_is_refused(
    alpha: float | None, low: float | None, high: float | None
) -> None:
    uncertainty = Uncertainty(None, None, None, None, 0)
    with pytest.raises(ValidationError, match="alpha_low"):
        FeatureReliability(
            "voice", 0, 0.0, alpha, 0, uncertainty, alpha_low=low, alpha_high=high
        )
