"""
The bundled NHS Staff Survey engagement theme: its worked example, question
numbers by survey year, reading a year's file by them, and a journey across
years whose numbers differ.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from fractions import Fraction as F
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import medengage
from medengage import (
    Checklist,
    ChecklistItem,
    DocumentError,
    Journey,
    ValidationError,
    testing,
)
from medengage.csv import read_csv


THEME = "nhs-staff-survey-engagement"
SUB_SCORES = ("motivation", "involvement", "advocacy")
YEARS = (2021, 2022, 2023)

#: The worked example of docs/instruments.md: the 2023 survey of four
#: respondents, under that year's question numbers. r2 left out q2c and
#: q25c; r3 answered one involvement question and no advocacy question.
EXPORT_2023 = """\
id,q2a,q2b,q2c,q3c,q3d,q3f,q25a,q25c,q25d
r1,4,5,4,3,4,4,5,5,4
r2,3,2,,2,3,3,3,,4
r3,5,5,5,4,,,,,
r4,1,1,1,1,1,2,2,2,2
"""
#: The year before, under 2022's numbers: the advocacy questions were q23.
EXPORT_2022 = """\
id,q2a,q2b,q2c,q3c,q3d,q3f,q23a,q23c,q23d
s1,3,3,3,3,3,3,3,3,3
s2,4,4,,2,2,2,4,4,4
s3,2,3,4,,5,5,1,2,3
"""


@pytest.fixture(scope="module")
def theme() -> Checklist:
    return medengage.catalogue().checklist(THEME)


def _read(theme: Checklist, export: str, year: int) -> medengage.Assessment:
    return read_csv(
        io.StringIO(export),
        theme,
        trust="ZNW",
        date=dt.date(year, 11, 30),
        columns=theme.columns_for(year),
    )


def test_theme_is_bundled(theme: Checklist) -> None:
    """
    The catalogue holds the theme: nine questions, three to each of its
    three sub-scores, each on a five-point scale.
    """
    assert theme.version == 1
    assert tuple(feature.id for feature in theme.features) == SUB_SCORES
    assert len(theme.items) == 9
    for sub_score in SUB_SCORES:
        assert len(theme.items_for(sub_score)) == 3
    for item in theme.items:
        assert len(theme.scale_of(item).points) == 5
        assert not item.reverse
        assert item.weight == 1


def test_every_item_has_a_number_for_every_year(theme: Checklist) -> None:
    """
    Every item holds its question number in each survey year the checklist
    holds, and no two items share one in a year.
    """
    assert theme.survey_years == YEARS
    for item in theme.items:
        assert tuple(sorted(item.numbers)) == YEARS
    for year in YEARS:
        assert len(set(theme.columns_for(year))) == len(theme.items)


def test_question_numbers_move_between_years(theme: Checklist) -> None:
    """
    The advocacy questions were numbered q21 in 2021, q23 in 2022 and q25 in
    2023; the others kept their numbers.
    """
    assert dict(theme.columns_for(2023)) == {
        "q2a": "look-forward-to-work",
        "q2b": "enthusiastic-about-job",
        "q2c": "time-passes-quickly",
        "q3c": "show-initiative",
        "q3d": "suggest-improvements",
        "q3f": "make-improvements",
        "q25a": "care-top-priority",
        "q25c": "recommend-as-workplace",
        "q25d": "happy-with-care",
    }
    advocacy = [item.numbers for item in theme.items_for("advocacy")]
    assert [numbers[2021] for numbers in advocacy] == ["q21a", "q21c", "q21d"]
    assert [numbers[2022] for numbers in advocacy] == ["q23a", "q23c", "q23d"]


def test_theme_round_trips(theme: Checklist) -> None:
    """
    The bundled document is exactly what dumping the checklist writes, so
    loading and dumping it changes nothing.
    """
    text = medengage.dumps(theme)
    assert medengage.loads(text, Checklist) == theme
    assert medengage.loads(text, Checklist, pure=True) == theme


def test_worked_example(theme: Checklist) -> None:
    """
    The worked example of docs/instruments.md, by hand. Answers count 0,
    2.5, 5, 7.5 and 10 from the lowest point to the highest; a sub-score is
    the mean of the respondent's answers in it, their engagement the mean of
    their sub-scores, the theme score the mean of engagement over
    respondents; a missing answer is left out of each mean.
    """
    points = {1: F(0), 2: F(5, 2), 3: F(5), 4: F(15, 2), 5: F(10)}

    def mean(*values: int) -> F:
        return sum((points[value] for value in values), F(0)) / len(values)

    sub_scores = {
        "r1": {"motivation": mean(4, 5, 4), "involvement": mean(3, 4, 4)}
        | {"advocacy": mean(5, 5, 4)},
        "r2": {"motivation": mean(3, 2), "involvement": mean(2, 3, 3)}
        | {"advocacy": mean(3, 4)},
        "r3": {"motivation": mean(5, 5, 5), "involvement": mean(4)},
        "r4": {"motivation": mean(1, 1, 1), "involvement": mean(1, 1, 2)}
        | {"advocacy": mean(2, 2, 2)},
    }
    assert sub_scores == {
        "r1": {"motivation": F(25, 3), "involvement": F(20, 3), "advocacy": F(55, 6)},
        "r2": {"motivation": F(15, 4), "involvement": F(25, 6), "advocacy": F(25, 4)},
        "r3": {"motivation": F(10), "involvement": F(15, 2)},
        "r4": {"motivation": F(0), "involvement": F(5, 6), "advocacy": F(5, 2)},
    }
    engagement = {
        respondent: sum(scores.values(), F(0)) / len(scores)
        for respondent, scores in sub_scores.items()
    }
    assert engagement == {
        "r1": F(145, 18),
        "r2": F(85, 18),
        "r3": F(35, 4),
        "r4": F(10, 9),
    }

    result = medengage.score(
        _read(theme, EXPORT_2023, 2023), theme, "staff-survey", min_respondents=1
    )

    assert result.overall.value == float(sum(engagement.values()) / 4)
    assert result.overall.value == float(F(815, 144))  # 5.66
    assert result.overall.respondents == 4
    assert {key: score.value for key, score in result.features.items()} == {
        "motivation": float(F(265, 48)),  # 5.52
        "involvement": float(F(115, 24)),  # 4.79
        "advocacy": float(F(215, 36)),  # 5.97, from three respondents
    }
    assert result.features["advocacy"].respondents == 3
    assert (result.low, result.high) == (0.0, 10.0)


def test_worked_example_is_withheld_by_default(theme: Checklist) -> None:
    """
    Four respondents are far fewer than the 11 a published score needs by
    default: every score of the worked example is withheld.
    """
    result = medengage.score(_read(theme, EXPORT_2023, 2023), theme, "staff-survey")

    assert result.overall.withheld
    assert all(score.withheld for score in result.features.values())


def test_journey_across_years_whose_numbers_differ(theme: Checklist) -> None:
    """
    Two years' files, each headed with its own year's question numbers, read
    by year and scored, make one journey of the theme.
    """
    earlier = _read(theme, EXPORT_2022, 2022)
    later = _read(theme, EXPORT_2023, 2023)

    journey = medengage.journey([later, earlier], "staff-survey", min_respondents=1)
    by_hand = Journey.from_scored(
        [
            (
                medengage.score(a, theme, "staff-survey", min_respondents=1),
                medengage.reliability(a, theme, "staff-survey", min_respondents=1),
            )
            for a in (earlier, later)
        ]
    )

    assert journey == by_hand
    assert [step.date.year for step in journey.steps] == [2022, 2023]
    # 2022: s1 engages 5, s2 and s3 35/6 each.
    assert journey.steps[0].overall.value == float(F(50, 9))
    assert journey.steps[1].overall.value == float(F(815, 144))
    assert set(journey.steps[1].features) == set(SUB_SCORES)


def test_a_year_read_with_another_years_numbers_is_refused(theme: Checklist) -> None:
    """
    A 2022 file read with 2023's numbers does not score the wrong questions:
    its q23 columns are unknown, and reading stops with each named.
    """
    with pytest.raises(DocumentError) as raised:
        read_csv(
            io.StringIO(EXPORT_2022),
            theme,
            trust="ZNW",
            date=dt.date(2022, 11, 30),
            columns=theme.columns_for(2023),
        )

    message = str(raised.value)
    for column in ("q23a", "q23c", "q23d"):
        assert f"unknown column {column!r}" in message


def test_a_year_with_no_numbers_is_a_key_error(theme: Checklist) -> None:
    """
    Asking for a year the checklist holds no numbers for names the years it
    does hold.
    """
    with pytest.raises(KeyError, match="years held: 2021, 2022, 2023"):
        theme.columns_for(2019)


def _item(numbers: Mapping[Any, Any] | None = None) -> ChecklistItem:
    return ChecklistItem(
        id="a", prompt="Asked?", feature="f", scale="s", numbers=numbers
    )


def test_numbers_default_to_none_and_are_left_out_of_documents() -> None:
    """
    An item without question numbers writes no ``numbers`` key, so that
    documents written before the field existed stay as they were.
    """
    item = _item()

    assert item.numbers == {}
    assert "numbers" not in medengage.dumps(item)


def test_numbers_are_read_only() -> None:
    """
    The numbers are a read-only mapping, and a dict given to make an item
    is copied, not kept.
    """
    given_numbers = {2023: "q2a"}
    item = _item(given_numbers)
    given_numbers[2024] = "q9z"

    assert item.numbers == {2023: "q2a"}
    with pytest.raises(TypeError):
        item.numbers[2024] = "q9z"  # type: ignore[index]
    assert hash(item) == hash(_item({2023: "q2a"}))


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ({"2023": "q2a"}, "'2023' is not a survey year"),
        ({True: "q2a"}, "True is not a survey year"),
        ({1800: "q2a"}, "numbers.1800: 1800 is not a survey year"),
        ({2023: ""}, "numbers.2023: '' is not a valid question number"),
        ({2023: "q 2a"}, "'q 2a' is not a valid question number"),
        ({2023: 25}, "25 is not a valid question number"),
    ],
)
def test_bad_numbers_are_refused(numbers: dict[object, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _item(numbers)


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ("  '2023x': q2a", "numbers.2023x: key '2023x' is not a whole number"),
        ("  '02023': q2a", "numbers.02023: key '02023' is not a whole number"),
        ("  2023: q 2a", "numbers.2023: 'q 2a' is not a valid question number"),
        ("  2023: [q2a]", "numbers.2023"),
        ("  99: q2a", "numbers.99: 99 is not a survey year"),
    ],
)
def test_bad_numbers_in_a_document_say_where(numbers: str, message: str) -> None:
    """
    A bad year or number in a document is one `DocumentError` with its path,
    line and column, never a raw traceback.
    """
    text = (
        "medengage: 1\nkind: ChecklistItem\nid: a\nprompt: Asked?\nfeature: f\n"
        f"scale: s\nnumbers:\n{numbers}\n"
    )
    with pytest.raises(DocumentError) as raised:
        medengage.loads(text, ChecklistItem)

    assert message in str(raised.value)
    assert "(line 8, column" in str(raised.value)


def test_two_items_with_one_number_in_a_year_are_refused(theme: Checklist) -> None:
    """
    A year's file could not tell apart two items with the same number that
    year, so a checklist refuses them, naming both.
    """
    items = list(theme.items)
    items[1] = attrs.evolve(items[1], numbers={**items[1].numbers, 2022: "q2a"})
    with pytest.raises(ValidationError) as raised:
        attrs.evolve(theme, items=items)

    assert str(raised.value) == (
        "items[1].numbers.2022: question number 'q2a' in 2022 is already "
        "items[0]'s: give each item its own number"
    )


@given(testing.checklists())
def test_columns_for_maps_each_number_to_its_item(checklist: Checklist) -> None:
    """
    For every year a checklist holds, `columns_for` maps each item's number
    that year to the item, and nothing else.
    """
    for year in checklist.survey_years:
        assert dict(checklist.columns_for(year)) == {
            item.numbers[year]: item.id
            for item in checklist.items
            if year in item.numbers
        }


@given(testing.checklist_items(), st.sampled_from([False, True]))
def test_items_with_numbers_round_trip(item: ChecklistItem, pure: bool) -> None:
    assert medengage.loads(medengage.dumps(item), ChecklistItem, pure=pure) == item
