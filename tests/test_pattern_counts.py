"""
Tallies count patterns by number: the numbers decode to the patterns they
stand for, counts of parts add up to the counts of the whole whichever way
they are held, and numpy, where it is used, counts and scores exactly as
the standard library does.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
import sys
import tracemalloc
from array import array
from collections import Counter
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import medengage
from medengage import (
    Assessment,
    Checklist,
    ChecklistItem,
    EngagementFeature,
    MedEngageError,
    Respondent,
    ResponseScale,
    ScalePoint,
    testing,
)
from medengage._checklists import Audience
from medengage._numbers import numpy_if_worth
from medengage.scoring import (
    _combination_credits,
    _pattern_arrays,
    _pattern_counts,
    _tally,
    merge,
    tally,
)
from medengage.scoring._feature_tables import feature_tables
from medengage.scoring._given_states import INDIVIDUAL, NOTHING, ORGANISATION_ONLY
from medengage.scoring._pattern_counts import PatternCounts
from medengage.scoring._pattern_numbers import PatternNumbering


def five_points() -> ResponseScale:
    return ResponseScale(
        id="agree",
        title="Agree",
        points=[ScalePoint(v, f"point {v}", favourable=v >= 4) for v in range(1, 6)],
    )


def two_features() -> Checklist:
    """
    Two features: ``a`` with items a1 (for the organisation) and a2,
    ``b`` with item b1.
    """
    return Checklist(
        id="two",
        version=1,
        title="Two",
        features=[EngagementFeature(id=f, title=f.upper()) for f in "ab"],
        scales=[five_points()],
        items=[
            ChecklistItem(
                id="a1",
                prompt="A1",
                feature="a",
                scale="agree",
                audience=Audience.ORGANISATION,
            ),
            ChecklistItem(id="a2", prompt="A2", feature="a", scale="agree"),
            ChecklistItem(id="b1", prompt="B1", feature="b", scale="agree"),
        ],
    )


def test_a_pattern_is_numbered_as_the_docs_say() -> None:
    """
    The worked example of docs/scoring.md: a respondent answers 4 to a1,
    nothing to a2 and 2 to b1. Each item of ``a`` is a digit in base 6
    (none, then the five points), so the answers number 4 * 6 + 0 = 24;
    they gave answers of their own to neither feature of ``a`` (only to
    a1, for the organisation: 1) and of their own to ``b`` (2), so the
    states number 1 * 3 + 2 = 5; there are two features, so the pattern
    is 24 * 3**2 + 5 = 221.
    """
    checklist = two_features()
    numbering = PatternNumbering.of(checklist)
    survey = Assessment(
        checklist,
        "ZNW",
        dt.date(2024, 1, 1),
        [Respondent("r1", answers={"a1": 4, "b1": 2})],
    )
    counted = tally(survey)
    assert dict(counted.counts["a"]) == {221: 1}
    assert numbering.decoder("a")(221) == ((4, None), (ORGANISATION_ONLY, INDIVIDUAL))
    assert dict(counted.patterns("b")) == {((2,), (ORGANISATION_ONLY, INDIVIDUAL)): 1}
    assert dict(counted.given_counts()) == {(ORGANISATION_ONLY, INDIVIDUAL): 1}


@given(testing.checklists(max_items=10), st.data())
def test_every_pattern_number_decodes_to_its_pattern(
    checklist: Checklist, data: st.DataObject
) -> None:
    numbering = PatternNumbering.of(checklist)
    feature = data.draw(st.sampled_from([f.id for f in checklist.features]))
    values = numbering.values[feature]
    answers = tuple(data.draw(st.sampled_from(of)) for of in values)
    states = tuple(
        data.draw(st.sampled_from((NOTHING, ORGANISATION_ONLY, INDIVIDUAL)))
        for _ in checklist.features
    )
    number = 0
    for of, answer in zip(values, answers, strict=True):
        number = number * len(of) + of.index(answer)
    number = number * numbering.given_base + numbering.given_number(states)
    assert numbering.decoder(feature)(number) == (answers, states)
    assert numbering.given(numbering.given_number(states)) == states


counts = st.dictionaries(st.integers(0, 400), st.integers(1, 50), max_size=30)


@st.composite
def pattern_counts(draw: st.DrawFn) -> PatternCounts:
    """
    Counts held sparse, or dense for one of a few layouts, so that parts
    of different layouts meet.
    """
    sparse = draw(counts)
    if draw(st.booleans()):
        return PatternCounts(sparse)
    base = draw(st.sampled_from((1, 3, 9)))
    dense = draw(st.lists(st.integers(0, 5), max_size=40))
    return PatternCounts(
        sparse, base=base, given=draw(st.integers(0, base - 1)), dense=dense
    )


def as_dict(parts: list[PatternCounts]) -> dict[int, int]:
    total: Counter[int] = Counter()
    for part in parts:
        total.update(dict(part.items()))
    return dict(+total)


@pytest.mark.parametrize("summing", ["stdlib", "numpy"])
@given(parts=st.lists(pattern_counts(), min_size=1, max_size=6))
def test_counts_of_parts_add_up_however_they_are_held(
    summing: str, parts: list[PatternCounts]
) -> None:
    if summing == "numpy":
        pytest.importorskip("numpy")
    least = 0 if summing == "numpy" else sys.maxsize
    with mock.patch.object(_pattern_counts, "_SUMMED_WITH_NUMPY_FROM", least):
        added = PatternCounts.sum_of(parts)
    assert dict(added.items()) == as_dict(parts)
    assert added == as_dict(parts)
    assert as_dict(parts) == dict(added)
    assert hash(added) == hash(PatternCounts(as_dict(parts)))
    assert len(added) == len(as_dict(parts)) == len(list(added))
    assert sorted(added.values()) == sorted(as_dict(parts).values())
    assert pickle.loads(pickle.dumps(added)) == added
    for number, count in as_dict(parts).items():
        assert added[number] == count
    assert 0 not in added.values()


def test_counts_given_packed_are_the_counts_given_as_numbers() -> None:
    """
    Dense counts may come as 64-bit integers in the machine's byte order,
    as numpy makes them; a pickle made on a machine of the other order
    loads to the same counts.
    """
    packed = array("q", [0, 4, 0, 9]).tobytes()
    held = PatternCounts({7: 2}, base=3, given=1, dense=packed)

    assert held == PatternCounts({7: 2}, base=3, given=1, dense=[0, 4, 0, 9])
    assert dict(held) == {4: 4, 7: 2, 10: 9}
    rebuild, (sparse, base, given, dense, order) = held.__reduce__()
    swapped = array("q", dense)
    swapped.byteswap()
    other = "big" if order == "little" else "little"
    assert rebuild(sparse, base, given, swapped.tobytes(), other) == held


def test_a_pattern_nobody_gave_is_not_counted() -> None:
    held = PatternCounts({7: 2}, base=3, given=1, dense=[0, 4])
    assert dict(held) == {4: 4, 7: 2}
    assert 1 not in held
    with pytest.raises(KeyError):
        held[1]
    assert held.get(1) is None
    assert repr(held) == "PatternCounts({4: 4, 7: 2})"


def tallied(assessment: Assessment, *, numpy: bool) -> _tally.Tally:
    return _tally.tally_columns(
        assessment.checklist,
        assessment._columns,
        trust=assessment.trust,
        date=assessment.date,
        numpy=numpy,
    )


@given(testing.checklists_with_assessments(max_items=10, max_respondents=40))
def test_numpy_counts_as_the_standard_library_does(
    pair: tuple[Checklist, Assessment],
) -> None:
    _, assessment = pair
    with_numpy = tallied(assessment, numpy=True)
    without = tallied(assessment, numpy=False)
    assert with_numpy == without
    for feature in with_numpy.counts:
        assert with_numpy.patterns(feature) == without.patterns(feature)


@given(
    testing.checklists(min_items=8, max_items=24, max_features=2).flatmap(
        lambda checklist: testing.assessments(checklist, max_respondents=20)
    )
)
def test_numpy_counts_wide_features_as_the_standard_library_does(
    assessment: Assessment,
) -> None:
    assert tallied(assessment, numpy=True) == tallied(assessment, numpy=False)


@given(
    testing.checklists_with_assessments(max_items=10, max_respondents=40),
    st.booleans(),
)
def test_numpy_sums_credits_as_the_standard_library_does(
    pair: tuple[Checklist, Assessment], weighted: bool
) -> None:
    checklist, assessment = pair
    for table in feature_tables(tally(assessment), checklist):
        assert table.summed_credits(
            weighted=weighted, numpy=True
        ) == table.summed_credits(weighted=weighted, numpy=False)


@given(
    testing.checklists_with_assessments(max_items=10, max_respondents=40),
    st.booleans(),
    st.booleans(),
)
def test_combination_tables_sum_credits_as_pattern_by_pattern(
    pair: tuple[Checklist, Assessment], weighted: bool, numpy: bool
) -> None:
    """
    Credits summed from each combination's table, whether counts are held
    dense or sparse, equal those summed over decoded patterns.
    """
    checklist, assessment = pair
    for table in feature_tables(tallied(assessment, numpy=numpy), checklist):
        by_pattern = table.summed_by_pattern(weighted=weighted)
        summed = _combination_credits.summed_credits(table, weighted=weighted)
        assert summed in (by_pattern, None)
        resummed = _combination_credits.summed_credits(
            attrs.evolve(table, numbered=PatternCounts(dict(table.numbered))),
            weighted=weighted,
        )
        assert resummed == summed


def test_combination_tables_read_counts_held_on_any_layout() -> None:
    """
    Counts made by hand, dense on another base, dense but short, or with
    more combinations than are tabled, sum as their patterns do, and are
    told apart by what respondents gave as their patterns are.
    """
    checklist = five_item_checklist()
    survey = big_survey(checklist, 500)
    table = feature_tables(tally(survey), checklist)[0]
    numbers = dict(table.numbered)
    base = table.numbering.given_base
    short = max(numbers) // base + 1
    usual = Counter(n % base for n in numbers).most_common(1)[0][0]
    dense = [numbers.get(k * base + usual, 0) for k in range(short)]
    others = {n: c for n, c in numbers.items() if n % base != usual}
    late = list(enumerate(dense))[short // 2 :]
    layouts = [
        PatternCounts(others, base=base, given=usual, dense=dense),
        PatternCounts(
            {**others, **{k * base + usual: c for k, c in late if c}},
            base=base,
            given=usual,
            dense=dense[: short // 2],
        ),
        PatternCounts(numbers, base=1, given=0, dense=[0] * 7),
    ]
    expected = table.summed_by_pattern(weighted=True)
    by_remainder = Counter[int]()
    for number, count in numbers.items():
        by_remainder[number % base] += count
    for counts in [*layouts, numbers]:
        assert _pattern_counts.counts_by_remainder(counts, base) == by_remainder
    for counts in layouts:
        assert counts == table.numbered
        held = attrs.evolve(table, numbered=counts)
        assert _combination_credits.summed_credits(held, weighted=True) == expected
    with mock.patch.object(_combination_credits, "TABLED", 10):
        assert _combination_credits.summed_credits(table, weighted=True) is None
        assert table.summed_credits(weighted=True, numpy=False) == expected


@given(
    testing.checklists_with_assessments(max_items=8, max_respondents=40),
    st.integers(1, 4),
)
def test_tallies_held_either_way_merge_into_the_whole(
    pair: tuple[Checklist, Assessment], pieces: int
) -> None:
    """
    Parts counted with numpy and without, dense and sparse, merge into the
    tally of the whole.
    """
    checklist, assessment = pair
    people = assessment.respondents
    size = -(-len(people) // pieces) or 1
    parts = [
        tallied(
            Assessment(
                checklist, assessment.trust, assessment.date, people[i : i + size]
            ),
            numpy=bool(i % 2),
        )
        for i in range(0, len(people), size)
    ]
    if parts:
        assert merge(parts) == tally(assessment)


def test_tallies_of_different_checklists_with_one_name_are_not_merged() -> None:
    checklist = two_features()
    changed = checklist.__class__(
        id=checklist.id,
        version=checklist.version,
        title=checklist.title,
        features=checklist.features,
        scales=[five_points()],
        items=[*checklist.items[:2]],
    )
    one = tally(Assessment(checklist, "ZNW", dt.date(2024, 1, 1), []))
    other = tally(Assessment(changed, "ZNW", dt.date(2024, 1, 1), []))
    with pytest.raises(MedEngageError, match="give each changed checklist a new"):
        merge([one, other])


def five_item_checklist() -> Checklist:
    """
    Three features of five items each (7,776 combinations of answers),
    one item answered for the organisation, one reverse-scored and
    weights that differ, so that every rule of the strategies is used.
    """
    return Checklist(
        id="five",
        version=1,
        title="Five",
        features=[EngagementFeature(id=f"f{f}", title=f"F{f}") for f in range(3)],
        scales=[five_points()],
        items=[
            ChecklistItem(
                id=f"q{f}{i}",
                prompt=f"Q{f}{i}",
                feature=f"f{f}",
                scale="agree",
                weight=1 + i,
                reverse=i == 3,
                audience=(
                    Audience.ORGANISATION if (f, i) == (0, 0) else Audience.INDIVIDUAL
                ),
            )
            for f in range(3)
            for i in range(5)
        ],
    )


def big_survey(checklist: Checklist, respondents: int) -> Assessment:
    """
    A survey large enough to be counted and scored with numpy, with missing
    answers and a few respondents who skip a feature.
    """
    draw = random.Random(2014)
    people = []
    for n in range(respondents):
        skipped = draw.choice([f.id for f in checklist.features]) if n % 31 == 0 else ""
        answers = {
            item.id: draw.randint(1, 5)
            for item in checklist.items
            if item.feature != skipped and draw.random() > 0.08
        }
        people.append(Respondent(f"r{n}", answers=answers))
    return Assessment(checklist, "RTD", dt.date(2024, 3, 1), people)


@pytest.fixture(scope="module", params=["five items", "staff survey theme"])
def survey(request: pytest.FixtureRequest) -> Assessment:
    if request.param == "five items":
        return big_survey(five_item_checklist(), 3000)
    return big_survey(medengage.catalogue().checklist(THEME), 3000)


THEME = "nhs-staff-survey-engagement"


@pytest.mark.parametrize(
    "strategy", ["mean", "weighted", "percent-positive", "staff-survey"]
)
def test_scores_are_the_same_with_numpy_and_without(
    survey: Assessment, strategy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_numpy = medengage.score(survey, strategy, min_respondents=1)
    monkeypatch.setitem(sys.modules, "numpy", None)
    assert numpy_if_worth(None, 0) is None
    assert medengage.score(survey, strategy, min_respondents=1) == with_numpy


def test_numpy_counts_and_scores_a_large_survey() -> None:
    """
    The survey of the test above is large enough for numpy to be used: so
    that test compares the two ways, not one way with itself.
    """
    survey = big_survey(five_item_checklist(), 3000)
    assert len(survey.respondents) >= _tally.NUMPY_FROM
    counted = tally(survey)
    for table in feature_tables(counted, survey.checklist):
        assert len(table.numbered) >= _pattern_arrays.NUMPY_FROM
        assert _pattern_arrays.summed_credits(table, weighted=True) is not None
    assert sum(counted.given_counts().values()) == 3000
    assert sum(counted.counts["f0"].values()) == 3000


@pytest.mark.parametrize("answering", [0.02, 0.5, 0.98])
def test_what_respondents_gave_is_found_alike_with_numpy_and_without(
    answering: float,
) -> None:
    """
    What each respondent gave for a feature whose items are all answered
    for one audience (either one) is read from the numbers of their
    answers with numpy, and for a feature of both audiences as without
    numpy: the tallies are the same, whether most respondents answer
    almost nothing, half, or almost everything.
    """
    audiences = {
        "f0": [Audience.INDIVIDUAL] * 3,
        "f1": [Audience.ORGANISATION] * 3,
        "f2": [Audience.ORGANISATION, Audience.INDIVIDUAL, Audience.INDIVIDUAL],
    }
    checklist = Checklist(
        id="audiences",
        version=1,
        title="Audiences",
        features=[EngagementFeature(id=f, title=f) for f in audiences],
        scales=[five_points()],
        items=[
            ChecklistItem(
                id=f"{f}q{i}", prompt=f"{f} {i}", feature=f, scale="agree", audience=a
            )
            for f, kinds in audiences.items()
            for i, a in enumerate(kinds)
        ],
    )
    rnd = random.Random(answering)
    people = [
        Respondent(
            f"r{n}",
            answers={
                item: rnd.randint(1, 5)
                for item in checklist.item_ids
                if rnd.random() < answering
            },
        )
        for n in range(3000)
    ]
    survey = Assessment(checklist, "RTD", dt.date(2024, 3, 1), people)
    with_numpy = tallied(survey, numpy=True)
    assert with_numpy == tallied(survey, numpy=False)
    assert len(with_numpy.given_counts()) > 1


def test_counting_holds_less_than_the_answers_it_counts() -> None:
    """
    Counting a large survey with numpy counts each feature's numbers of
    answers as they are made, holding none of them for the next feature:
    at its peak, counting takes less than 1.6 times the memory of the
    answers themselves (2.5 times with every feature's numbers held).
    """
    numpy = pytest.importorskip("numpy")
    checklist = five_item_checklist()
    respondents = 60_000
    draw = numpy.random.default_rng(2014)
    answers = {
        item: draw.integers(0, 6, respondents).astype("float64")
        for item in checklist.item_ids
    }
    for column in answers.values():
        column[column == 0] = numpy.nan
    survey = Assessment.from_columns(
        checklist,
        trust="RTD",
        date=dt.date(2024, 3, 1),
        ids=[f"r{n}" for n in range(respondents)],
        answers=answers,
    )
    held = sum(map(len, survey._columns.codes))
    tally(survey)
    tracemalloc.start()
    try:
        tally(survey)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1.6 * held
