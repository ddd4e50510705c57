"""
An assessment holds its respondents as columns: made from respondents, from
columns or a respondent at a time, it is the same assessment, and the
respondents it gives back are those it was made with.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import pickle
from array import array
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

import medengage
from medengage import Assessment, AssessmentBuilder, Respondent, Respondents
from medengage._assessments import MAX_LISTED_PROBLEMS
from medengage.errors import ValidationError
from medengage.testing import assessments


DATE = dt.date(2024, 10, 31)


def _columns_of(assessment: Assessment) -> Assessment:
    """
    *assessment* made again from its columns.
    """
    respondents = assessment.respondents
    return Assessment.from_columns(
        assessment.checklist,
        trust=assessment.trust,
        date=assessment.date,
        ids=respondents.ids,
        answers={
            item: assessment.answers_to(item) for item in assessment.checklist.item_ids
        },
        attributes={
            name: respondents.attribute(name) for name in respondents.attribute_names
        },
        title=assessment.title,
    )


def _built_from(assessment: Assessment) -> Assessment:
    """
    *assessment* made again a respondent at a time.
    """
    builder = AssessmentBuilder(
        assessment.checklist,
        trust=assessment.trust,
        date=assessment.date,
        title=assessment.title,
    )
    for respondent in assessment.respondents:
        builder.add(respondent.id, respondent.answers, respondent.attributes)
    return builder.build()


@given(assessments())
def test_every_way_of_making_an_assessment_makes_the_same(
    assessment: Assessment,
) -> None:
    """
    From respondents, from columns and a respondent at a time: equal
    assessments, with equal hashes, giving back equal respondents.
    """
    remade = Assessment(
        assessment.checklist,
        assessment.trust,
        assessment.date,
        tuple(assessment.respondents),
        assessment.title,
    )
    for other in (remade, _columns_of(assessment), _built_from(assessment)):
        assert other == assessment
        assert hash(other) == hash(assessment)
        assert tuple(other.respondents) == tuple(assessment.respondents)
        assert other.respondents == tuple(assessment.respondents)


@given(assessments())
def test_respondents_are_the_ones_given(assessment: Assessment) -> None:
    """
    Indexing, slicing, iterating and looking up by id agree with one
    another and with the answers held by item.
    """
    respondents = assessment.respondents
    listed = list(respondents)
    assert len(listed) == len(respondents)
    assert respondents[:] == tuple(listed)
    assert respondents[::-1] == tuple(reversed(listed))
    for index, respondent in enumerate(listed):
        assert respondents[index] == respondent
        assert respondents[index - len(listed)] == respondent
        assert assessment.respondent(respondent.id) == respondent
        assert respondents.id(index) == respondent.id
        for item in assessment.checklist.item_ids:
            assert assessment.answers_to(item)[index] == respondent.answers.get(item)
    with pytest.raises(IndexError):
        respondents[len(listed)]
    with pytest.raises(KeyError):
        assessment.respondent("nobody answered with this id")


@given(assessments())
def test_an_assessment_pickles_and_copies(assessment: Assessment) -> None:
    for other in (
        pickle.loads(pickle.dumps(assessment)),
        copy.deepcopy(assessment),
        copy.copy(assessment),
    ):
        assert other == assessment
        assert tuple(other.respondents) == tuple(assessment.respondents)


def test_respondents_cannot_be_changed() -> None:
    assessment = medengage.catalogue().assessments[0]
    respondents = assessment.respondents
    with pytest.raises(AttributeError):
        respondents._id_text = ""
    with pytest.raises(TypeError):
        respondents.columns.codes[0][0] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        respondents[0] = respondents[1]  # type: ignore[index]
    assert isinstance(respondents, Respondents)


def test_the_catalogue_surveys_hold_what_their_documents_say() -> None:
    """
    A bundled survey read from its document gives back, respondent by
    respondent, the ids, attributes and answers written there.
    """
    for assessment in medengage.catalogue().assessments:
        text = medengage.dumps(assessment)
        again = medengage.loads(text, Assessment)
        assert again == assessment
        assert [r.id for r in again.respondents] == list(assessment.respondents.ids)
        assert medengage.dumps(again) == text


def test_problems_in_columns_are_listed_where_they_are() -> None:
    assessment = medengage.catalogue().assessments[0]
    checklist = assessment.checklist
    first, second = checklist.item_ids[:2]
    with pytest.raises(ValidationError) as raised:
        Assessment.from_columns(
            checklist,
            trust="ZNW",
            date=DATE,
            ids=["a", "b", "a", " "],
            answers={
                first: [1, 9, None, True],
                second: [1, 2],
                "not-an-item": [1, 1, 1, 1],
            },
            attributes={"grade": ["x", "(not stated)", None, "y\nz"]},
        )
    paths = [problem.path for problem in raised.value.problems]
    assert paths == [
        "respondents[2].id",
        "respondents[3].id",
        f"respondents[1].answers.{first}",
        f"respondents[3].answers.{first}",
        f"answers.{second}",
        "answers.not-an-item",
        "respondents[1].attributes.grade",
        "respondents[3].attributes.grade",
    ]
    messages = {problem.path: problem.message for problem in raised.value.problems}
    assert "respondents[0] has it already" in messages["respondents[2].id"]
    assert "has 2 values for 4 respondents" in messages[f"answers.{second}"]


def test_a_builder_lists_at_most_so_many_problems() -> None:
    checklist = medengage.catalogue().assessments[0].checklist
    item = checklist.item_ids[0]
    builder = AssessmentBuilder(checklist, trust="ZNW", date=DATE)
    for number in range(500):
        builder.add(f"r{number}", {item: 99})
    with pytest.raises(ValidationError) as raised:
        builder.build()
    problems = raised.value.problems
    assert len(problems) == MAX_LISTED_PROBLEMS + 1
    assert problems[-1].message == (
        f"{500 - MAX_LISTED_PROBLEMS} more problems like those above"
    )


@given(st.lists(st.sampled_from(["a", "b", None]), min_size=1, max_size=300))
def test_attributes_added_late_count_from_the_start(
    grades: list[str | None],
) -> None:
    """
    An attribute first given by a later respondent is absent for the
    earlier ones, however the respondents are added.
    """
    checklist = medengage.catalogue().assessments[0].checklist
    builder = AssessmentBuilder(checklist, trust="ZNW", date=DATE)
    for number, grade in enumerate(grades):
        builder.add(f"r{number}", {}, {} if grade is None else {"grade": grade})
    built = builder.build()
    assert built.respondents.attribute("grade") == tuple(grades)
    made = Assessment(
        checklist,
        "ZNW",
        DATE,
        [
            Respondent(f"r{n}", {} if g is None else {"grade": g})
            for n, g in enumerate(grades)
        ],
    )
    assert made == built


@given(assessments(min_respondents=1), st.data())
def test_arrays_of_numbers_make_what_lists_make(
    assessment: Assessment, data: st.DataObject
) -> None:
    """
    Columns given as numpy arrays (NaN for no answer) are coded by numpy,
    exactly as lists are by the standard library; a number off the scale
    is reported at the same place either way.
    """
    numpy = pytest.importorskip("numpy")
    checklist = assessment.checklist
    lists = {item: assessment.answers_to(item) for item in checklist.item_ids}
    arrays = {
        item: numpy.array(
            [numpy.nan if x is None else x for x in column], dtype="float64"
        )
        for item, column in lists.items()
    }
    ids = assessment.respondents.ids

    def made(answers: Mapping[str, object]) -> Assessment:
        return Assessment.from_columns(
            checklist,
            trust=assessment.trust,
            date=assessment.date,
            ids=ids,
            answers=answers,  # type: ignore[arg-type]
        )

    assert made(arrays) == made(lists)
    item = data.draw(st.sampled_from(checklist.item_ids))
    where = data.draw(st.integers(0, len(ids) - 1))
    on_scale = set(checklist.scale_of(checklist.item(item)).values)
    off = data.draw(
        st.one_of(
            st.sampled_from([1e9, 255.5, 256.0, -0.5, 0.5, 1.5, math.inf, -math.inf]),
            st.floats(allow_nan=False),
        ).filter(lambda number: number not in on_scale)
    )
    arrays[item][where] = off
    spoilt = list(lists[item])
    spoilt[where] = off
    with pytest.raises(ValidationError) as from_arrays:
        made(arrays)
    with pytest.raises(ValidationError) as from_lists:
        made({**lists, item: spoilt})
    assert from_arrays.value.problems == from_lists.value.problems


@given(
    assessments(min_respondents=1),
    st.lists(st.text(st.sampled_from("abr0"), min_size=1, max_size=3), max_size=4),
)
def test_ids_given_as_one_text_are_held_as_ids_given_one_by_one(
    assessment: Assessment, more: list[str]
) -> None:
    """
    A builder given its first ids already checked, as one text, makes what
    it makes from the same ids given as a list, with the same problems for
    ids added after them that repeat one of them.
    """
    from medengage._respondent_table import IdText

    people = assessment.respondents
    ids = [respondent.id for respondent in people]
    answers = {
        item: [respondent.answers.get(item) for respondent in people]
        for item in assessment.checklist.item_ids
    }

    def built(first: list[str] | IdText) -> Assessment | tuple[str, ...]:
        builder = AssessmentBuilder(
            assessment.checklist, trust=assessment.trust, date=assessment.date
        )
        if isinstance(first, IdText):
            builder._add_checked_columns(first, answers)
        else:
            builder.add_columns(first, answers)
        for id in more:
            builder.add(id, {})
        assert len(builder) == len(ids) + len(more)
        try:
            return builder.build()
        except ValidationError as error:
            return tuple(map(str, error.problems))

    as_text = built(IdText.of(ids))
    assert as_text == built(ids)
    if not set(more) & set(ids) and len(set(more)) == len(more):
        assert isinstance(as_text, Assessment)
        assert as_text.respondents.ids[: len(ids)] == tuple(ids)


@given(assessments())
def test_attribute_counts_are_counted_from_the_columns(
    assessment: Assessment,
) -> None:
    """
    How many respondents gave each attribute, read from the columns, is
    what counting the respondents gives, in the order the attributes first
    appear; an attribute column nobody filled in is not among them.
    """
    counted: dict[str, int] = {}
    for respondent in assessment.respondents:
        for name in respondent.attributes:
            counted[name] = counted.get(name, 0) + 1
    people = assessment.respondents
    assert people.attribute_counts() == counted
    assert list(people.attribute_counts()) == list(counted)
    names = people.attribute_names
    codes = [people.attribute_codes(name) for name in names]
    blank = Respondents.encoded(
        assessment.checklist,
        people.ids,
        (*names, "unfilled"),
        (*(tuple(map(str, values[1:])) for _, values in codes), ()),
        (*(array("B", coded) for coded, _ in codes), array("B", bytes(len(people)))),
        people.columns,
    )
    assert blank.attribute_counts() == counted
