"""
Survey exports read a whole column at a time from Apache Arrow: each
column's distinct cells read once, and each row's answer taken by its
number among them, as the `arrow` extra reads CSV, Parquet and DataFrames.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from medengage import _collector
from medengage import _validation as v
from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._column_matching import ColumnMapping
from medengage._columns import AnswerColumns, codes_of
from medengage._export_problems import ExportProblems, Places
from medengage._extras import require
from medengage._respondent_table import (
    IdText,
    Respondents,
    code_typecode,
)
from medengage._survey_header import Header, Unmatched
from medengage._survey_rows import attribute_problem
from medengage._text_buffers import plain_ids, short_cells
from medengage.errors import ValidationError


class TableColumn:
    """
    A column of a table, read as its distinct cells and each row's number
    among them when first asked.

    Attributes:
        column: The column, as a pyarrow array or chunks of one.
        text: What gives each value as text, or None for a column of text.
    """

    def __init__(self, column: Any, text: Callable[[object], str] | None) -> None:
        self.column = column
        self.text = text

    @functools.cached_property
    def array(self) -> Any:
        """
        The column as one pyarrow array.
        """
        column = self.column
        if isinstance(column, arrow().ChunkedArray):
            return column.combine_chunks()
        return column

    def texts(self) -> list[str]:
        """
        Each row's cell, as text.
        """
        values = self.column.to_pylist()
        return values if self.text is None else list(map(self.text, values))

    @functools.cached_property
    def _encoded(self) -> tuple[list[str], Any, bytes | None]:
        if self.text is None and (short := short_cells(self.column)) is not None:
            return short
        pa = arrow()
        whole = self.array
        if pa.types.is_dictionary(whole.type):
            # A category's number says nothing of where it first appears.
            whole = whole.dictionary_decode()
        whole = whole.dictionary_encode(null_encoding="encode")
        values = whole.dictionary.to_pylist()
        cells = values if self.text is None else list(map(self.text, values))
        return cells, whole.indices.to_numpy(zero_copy_only=False), None

    @property
    def cells(self) -> list[str]:
        """
        The distinct cells, as text, in order of first appearance.
        """
        return self._encoded[0]

    @property
    def numbers(self) -> Any:
        """
        For each row, the place of its cell in `cells`, as a numpy array.
        """
        return self.mapped(None)

    def mapped(self, by_cell: Any) -> Any:
        """
        For each row, what *by_cell*, a numpy array, gives for its cell,
        by the cell's place in `cells` (None: the place itself), as a
        numpy array.
        """
        import numpy as np

        _, keys, place = self._encoded
        if place is None:
            return keys if by_cell is None else by_cell[keys]
        # A row's cell is a byte, and *place* a table of bytes.
        by_byte = np.frombuffer(place, dtype=np.uint8)
        if by_cell is not None:
            by_byte = by_cell[by_byte]
        if by_byte.dtype == np.uint8:
            return np.frombuffer(keys.translate(by_byte.tobytes()), dtype=np.uint8)
        return by_byte[np.frombuffer(keys, dtype=np.uint8)]


def arrow() -> Any:
    """
    pyarrow, or the error that says which extra installs it.
    """
    require("pyarrow", "arrow", "medengage.arrow")
    import pyarrow

    return pyarrow


def table_columns(
    table: Any, text: Callable[[object], str] | None = None
) -> list[TableColumn]:
    """
    Each column of the pyarrow *table*, each value given as *text* says
    when the cells are not text already.
    """
    return [TableColumn(chunked, text) for chunked in table.columns]


def cell_text(cell: object) -> str:
    """
    What a cell of a DataFrame or a Parquet file says, as a CSV file would
    say it: an empty string for a missing value, and a whole number without
    a decimal point.
    """
    if isinstance(cell, str):
        return cell
    if cell is None:
        return ""
    if isinstance(cell, bool) or not isinstance(cell, numbers.Real):
        return str(cell)
    if isinstance(cell, numbers.Integral):
        return str(int(cell))
    number = float(cell)
    if math.isnan(number):
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


def assessment_from_columns(
    header: Sequence[str],
    columns: Sequence[TableColumn],
    rows: int,
    checklist: Checklist,
    places: Places,
    *,
    trust: str,
    date: dt.date,
    id_column: str,
    columns_given: Mapping[str, str] | ColumnMapping | None,
    attributes: Iterable[str],
    ignore: Iterable[str],
    title: str,
    texts_in_cells: Callable[[Sequence[str]], list[str]],
    no_answer: Iterable[str] = (),
    unmatched: Unmatched = "refuse",
) -> Assessment | None:
    """
    The assessment that *columns* hold, read with the checks of
    `assessment_from_rows`; None if any of them finds a problem, so that
    the rows are read again, one by one, to say where each problem is.
    """
    problems = ExportProblems(places)
    layout = Header.of(
        header,
        checklist,
        id_column,
        columns_given,
        attributes,
        ignore,
        problems,
        no_answer=no_answer,
        unmatched=unmatched,
    )
    if problems or layout.id is None or not rows:
        return None
    with _collector.paused():
        ids = _ids(columns[layout.id], texts_in_cells)
        answers = _answers(layout, columns, rows, checklist)
        given = _attributes(layout, columns, texts_in_cells)
        if ids is None or answers is None or given is None:
            return None
        values, codes = given
        respondents = Respondents.encoded(
            checklist,
            ids,
            tuple(name for _, name in layout.attributes),
            values,
            codes,
            answers,
        )
        try:
            return Assessment(
                checklist=checklist,
                trust=trust,
                date=date,
                respondents=respondents,
                title=title,
            )
        except ValidationError:
            return None


def _ids(
    column: TableColumn, texts_in_cells: Callable[[Sequence[str]], list[str]]
) -> Sequence[str] | IdText | None:
    """
    Each row's id, or None if one is blank, repeated or no line of text (a
    blank row, which the rows' reader leaves out, is read by it).
    """
    plain = None if column.text is not None else plain_ids(column.column)
    if plain is not None:
        return plain or None
    ids = texts_in_cells(column.texts())
    if len(set(ids)) != len(ids) or not all(map(str.strip, ids)):
        return None
    if v.bad_character("".join(ids), multiline=False) is not None:
        return None
    return ids


def _answers(
    layout: Header, columns: Sequence[TableColumn], rows: int, checklist: Checklist
) -> AnswerColumns | None:
    """
    Each item's answers as a column of codes, or None if a cell holds no
    answer of its item's scale.
    """
    import numpy as np

    coded: list[bytes] = [bytes(rows)] * len(checklist.items)
    for column in layout.items:
        cells = columns[column.position]
        read, unread = column.values(cells.cells)
        if unread:
            return None
        codes = codes_of((None, *checklist.scale_of(column.item).values))
        by_cell = np.array([codes[read[cell]] for cell in cells.cells], dtype=np.uint8)
        coded[column.place] = cells.mapped(by_cell).tobytes()
    return AnswerColumns(
        tuple(coded),
        tuple((None, *checklist.scale_of(i).values) for i in checklist.items),
        rows,
    )


def _attributes(
    layout: Header,
    columns: Sequence[TableColumn],
    texts_in_cells: Callable[[Sequence[str]], list[str]],
) -> tuple[tuple[tuple[str, ...], ...], tuple[array[int], ...]] | None:
    """
    For each attribute, its distinct values in order of first appearance,
    and each row's number among them (0 where the cell is blank); None if
    a value is not one an attribute may have.
    """
    import numpy as np

    values = []
    codes = []
    for position, name in layout.attributes:
        column = columns[position]
        texts = texts_in_cells(column.cells)
        known: dict[str, int] = {}
        numbers = []
        for text in texts:
            if attribute_problem(name, text) is not None:
                return None
            numbers.append(
                known.setdefault(text, len(known) + 1) if text.strip() else 0
            )
        typecode = code_typecode(len(known))
        numbered = array(typecode)
        numbered.frombytes(column.mapped(np.array(numbers, dtype=typecode)).tobytes())
        values.append(tuple(known))
        codes.append(numbered)
    return tuple(values), tuple(codes)
