"""
Trust types over time, benchmarking groups, comparing within a group, and
expected ranges from funnel limits.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import medengage
from medengage import (
    JOURNEY_STAGES,
    STAFF_SURVEY_GROUPS,
    BenchmarkingGroup,
    Citation,
    Comparison,
    DocumentError,
    Expectation,
    ExpectedRange,
    ExpectedRanges,
    HeldType,
    MedEngageError,
    NotComparableError,
    Peer,
    Score,
    ScoredAssessment,
    Trust,
    TrustName,
    TrustType,
    ValidationError,
    benchmarking_group,
    compare,
    dumps,
    expected_ranges,
    loads,
    testing,
)


DAY = dt.date(2025, 3, 31)
A = TrustType.ACUTE
A_C = TrustType.ACUTE_AND_COMMUNITY
MHLD = TrustType.MENTAL_HEALTH_LEARNING_DISABILITY


def result(
    trust: str,
    value: float | None,
    respondents: int = 40,
    *,
    date: dt.date = DAY,
    withheld: bool = False,
    **features: Score,
) -> ScoredAssessment:
    """
    A result of scoring made by hand: its overall score *value* from
    *respondents*, or withheld.
    """
    overall = (
        Score(None, respondents, withheld=True)
        if withheld
        else Score(value, respondents)
    )
    return ScoredAssessment(
        strategy="mean",
        trust=trust,
        checklist="ward-pulse",
        checklist_version=1,
        date=date,
        overall=overall,
        features=features,
        banding=JOURNEY_STAGES,
        min_respondents=11,
    )


def trust(code: str, *types: HeldType) -> Trust:
    return Trust(code, [TrustName(f"Trust {code}")], types=types)


# Types over time, in documents


OLD_TRUST = """\
medengage: 1
kind: Trust
code: ABC
names:
- name: Abbey NHS Trust
"""


def test_a_trust_document_without_types_still_loads() -> None:
    loaded = loads(OLD_TRUST, Trust)
    assert loaded.types == ()
    assert loaded.type_on(DAY) is None
    assert dumps(loaded) == OLD_TRUST


def test_types_round_trip_and_are_written_after_the_other_fields() -> None:
    text = OLD_TRUST + (
        "types:\n"
        "- type: acute\n"
        "  until: 2020-03-31\n"
        "- type: acute-and-community\n"
        "  since: 2020-04-01\n"
    )
    loaded = loads(text, Trust)
    assert loaded.types == (
        HeldType(A, until=dt.date(2020, 3, 31)),
        HeldType(A_C, since=dt.date(2020, 4, 1)),
    )
    assert dumps(loaded) == text


@given(testing.trusts())
def test_trusts_with_types_round_trip(drawn: Trust) -> None:
    assert loads(dumps(drawn), Trust) == drawn


@pytest.mark.parametrize(
    ("types", "where", "says"),
    [
        ("- type: acute\n- type: community\n", "types[0].until", "last day"),
        (
            "- type: acute\n  until: 2020-01-01\n- type: community\n",
            "types[1].since",
            "first day",
        ),
        (
            "- type: acute\n  until: 2020-01-01\n"
            "- type: community\n  since: 2020-01-01\n",
            "types[1].since",
            "after 2020-01-01",
        ),
        (
            "- type: acute\n  since: 2020-01-02\n  until: 2020-01-01\n",
            "until",
            "before",
        ),
        ("- type: hospital\n", "types[0].type", "acute-and-community"),
        ("- acute\n", "types[0]", ""),
    ],
)
def test_bad_types_are_refused_with_where_and_what(
    types: str, where: str, says: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        loads(OLD_TRUST + "types:\n" + types, Trust)
    message = str(caught.value)
    assert where in message
    assert says in message
    assert "line" in message


def test_the_type_held_on_a_day() -> None:
    changed = trust(
        "ABC",
        HeldType(A, until=dt.date(2020, 3, 31)),
        HeldType(A_C, since=dt.date(2020, 4, 1), until=dt.date(2023, 12, 31)),
        HeldType(MHLD, since=dt.date(2024, 6, 1)),
    )
    assert changed.type_on(dt.date(1990, 1, 1)) is A
    assert changed.type_on(dt.date(2020, 3, 31)) is A
    assert changed.type_on(dt.date(2020, 4, 1)) is A_C
    # Between two types, where the sources do not say.
    assert changed.type_on(dt.date(2024, 3, 1)) is None
    assert changed.type_on(dt.date(2030, 1, 1)) is MHLD
    assert "type acute-and-community from 2020-04-01 to 2023-12-31" in (
        changed.table().text()
    )


def test_the_bundled_trusts_have_sourced_types_where_known() -> None:
    trusts = medengage.catalogue().trusts
    assert trusts["RTF"].type_on(DAY) is A_C
    assert trusts["RRV"].type_on(DAY) is A
    southern = trusts["RW1"]
    mhldc = TrustType.MENTAL_HEALTH_LEARNING_DISABILITY_COMMUNITY
    assert southern.type_on(dt.date(2011, 4, 1)) is mhldc
    assert southern.type_on(dt.date(2025, 1, 1)) is mhldc
    # Before Southern Health was formed, the type is not sourced.
    assert southern.type_on(dt.date(2011, 3, 31)) is None
    assert trusts["RM3"].types == ()
    assert trusts["ZNW"].type_on(DAY) is A
    for code, held in [(c, h) for c, t in trusts.items() for h in t.types]:
        assert held.source is not None or "fictional" in trusts[code].name


# Benchmarking groups


def test_the_staff_survey_groups_gather_every_type_once() -> None:
    gathered = [kind for group in STAFF_SURVEY_GROUPS for kind in group.types]
    assert sorted(gathered, key=lambda t: t.value) == sorted(
        TrustType, key=lambda t: t.value
    )
    assert benchmarking_group(A).id == benchmarking_group(A_C).id
    assert benchmarking_group(MHLD) is benchmarking_group(
        TrustType.MENTAL_HEALTH_LEARNING_DISABILITY_COMMUNITY
    )
    assert benchmarking_group(TrustType.AMBULANCE).types == (TrustType.AMBULANCE,)


def test_groups_must_gather_types_each_once() -> None:
    with pytest.raises(ValidationError, match="at least one type"):
        BenchmarkingGroup("none", "None", [])
    with pytest.raises(ValidationError, match="each type once"):
        BenchmarkingGroup("twice", "Twice", [A, A])
    acute = BenchmarkingGroup("acute", "Acute", [A])
    also = BenchmarkingGroup("also", "Also acute", [A, A_C])
    with pytest.raises(MedEngageError, match="more than one group"):
        benchmarking_group(A, [acute, also])
    with pytest.raises(
        MedEngageError, match="no benchmarking group gathers 'ambulance'"
    ):
        benchmarking_group(TrustType.AMBULANCE, [acute])
    with pytest.raises(MedEngageError, match=r"groups\[1\] is not a BenchmarkingGroup"):
        benchmarking_group(A, [acute, "acute"])  # type: ignore[list-item]


# Comparing within a group

ZNW = result("ZNW", 60)
PEERS = [
    result("AAA", 50),  # acute and community: in the acute group
    result("BBB", 80),  # mental health: outside
    result("CCC", 55),  # no type recorded: left out
    result("DDD", 70),  # community by then: outside
    result("DDD", 65, date=dt.date(2024, 3, 31)),  # acute then: in
    result("EEE", 40),  # not among the trusts at all
]
TRUSTS = [
    trust("ZNW", HeldType(A)),
    trust("AAA", HeldType(A_C)),
    trust("BBB", HeldType(MHLD)),
    trust("CCC"),
    trust(
        "DDD",
        HeldType(A, until=dt.date(2024, 12, 31)),
        HeldType(TrustType.COMMUNITY, since=dt.date(2025, 1, 1)),
    ),
]


def test_compare_within_the_trusts_group_judges_each_peer_on_its_own_date() -> None:
    within = compare(ZNW, PEERS, trusts=TRUSTS)
    assert within.group == benchmarking_group(A)
    assert within.peers == (Peer("AAA", DAY), Peer("DDD", dt.date(2024, 3, 31)))
    assert within.outside_group == (Peer("BBB", DAY), Peer("DDD", DAY))
    assert within.type_unknown == (Peer("CCC", DAY), Peer("EEE", DAY))
    assert within.overall.peers == 2
    assert within.overall.median == 57.5
    assert within.overall.gap == 2.5
    assert within.overall.percentile == 50.0


def test_without_trusts_compare_is_as_it_was() -> None:
    everyone = compare(ZNW, PEERS)
    assert everyone.group is None
    assert everyone.outside_group == everyone.type_unknown == ()
    assert len(everyone.peers) == 6
    assert "group" not in dumps(everyone)


def test_a_catalogues_trusts_mapping_may_be_given() -> None:
    by_code = {t.code: t for t in TRUSTS}
    assert compare(ZNW, PEERS, trusts=by_code) == compare(ZNW, PEERS, trusts=TRUSTS)


def test_groups_of_ones_own_can_be_given() -> None:
    separate = [
        BenchmarkingGroup("acute", "Acute trusts", [A]),
        BenchmarkingGroup("acute-community", "Acute and community trusts", [A_C]),
        BenchmarkingGroup("others", "The rest", [MHLD, TrustType.COMMUNITY]),
    ]
    within = compare(ZNW, PEERS, trusts=TRUSTS, groups=separate)
    assert within.group == separate[0]
    assert within.peers == (Peer("DDD", dt.date(2024, 3, 31)),)


@given(st.permutations(PEERS), st.permutations(TRUSTS))
def test_the_order_of_peers_and_trusts_does_not_matter(
    peers: list[ScoredAssessment], trusts: list[Trust]
) -> None:
    assert compare(ZNW, peers, trusts=trusts) == compare(ZNW, PEERS, trusts=TRUSTS)


def test_a_comparison_within_a_group_round_trips() -> None:
    within = compare(ZNW, PEERS, trusts=TRUSTS)
    text = dumps(within)
    assert "group:\n  id: acute-and-acute-community" in text
    assert loads(text, Comparison) == within


@pytest.mark.parametrize(
    ("trusts", "says"),
    [
        (TRUSTS[1:], "ZNW is not among the trusts given"),
        (
            [trust("ZNW", HeldType(A, until=dt.date(2024, 1, 1))), *TRUSTS[1:]],
            "has no type recorded for 2025-03-31",
        ),
        ([trust("ZNW"), *TRUSTS[1:]], "add to its types one held that day"),
        ([*TRUSTS, TRUSTS[0]], "ZNW is given twice"),
        ([*TRUSTS, "ZNW"], r"trusts\[5\] is not a Trust"),
        (medengage.catalogue(), "not a Catalogue"),
        ("ZNW", "not a str"),
    ],
)
def test_a_trust_whose_group_is_not_known_is_refused(trusts: Any, says: str) -> None:
    with pytest.raises(MedEngageError, match=says):
        compare(ZNW, PEERS, trusts=trusts)


def test_groups_without_trusts_are_refused() -> None:
    with pytest.raises(MedEngageError, match="give the trusts"):
        compare(ZNW, PEERS, groups=STAFF_SURVEY_GROUPS)


def test_peers_left_out_are_consistent() -> None:
    within = compare(ZNW, PEERS, trusts=TRUSTS)
    fields = attrs.asdict(within, recurse=False)
    with pytest.raises(ValidationError, match="listed already"):
        Comparison(**{**fields, "outside_group": (within.peers[0],)})
    with pytest.raises(ValidationError, match="only within a group"):
        Comparison(**{**fields, "group": None})
    with pytest.raises(ValidationError, match="not its own peer"):
        Comparison(**{**fields, "type_unknown": (Peer("ZNW", DAY),)})


def test_many_peers_are_sorted_into_groups_in_one_pass() -> None:
    """
    A region of a thousand peers is split by type at once.
    """
    many = [result(f"{i:03d}", 50) for i in range(1000)]
    kinds: list[list[HeldType]] = [[HeldType(A)], [HeldType(MHLD)], []]
    typed = [trust(f"{i:03d}", *kinds[i % 3]) for i in range(1000)]
    within = compare(ZNW, many, trusts=[TRUSTS[0], *typed])
    assert (len(within.peers), len(within.outside_group)) == (334, 333)
    assert len(within.type_unknown) == 333


# Expected ranges: the worked example of docs/instruments.md

THREE = [
    result("AAA", 66, 100),
    result("BBB", 44, 16),
    result("CCC", 64, 400),
    result("DDD", None, 8, withheld=True),
]


def _rounded(shown: ExpectedRange) -> tuple[Any, ...]:
    limits = (shown.low_95, shown.high_95, shown.low_998, shown.high_998)
    return (
        shown.trust,
        shown.respondents,
        tuple(None if x is None else round(x, 2) for x in limits),
        shown.expectation,
    )


def test_worked_example_with_target_and_sigma_given() -> None:
    ranges = expected_ranges(THREE, target=60, sigma=20)
    assert (ranges.target, ranges.sigma, ranges.level) == (60, 20, 0.998)
    assert ranges.target_given
    assert ranges.sigma_given
    # AAA: standard error 20 / sqrt(100) = 2; 60 ± 1.96 * 2 and 60 ± 3.09 * 2.
    # BBB: 20 / sqrt(16) = 5; CCC: 20 / sqrt(400) = 1; DDD: 20 / sqrt(8).
    assert [_rounded(r) for r in ranges.trusts] == [
        ("AAA", 100, (56.08, 63.92, 53.82, 66.18), Expectation.ABOUT_THE_SAME),
        ("BBB", 16, (50.2, 69.8, 44.55, 75.45), Expectation.WORSE),
        ("CCC", 400, (58.04, 61.96, 56.91, 63.09), Expectation.BETTER),
        ("DDD", 8, (46.14, 73.86, 38.15, 81.85), None),
    ]
    assert ranges.of("DDD").withheld


def test_at_95_percent_the_inner_limits_classify() -> None:
    ranges = expected_ranges(THREE, target=60, sigma=20, level=0.95)
    assert [r.expectation for r in ranges.trusts] == [
        Expectation.BETTER,
        Expectation.WORSE,
        Expectation.BETTER,
        None,
    ]


def test_worked_example_with_target_and_sigma_from_the_group() -> None:
    group = [result("AAA", 58, 100), result("BBB", 60, 100), result("CCC", 62, 100)]
    ranges = expected_ranges(group)
    # target (100*58 + 100*60 + 100*62) / 300 = 60;
    # sigma**2 = (100*4 + 0 + 100*4) / (3 - 1) = 400.
    assert (ranges.target, ranges.sigma) == (60, 20)
    assert not ranges.target_given
    assert not ranges.sigma_given
    assert {r.expectation for r in ranges.trusts} == {Expectation.ABOUT_THE_SAME}


def test_on_the_limit_is_about_the_same() -> None:
    # 60 + 3.090... * 20 / sqrt(100), exactly the upper limit.
    high = expected_ranges([result("AAA", 0, 100)], target=60, sigma=20).trusts[0]
    assert high.high_998 is not None
    on = expected_ranges([result("AAA", high.high_998, 100)], target=60, sigma=20)
    assert on.trusts[0].expectation is Expectation.ABOUT_THE_SAME


def test_a_feature_is_ranged_by_name() -> None:
    with_voice = [
        result("AAA", 50, voice=Score(70.0, 100)),
        result("BBB", 50, voice=Score(None, 0)),
        result("CCC", 50),
    ]
    ranges = expected_ranges(with_voice, feature="voice", target=60, sigma=20)
    assert ranges.feature == "voice"
    assert [(r.trust, r.expectation) for r in ranges.trusts] == [
        ("AAA", Expectation.BETTER),
        ("BBB", None),
        ("CCC", None),
    ]
    assert ranges.of("CCC").low_95 is None
    with pytest.raises(MedEngageError, match="no result has a score for the feature"):
        expected_ranges(with_voice, feature="learning", target=60, sigma=20)


@pytest.mark.parametrize(
    ("given", "options", "says"),
    [
        ([], {}, "at least one"),
        (THREE, {"level": 0.99}, "level must be 0.95 or 0.998"),
        (THREE, {"target": math.nan}, "target must be a finite number"),
        (THREE, {"sigma": -1.0}, "sigma must be a finite number of 0 or more"),
        (THREE, {"sigma": math.inf}, "sigma must be"),
        ([THREE[0]], {}, "too few to work out sigma"),
        ([THREE[0]], {"target": 60}, None),
        ([THREE[3]], {}, "no score has a value"),
        ([THREE[0], THREE[0]], {}, "give each trust's result once"),
        ([THREE[0], "AAA"], {}, r"results\[1\] is not a ScoredAssessment"),
    ],
)
def test_what_cannot_be_ranged_is_refused(
    given: list[Any], options: dict[str, Any], says: str | None
) -> None:
    if says is None:
        # One score and a target given: sigma comes from its distance.
        ranges = expected_ranges(given, **options)
        assert ranges.sigma == math.sqrt(100 * 6**2)
        return
    with pytest.raises(MedEngageError, match=says):
        expected_ranges(given, **options)


def test_results_scored_another_way_cannot_be_ranged() -> None:
    other = attrs.evolve(THREE[1], strategy="percent-positive")
    with pytest.raises(NotComparableError, match="strategy"):
        expected_ranges([THREE[0], other])


def test_ranges_are_consistent() -> None:
    shown = expected_ranges(THREE, target=60, sigma=20)
    first = attrs.asdict(shown.trusts[0], recurse=False)
    with pytest.raises(ValidationError, match=r"99\.8% limits must hold"):
        ExpectedRange(**{**first, "low_998": 60.0})
    with pytest.raises(ValidationError, match="classified exactly when"):
        ExpectedRange(**{**first, "expectation": None})
    with pytest.raises(ValidationError, match="all four limits"):
        ExpectedRange(**{**first, "low_95": None})
    fields = attrs.asdict(shown, recurse=False)
    with pytest.raises(ValidationError, match="once, by ODS code"):
        ExpectedRanges(**{**fields, "trusts": shown.trusts[::-1]})
    with pytest.raises(MedEngageError, match="no expected range for ZZZ"):
        shown.of("ZZZ")


# Invariants

_SCORES = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=100, allow_nan=False),
        st.integers(min_value=1, max_value=5000),
    ),
    min_size=2,
    max_size=8,
)


def _results(scores: list[tuple[float, int]]) -> list[ScoredAssessment]:
    return [
        result(f"A{index:02d}", value, n) for index, (value, n) in enumerate(scores)
    ]


@given(
    st.lists(st.integers(min_value=1, max_value=10_000), min_size=2, unique=True),
    st.floats(min_value=0, max_value=50, allow_nan=False),
)
def test_limits_widen_as_respondents_fall(counts: list[int], sigma: float) -> None:
    ranges = expected_ranges(_results([(50.0, n) for n in counts]), sigma=sigma)
    by_count = sorted(ranges.trusts, key=lambda r: r.respondents)
    for level in ("95", "998"):
        widths = [
            getattr(r, f"high_{level}") - getattr(r, f"low_{level}") for r in by_count
        ]
        assert widths == sorted(widths, reverse=True)


@given(_SCORES, st.data())
def test_classification_does_not_depend_on_the_order_of_trusts(
    scores: list[tuple[float, int]], data: st.DataObject
) -> None:
    results = _results(scores)
    shuffled = data.draw(st.permutations(results))
    assert expected_ranges(shuffled) == expected_ranges(results)


@given(_SCORES, st.integers(min_value=1, max_value=10), st.data())
def test_withheld_scores_are_never_classified_nor_counted(
    scores: list[tuple[float, int]], respondents: int, data: st.DataObject
) -> None:
    results = _results(scores)
    hidden = result("ZZZ", None, respondents, withheld=True)
    at = data.draw(st.integers(min_value=0, max_value=len(results)))
    with_hidden = expected_ranges([*results[:at], hidden, *results[at:]])
    without = expected_ranges(results)
    assert (with_hidden.target, with_hidden.sigma) == (without.target, without.sigma)
    assert with_hidden.of("ZZZ").expectation is None
    assert with_hidden.trusts[:-1] == without.trusts


@given(_SCORES)
def test_scores_at_the_target_are_about_the_same(
    scores: list[tuple[float, int]],
) -> None:
    ranges = expected_ranges(_results(scores))
    for shown in ranges.trusts:
        assert shown.low_998 is not None
        assert shown.high_998 is not None
        assert shown.low_998 <= ranges.target <= shown.high_998
        if shown.value == ranges.target:
            assert shown.expectation is Expectation.ABOUT_THE_SAME


def test_a_group_source_is_a_citation() -> None:
    assert all(
        g.source is None or isinstance(g.source, Citation) for g in STAFF_SURVEY_GROUPS
    )
