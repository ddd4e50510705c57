"""
Answers and scores as pandas DataFrames, and assessments read from them.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import attrs
import numpy as np
import pandas as pd
import pytest
from _worked_example import ASSESSMENT, CHECKLIST
from hypothesis import given

import medengage
from medengage import Assessment, Checklist, DocumentError, testing
from medengage.csv import read_csv, write_scores_csv
from medengage.errors import NotADocumentError
from medengage.pandas import (
    ANSWER_COLUMNS,
    SCORE_COLUMNS,
    answers_frame,
    assessment_from_frame,
    respondents_frame,
    scores_frame,
)


DATE = dt.date(2024, 3, 31)


def _attribute_names(assessment: Assessment) -> set[str]:
    return {name for r in assessment.respondents for name in r.attributes}


@given(testing.checklists_with_assessments())
def test_round_trip(pair: tuple[Checklist, Assessment]) -> None:
    """
    An assessment made into a DataFrame reads back equal.
    """
    checklist, assessment = pair
    frame = respondents_frame(assessment)

    again = assessment_from_frame(
        frame,
        checklist,
        trust=assessment.trust,
        date=assessment.date,
        attributes=_attribute_names(assessment),
        title=assessment.title,
    )

    assert again == assessment


@given(testing.checklists_with_assessments())
def test_one_row_a_respondent_and_item(pair: tuple[Checklist, Assessment]) -> None:
    """
    The tidy frame has a row for each respondent and item, holding the
    answer given (NaN where none) and its point's label, and the same
    answers as the frame of one row a respondent.
    """
    checklist, assessment = pair
    frame = answers_frame(assessment)

    assert len(frame) == len(assessment.respondents) * len(checklist.items)
    assert list(frame.columns[:3]) == ["trust", "date", "respondent"]
    assert list(frame.columns[-4:]) == list(ANSWER_COLUMNS[3:])
    for row in frame.itertuples(index=False):
        answers = assessment.respondent(str(row.respondent)).answers
        item = checklist.item(str(row.item))
        assert row.feature == item.feature
        if row.item in answers:
            value = answers[str(row.item)]
            assert row.value == value
            points = checklist.scale(item.scale).points
            assert row.label == next(p.label for p in points if p.value == value)
        else:
            assert math.isnan(row.value)
            assert pd.isna(row.label)
    wide = respondents_frame(assessment).set_index("id")
    if len(frame):
        pivoted = frame.pivot(index="respondent", columns="item", values="value")
        items = list(checklist.item_ids)
        pd.testing.assert_frame_equal(
            pivoted.loc[list(wide.index), items],
            wide[items],
            check_names=False,
        )


def test_the_tidy_answers_of_the_worked_example() -> None:
    """
    Each respondent's attributes stand beside each of their answers, and
    the date is a datetime.
    """
    frame = answers_frame(ASSESSMENT)

    assert list(frame.columns) == [
        "trust",
        "date",
        "respondent",
        "grade",
        "item",
        "feature",
        "value",
        "label",
    ]
    r2 = frame[frame["respondent"] == "r2"].set_index("item")
    assert list(r2.index) == ["l1", "l2", "k1", "k2"]
    assert r2.loc["k2", "label"] == "Partly"
    assert math.isnan(r2.loc["l2", "value"])
    assert set(r2["grade"]) == {"consultant"}
    assert set(frame["date"]) == {pd.Timestamp(2024, 3, 31)}
    assert set(frame["trust"]) == {"RTF"}


def test_an_attribute_named_like_a_column_keeps_both() -> None:
    """
    An attribute called ``item`` does not overwrite the column of item ids.
    """
    respondent = medengage.Respondent("r1", {"item": "x", "grade": "y"}, {"l1": 4})
    assessment = attrs.evolve(ASSESSMENT, respondents=[respondent])

    frame = answers_frame(assessment)

    assert list(frame["attribute.item"]) == ["x"] * 4
    assert list(frame["item"]) == ["l1", "l2", "k1", "k2"]


def test_scores_are_the_rows_written_as_csv() -> None:
    """
    The frame of scores holds what `write_scores_csv` writes, typed: a
    withheld score is withheld, with no value and no band.
    """
    shown = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)
    by_grade = medengage.breakdown(ASSESSMENT, CHECKLIST, "grade", min_respondents=2)
    written = io.StringIO()
    write_scores_csv([shown, by_grade], written)
    from_csv = pd.read_csv(io.StringIO(written.getvalue()))
    from_csv["date"] = from_csv["date"].astype("datetime64[s]")

    frame = scores_frame([shown, by_grade])

    assert list(frame.columns) == list(SCORE_COLUMNS)
    assert frame["value"].dtype == np.float64
    assert frame["withheld"].dtype == np.bool_
    # Without levels, the level column is empty (pandas reads it as numbers).
    assert frame["level"].isna().all()
    assert from_csv["level"].isna().all()
    pd.testing.assert_frame_equal(
        frame.drop(columns="level"), from_csv.drop(columns="level"), check_dtype=False
    )
    # The one resident answered learning's items only: those scores are
    # withheld, and leadership's has nobody behind it.
    resident = frame[frame["group"] == "resident"].fillna({"feature": "(overall)"})
    assert dict(zip(resident["feature"], resident["withheld"], strict=True)) == {
        "(overall)": True,
        "leadership": False,
        "learning": True,
    }
    assert resident["value"].isna().all()
    assert resident["band"].isna().all()
    overall = frame[frame["feature"].isna() & frame["by"].isna()]
    assert overall["value"].tolist() == [shown.overall.value]


@given(testing.breakdowns())
def test_every_score_of_a_breakdown_has_its_row(breakdown: medengage.Breakdown) -> None:
    """
    A breakdown gives a row for each score of its total and its groups,
    withheld ones withheld and with no value.
    """
    frame = scores_frame(breakdown)

    results = [(None, breakdown.total), *breakdown.groups.items()]
    assert len(frame) == sum(1 + len(scored.features) for _, scored in results)
    for group, scored in results:
        rows = frame[
            frame["group"].isna() if group is None else frame["group"] == group
        ]
        for feature, score in [(None, scored.overall), *scored.features.items()]:
            row = rows[
                rows["feature"].isna()
                if feature is None
                else rows["feature"] == feature
            ]
            assert len(row) == 1
            assert bool(row["withheld"].iloc[0]) is score.withheld
            value = row["value"].iloc[0]
            if score.value is None:
                assert math.isnan(value)
            else:
                assert value == score.value


def test_scores_of_something_else_are_refused() -> None:
    """
    Only results make a frame of scores.
    """
    with pytest.raises(NotADocumentError, match="cannot give a Assessment"):
        scores_frame([ASSESSMENT])  # type: ignore[list-item]


def _frame_of(text: str) -> pd.DataFrame:
    """
    A CSV file's cells as a DataFrame of text, as a survey tool's export
    read with pandas.
    """
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


FAULTY = """\
Respondent,Grade,l1,Leaders change too often,k1,k2,Started,Shoe size
r1,consultant,6,2,4,Yes,x,9
,consultant,4,2,4,Yes,x,9
r1,consultant,4,maybe,4,Yes,x,9
r4,consultant,4,2,4.5,Yes,x,9
r6,consultant,0,2,4,Often,x,9
r7,consultant,4,2,inf,Yes,x,9
"""
OPTIONS = {
    "trust": "RTF",
    "date": DATE,
    "id_column": "Respondent",
    "columns": {"Leaders change too often": "l2"},
    "attributes": ["Grade"],
    "ignore": ["Started"],
}


def test_a_frame_is_checked_as_a_csv_file_is() -> None:
    """
    A frame with faults gives the problems the same cells give in a CSV
    file, each placed by its index label and column name, and by the row's
    and column's positions.
    """
    with pytest.raises(DocumentError) as from_csv:
        read_csv(io.StringIO(FAULTY), CHECKLIST, **OPTIONS)  # type: ignore[arg-type]
    frame = _frame_of(FAULTY)
    frame.index = [f"row{n}" for n in range(len(frame))]

    with pytest.raises(DocumentError) as from_frame:
        assessment_from_frame(frame, CHECKLIST, **OPTIONS)  # type: ignore[arg-type]

    error = from_frame.value
    assert error.source == "<DataFrame>"
    assert [p.message for p in error.problems] == [
        p.message.replace("row 2 has", "row loc['row0'] has")
        for p in from_csv.value.problems
    ]
    cells = {(p.line, p.column, p.path) for p in error.problems if p.line}
    assert cells == {
        (1, 3, "loc['row0', 'l1']"),
        (2, 1, "loc['row1', 'Respondent']"),
        (3, 1, "loc['row2', 'Respondent']"),
        (3, 4, "loc['row2', 'Leaders change too often']"),
        (4, 5, "loc['row3', 'k1']"),
        (5, 3, "loc['row4', 'l1']"),
        (5, 6, "loc['row4', 'k2']"),
        (6, 5, "loc['row5', 'k1']"),
    }
    columns = {(p.column, p.path) for p in error.problems if p.line is None}
    assert columns == {(8, "Shoe size")}
    assert "loc['row2', 'Leaders change too often']: 'maybe' is not on" in str(error)


def test_a_column_given_twice_is_named() -> None:
    """
    A frame can hold two columns of one name, as a CSV file can; both
    are reported with their positions.
    """
    frame = pd.DataFrame([["r1", 4, 5, 4]], columns=["id", "l1", "l1", "k1"])

    with pytest.raises(DocumentError) as caught:
        assessment_from_frame(frame, CHECKLIST, trust="RTF", date=DATE)

    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("l1", None, 3)
    assert problem.message == "column 'l1' is given twice"


def test_cells_of_any_type_are_read() -> None:
    """
    Numbers of any type (whole floats too), labels in any case and missing
    values of any kind read as a CSV file's cells do.
    """
    frame = pd.DataFrame(
        {
            "id": [17, 18, 19, 20],
            "grade": ["consultant", None, np.nan, "resident"],
            "l1": [np.int64(5), 4.0, None, pd.NA],
            "l2": ["agree", np.nan, "", "-"],
            "k2": pd.array([3, None, 1, 2], dtype="Int64"),
        }
    )

    assessment = assessment_from_frame(
        frame, CHECKLIST, trust="RTF", date=DATE, attributes=["grade"]
    )

    assert [r.id for r in assessment.respondents] == ["17", "18", "19", "20"]
    assert [dict(r.answers) for r in assessment.respondents] == [
        {"l1": 5, "l2": 4, "k2": 3},
        {"l1": 4},
        {"k2": 1},
        {"k2": 2},
    ]
    assert [dict(r.attributes) for r in assessment.respondents] == [
        {"grade": "consultant"},
        {},
        {},
        {"grade": "resident"},
    ]


def test_an_id_column_of_whole_floats_gives_whole_ids() -> None:
    """
    Ids that pandas made floats, as it does for a column with a gap, read
    as the whole numbers they were, and the gap is reported.
    """
    frame = pd.DataFrame({"id": [17.0, np.nan], "l1": [5, 4]})

    with pytest.raises(DocumentError) as caught:
        assessment_from_frame(frame, CHECKLIST, trust="RTF", date=DATE)

    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("loc[1, 'id']", 2, 1)
    assert "no respondent id" in problem.message
    frame.loc[1, "id"] = 18.5
    assessment = assessment_from_frame(frame, CHECKLIST, trust="RTF", date=DATE)
    assert [r.id for r in assessment.respondents] == ["17", "18.5"]


def test_a_frame_without_columns_says_what_it_needs() -> None:
    """
    An empty frame is an error that says which columns to give.
    """
    with pytest.raises(DocumentError, match="the frame has no columns"):
        assessment_from_frame(pd.DataFrame(), CHECKLIST, trust="RTF", date=DATE)


def test_only_a_dataframe_is_read() -> None:
    """
    Something that is not a DataFrame is refused by name.
    """
    with pytest.raises(NotADocumentError, match="not dict"):
        assessment_from_frame(
            {"id": ["r1"]},
            CHECKLIST,
            trust="RTF",
            date=DATE,
        )


def test_a_frame_with_duplicate_index_labels_is_located_by_position() -> None:
    """
    Where index labels repeat, ``loc[...]`` would find more than one row:
    problems are placed by ``iloc[...]``, the row's and column's
    positions, which find exactly the cell.
    """
    frame = pd.DataFrame(
        {"id": ["a1", "a2", "a2", "a4"], "l1": [4, 7, 4, "x"], "k1": [1, 2, 3, 4]},
        index=[5, 5, 6, 6],
    )

    with pytest.raises(DocumentError) as caught:
        assessment_from_frame(frame, CHECKLIST, trust="RTF", date=DATE)

    found = [(p.path, p.line, p.column) for p in caught.value.problems]
    assert found == [("iloc[1, 1]", 2, 2), ("iloc[2, 0]", 3, 1), ("iloc[3, 1]", 4, 2)]
    assert "row iloc[1] has it already" in caught.value.problems[1].message
    for problem in caught.value.problems:
        row, column = map(int, problem.path[5:-1].split(", "))
        assert (row + 1, column + 1) == (problem.line, problem.column)
    assert frame.iloc[3, 1] == "x"


def test_a_frame_with_duplicate_labels_and_a_whole_row_problem() -> None:
    """
    A problem with a whole row (an id that is not valid text) names the
    row by its position too.
    """
    frame = pd.DataFrame({"id": ["a1", "a\x01"], "l1": [4, 4]}, index=[0, 0])

    with pytest.raises(DocumentError) as caught:
        assessment_from_frame(frame, CHECKLIST, trust="RTF", date=DATE)

    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("iloc[1, 0]", 2, 1)


def test_a_frame_s_values_are_taken_exactly() -> None:
    """
    A frame holds values, not text a tool wrote: spaces around an id are
    kept, and no apostrophe is read as a mark.
    """
    frame = pd.DataFrame({"id": [" a1", "'=a2"], "grade": ["'x", " y "], "l1": [4, 4]})

    assessment = assessment_from_frame(
        frame, CHECKLIST, trust="RTF", date=DATE, attributes=["grade"]
    )

    assert [r.id for r in assessment.respondents] == [" a1", "'=a2"]
    assert [r.attributes["grade"] for r in assessment.respondents] == ["'x", " y "]
