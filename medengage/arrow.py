"""
Survey exports read with pyarrow, a whole column at a time: `read_parquet`
reads a Parquet file, and `assessment_from_table` a table of any library
that speaks Arrow (a pyarrow Table, a polars or pandas DataFrame), with
every check `medengage.csv.read_csv` makes.

Each column's distinct cells are read once, and each row's answer is taken
by its number among them, so no row is ever made; a table with a problem
is read again row by row, so that its errors are exactly those the
standard library's reader gives. ``read_csv(..., engine="arrow")`` reads
CSV this way.

Needs pyarrow, which medengage does not install by default:
``pip install 'medengage[arrow]'``. Without it, each function raises
`medengage.MissingExtraError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._column_matching import ColumnMapping
from medengage._export_problems import Places
from medengage._sources import Source, read_source
from medengage._survey_dates import survey_date
from medengage._survey_header import Unmatched
from medengage._survey_reading import DEFAULT_MAX_BYTES, too_large
from medengage._survey_rows import assessment_from_rows
from medengage._table_columns import (
    arrow,
    assessment_from_columns,
    cell_text,
    table_columns,
)
from medengage.errors import DocumentError, NotADocumentError, Problem


__all__ = ["TABLE", "assessment_from_table", "read_parquet"]

#: What `assessment_from_table` calls the table in its errors.
TABLE = "<table>"


def read_parquet(
    source: Source,
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date | str,
    id_column: str = "id",
    columns: Mapping[str, str] | ColumnMapping | None = None,
    attributes: Iterable[str] = (),
    ignore: Iterable[str] = (),
    no_answer: Iterable[str] = (),
    unmatched: Unmatched = "refuse",
    title: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Assessment:
    """
    An assessment from a survey export saved as Parquet: one row a
    respondent, one column an item, other columns respondent attributes,
    read and checked as `medengage.csv.read_csv` reads a CSV file.

    A cell is read as the text a CSV file would hold: a missing value as an
    empty cell, a whole number without a decimal point. Ids and attribute
    values are taken exactly as they are, spaces included.

    Args:
        source: The Parquet file's path, or an open binary file.
        checklist: The checklist the survey asked.
        trust: The ODS code of the trust surveyed.
        date: When the survey closed.
        id_column: As `medengage.csv.read_csv` takes it.
        columns: As `medengage.csv.read_csv` takes it.
        attributes: As `medengage.csv.read_csv` takes it.
        ignore: As `medengage.csv.read_csv` takes it.
        no_answer: As `medengage.csv.read_csv` takes it.
        unmatched: As `medengage.csv.read_csv` takes it.
        title: A short name for the assessment.
        max_bytes: Refuse files larger than this many bytes.

    Raises:
        DocumentError: Listing every problem in the file, as `read_csv`
            does; a problem with a cell has the path ``<column>[<row>]``,
            the row counted from 0 as pyarrow counts it, and as its line
            and column the row's and the column's positions counted from 1.
            Also if the file is not Parquet.
        DocumentTooLargeError: If the file is larger than *max_bytes*.
        MissingExtraError: If pyarrow is not installed.
    """
    day = survey_date(date)
    pa = arrow()
    import pyarrow.parquet as pq

    name, data = read_source(source, max_bytes, reader="read_parquet")
    if not isinstance(data, bytes):
        raise NotADocumentError(
            f"read_parquet reads a file opened in binary mode, not "
            f"{type(data).__name__}"
        )
    if len(data) > max_bytes:
        raise too_large(name, max_bytes)
    try:
        table = pq.read_table(pa.py_buffer(data))
    except (pa.ArrowException, OSError) as error:
        raise DocumentError(
            name, [Problem("", f"cannot read the file as Parquet: {error}", 1, 1)]
        ) from None
    return _assessment(
        table,
        list(table.column_names),
        RowPlaces(name, list(table.column_names)),
        checklist,
        trust=trust,
        date=day,
        id_column=id_column,
        columns=columns,
        attributes=attributes,
        ignore=ignore,
        no_answer=no_answer,
        unmatched=unmatched,
        title=title,
    )


def assessment_from_table(
    data: object,
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date | str,
    id_column: str = "id",
    columns: Mapping[str, str] | ColumnMapping | None = None,
    attributes: Iterable[str] = (),
    ignore: Iterable[str] = (),
    no_answer: Iterable[str] = (),
    unmatched: Unmatched = "refuse",
    title: str = "",
) -> Assessment:
    """
    An assessment from a survey export held in a table of any library that
    gives its columns through the Arrow PyCapsule interface
    (``__arrow_c_stream__``): a pyarrow Table, a polars DataFrame, a pandas
    DataFrame (``medengage.pandas.assessment_from_frame`` says where a
    problem is by the frame's index), and others. Read and checked as
    `read_parquet` reads a Parquet file.

    Raises:
        DocumentError: Listing every problem, as `read_parquet` does.
        NotADocumentError: If *data* gives no Arrow stream.
        MissingExtraError: If pyarrow is not installed.
    """
    day = survey_date(date)
    table = arrow_table(data)
    header = list(table.column_names)
    return _assessment(
        table,
        header,
        RowPlaces(TABLE, header),
        checklist,
        trust=trust,
        date=day,
        id_column=id_column,
        columns=columns,
        attributes=attributes,
        ignore=ignore,
        no_answer=no_answer,
        unmatched=unmatched,
        title=title,
    )


def arrow_table(data: object) -> Any:
    """
    *data* as a pyarrow Table, taken through the Arrow PyCapsule interface.

    Raises:
        NotADocumentError: If *data* gives no Arrow stream.
    """
    pa = arrow()
    if isinstance(data, pa.Table):
        return data
    if not hasattr(data, "__arrow_c_stream__"):
        raise NotADocumentError(
            "assessment_from_table reads a table that gives an Arrow stream "
            f"(__arrow_c_stream__), such as a polars DataFrame, not "
            f"{type(data).__name__}"
        )
    return pa.RecordBatchReader.from_stream(data).read_all()


def assessment_from_arrow(
    table: Any,
    header: list[str],
    places: Places,
    checklist: Checklist,
    **options: Any,
) -> Assessment | None:
    """
    The assessment the pyarrow *table* holds, read a column at a time; None
    if it has a problem, which the rows' reader then says.
    """
    return assessment_from_columns(
        header,
        table_columns(table, cell_text),
        table.num_rows,
        checklist,
        places,
        columns_given=options.pop("columns"),
        texts_in_cells=list,
        **options,
    )


def _assessment(
    table: Any,
    header: list[str],
    places: Places,
    checklist: Checklist,
    **options: Any,
) -> Assessment:
    read = assessment_from_arrow(table, header, places, checklist, **dict(options))
    if read is not None:
        return read
    return assessment_from_rows(
        header,
        table_rows(table),
        checklist,
        places,
        texts_in_cells=list,
        **options,
    )


def table_rows(table: Any) -> Iterator[Sequence[str]]:
    """
    The rows of the pyarrow *table*, each cell as `cell_text` gives it.
    """
    for batch in table.to_batches():
        texts = [[cell_text(v) for v in column.to_pylist()] for column in batch.columns]
        yield from zip(*texts, strict=True)


class RowPlaces(Places):
    """
    Places in a table without an index, such as a Parquet file or a polars
    DataFrame: a cell by its column's name and its row's position, counted
    from 0, and by the row's and column's positions counted from 1.
    """

    empty = (
        "the table has no columns: give it a column of respondents' ids and "
        "one for each item answered"
    )

    def __init__(self, source: str, header: list[str]) -> None:
        self.source = source
        self.header = header

    def in_header(self, path: str, message: str, column: int | None) -> Problem:
        return Problem(path, message, None, None if column is None else column + 1)

    def in_row(self, path: str, message: str, row: int, column: int | None) -> Problem:
        if column is None:
            where = f"[{row}]"
            return Problem(f"{where}.{path}" if path else where, message, row + 1)
        return Problem(f"{self.header[column]}[{row}]", message, row + 1, column + 1)

    def row(self, row: int) -> str:
        return f"row {row}"
