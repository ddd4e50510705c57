"""
Survey answers in .xlsx workbooks: written and read back, a survey tool's
export read as it comes, and every problem placed by sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import medengage
from medengage import (
    Assessment,
    Checklist,
    DocumentError,
    DocumentTooLargeError,
    NotADocumentError,
    ValidationError,
    testing,
)


openpyxl = pytest.importorskip("openpyxl")

from medengage.excel import ANSWERS_SHEET, read_xlsx, write_xlsx  # noqa: E402


EXPORT = Path(__file__).parent / "exports" / "survey-tool-export.csv"
CHECKLIST = medengage.catalogue().checklist("medical-engagement-self-assessment", 1)
LATEST = medengage.catalogue().assessments[-1]
DATE = dt.date(2024, 10, 31)


def _names(assessment: Assessment) -> set[str]:
    return {name for r in assessment.respondents for name in r.attributes}


def _workbook(rows: list[list[object]], sheet: str = "Form1") -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(data: bytes, **options: object) -> Assessment:
    settings: dict[str, object] = {"trust": "ZNW", "date": DATE}
    settings.update(options)
    return read_xlsx(io.BytesIO(data), CHECKLIST, **settings)  # type: ignore[arg-type]


# Round trips


@given(testing.checklists_with_assessments())
def test_a_workbook_written_reads_back_to_the_same_assessment(
    pair: tuple[Checklist, Assessment],
) -> None:
    checklist, assessment = pair
    written = io.BytesIO()
    try:
        write_xlsx(assessment, written)
    except ValidationError:
        # An attribute named like a column is refused, as write_csv refuses it.
        return

    again = read_xlsx(
        io.BytesIO(written.getvalue()),
        checklist,
        trust=assessment.trust,
        date=assessment.date,
        attributes=_names(assessment),
        title=assessment.title,
    )

    assert again == assessment


def test_the_bundled_survey_round_trips_through_a_path(tmp_path: Path) -> None:
    path = tmp_path / "answers.xlsx"

    write_xlsx(LATEST, path)
    again = read_xlsx(
        path,
        LATEST.checklist,
        trust=LATEST.trust,
        date=LATEST.date,
        attributes=_names(LATEST),
        title=LATEST.title,
    )

    assert again == LATEST
    assert openpyxl.load_workbook(path).sheetnames == [ANSWERS_SHEET]


def test_text_is_written_as_text_never_as_a_formula() -> None:
    hostile = medengage.Respondent(
        id='=HYPERLINK("http://example.com")',
        attributes={"grade": "@consultant", "note": "+1"},
        answers={"dr-real-say": 4},
    )
    survey = Assessment(
        checklist=CHECKLIST, trust="ZNW", date=DATE, respondents=[hostile]
    )
    written = io.BytesIO()

    write_xlsx(survey, written, sheet="Survey")

    worksheet = openpyxl.load_workbook(io.BytesIO(written.getvalue()))["Survey"]
    cells = [cell for row in worksheet.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type in {"s", "n"} for cell in cells)
    assert worksheet["A2"].value == hostile.id
    again = read_xlsx(
        io.BytesIO(written.getvalue()),
        CHECKLIST,
        trust="ZNW",
        date=DATE,
        attributes=["grade", "note"],
    )
    assert again == survey


# A survey tool's export


def _export_as_workbook() -> bytes:
    """
    The CSV export of test_csv_exports as Microsoft Forms would save it:
    ids and answers on the 1-5 scale as numbers, timestamps as dates.
    """
    with EXPORT.open(encoding="utf-8-sig", newline="") as export:
        header, *rows = csv.reader(export)

    def cell(text: str, position: int) -> object:
        if position in (1, 2):
            return dt.datetime.strptime(text, "%m/%d/%y %H:%M:%S")
        return int(text) if text.isdigit() else text

    cells: list[list[object]] = [list(header)]
    cells += ([cell(c, p) for p, c in enumerate(row)] for row in rows)
    return _workbook(cells)


def test_a_survey_tools_workbook_reads_with_no_mapping() -> None:
    survey = _read(
        _export_as_workbook(),
        id_column="ID",
        attributes=["Grade"],
        no_answer=["Don't know"],
        unmatched="ignore",
    )
    from test_csv_exports import EXPECTED

    assert {r.id: dict(r.answers) for r in survey.respondents} == EXPECTED


def test_problems_are_placed_by_sheet_row_and_column() -> None:
    data = _workbook(
        [
            [
                "id",
                "Doctors here have a real sya in how services are run",
                "dr-hear-back",
            ],
            ["a1", 4, 5],
            ["a2", 4, 9],
            [None, 4, "Agree"],
        ],
        sheet="Responses",
    )

    with pytest.raises(DocumentError) as caught:
        _read(data, sheet="Responses", date="2024-10-31")

    error = caught.value
    assert error.source == "<stream>, sheet 'Responses'"
    assert [(p.path, p.line, p.column) for p in error.problems] == [
        ("Doctors here have a real sya in how services are run", 1, 2),
        ("dr-hear-back", 3, 3),
        ("id", 4, 1),
    ]
    assert "did you mean item 'dr-real-say'" in error.problems[0].message


def test_the_first_sheet_is_read_unless_one_is_named() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "dr-real-say"])
    workbook.active.append(["a1", 4])
    other = workbook.create_sheet("Other")
    other.append(["id", "dr-real-say"])
    other.append(["b1", 2])
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert [r.id for r in _read(buffer.getvalue()).respondents] == ["a1"]
    assert [r.id for r in _read(buffer.getvalue(), sheet="Other").respondents] == ["b1"]
    with pytest.raises(DocumentError, match="no sheet 'Missing': name one of"):
        _read(buffer.getvalue(), sheet="Missing")


def test_short_rows_are_padded_and_trailing_empty_cells_dropped() -> None:
    data = _workbook(
        [["id", "dr-real-say", "dr-hear-back", None], ["a1", 4], ["a2", 2, 3, None]]
    )

    survey = _read(data)

    assert [dict(r.answers) for r in survey.respondents] == [
        {"dr-real-say": 4},
        {"dr-real-say": 2, "dr-hear-back": 3},
    ]


def test_a_cell_beyond_the_header_is_a_problem() -> None:
    data = _workbook([["id", "dr-real-say"], ["a1", 4, "stray"]])

    with pytest.raises(DocumentError) as caught:
        _read(data)

    assert [(p.line, p.column) for p in caught.value.problems] == [(2, 1)]


def test_an_empty_sheet_is_refused() -> None:
    with pytest.raises(DocumentError, match="empty"):
        _read(_workbook([]))


# Failure modes


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.xlsx"
    path.write_text("id,dr-real-say\na1,4\n", encoding="utf-8")

    with pytest.raises(DocumentError, match=r"cannot read the file as an \.xlsx"):
        read_xlsx(path, CHECKLIST, trust="ZNW", date=DATE)


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")

    with pytest.raises(DocumentError, match=r"cannot read the file as an \.xlsx"):
        _read(buffer.getvalue())


def test_a_workbook_that_unpacks_to_far_more_is_refused() -> None:
    """
    A zip bomb: a small file that unpacks to far more than a survey.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (8 * 1024 * 1024))

    with pytest.raises(DocumentTooLargeError, match="unpacks to"):
        _read(buffer.getvalue())


def test_a_file_over_max_bytes_is_refused() -> None:
    data = _workbook([["id", "dr-real-say"], ["a1", 4]])

    with pytest.raises(DocumentTooLargeError, match="over 100 bytes"):
        _read(data, max_bytes=100)


def test_a_text_stream_is_refused_saying_to_open_in_binary() -> None:
    with pytest.raises(NotADocumentError, match="binary mode"):
        read_xlsx(io.StringIO("id\n"), CHECKLIST, trust="ZNW", date=DATE)  # type: ignore[arg-type]
    with pytest.raises(NotADocumentError, match="binary mode"):
        write_xlsx(LATEST, io.StringIO())  # type: ignore[arg-type]


def test_the_date_is_checked_as_read_csv_checks_it() -> None:
    data = _workbook([["id", "dr-real-say"], ["a1", 4]])

    assert _read(data, date=dt.datetime(2024, 10, 31)).date == DATE
    with pytest.raises(ValidationError, match="'2024-10-31'"):
        _read(data, date="31/10/2024")


def test_nothing_is_written_over_a_file_when_writing_fails(tmp_path: Path) -> None:
    """
    An attribute named like an item, or a sheet name a workbook cannot
    have, is refused before anything is written: the old file stays.
    """
    path = tmp_path / "answers.xlsx"
    path.write_bytes(b"the old file")
    clash = attrs.evolve(
        LATEST,
        respondents=[medengage.Respondent("r1", {"dr-real-say": "x"}, {})],
    )

    with pytest.raises(ValidationError, match="second"):
        write_xlsx(clash, path)
    with pytest.raises(ValidationError, match="sheet"):
        write_xlsx(LATEST, path, sheet="a/b" * 20)

    assert path.read_bytes() == b"the old file"
    assert os.listdir(tmp_path) == ["answers.xlsx"]


def test_a_sheet_that_does_not_parse_is_refused() -> None:
    data = _workbook([["id", "dr-real-say"], ["a1", 4]])
    broken = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as archive,
        zipfile.ZipFile(broken, "w") as copy,
    ):
        for entry in archive.infolist():
            body = archive.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            copy.writestr(entry, body)

    with pytest.raises(DocumentError, match="cannot read"):
        _read(broken.getvalue())


def test_a_target_that_is_neither_a_path_nor_a_file_is_refused() -> None:
    with pytest.raises(medengage.MedEngageError, match="give a path or a file"):
        write_xlsx(LATEST, 42)  # type: ignore[arg-type]
