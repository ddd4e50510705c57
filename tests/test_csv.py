"""
Survey exports in and out as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from pathlib import Path

import attrs
import pytest
from _worked_example import ASSESSMENT, CHECKLIST
from hypothesis import given

import medengage
from medengage import Assessment, Checklist, DocumentError, testing
from medengage.csv import SCORE_COLUMNS, read_csv, write_csv, write_scores_csv


DATE = dt.date(2024, 3, 31)

EXPORT = """\
Respondent,Grade,l1,Leaders change too often,k1,k2,Started
r1,consultant,5,2,4,Yes,2024-03-01 09:00
r2,consultant,Agree,,2,partly,2024-03-02 10:00
r3,resident,-,NA,Strongly agree,1,2024-03-03 11:00
"""


#: read_csv with the options EXPORT is read with.
read_export = functools.partial(
    read_csv,
    trust="RTF",
    date=DATE,
    id_column="Respondent",
    columns={"Leaders change too often": "l2"},
    attributes=["Grade"],
    ignore=["Started"],
)


def _read(text: str, checklist: Checklist = CHECKLIST) -> Assessment:
    return read_export(io.StringIO(text), checklist)


def test_an_export_reads_as_its_assessment() -> None:
    """
    Numbers and labels (in any case) are read as scale values, the
    missing markers as no answer, and kept columns as attributes.
    """
    assessment = _read(EXPORT)

    assert [r.id for r in assessment.respondents] == ["r1", "r2", "r3"]
    assert dict(assessment.respondents[0].answers) == {
        "l1": 5,
        "l2": 2,
        "k1": 4,
        "k2": 3,
    }
    assert dict(assessment.respondents[1].answers) == {"l1": 4, "k1": 2, "k2": 2}
    assert dict(assessment.respondents[2].answers) == {"k1": 5, "k2": 1}
    assert assessment.respondents[2].attributes == {"Grade": "resident"}


def test_a_dozen_faults_make_one_error_listing_each() -> None:
    """
    Every fault in a file is listed at once, with its row and column, and
    no assessment is made.
    """
    text = """\
Respondent,Grade,l1,Leaders change too often,k1,k2,Started,Shoe size,Grade
r1,consultant,6,2,4,Yes,x,9,x
,consultant,4,2,4,Yes,x,9,x
r1,consultant,4,maybe,4,Yes,x,9,x
r4,consultant,4,2,4.5,Yes,x,9,x
r5,consultant,4,2,4
r6,consultant,0,2,4,Often,x,9,x
r7,consultant,4,2,inf,Yes,x,9,x
r8,resident,4,2,4,Yes,x,9,x,extra
"""
    with pytest.raises(DocumentError) as caught:
        _read(text)

    found = {(p.line, p.column, p.path) for p in caught.value.problems}
    assert found == {
        (1, 8, "Shoe size"),  # unknown column
        (1, 9, "Grade"),  # a column given twice
        (2, 3, "l1"),  # 6 is off the scale
        (3, 1, "id"),  # no id
        (4, 1, "id"),  # r1 again
        (4, 4, "l2"),  # not a label of the scale
        (5, 5, "k1"),  # 4.5 is not a point
        (6, 1, ""),  # too few cells
        (7, 3, "l1"),  # 0 is off the scale
        (7, 6, "k2"),  # not a label
        (8, 5, "k1"),  # inf
        (9, 1, ""),  # too many cells
    }
    places = [(p.line, p.column) for p in caught.value.problems]
    assert places == sorted(places), "listed row by row, then column by column"
    message = str(caught.value)
    assert message.startswith("<stream>: 12 problems")
    assert "(line 4, column 1)" in message
    assert "duplicate respondent id 'r1': row 2 has it already" in message


def test_blank_rows_are_skipped_however_wide() -> None:
    """
    An empty line, a line of spaces or of bare commas is no respondent and
    no problem, whatever its width.
    """
    lines = EXPORT.splitlines()
    text = "\n".join([lines[0], "", lines[1], "   ", ",,", lines[2], lines[3], "", ""])

    assert _read(text) == _read(EXPORT)


def test_a_missing_marker_is_no_answer_even_where_a_point_has_its_label() -> None:
    """
    '-', 'NA' and 'N/A' always mean no answer, as the docs say, even on a
    scale with a point labelled so.
    """
    scale = medengage.ResponseScale(
        id="na",
        title="Applies",
        points=[
            medengage.ScalePoint(0, "N/A"),
            medengage.ScalePoint(1, "Yes", favourable=True),
        ],
    )
    checklist = attrs.evolve(
        CHECKLIST,
        scales=[*CHECKLIST.scales, scale],
        items=[
            attrs.evolve(item, scale="na") if item.id == "k2" else item
            for item in CHECKLIST.items
        ],
    )
    text = EXPORT.replace(",Yes,", ",N/A,").replace(",partly,", ",yes,")
    text = text.replace(",1,2024", ",-,2024")

    assert _read(text, checklist).answers_to("k2") == (None, 1, None)


def test_problems_with_ids_and_attributes_are_listed_with_the_others() -> None:
    """
    A respondent's own problems (an id or attribute with a control
    character) are listed beside problems in other rows.
    """
    text = (
        EXPORT.replace("r1,consultant", "r\x01,consultant")
        .replace("r2,consultant", "r2,consul\x02tant")
        .replace(",Strongly agree,", ",9,")
    )

    with pytest.raises(DocumentError) as caught:
        _read(text)

    assert [(p.line, p.path) for p in caught.value.problems] == [
        (2, "id"),
        (3, "attributes.Grade"),
        (4, "k1"),
    ]


def test_two_columns_for_one_item_are_a_problem() -> None:
    """
    Two columns that hold one item would leave it unclear which answer
    counts.
    """
    with pytest.raises(
        DocumentError, match="columns 'l1' and 'L1' both hold item 'l1'"
    ):
        read_csv(
            io.StringIO("Respondent,l1,L1\nr1,4,5\n"),
            CHECKLIST,
            trust="RTF",
            date=DATE,
            id_column="Respondent",
            columns={"L1": "l1"},
        )


def test_a_missing_id_column_is_named() -> None:
    """
    Without a column of ids, the error says how to name it.
    """
    with pytest.raises(DocumentError, match="no column 'Respondent'"):
        _read(EXPORT.replace("Respondent,", "Who,"))


def test_the_file_is_read_from_a_path(tmp_path: Path) -> None:
    """
    A path reads as the same stream would, with the path in errors.
    """
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8-sig")

    assessment = read_export(path, CHECKLIST)

    assert assessment == _read(EXPORT)
    path.write_bytes(b"id,l1\nr1,\xff\n")
    with pytest.raises(DocumentError, match=r"(?s)export\.csv.*not UTF-8.*line 2"):
        read_csv(path, CHECKLIST, trust="RTF", date=DATE)


@given(testing.checklists_with_assessments())
def test_round_trip(pair: tuple[Checklist, Assessment]) -> None:
    """
    An assessment written as CSV reads back equal.
    """
    checklist, assessment = pair
    written = io.StringIO()
    write_csv(assessment, written)
    names = {name for r in assessment.respondents for name in r.attributes}

    again = read_csv(
        io.StringIO(written.getvalue()),
        checklist,
        trust=assessment.trust,
        date=assessment.date,
        attributes=names,
        title=assessment.title,
    )

    assert again == assessment


def test_scores_as_tidy_rows() -> None:
    """
    Scores are written one row a score, withheld ones without a value.
    """
    shown = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)
    withheld = medengage.breakdown(ASSESSMENT, CHECKLIST, "grade", min_respondents=2)
    written = io.StringIO()

    write_scores_csv([shown, withheld], written)

    rows = list(csv.DictReader(io.StringIO(written.getvalue())))
    assert list(rows[0]) == list(SCORE_COLUMNS)
    assert len(rows) == 3 + 3 * 3
    overall = rows[0]
    assert overall["feature"] == ""
    assert float(overall["value"]) == shown.overall.value
    resident = [
        r for r in rows if r["group"] == "resident" and r["feature"] == "learning"
    ]
    assert resident == [
        {
            "trust": "RTF",
            "date": "2024-03-31",
            "checklist": "worked-example",
            "checklist_version": "1",
            "strategy": "mean",
            "by": "grade",
            "group": "resident",
            "feature": "learning",
            "value": "",
            "respondents": "1",
            "band": "",
            "withheld": "true",
        }
    ]
