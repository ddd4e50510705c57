"""
Journeys: a trust's assessments over time, followed across mergers, with
the change of each score and whether it is larger than its uncertainty.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pytest
from _worked_example import AGREEMENT
from hypothesis import given
from hypothesis import strategies as st

from medengage import (
    JOURNEY_STAGES,
    Assessment,
    Change,
    Checklist,
    ChecklistItem,
    ChecklistMapping,
    EngagementFeature,
    Journey,
    JourneyStep,
    MedEngageError,
    NotComparableError,
    Reliability,
    Respondent,
    ScoredAssessment,
    StepScore,
    Succession,
    Trust,
    TrustName,
    ValidationError,
    catalogue,
    dumps,
    journey,
    loads,
    reliability,
    score,
    testing,
)
from medengage._scales import Value


PULSE = Checklist(
    id="pulse",
    version=1,
    title="Pulse",
    features=[
        EngagementFeature("voice", "Having a voice"),
        EngagementFeature("learning", "Learning from incidents"),
    ],
    scales=[AGREEMENT],
    items=[
        ChecklistItem("heard", "I am heard.", "voice", "agree5"),
        ChecklistItem("ignored", "I am ignored.", "voice", "agree5", reverse=True),
        ChecklistItem("hear-back", "I hear back.", "learning", "agree5"),
    ],
)


def survey(
    trust: str,
    day: dt.date,
    answers: Sequence[Mapping[str, Value | None]],
    checklist: Checklist = PULSE,
) -> Assessment:
    """
    An assessment of *trust* on *day*, one respondent for each set of
    answers.
    """
    return Assessment(
        checklist=checklist,
        trust=trust,
        date=day,
        respondents=[
            Respondent(f"r{index}", {}, given) for index, given in enumerate(answers)
        ],
    )


def answers(count: int, heard: int) -> list[dict[str, Value | None]]:
    """
    *count* respondents' answers, varied, around *heard*.
    """
    return [
        {"heard": heard - index % 2, "ignored": 2 + index % 3, "hear-back": 3}
        for index in range(count)
    ]


# The worked example of docs/journey.md


def test_worked_example_of_significance() -> None:
    """
    A feature that went from 52.0 (SE 1.5) to 56.5 (SE 2.0) moved +4.5
    with a standard error of sqrt(1.5² + 2.0²) = 2.5, so its 95% interval
    is 4.5 ± 4.9, from -0.4 to 9.4, and it holds zero: not significant.
    One that went from 60.0 (SE 1.2) to 55.0 (SE 1.6) moved -5.0 with a
    standard error of 2.0, interval -8.92 to -1.08: a significant fall.
    """
    start, end = dt.date(2023, 10, 31), dt.date(2024, 10, 31)

    rose = Change.between(
        start,
        end,
        StepScore(52.0, 200, standard_error=1.5, low=49.06, high=54.94),
        StepScore(56.5, 210, standard_error=2.0, low=52.58, high=60.42),
    )
    fell = Change.between(
        start,
        end,
        StepScore(60.0, 200, standard_error=1.2, low=57.648, high=62.352),
        StepScore(55.0, 210, standard_error=1.6, low=51.864, high=58.136),
    )

    assert rose.difference == pytest.approx(4.5)
    assert rose.standard_error == pytest.approx(2.5)
    assert rose.low == pytest.approx(-0.4)
    assert rose.high == pytest.approx(9.4)
    assert rose.significant is False
    assert fell.difference == pytest.approx(-5.0)
    assert fell.standard_error == pytest.approx(2.0)
    assert fell.low == pytest.approx(-8.92)
    assert fell.high == pytest.approx(-1.08)
    assert fell.significant is True


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (StepScore(None, 5, withheld=True), StepScore(50.0, 20)),
        (StepScore(50.0, 20), StepScore(None, 0)),
        (None, StepScore(50.0, 20)),
    ],
    ids=["withheld", "no-value", "not-compared"],
)
def test_no_change_without_two_values(
    before: StepScore | None, after: StepScore
) -> None:
    """
    A withheld score, a score nobody gave, or a feature not compared at one
    date never gives a change.
    """
    change = Change.between(dt.date(2023, 1, 1), dt.date(2024, 1, 1), before, after)

    assert change.difference is None
    assert change.standard_error is None
    assert change.significant is None


def test_no_significance_without_standard_errors() -> None:
    """
    Where a score has no standard error, the difference is given but not
    judged.
    """
    change = Change.between(
        dt.date(2023, 1, 1),
        dt.date(2024, 1, 1),
        StepScore(40.0, 1),
        StepScore(70.0, 30, standard_error=1.0, low=68.04, high=71.96),
    )

    assert change.difference == 30.0
    assert change.significant is None
    assert change.low is None


# The bundled fictional trust


def test_the_fictional_trust_over_three_years() -> None:
    """
    The journey of the fictional trust ZNW has a step for each yearly survey,
    each scored as medengage.score scores it, with the standard errors that
    medengage.reliability gives.
    """
    surveys = catalogue().assessments_of("ZNW")

    result = journey(reversed(surveys))

    assert result.trust == "ZNW"
    assert result.dates == tuple(s.date for s in surveys)
    for step, assessment in zip(result.steps, surveys, strict=True):
        scored = score(assessment, assessment.checklist)
        errors = reliability(assessment, assessment.checklist)
        assert step.overall.value == scored.overall.value
        assert step.overall.band == scored.overall.band
        assert step.overall.standard_error == errors.overall.standard_error
        for feature, shown in step.features.items():
            assert shown.value == scored.features[feature].value
            assert (
                shown.standard_error
                == errors.features[feature].uncertainty.standard_error
            )
    across = result.features["stable-leadership"].across
    assert across is not None
    assert across.significant is True
    assert across.difference is not None
    assert across.difference < 0
    assert "Fell significantly: Stable leadership" in result.summary()
    assert tuple(result.bands().values()) == tuple(
        score(s, s.checklist).overall.band for s in surveys
    )


# Trusts across mergers


def test_a_merged_trust_is_followed_to_its_successor() -> None:
    """
    An assessment of RW6, which closed with RM3 as its successor, belongs to
    RM3's journey; each step keeps the code and the name of its date.
    """
    pennine = survey("RW6", dt.date(2020, 3, 31), answers(12, 4))
    salford = survey("RM3", dt.date(2021, 3, 31), answers(12, 5))
    alliance = survey("RM3", dt.date(2023, 3, 31), answers(12, 3))

    result = journey([alliance, pennine, salford], min_respondents=1)

    assert result.trust == "RM3"
    assert result.trust_name == "Northern Care Alliance NHS Foundation Trust"
    assert [(step.trust, step.trust_name) for step in result.steps] == [
        ("RW6", "Pennine Acute Hospitals NHS Trust"),
        ("RM3", "Salford Royal NHS Foundation Trust"),
        ("RM3", "Northern Care Alliance NHS Foundation Trust"),
    ]
    assert "Northern Care Alliance NHS Foundation Trust (RM3)" in result.summary()


def test_successors_followed_through_given_trusts() -> None:
    """
    The trusts to follow can be given; a chain of successors is followed to
    its end, and a trust not among them is taken as it is, with no name.
    """
    trusts = [
        Trust("AAA", [TrustName("Old", until=dt.date(2019, 1, 1))], "BBB"),
        Trust("BBB", [TrustName("Middle", until=dt.date(2021, 1, 1))], "CCC"),
    ]

    result = journey(
        [
            survey("AAA", dt.date(2018, 6, 1), answers(3, 4)),
            survey("CCC", dt.date(2022, 6, 1), answers(3, 4)),
        ],
        trusts=trusts,
        min_respondents=1,
    )

    assert result.trust == "CCC"
    assert result.trust_name is None
    assert [step.trust_name for step in result.steps] == ["Old", None]


def test_the_lineage_asked_for_is_followed() -> None:
    """
    Pennine Acute passed to two trusts. By default a journey follows it to
    its main successor, Salford Royal; asked to, it follows it to
    Manchester University, which took North Manchester General Hospital.
    """
    pennine = survey("RW6", dt.date(2021, 3, 31), answers(3, 4))
    manchester = survey("R0A", dt.date(2022, 3, 31), answers(4, 4))
    alliance = survey("RM3", dt.date(2022, 3, 31), answers(4, 4))

    by_default = journey([pennine, alliance], min_respondents=1)
    north = journey([pennine, manchester], min_respondents=1, follow={"RW6": "R0A"})

    assert by_default.trust == "RM3"
    assert north.trust == "R0A"
    assert north.trust_name == "Manchester University NHS Foundation Trust"
    assert [(step.trust, step.trust_name) for step in north.steps] == [
        ("RW6", "Pennine Acute Hospitals NHS Trust"),
        ("R0A", "Manchester University NHS Foundation Trust"),
    ]
    with pytest.raises(MedEngageError, match="different trusts"):
        journey([pennine, manchester], min_respondents=1)
    with pytest.raises(MedEngageError, match="different trusts"):
        journey([pennine, alliance], min_respondents=1, follow={"RW6": "R0A"})


SPLIT = [
    Trust(
        "AAA",
        [TrustName("Split", until=dt.date(2020, 12, 31))],
        closed=dt.date(2020, 12, 31),
        successors=[
            Succession("BBB", dt.date(2020, 6, 1), "one hospital"),
            Succession("CCC", dt.date(2021, 1, 1), "the rest"),
        ],
    ),
    Trust("BBB", [TrustName("East")]),
    Trust("CCC", [TrustName("West")]),
]


def test_a_split_with_no_main_successor_needs_follow() -> None:
    """
    A trust that passed to several and names no main successor cannot be
    followed by guessing: the message says to choose, and how.
    """
    split = survey("AAA", dt.date(2019, 6, 1), answers(3, 4))
    east = survey("BBB", dt.date(2022, 6, 1), answers(3, 4))

    with pytest.raises(MedEngageError) as caught:
        journey([split, east], trusts=SPLIT, min_respondents=1)
    chosen = journey(
        [split, east], trusts=SPLIT, min_respondents=1, follow={"AAA": "BBB"}
    )

    assert "passed to several trusts" in str(caught.value)
    assert "follow={'AAA': 'BBB'}" in str(caught.value)
    assert chosen.trust == "BBB"


@pytest.mark.parametrize(
    ("follow", "message"),
    [
        ({"ZZZ": "BBB"}, "hold no trust with that code"),
        ({"AAA": "ZZZ"}, "passed to 'BBB', 'CCC': choose one of those"),
        ({"BBB": "CCC"}, "passed to no trust"),
        ({"AAA": "AAA"}, "choose one of those"),
        ([("AAA", "BBB")], "follow must map"),
        ("AAA", "follow must map"),
    ],
)
def test_follow_is_checked(follow: Any, message: str) -> None:
    """
    A lineage that the trusts do not have is refused, saying what they
    have, rather than followed to the wrong trust or ignored.
    """
    split = survey("AAA", dt.date(2019, 6, 1), answers(3, 4))

    with pytest.raises(MedEngageError, match=re.escape(message)):
        journey([split], trusts=SPLIT, min_respondents=1, follow=follow)


def test_follow_is_checked_when_built_from_results() -> None:
    """
    Journey.from_scored checks and follows *follow* as journey does.
    """
    split = survey("AAA", dt.date(2019, 6, 1), answers(3, 4))
    pair = (
        score(split, PULSE, min_respondents=1),
        reliability(split, PULSE, min_respondents=1),
    )

    built = Journey.from_scored([pair], trusts=SPLIT, follow={"AAA": "CCC"})

    assert built.trust == "CCC"
    with pytest.raises(MedEngageError, match="choose one of those"):
        Journey.from_scored([pair], trusts=SPLIT, follow={"AAA": "DDD"})


def test_different_trusts_are_refused() -> None:
    """
    Assessments of trusts that are not one through their successors do not
    make a journey; the message names them.
    """
    with pytest.raises(MedEngageError, match=r"different trusts") as caught:
        journey(
            [
                survey("RW6", dt.date(2020, 3, 31), answers(3, 4)),
                survey("RTF", dt.date(2021, 3, 31), answers(3, 4)),
            ],
            min_respondents=1,
        )

    message = str(caught.value)
    assert "Northern Care Alliance NHS Foundation Trust (RM3), which took over RW6" in (
        message
    )
    assert "Northumbria Healthcare NHS Foundation Trust (RTF)" in message
    assert not isinstance(caught.value, NotComparableError)


def test_two_assessments_on_one_date_are_refused() -> None:
    """
    A journey takes one assessment a date.
    """
    day = dt.date(2024, 3, 31)

    with pytest.raises(MedEngageError, match="two assessments closed on 2024-03-31"):
        journey(
            [survey("RTF", day, answers(3, 4)), survey("RTF", day, answers(4, 3))],
            min_respondents=1,
        )


def test_no_assessments_are_refused() -> None:
    """
    A journey needs an assessment.
    """
    with pytest.raises(MedEngageError, match="at least one assessment"):
        journey([])


def test_a_single_assessment_has_no_change_yet() -> None:
    """
    A journey of one assessment has no changes, and says so.
    """
    result = journey(
        [survey("RTF", dt.date(2024, 3, 31), answers(3, 4))], min_respondents=1
    )

    assert result.overall.changes == ()
    assert result.overall.across is None
    assert "a single assessment, so no change yet" in result.summary()


# Scored the same way


def scored(
    assessment: Assessment, strategy: str = "mean", **options: Any
) -> tuple[ScoredAssessment, Reliability]:
    """
    *assessment* scored with *strategy*, and its reliability.
    """
    checklist = assessment.checklist
    return (
        score(assessment, checklist, strategy, **options),
        reliability(assessment, checklist, strategy, **options),
    )


EARLIER = survey("RTF", dt.date(2023, 3, 31), answers(12, 4))
LATER = survey("RTF", dt.date(2024, 3, 31), answers(12, 5))


@pytest.mark.parametrize(
    ("strategy", "options", "named"),
    [
        (
            "staff-survey",
            {"min_respondents": 1},
            "strategy 'mean' and the 2024-03-31 one with 'staff-survey'",
        ),
        (
            "mean",
            {"min_respondents": 2},
            "min_respondents 1 and the 2024-03-31 one with 2",
        ),
        (
            "mean",
            {"min_respondents": 1, "banding": JOURNEY_STAGES.rescaled(1, id="same")},
            "banding 'journey-stages' (starting out, developing, established, "
            "embedded) and the 2024-03-31 one with banding 'same'",
        ),
        (
            "weighted",
            {"min_respondents": 1, "feature_weights": {"voice": 2}},
            "strategy 'mean' and the 2024-03-31 one with 'weighted'",
        ),
    ],
    ids=["strategy", "min_respondents", "banding", "weighted"],
)
def test_results_scored_differently_are_not_compared(
    strategy: str, options: dict[str, Any], named: str
) -> None:
    """
    Results made with different strategies or options are not compared:
    the error names the difference.
    """
    first = scored(EARLIER, "mean", min_respondents=1)
    second = scored(LATER, strategy, **options)

    with pytest.raises(NotComparableError, match=re.escape(named)):
        Journey.from_scored([second, first])


def test_results_with_different_options_are_not_compared() -> None:
    """
    Results of one strategy with different feature weights are not
    compared either.
    """
    first = scored(EARLIER, "weighted", min_respondents=1)
    second = scored(LATER, "weighted", min_respondents=1, feature_weights={"voice": 2})

    with pytest.raises(
        NotComparableError,
        match=re.escape(
            "options {} and the 2024-03-31 one with "
            "{feature_weights=FrozenMap({'voice': 2.0})}"
        ),
    ):
        Journey.from_scored([first, second])


def test_a_result_with_another_assessments_reliability_is_refused() -> None:
    """
    Each result must come with the reliability of the same assessment.
    """
    first, _ = scored(EARLIER, min_respondents=1)
    _, other = scored(LATER, min_respondents=1)

    with pytest.raises(MedEngageError, match="reliability given with the result"):
        Journey.from_scored([(first, other)])


def test_from_scored_gives_what_journey_gives() -> None:
    """
    A journey built from results already scored is the journey of the
    assessments.
    """
    built = Journey.from_scored(
        [scored(LATER, min_respondents=1), scored(EARLIER, min_respondents=1)]
    )

    assert built == journey([EARLIER, LATER], min_respondents=1)


# Checklist versions


PULSE_2 = attrs.evolve(
    PULSE,
    version=2,
    features=[
        EngagementFeature("listening", "Being listened to"),
        EngagementFeature("teams", "Working in teams"),
    ],
    items=[
        ChecklistItem("heard", "I am heard.", "listening", "agree5"),
        ChecklistItem("ignored", "I am ignored.", "listening", "agree5", reverse=True),
        ChecklistItem("team", "My team works well.", "teams", "agree5"),
    ],
)
VERSION_2 = survey(
    "RTF",
    dt.date(2024, 3, 31),
    [{"heard": 5, "ignored": 1, "team": 4}] * 6 + [{"heard": 3, "ignored": 2}] * 6,
    PULSE_2,
)
VOICE_IS_LISTENING = ChecklistMapping(
    source="pulse",
    source_version=1,
    target="pulse",
    target_version=2,
    features={"voice": "listening"},
)


def test_versions_without_a_mapping_are_not_compared() -> None:
    """
    Assessments on two versions of a checklist are not compared unless
    mapped: the error names both and says what to pass.
    """
    with pytest.raises(NotComparableError) as caught:
        journey([EARLIER, VERSION_2], min_respondents=1)

    assert str(caught.value) == (
        "the 2023-03-31 assessment answered checklist 'pulse' version 1 and the "
        "2024-03-31 one version 2: pass a medengage.ChecklistMapping from one "
        "version onto the other to compare them"
    )


def test_different_checklists_are_named_in_full() -> None:
    """
    Assessments on different checklists are named by id and version.
    """
    other = attrs.evolve(PULSE, id="other")
    later = survey("RTF", dt.date(2024, 3, 31), answers(3, 4), other)

    with pytest.raises(
        NotComparableError,
        match="checklist 'pulse' version 1 and the 2024-03-31 one checklist "
        "'other' version 1",
    ):
        journey([EARLIER, later], min_respondents=1)


def test_a_mapping_compares_features_under_the_targets_ids() -> None:
    """
    With a mapping, mapped features are compared under the target's ids; a
    feature with no counterpart is left out, and said so; a feature new in
    the target has no change where it was not measured.
    """
    result = journey(
        [EARLIER, VERSION_2], mappings=[VOICE_IS_LISTENING], min_respondents=1
    )
    old, new = result.steps
    voice = score(EARLIER, PULSE, min_respondents=1).features["voice"]

    assert (result.checklist, result.checklist_version) == ("pulse", 2)
    assert result.mappings == (VOICE_IS_LISTENING,)
    assert (old.checklist_version, new.checklist_version) == (1, 2)
    assert list(old.features) == ["listening"]
    assert old.features["listening"].value == voice.value
    assert old.left_out == ("learning",)
    assert list(result.features) == ["listening", "teams"]
    listening = result.features["listening"].across
    assert listening is not None
    assert listening.before == voice.value
    assert listening.after == new.features["listening"].value
    teams = result.features["teams"].across
    assert teams is not None
    assert teams.difference is None
    assert result.summary().endswith(
        "Left out, with no counterpart in checklist 'pulse' version 2: learning."
    )


def test_mappings_chain_onto_the_last_version() -> None:
    """
    Mappings from version 1 to 2 and from 2 to 3 compare a version 1
    assessment under version 3's ids; only the mappings used are kept.
    """
    pulse_3 = attrs.evolve(PULSE_2, version=3)
    version_3 = Assessment(pulse_3, "RTF", dt.date(2025, 3, 31), VERSION_2.respondents)
    onward = ChecklistMapping.matching(PULSE_2, pulse_3)
    unused = ChecklistMapping("elsewhere", 1, "pulse", 3)

    result = journey(
        [version_3, EARLIER, VERSION_2],
        mappings=[onward, unused, VOICE_IS_LISTENING],
        min_respondents=1,
    )

    assert result.checklist_version == 3
    assert list(result.steps[0].features) == ["listening"]
    assert result.mappings == (onward, VOICE_IS_LISTENING)


def test_a_mapping_that_names_a_missing_feature_is_refused() -> None:
    """
    A mapping must name features the versions have.
    """
    wrong = attrs.evolve(VOICE_IS_LISTENING, features={"voice": "speaking"})

    with pytest.raises(MedEngageError, match="target feature 'speaking'"):
        journey([EARLIER, VERSION_2], mappings=[wrong], min_respondents=1)


def test_mappings_in_a_circle_are_refused() -> None:
    """
    Mappings that lead back to where they started are refused.
    """
    back = ChecklistMapping("pulse", 2, "pulse", 1, {"listening": "voice"})

    with pytest.raises(MedEngageError, match="round in a circle"):
        journey(
            [EARLIER, VERSION_2],
            mappings=[VOICE_IS_LISTENING, back],
            min_respondents=1,
        )


def test_two_mappings_from_one_version_are_refused() -> None:
    """
    Each version maps onto one other at most.
    """
    again = attrs.evolve(VOICE_IS_LISTENING, target_version=3)

    with pytest.raises(MedEngageError, match="two mappings start from"):
        journey(
            [EARLIER, VERSION_2],
            mappings=[VOICE_IS_LISTENING, again],
            min_respondents=1,
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target_version": 1}, "cannot be mapped onto itself"),
        ({"features": {"a": "x", "b": "x"}}, "'a' maps onto 'x' already"),
        ({"features": {"a": "not an id"}}, "'not an id' is not a valid feature id"),
    ],
)
def test_invalid_mappings(fields: dict[str, Any], message: str) -> None:
    """
    A mapping maps one version onto another, each target feature the
    counterpart of one source feature at most.
    """
    with pytest.raises(ValidationError, match=message):
        attrs.evolve(VOICE_IS_LISTENING, **fields)


def test_matching_maps_the_features_both_versions_have() -> None:
    """
    ChecklistMapping.matching maps each feature onto the one with its id.
    """
    voice = ChecklistItem("say", "I have a say.", "voice", "agree5")
    target = attrs.evolve(
        PULSE_2,
        features=[*PULSE_2.features, PULSE.features[0]],
        items=[*PULSE_2.items, voice],
    )

    mapping = ChecklistMapping.matching(PULSE, target)

    assert mapping.features == {"voice": "voice"}
    assert (mapping.source_key, mapping.target_key) == (("pulse", 1), ("pulse", 2))


# Journeys as values


def test_steps_run_oldest_first() -> None:
    """
    A journey's steps are in date order, one a date.
    """
    result = journey([EARLIER, LATER], min_respondents=1)

    with pytest.raises(
        ValidationError, match=r"steps\[1\].date: 2023-03-31 does not follow"
    ):
        attrs.evolve(result, steps=result.steps[::-1])


def test_scores_stay_in_the_range() -> None:
    """
    A step's scores lie in the strategy's range.
    """
    result = journey([EARLIER, LATER], min_respondents=1)
    step = attrs.evolve(result.steps[0], overall=StepScore(101.0, 12))

    with pytest.raises(
        ValidationError, match=r"steps\[0\].overall.value: 101.0 is outside"
    ):
        attrs.evolve(result, steps=[step, result.steps[1]])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"withheld": True, "band": "x"}, "a withheld score has no value"),
        ({"standard_error": 1.0}, "a score with no value has no band"),
        (
            {"value": 50.0, "standard_error": 1.0},
            "give the standard error, low and high together",
        ),
        (
            {"value": 50.0, "standard_error": 1.0, "low": 51.0, "high": 52.0},
            "not within its interval",
        ),
        (
            {"value": 50.0, "standard_error": -1.0, "low": 49.0, "high": 52.0},
            "below zero",
        ),
        ({"value": math.inf}, "not a finite number"),
    ],
)
def test_invalid_step_scores(fields: dict[str, Any], message: str) -> None:
    """
    A step's score is consistent: a withheld score or one with no value
    shows nothing else; an interval comes whole and holds its value.
    """
    with pytest.raises(ValidationError, match=message):
        StepScore(**{"value": None, "respondents": 12, **fields})


def test_bands_over_time() -> None:
    """
    The bands of the overall score and of each feature, date by date.
    """
    result = journey([EARLIER, LATER], min_respondents=1)

    assert result.bands("voice") == {
        step.date: step.features["voice"].band for step in result.steps
    }
    assert list(result.bands()) == [EARLIER.date, LATER.date]
    with pytest.raises(KeyError):
        result.bands("no-such-feature")


def test_a_journey_document_keeps_its_steps() -> None:
    """
    A journey written out and read back is equal, and gives the same
    changes: only the steps are kept, and the changes follow from them.
    """
    result = journey(catalogue().assessments_of("ZNW"))

    text = dumps(result)
    read_back = loads(text, Journey)

    assert read_back == result
    assert read_back.features == result.features
    assert read_back.overall == result.overall
    assert "difference" not in text


def test_summary() -> None:
    """
    The summary gives the overall change with its interval, the bands, and
    the features by what they did, largest moves first.
    """
    result = _journey_of(
        overall=((52.0, 1.5), (56.5, 2.0)),
        features={
            "voice": ((60.0, 1.2), (55.0, 1.6)),
            "teams": ((40.0, 1.0), (45.0, 1.0)),
            "learning": ((40.0, 1.0), (50.0, 1.0)),
            "pay": ((40.0, 2.0), (41.0, 2.0)),
            "rest": ((40.0, None), (41.0, 2.0)),
        },
    )

    assert result.summary() == (
        "RTF: 2 assessments from 2023-10-31 to 2024-10-31, scored with 'mean'.\n"
        "Overall: 52.0 to 56.5 (+4.5; 95% interval -0.4 to +9.4): "
        "no significant change.\n"
        "Bands: developing, established.\n"
        "Rose significantly: learning (+10.0), teams (+5.0).\n"
        "Fell significantly: voice (-5.0).\n"
        "No significant change: pay (+1.0).\n"
        "Not judged (withheld, missing or without a standard error): rest."
    )


def _journey_of(
    overall: tuple[tuple[float, float | None], ...],
    features: dict[str, tuple[tuple[float, float | None], ...]],
) -> Journey:
    """
    A journey of two steps whose scores have the values and standard errors
    given.
    """
    dates = (dt.date(2023, 10, 31), dt.date(2024, 10, 31))

    def shown(value: float, error: float | None) -> StepScore:
        if error is None:
            return StepScore(value, 100, JOURNEY_STAGES.band(value))
        return StepScore(
            value,
            100,
            JOURNEY_STAGES.band(value),
            standard_error=error,
            low=value - 1.96 * error,
            high=value + 1.96 * error,
        )

    steps = [
        JourneyStep(
            date=day,
            trust="RTF",
            trust_name=None,
            checklist="pulse",
            checklist_version=1,
            overall=shown(*overall[index]),
            features={f: shown(*values[index]) for f, values in features.items()},
        )
        for index, day in enumerate(dates)
    ]
    return Journey(
        trust="RTF",
        trust_name=None,
        strategy="mean",
        checklist="pulse",
        checklist_version=1,
        banding=JOURNEY_STAGES,
        min_respondents=11,
        steps=steps,
    )


# Properties


BUILT_IN = ("mean", "staff-survey", "percent-positive", "weighted")
DATES = st.lists(
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    min_size=2,
    max_size=4,
    unique=True,
)


def _changes(result: Journey) -> list[Change]:
    changes: list[Change] = []
    for trend in [result.overall, *result.features.values()]:
        changes += trend.changes
        if trend.across is not None:
            changes.append(trend.across)
    return changes


@given(
    testing.checklists_with_assessments(max_respondents=8),
    DATES,
    st.sampled_from(BUILT_IN),
)
def test_identical_assessments_show_no_change(
    pair: tuple[Checklist, Assessment], dates: list[dt.date], strategy: str
) -> None:
    """
    The same answers at several dates show no change: every difference is
    zero (or there is none, where a score has no value), and none is
    significant.
    """
    _, assessment = pair
    repeated = [attrs.evolve(assessment, date=day) for day in dates]

    result = journey(repeated, strategy, trusts=(), min_respondents=1)

    for change in _changes(result):
        assert change.difference in (0.0, None)
        assert change.significant is not True


@given(testing.checklists(max_items=6), DATES, st.data())
def test_the_order_of_the_assessments_does_not_matter(
    checklist: Checklist, dates: list[dt.date], data: st.DataObject
) -> None:
    """
    The assessments may come in any order: the journey is the same.
    """
    surveys = [
        attrs.evolve(
            data.draw(testing.assessments(checklist, max_respondents=6)),
            trust="RTF",
            date=day,
        )
        for day in dates
    ]
    shuffled = data.draw(st.permutations(surveys))

    assert journey(shuffled, trusts=(), min_respondents=1) == journey(
        sorted(surveys, key=lambda s: s.date), trusts=(), min_respondents=1
    )


def improved(checklist: Checklist, respondent: Respondent) -> Respondent:
    """
    *respondent* with every answer one point nearer the favourable end of
    its scale, where it is not there already.
    """
    answers: dict[str, Value | None] = {}
    for item_id, value in respondent.answers.items():
        item = checklist.item(item_id)
        values = checklist.scale_of(item).values
        position = values.index(value) + (-1 if item.reverse else 1)
        answers[item_id] = values[min(max(position, 0), len(values) - 1)]
    return attrs.evolve(respondent, answers=answers)


def at_the_top(checklist: Checklist, item_id: str, value: Value) -> bool:
    """
    Whether *value* is the most favourable answer to the item.
    """
    item = checklist.item(item_id)
    values = checklist.scale_of(item).values
    return value == (values[0] if item.reverse else values[-1])


def _whole_points(checklist: Checklist) -> Checklist:
    """
    *checklist* with each scale's points valued 1, 2, 3 and so on.
    """
    scales = [
        attrs.evolve(
            scale,
            points=[
                attrs.evolve(point, value=index)
                for index, point in enumerate(scale.points, start=1)
            ],
        )
        for scale in checklist.scales
    ]
    return attrs.evolve(checklist, scales=scales)


@given(
    testing.checklists(max_items=6).map(_whole_points),
    st.sampled_from(("mean", "staff-survey")),
    st.data(),
)
def test_improving_every_answer_raises_every_score(
    checklist: Checklist, strategy: str, data: st.DataObject
) -> None:
    """
    Moving every answer one point towards the favourable end raises every
    feature's score, and the overall score, unless every answer was at
    that end already: then the score stays as it was.
    """
    before = data.draw(testing.assessments(checklist, max_respondents=8))
    after = Assessment(
        checklist,
        before.trust,
        before.date + dt.timedelta(days=365),
        [improved(checklist, respondent) for respondent in before.respondents],
    )

    result = journey([after, before], strategy, trusts=(), min_respondents=1)

    for feature, trend in [(None, result.overall), *result.features.items()]:
        change = trend.across
        assert change is not None
        items = {
            item.id
            for item in checklist.items
            if feature is None or item.feature == feature
        }
        room = any(
            not at_the_top(checklist, item, value)
            for respondent in before.respondents
            for item, value in respondent.answers.items()
            if item in items
        )
        if change.before is None:
            assert change.after is None
        elif room:
            assert change.difference is not None
            assert change.difference > 0
        else:
            assert change.difference == 0


@given(
    testing.checklists_with_assessments(max_respondents=8),
    st.sampled_from(BUILT_IN),
)
def test_improving_every_answer_never_lowers_a_score(
    pair: tuple[Checklist, Assessment], strategy: str
) -> None:
    """
    On any scales and with any weights, under every built-in strategy,
    moving every answer towards the favourable end lowers no score.
    """
    checklist, before = pair
    after = Assessment(
        checklist,
        before.trust,
        before.date + dt.timedelta(days=365),
        [improved(checklist, respondent) for respondent in before.respondents],
    )

    result = journey([before, after], strategy, trusts=(), min_respondents=1)

    for change in _changes(result):
        assert change.difference is None or change.difference >= 0


@given(testing.checklists_with_assessments(max_respondents=8))
def test_versions_are_compared_only_through_a_mapping(
    pair: tuple[Checklist, Assessment],
) -> None:
    """
    The same answers on the next version of a checklist are not compared
    without a mapping; with one that maps every feature onto itself, they
    show no change.
    """
    checklist, first = pair
    successor = attrs.evolve(checklist, version=checklist.version + 1)
    second = Assessment(
        successor, first.trust, first.date + dt.timedelta(days=1), first.respondents
    )

    with pytest.raises(NotComparableError, match="ChecklistMapping"):
        journey([first, second], trusts=(), min_respondents=1)
    result = journey(
        [first, second],
        trusts=(),
        mappings=[ChecklistMapping.matching(checklist, successor)],
        min_respondents=1,
    )

    assert list(result.features) == [feature.id for feature in checklist.features]
    for change in _changes(result):
        assert change.difference in (0.0, None)


@given(testing.journeys())
def test_a_change_is_significant_when_its_interval_leaves_out_zero(
    result: Journey,
) -> None:
    """
    Every change is the later score less the earlier, with the standard
    error sqrt(se1² + se2²) and the interval ± 1.96 of them; it is
    significant exactly when the interval leaves out zero.
    """
    for change in _changes(result):
        if change.difference is None:
            assert change.significant is None
            continue
        assert change.before is not None
        assert change.after is not None
        assert change.difference == change.after - change.before
        if change.significant is None:
            assert change.standard_error is None
            continue
        assert change.low is not None
        assert change.high is not None
        assert change.low <= change.difference <= change.high
        assert change.significant == (change.low > 0 or change.high < 0)
