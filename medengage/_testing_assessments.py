"""
Strategies for assessments: respondents, weights and survey column mappings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._checklists import Checklist
from medengage._column_matching import ColumnMapping
from medengage._column_wording import normalised
from medengage._frozen import FrozenMap
from medengage._scales import Value
from medengage._testing_checklists import CHECKLIST, checklists
from medengage._testing_values import CODE, DAY, ID, PROSE, SUMMARY, TEXT
from medengage._weights import RespondentWeights


# Grouping attributes respondents get by default (documented in testing.py).
ATTRIBUTES: Mapping[str, tuple[str, ...]] = FrozenMap(
    {
        "grade": ("consultant", "SAS doctor", "resident doctor", "NO"),
        "role": ("clinical director", "medical director", "none", "yes"),
        "site": ("Salford", "Ōkubo", "12:30", "Site #2"),
    }
)


def respondents(
    checklist: Checklist,
    *,
    attributes: Mapping[str, Sequence[str]] = ATTRIBUTES,
    missing: bool = True,
) -> SearchStrategy[Respondent]:
    """
    Respondents to *checklist*: each answer a value on its item's scale,
    some left out, and attributes drawn from small sets so that groups form.

    Args:
        checklist: The checklist answered.
        attributes: The attribute names a respondent may have, each with
            the values it takes.
        missing: Whether answers may be missing.
    """
    answers: dict[str, SearchStrategy[Value | None]] = {}
    for item in checklist.items:
        value = st.sampled_from(checklist.scale_of(item).values)
        answers[item.id] = (st.none() | value) if missing else value
    return st.builds(
        Respondent,
        id=TEXT,
        attributes=st.fixed_dictionaries(
            {},
            optional={
                name: st.sampled_from(tuple(values))
                for name, values in attributes.items()
            },
        ),
        answers=st.fixed_dictionaries(answers).map(Answers),
    )


@st.composite
def assessments(
    draw: st.DrawFn,
    checklist: Checklist | None = None,
    *,
    min_respondents: int = 0,
    max_respondents: int = 15,
    missing: bool = True,
) -> Assessment:
    """
    Assessments of *checklist*, or of a checklist drawn from `checklists`
    if None, by respondents with unique ids.

    Args:
        checklist: The checklist answered.
        min_respondents: The fewest respondents.
        max_respondents: The most respondents.
        missing: Whether answers may be missing.
    """
    if checklist is None:
        checklist = draw(CHECKLIST)
    return Assessment(
        checklist=checklist,
        trust=draw(CODE),
        date=draw(DAY),
        respondents=draw(
            st.lists(
                respondents(checklist, missing=missing),
                min_size=min_respondents,
                max_size=max_respondents,
                unique_by=lambda respondent: respondent.id,
            )
        ),
        title=draw(SUMMARY),
    )


@st.composite
def checklists_with_assessments(
    draw: st.DrawFn,
    *,
    max_items: int = 8,
    min_respondents: int = 0,
    max_respondents: int = 15,
) -> tuple[Checklist, Assessment]:
    """
    A checklist, and an assessment of it.

    Args:
        max_items: The most items on the checklist.
        min_respondents: The fewest respondents.
        max_respondents: The most respondents.
    """
    checklist = draw(checklists(max_items=max_items))
    assessment = draw(
        assessments(
            checklist,
            min_respondents=min_respondents,
            max_respondents=max_respondents,
        )
    )
    return checklist, assessment


@st.composite
def respondent_weights(
    draw: st.DrawFn, assessment: Assessment | None = None, *, equal: bool = False
) -> RespondentWeights:
    """
    Weights for every respondent of *assessment* (or of one drawn from
    `assessments` if None): exact fractions or floats from a thousandth to
    a thousand, or all one value if *equal*.
    """
    if assessment is None:
        assessment = draw(assessments())
    weight = st.fractions(min_value=Fraction(1, 1000), max_value=1000) | st.floats(
        min_value=0.001, max_value=1000
    )
    if equal:
        each = draw(weight)
        return RespondentWeights({r.id: each for r in assessment.respondents})
    return RespondentWeights({r.id: draw(weight) for r in assessment.respondents})


@st.composite
def column_mappings(draw: st.DrawFn, *, max_columns: int = 5) -> ColumnMapping:
    """
    Mappings of survey export headers onto item ids, no two headers alike
    once case, spaces, quotes, dashes and trailing punctuation are set
    aside.
    """
    headers = draw(
        st.lists(
            st.one_of(TEXT, PROSE).filter(lambda header: bool(header.strip())),
            max_size=max_columns,
            unique_by=normalised,
        )
    )
    return ColumnMapping(
        checklist=draw(ID), columns={header: draw(ID) for header in headers}
    )
