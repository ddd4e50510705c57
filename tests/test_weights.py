"""
Respondent weights: given directly or post-stratified, in every built-in
strategy, in reliability, and never in disclosure control.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import attrs
import pytest
from test_reliability import PULSE as UNGROUPED
from test_reliability import WARD

import medengage
from medengage import (
    Breakdown,
    DocumentError,
    Journey,
    MedEngageError,
    NotComparableError,
    Reliability,
    Respondent,
    RespondentWeights,
    Score,
    ScoredAssessment,
    Uncertainty,
    ValidationError,
    Weighting,
    breakdown,
    compare,
    dumps,
    loads,
    reliability,
    score,
)
from medengage._statistics import t_quantile
from medengage.scoring import merge, score_tally, tally


BUILT_IN = ("mean", "staff-survey", "percent-positive", "weighted")

# The ward of docs/reliability.md, its doctors now consultants or trainees.
PULSE = attrs.evolve(
    UNGROUPED,
    respondents=[
        attrs.evolve(r, attributes={"role": role})
        for r, role in zip(
            UNGROUPED.respondents,
            ["consultant"] * 3 + ["trainee"] * 2,
            strict=True,
        )
    ],
)
TARGETS = {"consultant": 0.4, "trainee": 0.6}


def _stratified() -> RespondentWeights:
    return RespondentWeights.post_stratified(PULSE, "role", TARGETS)


# The worked example (docs/instruments.md gives it step by step)


def test_post_stratified_weights_by_hand() -> None:
    """
    Three consultants and two trainees, weighted to 40% and 60%: each
    consultant weighs 0.4 x 5 / 3 = 2/3, each trainee 0.6 x 5 / 2 = 3/2,
    and the weights sum to the 5 respondents.
    """
    weights = _stratified()

    assert dict(weights.weights) == {
        "r1": Fraction(2, 3),
        "r2": Fraction(2, 3),
        "r3": Fraction(2, 3),
        "r4": Fraction(3, 2),
        "r5": Fraction(3, 2),
    }
    assert sum(weights.weights.values()) == 5
    assert weights.weighting == Weighting("post-stratified", "role")
    assert weights.effective_respondents() == Fraction(30, 7)


def test_weighted_mean_by_hand() -> None:
    """
    ``voice``: the doctors score 100, 37.5, 75 (consultants) and 75, 37.5
    (trainees): (2/3 x 212.5 + 3/2 x 112.5) / 5 = 745/12. ``learning``:
    75, 25 (r1, r3) and 100, 50: (2/3 x 100 + 3/2 x 150) / (13/3) = 875/13.
    Kish's n: 25 / (3 x 4/9 + 2 x 9/4) = 30/7 on ``voice``, and
    (13/3)² / (2 x 4/9 + 2 x 9/4) = 338/97 on ``learning``.
    """
    result = score(PULSE, WARD, "mean", min_respondents=1, weights=_stratified())

    voice, learning = result.features["voice"], result.features["learning"]
    assert voice.value == float(Fraction(745, 12))
    assert learning.value == float(Fraction(875, 13))
    assert result.overall.value == float((Fraction(745, 12) + Fraction(875, 13)) / 2)
    assert voice.effective_respondents == float(Fraction(30, 7))
    assert learning.effective_respondents == float(Fraction(338, 97))
    assert result.overall.effective_respondents == float(Fraction(30, 7))
    assert (voice.respondents, learning.respondents) == (5, 4)
    assert result.weighting == Weighting("post-stratified", "role")


def test_weighted_staff_survey_and_percent_positive_by_hand() -> None:
    """
    ``staff-survey``: engagement is 8.75, 3.75, 5 (consultants) and 8.75,
    4.375 (trainees): (2/3 x 17.5 + 3/2 x 13.125) / 5. ``percent-positive``
    on ``voice``: favourable answers 2, 0, 2 and 1, 0 of answers 2, 2, 2
    and 1, 2: 100 x (2/3 x 4 + 3/2 x 1) / (2/3 x 6 + 3/2 x 3).
    """
    weights = _stratified()
    two_thirds, three_halves = Fraction(2, 3), Fraction(3, 2)

    staff = score(PULSE, WARD, "staff-survey", min_respondents=1, weights=weights)
    positive = score(
        PULSE, WARD, "percent-positive", min_respondents=1, weights=weights
    )

    engagement = (two_thirds * Fraction(35, 2) + three_halves * Fraction(105, 8)) / 5
    assert staff.overall.value == float(engagement)
    share = (
        100 * (two_thirds * 4 + three_halves * 1) / (two_thirds * 6 + three_halves * 3)
    )
    assert positive.features["voice"].value == float(share)


def test_weighted_reliability_by_hand() -> None:
    """
    The standard error of a weighted mean by linearisation:
    ``z_r = w_r (y_r - ȳ_w) / Σw`` and ``Var = n / (n - 1) Σ z_r²``; the
    interval takes ``⌊n_eff⌋ - 1`` degrees of freedom: ⌊30/7⌋ - 1 = 3.
    """
    weights = _stratified()
    report = reliability(PULSE, WARD, "mean", min_respondents=1, weights=weights)

    y = [Fraction(100), Fraction(75, 2), Fraction(75), Fraction(75), Fraction(75, 2)]
    w = [weights.weights[id] for id in ("r1", "r2", "r3", "r4", "r5")]
    mean = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sum(w)
    assert mean == Fraction(745, 12)
    z = [wi * (yi - mean) / sum(w) for wi, yi in zip(w, y, strict=True)]
    error = math.sqrt(Fraction(5, 4) * sum(zi * zi for zi in z))
    voice = report.features["voice"].uncertainty
    assert voice.standard_error == pytest.approx(error, rel=1e-12)
    margin = t_quantile(0.975, 3) * error
    assert voice.low == pytest.approx(float(mean) - margin, rel=1e-12)
    assert voice.effective_respondents == float(Fraction(30, 7))
    assert report.weighting == Weighting("post-stratified", "role")


# Weights all equal to one, and the unweighted path


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_unweighted_results_say_nothing_of_weights(strategy: str) -> None:
    result = score(PULSE, WARD, strategy, min_respondents=1)

    assert result.weighting is None
    assert result.overall.effective_respondents is None
    text = dumps(result)
    assert "weighting" not in text
    assert "effective" not in text


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_weights_of_one_give_the_unweighted_scores(strategy: str) -> None:
    ones = RespondentWeights({r.id: 1 for r in PULSE.respondents})

    unweighted = score(PULSE, WARD, strategy, min_respondents=1)
    weighted = score(PULSE, WARD, strategy, min_respondents=1, weights=ones)

    assert plain(weighted) == unweighted
    assert weighted.features["voice"].effective_respondents == 5.0


def test_weights_of_one_give_the_unweighted_reliability() -> None:
    ones = RespondentWeights({r.id: 1 for r in PULSE.respondents})

    for strategy in BUILT_IN:
        plain = reliability(PULSE, WARD, strategy, min_respondents=1)
        weighted = reliability(PULSE, WARD, strategy, min_respondents=1, weights=ones)

        assert weighted.weighting == Weighting("direct")
        assert _plain_reliability(weighted) == plain


def _plain_reliability(report: Reliability) -> Reliability:
    def unweighted(u: Uncertainty) -> Uncertainty:
        return attrs.evolve(u, effective_respondents=None)

    return attrs.evolve(
        report,
        weighting=None,
        overall=unweighted(report.overall),
        features={
            f: attrs.evolve(r, uncertainty=unweighted(r.uncertainty))
            for f, r in report.features.items()
        },
    )


def plain(result: ScoredAssessment) -> ScoredAssessment:
    """
    *result* with what weighting adds taken away.
    """

    def unweighted(s: Score) -> Score:
        return attrs.evolve(s, effective_respondents=None)

    return attrs.evolve(
        result,
        weighting=None,
        overall=unweighted(result.overall),
        features={f: unweighted(s) for f, s in result.features.items()},
    )


# Partitions


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_merged_weighted_parts_score_as_the_whole(strategy: str) -> None:
    weights = _stratified()
    parts = [
        attrs.evolve(PULSE, respondents=PULSE.respondents[:2]),
        attrs.evolve(PULSE, respondents=PULSE.respondents[2:]),
    ]

    merged = merge(tally(part, weights.restricted_to(part)) for part in parts)

    assert merged == tally(PULSE, weights)
    assert score_tally(merged, WARD, strategy, min_respondents=1) == score(
        PULSE, WARD, strategy, min_respondents=1, weights=weights
    )


def test_weighted_and_unweighted_tallies_do_not_merge() -> None:
    weights = _stratified()
    first = attrs.evolve(PULSE, respondents=PULSE.respondents[:2])
    rest = attrs.evolve(PULSE, respondents=PULSE.respondents[2:])

    with pytest.raises(MedEngageError, match="weighted differently"):
        merge([tally(first, weights.restricted_to(first)), tally(rest)])


# Refusals


def test_a_weight_for_someone_not_in_the_assessment_is_refused() -> None:
    weights = RespondentWeights({**{r.id: 1 for r in PULSE.respondents}, "r9": 2})

    with pytest.raises(MedEngageError, match=r"1 weights are for respondents .*'r9'"):
        score(PULSE, WARD, weights=weights)


def test_a_respondent_without_a_weight_is_refused() -> None:
    weights = RespondentWeights({"r1": 1, "r2": 1})

    with pytest.raises(MedEngageError, match=r"3 respondents have no weight .*'r3'"):
        score(PULSE, WARD, weights=weights)


def test_weights_of_another_kind_are_refused() -> None:
    with pytest.raises(MedEngageError, match=r"must be medengage\.RespondentWeights"):
        score(PULSE, WARD, weights={"r1": 1})


def test_a_strategy_that_takes_no_weights_refuses_them() -> None:
    class Median:
        name = "median"

        def score(self, assessment, checklist, *, min_respondents=11):  # type: ignore[no-untyped-def]
            raise NotImplementedError

    with pytest.raises(MedEngageError, match="takes no option 'weights'"):
        score(PULSE, WARD, Median(), weights=_stratified())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (0, "not above zero"),
        (-1.5, "not above zero"),
        (math.nan, "not a finite number"),
        (math.inf, "not a finite number"),
        (True, "not a number"),
        ("2", "not a number"),
        (None, "not a number"),
    ],
)
def test_weights_must_be_finite_numbers_above_zero(
    weight: object, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        RespondentWeights({"r1": 1, "r2": weight})


def test_weights_must_be_a_mapping() -> None:
    with pytest.raises(ValidationError, match="mapping of respondent ids"):
        RespondentWeights([1, 2])


def test_an_attribute_needs_its_targets() -> None:
    with pytest.raises(ValidationError, match="together"):
        RespondentWeights({"r1": 1}, attribute="role")
    with pytest.raises(ValidationError, match="together"):
        RespondentWeights({"r1": 1}, targets={"a": 1})


def test_post_stratifying_refuses_respondents_without_the_attribute() -> None:
    unstated = attrs.evolve(
        PULSE,
        respondents=[*PULSE.respondents[:4], Respondent("r5", answers={"heard": 2})],
    )

    with pytest.raises(
        MedEngageError, match=r"1 respondents do not give 'role' \('r5'\)"
    ):
        RespondentWeights.post_stratified(unstated, "role", TARGETS)


def test_post_stratifying_refuses_a_group_without_a_target() -> None:
    with pytest.raises(MedEngageError, match="no target proportion: 'trainee'"):
        RespondentWeights.post_stratified(PULSE, "role", {"consultant": 1})


def test_post_stratifying_refuses_a_target_group_nobody_is_in() -> None:
    targets = {"consultant": 0.4, "trainee": 0.5, "sas": 0.1}

    with pytest.raises(MedEngageError, match="no respondent gives 'role' as 'sas'"):
        RespondentWeights.post_stratified(PULSE, "role", targets)


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"consultant": 0.5, "trainee": 0.6}, "sum to 1.1, not 1"),
        ({"consultant": 40, "trainee": 60}, "percentages"),
        ({"consultant": 1, "trainee": 0}, "not above zero"),
        ({"consultant": 1.5, "trainee": -0.5}, "not above zero"),
        ({"consultant": math.nan, "trainee": 1}, "not a finite number"),
        ({"consultant": "0.4", "trainee": 0.6}, "not a number"),
    ],
)
def test_post_stratifying_refuses_targets_that_are_not_proportions(
    targets: dict[str, object], message: str
) -> None:
    with pytest.raises(MedEngageError, match=message):
        RespondentWeights.post_stratified(PULSE, "role", targets)  # type: ignore[arg-type]


def test_targets_rounded_in_print_are_scaled_to_sum_to_one() -> None:
    third = 1 / 3
    three = attrs.evolve(
        PULSE,
        respondents=[
            attrs.evolve(r, attributes={"role": g})
            for r, g in zip(PULSE.respondents, "aabbc", strict=True)
        ],
    )

    weights = RespondentWeights.post_stratified(
        three, "role", dict.fromkeys("abc", third)
    )

    assert sum(weights.targets.values()) == 1
    assert weights.weights["r5"] == Fraction(5, 3)


# Immutability


def test_weights_cannot_be_changed() -> None:
    given = {"r1": 1.5, "r2": 2}
    weights = RespondentWeights(given)
    given["r1"] = 100

    assert weights.weights["r1"] == Fraction(3, 2)
    with pytest.raises(TypeError):
        weights.weights["r1"] = 3  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        weights.attribute = "grade"  # type: ignore[misc]
    assert hash(weights) == hash(RespondentWeights({"r1": 1.5, "r2": 2}))


def test_a_weighting_is_checked() -> None:
    with pytest.raises(ValidationError, match="'direct' or 'post-stratified'"):
        Weighting("raked")
    with pytest.raises(ValidationError, match="which attribute"):
        Weighting("post-stratified")
    with pytest.raises(ValidationError, match="not made from an attribute"):
        Weighting("direct", "role")


def test_an_effective_size_is_checked() -> None:
    with pytest.raises(ValidationError, match="at most the 4 respondents"):
        Score(50.0, 4, effective_respondents=4.5)
    with pytest.raises(ValidationError, match="no value"):
        Score(None, 4, effective_respondents=3.0)


# Documents, comparisons and journeys


def test_a_weighted_result_round_trips_as_a_document() -> None:
    result = score(PULSE, WARD, min_respondents=1, weights=_stratified())

    text = dumps(result)

    assert "method: post-stratified" in text
    assert "effective_respondents" in text
    assert loads(text) == result


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "method: post-stratified",
            "method: raked",
            r"weighting\.method: 'raked' is not a way of weighting",
        ),
        ("  attribute: role\n", "", "say which attribute"),
        (
            "effective_respondents: 4.285714285714286",
            "effective_respondents: 9",
            r"effective_respondents: 9\.0 is not above 0 and at most the 5",
        ),
    ],
)
def test_a_faulty_weighted_document_says_where(
    old: str, new: str, message: str
) -> None:
    text = dumps(score(PULSE, WARD, min_respondents=1, weights=_stratified()))
    assert old in text

    with pytest.raises(DocumentError, match=message):
        loads(text.replace(old, new))


def test_weighted_and_unweighted_results_are_not_compared() -> None:
    weighted = score(PULSE, WARD, min_respondents=1, weights=_stratified())
    peer = attrs.evolve(score(PULSE, WARD, min_respondents=1), trust="ZZZ")

    with pytest.raises(NotComparableError, match="weighting none where ZNW has"):
        compare(weighted, [peer])


def test_a_journey_does_not_mix_weightings() -> None:
    later = attrs.evolve(PULSE, date=dt.date(2026, 3, 31))
    first = score(PULSE, WARD, min_respondents=1)
    second = score(
        later,
        WARD,
        min_respondents=1,
        weights=RespondentWeights.post_stratified(later, "role", TARGETS),
    )
    pairs = [
        (first, reliability(PULSE, WARD, min_respondents=1)),
        (
            second,
            reliability(
                later,
                WARD,
                min_respondents=1,
                weights=RespondentWeights.post_stratified(later, "role", TARGETS),
            ),
        ),
    ]

    with pytest.raises(NotComparableError, match="unweighted and the 2026-03-31"):
        Journey.from_scored(pairs)


# Disclosure control counts respondents, never weights


@pytest.mark.parametrize("strategy", BUILT_IN)
def test_heavy_weights_do_not_publish_a_small_group(strategy: str) -> None:
    """
    An attacker gives three doctors a weight of a thousand each, so that
    the weights add to far more than 11: their scores stay withheld.
    """
    few = attrs.evolve(PULSE, respondents=PULSE.respondents[:3])
    heavy = RespondentWeights(dict.fromkeys(("r1", "r2", "r3"), 1000))

    result = score(few, WARD, strategy, weights=heavy)

    assert result.overall.withheld
    assert all(s.withheld for s in result.features.values())
    assert result.overall.respondents == 3


def test_tiny_weights_do_not_withhold_a_large_group() -> None:
    """
    Twelve doctors weighted a thousandth each: their weights add to
    less than one, yet they are twelve, so their scores are shown.
    """
    answered_all = [PULSE.respondents[i] for i in (0, 2, 3, 4)]
    many = attrs.evolve(
        PULSE,
        respondents=[attrs.evolve(answered_all[i % 4], id=f"d{i}") for i in range(12)],
    )
    tiny = RespondentWeights({r.id: 0.001 for r in many.respondents})

    result = score(many, WARD, weights=tiny)

    assert not result.overall.withheld
    assert result.overall.respondents == 12


def test_a_breakdown_withholds_a_heavily_weighted_small_group() -> None:
    """
    In a breakdown, three trainees weighted heavily among twenty-four
    consultants weighted lightly: the trainees' group is withheld, and the
    plan withholds just what it withholds unweighted.
    """
    consultants = [
        attrs.evolve(PULSE.respondents[i % 3], id=f"c{i}") for i in range(24)
    ]
    trainees = [
        attrs.evolve(PULSE.respondents[3 + i % 2], id=f"t{i}") for i in range(3)
    ]
    survey = attrs.evolve(PULSE, respondents=[*consultants, *trainees])
    weights = RespondentWeights(
        {
            **{r.id: 0.01 for r in consultants},
            **{r.id: 500 for r in trainees},
        }
    )

    by_role = breakdown(survey, WARD, "role", weights=weights)

    unweighted = breakdown(survey, WARD, "role")

    assert by_role.groups["trainee"].overall.withheld
    assert by_role.groups["trainee"].overall.respondents == 3
    assert by_role.groups["consultant"].weighting == Weighting("direct")
    assert _withheld(by_role) == _withheld(unweighted)
    assert not by_role.total.overall.withheld


def _withheld(by: Breakdown) -> dict[str, tuple[bool, tuple[str, ...]]]:
    return {
        group: (scored.overall.withheld, scored.withheld)
        for group, scored in [("(total)", by.total), *by.groups.items()]
    }


def test_a_level_of_one_feature_has_its_weighted_standard_error() -> None:
    """
    A level made respondent first of one feature is that feature scored
    again: weighted, its standard error is the feature's, so the level's
    influence values are weighted as the feature's are.
    """
    survey = medengage.catalogue().assessments[0]
    feature = "quality-strategy"
    checklist = attrs.evolve(
        survey.checklist,
        levels=[
            medengage.Level(
                "only", "Only", [feature], medengage.LevelMethod.RESPONDENT_FIRST
            )
        ],
    )
    leveled = attrs.evolve(survey, checklist=checklist)
    graded = RespondentWeights(
        {
            id: Fraction(3 if grade == "consultant" else 1)
            for id, grade in zip(
                leveled.respondents.ids,
                leveled.respondents.attribute("grade"),
                strict=True,
            )
        }
    )
    report = medengage.reliability(leveled, checklist, "mean", weights=graded)
    level = report.levels["only"].uncertainty
    own = report.features[feature].uncertainty

    assert level.value == pytest.approx(own.value)
    assert level.standard_error == pytest.approx(own.standard_error)
    unweighted = medengage.reliability(leveled, checklist, "mean")
    assert unweighted.features[feature].uncertainty.standard_error != (
        pytest.approx(own.standard_error)
    )
