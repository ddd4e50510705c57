"""
Assessments read from survey tools' CSV exports, with the standard library
alone.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from medengage._arrow_csv import csv_columns
from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._column_matching import ColumnMapping
from medengage._export_cells import texts_in_cells
from medengage._export_problems import ExportProblems, Places, UnreadableRowError
from medengage._sources import Source, decoded, read_source
from medengage._survey_dates import survey_date
from medengage._survey_header import Header, Unmatched
from medengage._survey_rows import assessment_from_rows
from medengage._table_columns import arrow, assessment_from_columns
from medengage.errors import (
    DocumentError,
    DocumentTooLargeError,
    NotADocumentError,
    Problem,
    ValidationError,
)


#: The largest file `read_csv` reads unless told otherwise: 64 MiB. Reading
#: takes at most about 40 times a file's size in memory, so this bounds it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

#: How `read_csv` reads a file: with the standard library, or with pyarrow.
Engine = Literal["python", "arrow"]


def read_csv(
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
    formula_safe: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    engine: Engine = "python",
) -> Assessment:
    """
    An assessment from a survey export: one row a respondent, one column an
    item, other columns respondent attributes.

    A column holds an item's answers when its header is the item's id, is
    mapped to the item by *columns*, or reads as the item's prompt or one
    of its other wordings once case, spaces, quote and dash styles and
    trailing punctuation are set aside.

    A cell holds an answer as a value of the item's scale (``4``, in ASCII
    digits) or as the label of one of its points (``Agree``, in any case).
    A cell holds no answer when it is empty or blank, one of `MISSING`
    (``-``, ``NA``, ``na``, ``N/A``, ``n/a``), or a label of no answer: one
    of *no_answer*, or of the item's scale's ``no_answer``, in any case.
    Spaces around an id or an attribute value are not part of it.

    Args:
        source: The CSV file's path, or an open file (text, or binary in
            UTF-8).
        checklist: The checklist the survey asked.
        trust: The ODS code of the trust surveyed.
        date: When the survey closed: a date, an ISO date as text
            (``'2024-10-31'``), or a datetime or pandas Timestamp at
            midnight.
        id_column: The column of respondents' ids.
        columns: For columns not headed with their item's id or prompt,
            the item id each stands for, by header: a mapping, or a
            `ColumnMapping` that `match_columns` made.
        attributes: The columns to keep as respondent attributes, such as
            ``grade``.
        ignore: Columns to leave out, such as a survey tool's timestamps.
        no_answer: Labels that are no answer on any item, such as
            ``Don't know`` or ``Prefer not to say``.
        unmatched: ``'ignore'`` to leave out every other column (not the
            ids, an item or an attribute), except one so like an item that
            no column holds that it is most likely the item misspelt;
            ``'refuse'`` (the default) makes each a problem.
        title: A short name for the assessment.
        formula_safe: Read an id or attribute value that begins with an
            apostrophe as exactly the text after it, as `write_csv` writes
            text a spreadsheet would run. False reads the apostrophe as
            part of the text, for a file written with
            ``formula_safe=False``.
        max_bytes: Refuse files larger than this many bytes.
        engine: ``'python'`` (the default) reads the file with the
            standard library alone; ``'arrow'`` reads it with pyarrow (the
            ``arrow`` extra) a whole column at a time, with the same
            checks: a file with a problem is read again by the standard
            library, so that the errors are the same.

    Raises:
        DocumentError: Listing every problem in the file, each with its row
            (as the line) and its column: an unknown column (with the item
            it is most like, if one is), a missing column, an answer not on
            its item's scale, a missing or repeated id, a cell too long to
            be one. No assessment is made from a file with a problem.
        DocumentTooLargeError: If the file is larger than *max_bytes*.
        ValidationError: If *date* is not a day in one of the forms taken,
            or *engine* is not one of those named.
        MissingExtraError: If *engine* is ``'arrow'`` and pyarrow is not
            installed.
    """
    day = survey_date(date)
    if engine not in ("python", "arrow"):
        raise ValidationError.single(
            "engine", f"write 'python' or 'arrow', not {engine!r}"
        )
    if engine == "arrow":
        arrow()
    name, data = _read_data(source, max_bytes)
    places = FilePlaces(name)
    texts = functools.partial(texts_in_cells, formula_safe=formula_safe)
    options: dict[str, Any] = {
        "trust": trust,
        "date": day,
        "id_column": id_column,
        "attributes": attributes,
        "ignore": ignore,
        "title": title,
        "texts_in_cells": texts,
        "no_answer": no_answer,
        "unmatched": unmatched,
    }
    if engine == "arrow":
        # UTF-8 that is not valid is refused by pyarrow, and by the first
        # row's reading: the file is then read by the standard library,
        # which says where.
        if isinstance(data, bytes):
            utf8 = data.removeprefix(codecs.BOM_UTF8)
        else:
            utf8 = data.removeprefix("\ufeff").encode("utf-8", "surrogatepass")
        header = _first_row(utf8)
        read = None if header is None else csv_columns(utf8, header)
        if header is not None and read is not None:
            assessment = assessment_from_columns(
                header, *read, checklist, places, columns_given=columns, **options
            )
            if assessment is not None:
                return assessment
    rows = _rows(_text_of(name, data))
    header = _header(rows, places)
    return assessment_from_rows(
        header, rows, checklist, places, columns=columns, **options
    )


def _first_row(utf8: bytes) -> list[str] | None:
    """
    The first row of the CSV file whose bytes are *utf8*, as `_rows` reads
    it, without decoding the rest; None if the csv module cannot read it,
    or it is not UTF-8.
    """
    lines = (line.group().decode("utf-8") for line in _LINE.finditer(utf8))
    try:
        return next(csv.reader(lines), [])
    except (csv.Error, UnicodeDecodeError):
        return None


# A line as a file opened with newline="" gives it, its end kept: no byte
# of a line break is ever part of another character in UTF-8.
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def match_columns(
    header: Source | Iterable[object],
    checklist: Checklist,
    *,
    id_column: str = "id",
    columns: Mapping[str, str] | ColumnMapping | None = None,
    attributes: Iterable[str] = (),
    ignore: Iterable[str] = (),
    unmatched: Unmatched = "refuse",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ColumnMapping:
    """
    Which item each column of a survey export holds, matched as `read_csv`
    matches them: save it with `medengage.dump` and give it to `read_csv`
    as ``columns=`` to read next year's export the same way.

    Args:
        header: The export's header, as its cells (a list, or a
            DataFrame's ``columns``), or a CSV file (a path or an open file)
            whose first row is read.
        checklist: The checklist the survey asked.
        id_column: As `read_csv` takes it.
        columns: As `read_csv` takes it.
        attributes: As `read_csv` takes it.
        ignore: As `read_csv` takes it.
        unmatched: As `read_csv` takes it.
        max_bytes: Refuse files larger than this many bytes.

    Raises:
        DocumentError: Listing every problem with the header, as `read_csv`
            does.
    """
    if isinstance(header, (str, os.PathLike)) or hasattr(header, "read"):
        name, text = _read_text(header, max_bytes)  # type: ignore[arg-type]
        places = FilePlaces(name)
        cells = _header(_rows(text), places)
    else:
        places = FilePlaces("<header>")
        cells = [str(cell) for cell in header]
    problems = ExportProblems(places)
    layout = Header.of(
        cells,
        checklist,
        id_column,
        columns,
        attributes,
        ignore,
        problems,
        unmatched=unmatched,
    )
    if not cells:
        problems.in_header("", places.empty, None)
    problems.raise_if_any()
    return layout.mapping(checklist)


def _header(rows: Iterator[list[str]], places: FilePlaces) -> list[str]:
    try:
        return next(rows, [])
    except UnreadableRowError as error:
        problem = places.in_header("", error.message, error.column)
        raise DocumentError(places.source, [problem]) from None


class FilePlaces(Places):
    """
    Places in a CSV file or a sheet: the line is the row's number, the
    header's being 1, and the column is the cell's number, both counted
    from 1.
    """

    def __init__(
        self, source: str, empty: str = "the file is empty: give a header row"
    ) -> None:
        self.source = source
        self.empty = empty

    def in_header(self, path: str, message: str, column: int | None) -> Problem:
        return Problem(path, message, 1, 1 if column is None else column + 1)

    def in_row(self, path: str, message: str, row: int, column: int | None) -> Problem:
        return Problem(path, message, row + 2, 1 if column is None else column + 1)

    def row(self, row: int) -> str:
        return f"row {row + 2}"


def _rows(text: str) -> Iterator[list[str]]:
    """
    The rows of the CSV *text*, up to one that cannot be read.

    Raises:
        UnreadableRowError: For a row the csv module cannot read: one with
            a cell over its field limit, which belongs to the whole process
            and is left as it is.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _unreadable(text, before, reader.line_num, error) from None
        yield row


def _unreadable(
    text: str, before: int, after: int, error: csv.Error
) -> UnreadableRowError:
    """
    Why the row on lines *before* + 1 to *after* of *text* cannot be read,
    and where.
    """
    lines = io.StringIO(text, newline="")
    for _ in range(before):
        lines.readline()
    record = "".join(lines.readline() for _ in range(after - before))
    limit = csv.field_size_limit()
    column = _column_over(record, limit)
    if column is None:
        return UnreadableRowError(
            f"cannot read the row as CSV ({error}): check its quotes", 0
        )
    return UnreadableRowError(
        f"a cell of more than {limit} characters: no answer, id or attribute "
        "is so long; check the quotes of this row (a quote left open runs on "
        "to the end of the file)",
        column,
    )


# A cell as the csv module's default dialect reads it: quoted (a doubled
# quote inside stands for one, and text after the closing quote is kept), or
# not.
_CELL = re.compile(r'"((?:[^"]|"")*)"?([^,\r\n]*)|([^,\r\n]*)')


def _column_over(record: str, limit: int) -> int | None:
    """
    The column of the first cell of *record* longer than *limit*
    characters, counted from 0; None if there is none.
    """
    position = column = 0
    while True:
        cell = _CELL.match(record, position)
        assert cell is not None  # It matches the empty string.
        quoted, after, plain = cell.groups()
        if quoted is None:
            length = len(plain)
        else:
            length = len(quoted) - quoted.count('""') + len(after)
        if length > limit:
            return column
        position = cell.end()
        if record[position : position + 1] != ",":
            return None
        column += 1
        position += 1


def _read_text(source: Source, max_bytes: int) -> tuple[str, str]:
    """
    The name of *source* and the text it holds, at most *max_bytes* bytes
    of UTF-8.
    """
    name, data = _read_data(source, max_bytes)
    return name, _text_of(name, data)


def _read_data(source: Source, max_bytes: int) -> tuple[str, str | bytes]:
    """
    The name of *source* and what it holds, at most *max_bytes* bytes of
    UTF-8: bytes, or text where an open file gives text.
    """
    name, data = read_source(source, max_bytes, reader="read_csv")
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise too_large(name, max_bytes)
        return name, data
    if not isinstance(data, str):
        raise NotADocumentError(
            f"read_csv reads an open file whose read() gives text or bytes, not "
            f"{type(data).__name__}"
        )
    if len(data) > max_bytes or (
        len(data) * 4 > max_bytes
        and len(data.encode("utf-8", "surrogatepass")) > max_bytes
    ):
        raise too_large(name, max_bytes)
    return name, data


def _text_of(name: str, data: str | bytes) -> str:
    """
    The text of *data*, read from the file *name*, a byte-order mark
    dropped.
    """
    if isinstance(data, bytes):
        return decoded(
            data, name, advice="export the file as UTF-8 (in Excel: CSV UTF-8)"
        )
    return data.removeprefix("\ufeff")


def too_large(name: str, limit: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        name,
        [
            Problem(
                "",
                f"the file is over {limit} bytes: pass a larger max_bytes if it "
                "is trusted",
                1,
                1,
            )
        ],
    )
