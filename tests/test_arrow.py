"""
The `arrow` extra: CSV read by pyarrow a column at a time, with exactly the
checks, errors and places of the standard library's reader.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from typing import Any

import pytest
from _worked_example import CHECKLIST
from hypothesis import given
from hypothesis import strategies as st

from medengage import Assessment, Checklist, DocumentError, testing
from medengage import _validation as v
from medengage._table_columns import TableColumn
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
def rows_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """
    The standard library's reading of rows made to fail, so that a test
    shows that pyarrow read the file.
    """

    def refuse(*args: object, **kwargs: object) -> Assessment:
        raise AssertionError("read row by row")

    monkeypatch.setattr("medengage._survey_reading.assessment_from_rows", refuse)


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
        HEADER + "r1,consultant,5,2,4,Yes,10:00\x00\n",
        '"Respondent",Grade,"l1","Leaders change\r\ntoo often",k1,k2,Started'
        "\r\nr1,,,,,,",
        '"Respondent",Grade,"l1","Leaders change too often",k1,k2,"Started"\rr1,,,,,,',
        "Respondent,Grade,l1,l1,Unknown\nr1,a,1,1,1\n",
        "Grade,l1\na,1\n",
        HEADER + "r1," + "x" * (csv.field_size_limit() + 1) + ",5,2,4,Yes,\n",
        HEADER + "r1," + "\u00e9" * csv.field_size_limit() + ",5,2,4,Yes,\n",
        HEADER + "r1," + "\u00e9" * (csv.field_size_limit() + 1) + ",5,2,4,Yes,\n",
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


@pytest.mark.parametrize(
    "bad", [b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\xff", b"\xe2\x80"]
)
@pytest.mark.parametrize("where", ["header", "id", "answer", "attribute"])
def test_bytes_that_are_not_utf8_are_refused_alike(bad: bytes, where: str) -> None:
    """
    Bytes that are not UTF-8 (a surrogate, an overlong form, past U+10FFFF,
    a stray or cut-off byte), in the header or in any kind of cell, give
    the standard library's error with either engine.
    """
    lines = GOOD.encode("utf-8").split(b"\n")
    if where == "header":
        lines[0] = lines[0].replace(b"Grade", b"Gr" + bad + b"ade")
    else:
        cells = lines[2].split(b",")
        cells[{"id": 0, "attribute": 1, "answer": 2}[where]] += bad
        lines[2] = b",".join(cells)
    outcome = _same(b"\n".join(lines))
    assert isinstance(outcome, str)
    assert "is not UTF-8" in outcome


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


def _none(*args: object, **kwargs: object) -> None:
    return None


TABLE_OPTIONS: dict[str, Any] = {
    "trust": "RTF",
    "date": "2024-03-31",
    "columns": {"Leaders change too often": "l2"},
    "attributes": ["grade"],
    "ignore": ["started"],
}
GOOD_TABLE: dict[str, list[Any]] = {
    "id": ["r1", "r2", "r3", " r4"],
    "grade": ["consultant", None, " resident ", "consultant"],
    "l1": [5.0, None, 4.0, 3.0],
    "Leaders change too often": ["2", "Agree", "NA", ""],
    "k1": [4, 2, 5, 1],
    "k2": ["Yes", "partly", None, "1"],
    "started": [1, 2, 3, 4],
}
FAULTY_TABLES: list[dict[str, list[Any]]] = [
    {**GOOD_TABLE, "l1": [9.0, None, 4.5, 3.0]},
    {**GOOD_TABLE, "id": ["r1", "r1", "", None]},
    {**GOOD_TABLE, "id": ["r1", "r\n2", "r3", "r4"]},
    {**GOOD_TABLE, "grade": ["a\x1b", "b", "c", "d"]},
    {**GOOD_TABLE, "Unknown": [1, 2, 3, 4]},
    {**GOOD_TABLE, "id": [None, None, None, None]},
    {key: value for key, value in GOOD_TABLE.items() if key != "id"},
]


def _table_outcome(read: Any, data: object) -> Assessment | str:
    try:
        return read(data, CHECKLIST, **TABLE_OPTIONS)  # type: ignore[no-any-return]
    except DocumentError as error:
        return repr((str(error), error.problems))


@pytest.mark.parametrize("table", [GOOD_TABLE, *FAULTY_TABLES])
def test_parquet_by_columns_is_parquet_by_rows(
    table: dict[str, list[Any]], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    A Parquet file read a column at a time gives what its rows give: the
    same assessment, or the same problems at the same places.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from medengage.arrow import read_parquet

    path = tmp_path / "export.parquet"
    pq.write_table(pa.table(table), path)
    columns = _table_outcome(read_parquet, path)
    with monkeypatch.context() as patch:
        patch.setattr("medengage.arrow.assessment_from_columns", _none)
        assert _table_outcome(read_parquet, path) == columns
    if table is GOOD_TABLE:
        assert isinstance(columns, Assessment)
        assert [r.id for r in columns.respondents] == ["r1", "r2", "r3", " r4"]


@pytest.mark.parametrize("table", [GOOD_TABLE, *FAULTY_TABLES])
def test_frames_by_columns_are_frames_by_rows(
    table: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    pandas and polars frames read through Arrow give what pandas frames
    read row by row give, with a frame's own places: ``loc[...]`` for
    pandas.
    """
    import pandas as pd
    import polars as pl

    from medengage.arrow import assessment_from_table
    from medengage.pandas import assessment_from_frame

    frame = pd.DataFrame(table, index=[f"x{i}" for i in range(4)])
    columns = _table_outcome(assessment_from_frame, frame)
    polars = _table_outcome(assessment_from_frame, pl.DataFrame(table))
    with monkeypatch.context() as patch:
        patch.setattr("medengage.arrow.assessment_from_columns", _none)
        patch.setattr("medengage.pandas._arrow_table", _none)
        assert _table_outcome(assessment_from_frame, frame) == columns
        assert _table_outcome(assessment_from_table, pl.DataFrame(table)) == polars
    if table is GOOD_TABLE:
        assert polars == columns
        assert isinstance(columns, Assessment)
    else:
        assert isinstance(columns, str)
        assert "loc['x" in columns or "line=None" in columns


def test_a_file_not_parquet_is_one_error(tmp_path: Any) -> None:
    from medengage.arrow import read_parquet

    path = tmp_path / "export.parquet"
    path.write_text("id,l1\nr1,1\n")
    with pytest.raises(DocumentError, match="cannot read the file as Parquet"):
        read_parquet(path, CHECKLIST, trust="RTF", date="2024-03-31")
    with pytest.raises(DocumentError, match="over 4 bytes"):
        read_parquet(path, CHECKLIST, trust="RTF", date="2024-03-31", max_bytes=4)


def test_a_table_without_arrow_is_refused() -> None:
    from medengage import NotADocumentError
    from medengage.arrow import assessment_from_table

    with pytest.raises(NotADocumentError, match="Arrow stream"):
        assessment_from_table([[1]], CHECKLIST, trust="RTF", date="2024-03-31")


def test_tables_without_problems_are_read_by_columns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """
    A Parquet file, a pandas and a polars frame with no problem are never
    read row by row.
    """
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq

    from medengage.arrow import read_parquet
    from medengage.pandas import assessment_from_frame

    def refuse(*args: object, **kwargs: object) -> Assessment:
        raise AssertionError("read row by row")

    monkeypatch.setattr("medengage.arrow.assessment_from_rows", refuse)
    monkeypatch.setattr("medengage.pandas.assessment_from_rows", refuse)
    path = tmp_path / "export.parquet"
    pq.write_table(pa.table(GOOD_TABLE), path)
    parquet = read_parquet(path, CHECKLIST, **TABLE_OPTIONS)
    assert (
        assessment_from_frame(pd.DataFrame(GOOD_TABLE), CHECKLIST, **TABLE_OPTIONS)
        == parquet
    )
    assert (
        assessment_from_frame(pl.DataFrame(GOOD_TABLE), CHECKLIST, **TABLE_OPTIONS)
        == parquet
    )


def test_categories_are_numbered_as_they_appear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """
    An attribute held as pandas categories keeps its values in the order
    the rows give them, as reading row by row does, not the categories'.
    """
    import pandas as pd

    from medengage.pandas import assessment_from_frame

    frame = pd.DataFrame({**GOOD_TABLE, "grade": ["b", None, "a", "b"]})
    frame["grade"] = pd.Categorical(frame["grade"], categories=["a", "b"])
    columns = assessment_from_frame(frame, CHECKLIST, **TABLE_OPTIONS)
    monkeypatch.setattr("medengage.pandas._arrow_table", _none)
    assert assessment_from_frame(frame, CHECKLIST, **TABLE_OPTIONS) == columns


def _column(cells: list[str], start: int, cuts: list[int], large: bool) -> Any:
    """
    *cells* as a pyarrow column of text from *start*, in chunks cut at
    *cuts* (one array if there are none), of large strings if *large*.
    """
    pa = pytest.importorskip("pyarrow")
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(cells, kind)[start:]
    if not cuts:
        return whole
    places = sorted({0, len(whole), *(min(cut, len(whole)) for cut in cuts)})
    return pa.chunked_array(
        [whole[a:b] for a, b in itertools.pairwise(places)] or [whole],
        kind,
    )


@given(
    st.lists(st.sampled_from(["", "1", "2", "5", "x", " ", "é", "10", "Yes"])),
    st.integers(0, 3),
    st.lists(st.integers(0, 40), max_size=3),
    st.booleans(),
)
def test_a_columns_distinct_cells_are_numbered_as_they_appear(
    cells: list[str], start: int, cuts: list[int], large: bool
) -> None:
    """
    A column's distinct cells, in order of first appearance, and each
    row's place among them, however long its cells (one byte or empty
    ones are read straight from the column's buffers), from a slice, in
    chunks and of large strings too.
    """
    import numpy as np

    column = TableColumn(_column(["9", "9", "9", *cells], start, cuts, large), None)
    given = ["9", "9", "9", *cells][start:]

    distinct = list(dict.fromkeys(given))
    assert column.cells == distinct
    assert column.numbers.tolist() == [distinct.index(cell) for cell in given]
    by_cell = np.arange(len(distinct), dtype=np.uint8)[::-1].copy()
    for kind in (np.uint8, np.uint32):
        assert column.mapped(by_cell.astype(kind)).tolist() == [
            by_cell[distinct.index(cell)] for cell in given
        ]


@pytest.mark.parametrize("cuts", [[], [100, 4096, 4097]])
def test_cells_first_seen_late_are_numbered_as_they_appear(cuts: list[int]) -> None:
    """
    Cells that first appear after the first few thousand rows, a NUL
    among one-byte cells, and a column with no empty cell are numbered as
    they appear too.
    """
    from medengage._text_buffers import short_cells

    for cells in (
        ["1"] * 5000 + ["3", "", "2", "3", "2"],
        ["1", "2"] * 3000 + ["", "5", "4"],
        ["1", "\x00", "", "2"],
        ["4", "4", "2"],
    ):
        column = TableColumn(_column(cells, 0, cuts, False), None)
        distinct = list(dict.fromkeys(cells))
        assert column.cells == distinct
        assert column.numbers.tolist() == [distinct.index(cell) for cell in cells]
        assert (short_cells(column.column) is None) == ("\x00" in cells)


IDS = st.lists(
    st.one_of(
        st.text(st.sampled_from("ab1 '\x00\u2003\n"), max_size=10),
        st.from_regex(r"r[0-9]{1,9}", fullmatch=True),
        st.text(max_size=12),
    ),
    min_size=1,
)


@given(IDS, st.lists(st.integers(0, 40), max_size=3), st.booleans(), st.booleans())
def test_ids_read_from_buffers_are_the_ids_read_one_by_one(
    ids: list[str], cuts: list[int], large: bool, formula_safe: bool
) -> None:
    """
    Ids read straight from a column's buffers, where they are plainly
    written, are the ids read one by one: refused (repeated, blank or with
    a character no id may hold) where those are refused, and otherwise
    the same, in the same order.
    """
    from medengage._export_cells import texts_in_cells
    from medengage._respondent_table import IdText
    from medengage._table_columns import _ids
    from medengage._text_buffers import plain_ids

    try:
        column = _column(ids, 0, cuts, large)
    except Exception:  # noqa: BLE001
        # Text pyarrow will not hold (lone surrogates) is never read by it.
        return
    one_by_one = functools.partial(texts_in_cells, formula_safe=formula_safe)
    plain = plain_ids(column)
    read = _ids(TableColumn(column, None), one_by_one)
    if isinstance(read, IdText):
        assert plain == read
        read = [
            read.text[a:b] for a, b in zip([0, *read.ends], read.ends, strict=False)
        ]
    texts = one_by_one(ids)
    valid = (
        len(set(texts)) == len(texts)
        and all(map(str.strip, texts))
        and all(v.bad_character(text, multiline=False) is None for text in texts)
    )
    assert read == (texts if valid else None)
    if plain is False:
        assert not valid
    elif plain is not None:
        assert texts == ids


@pytest.mark.parametrize(
    "ids",
    [
        ["r1", "r2", "r1"],
        ["b", "a", "b"],
        ["long-id-000001", "long-id-000002", "long-id-000001"],
        ["a", "a\x00"],
        ["12345678", "1234567", "12345678"],
        ["r00000001", "r00000002", "r00000002"],
        ["a-very-long-id-written-out-in-full-1"] * 2,
    ],
)
def test_repeated_ids_in_buffers_are_refused(ids: list[str]) -> None:
    from medengage._text_buffers import plain_ids

    assert plain_ids(_column(ids, 0, [1], False)) is False


def test_distinct_ids_in_buffers_are_taken() -> None:
    from medengage._text_buffers import plain_ids

    for ids in (
        ["r3", "r1", "r2"],
        ["12345678", "1234567", "123456789"],
        [f"r{n:07}" for n in range(1000)],
        [str(n) for n in range(1000, 0, -1)],
        ["r\u00e9-1", "r\u00e9-2", "r\u00e9-10"],
        [f"r{n:08}" for n in range(500)],
        [f"r{n:08}" for n in range(500, 0, -1)],
        [f"a-very-long-id-written-out-in-full-{n}" for n in range(50)],
    ):
        plain = plain_ids(_column(ids, 0, [2, 5], True))
        assert plain is not None
        assert plain is not False
        assert plain.text == "".join(ids)
        assert list(plain.ends) == list(itertools.accumulate(map(len, ids)))
