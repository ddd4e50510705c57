"""
The `arrow` extra: CSV read by pyarrow a column at a time, with exactly the
checks, errors and places of the standard library's reader.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator
from typing import Any

import pytest
from _worked_example import CHECKLIST
from hypothesis import given
from hypothesis import strategies as st

from medengage import Assessment, Checklist, DocumentError, testing
from medengage.csv import read_csv, write_csv


pytest.importorskip("pyarrow")

OPTIONS: dict[str, Any] = {
    "trust": "RTF",
    "date": "2024-03-31",
    "id_column": "Respondent",
    "columns": {"Leaders change too often": "l2"},
    "attributes": ["Grade"],
    "ignore": ["Started"],
}
HEADER = "Respondent,Grade,l1,Leaders change too often,k1,k2,Started\n"
GOOD = HEADER + (
    "r1,consultant,5,2,4,Yes,2024-03-01 09:00\n"
    "r2,consultant,Agree,,2,partly,2024-03-02 10:00\n"
    "r3, resident ,-,NA,Strongly agree,1,2024-03-03 11:00\n"
    "'=r4,'=cmd,4,4,4,1,\n"
)


def _outcome(text: str | bytes, engine: str, **options: Any) -> Assessment | str:
    """
    What reading *text* with *engine* gives: the assessment, or the error
    with every problem and its place.
    """
    source = io.BytesIO(text) if isinstance(text, bytes) else io.StringIO(text)
    try:
        return read_csv(source, CHECKLIST, engine=engine, **{**OPTIONS, **options})  # type: ignore[arg-type]
    except DocumentError as error:
        return repr((str(error), error.problems))


def _same(text: str | bytes, **options: Any) -> Assessment | str:
    """
    What both engines give for *text*, checked equal.
    """
    python = _outcome(text, "python", **options)
    assert _outcome(text, "arrow", **options) == python
    return python


@pytest.fixture
def rows_unread(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """
    The standard library's reading of rows made to fail, so that a test
    shows that pyarrow read the file.
    """

    def refuse(*args: object, **kwargs: object) -> Assessment:
        raise AssertionError("read row by row")

    monkeypatch.setattr("medengage._survey_reading.assessment_from_rows", refuse)
    yield


def test_a_valid_export_is_read_by_columns(rows_unread: None) -> None:
    """
    A file with no problem is read by pyarrow alone, as the standard
    library reads it.
    """
    assessment = read_csv(io.StringIO(GOOD), CHECKLIST, engine="arrow", **OPTIONS)

    assert [r.id for r in assessment.respondents] == ["r1", "r2", "r3", "=r4"]
    assert assessment.respondents[2].attributes == {"Grade": "resident"}
    assert dict(assessment.respondents[1].answers) == {"l1": 4, "k1": 2, "k2": 2}


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        "\ufeff" + GOOD,
        GOOD.replace("\n", "\r\n"),
        GOOD.replace("\n", "\r"),
        HEADER + 'r1,"con,sult\nant",5,"2",4,Yes,x\n',
        HEADER + "r1,consultant,5,2,4,Yes,\nr2,consultant,x,2,4,Yes,\n",
        HEADER + "r1,consultant,5,2,4,Yes,\nr1,consultant,5,2,4,Yes,\n",
        HEADER + "r1,consultant,5,2,4,Yes,\n' r1,consultant,5,2,4,Yes,\n",
        HEADER + "r1,consultant,5,2,4,Yes,\n ,consultant,5,2,4,Yes,\n",
        HEADER + "r1,consultant,5,2,4,Yes,\n,,,,,,\nr2,,,,,,\n",
        HEADER + "r1,consultant,5,2,4,Yes,\n\nr2,,,,,,\n",
        HEADER + "r1,consultant,5,2,4,Yes\nr2,,,,,,,\n",
        HEADER + "r1,consul\ttant,5,2,4,Yes,\nr\x1b2,a\nb,,,,,\n",
        HEADER + "r1,consultant,5,2,4,Yes,\nr2,consultant,5,2,4,Yes,\n" * 3,
        HEADER + 'r1,a"b,5,"2"x,4,Yes,\nr2,"a""b",,,,,\n',
        HEADER,
        "",
        "Respondent,Grade,l1,l1,Unknown\nr1,a,1,1,1\n",
        "Grade,l1\na,1\n",
        HEADER + "r1," + "x" * (csv.field_size_limit() + 1) + ",5,2,4,Yes,\n",
        HEADER + 'r1,"open,5,2,4,Yes,\nr2,a,5,2,4,Yes,\n',
    ],
)
def test_both_engines_agree(text: str) -> None:
    """
    Valid files and faulty ones give the same assessment, or the same
    problems at the same places.
    """
    _same(text)


def test_both_engines_agree_on_bytes_and_options() -> None:
    """
    Bytes with a byte-order mark, labels of no answer, unmatched columns
    left out and apostrophes read as part of the text agree too.
    """
    _same(("\ufeff" + GOOD).encode("utf-8"))
    _same(GOOD.replace("Yes", "Don't know"), no_answer=["Don't know"])
    _same(GOOD.replace("Started", "Other"), ignore=(), unmatched="ignore")
    _same(GOOD, formula_safe=False)


def test_many_problems_are_listed_alike() -> None:
    """
    Past the listed problems, both engines count the same rest.
    """
    rows = "".join(f"r{i},a,9,9,9,9,\n" for i in range(300))
    result = _same(HEADER + rows)
    assert isinstance(result, str)
    assert "more problems" in result


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="'python' or 'arrow'"):
        read_csv(io.StringIO(GOOD), CHECKLIST, engine="c", **OPTIONS)  # type: ignore[arg-type]


@given(testing.checklists_with_assessments(), st.booleans())
def test_round_trip_with_both_engines(
    pair: tuple[Checklist, Assessment], formula_safe: bool
) -> None:
    """
    An assessment written as CSV reads back equal with either engine.
    """
    checklist, assessment = pair
    written = io.StringIO()
    write_csv(assessment, written, formula_safe=formula_safe)
    read = functools.partial(
        read_csv,
        checklist=checklist,
        trust=assessment.trust,
        date=assessment.date,
        title=assessment.title,
        attributes=sorted({n for r in assessment.respondents for n in r.attributes}),
        formula_safe=formula_safe,
    )
    text = written.getvalue()
    python = read(io.StringIO(text))
    assert read(io.StringIO(text), engine="arrow") == python
    if formula_safe:
        assert python == assessment
