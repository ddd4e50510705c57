"""
Survey exports read row by row, as a CSV file and a DataFrame both give
them: what each column holds, and each row's respondent.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from medengage import _collector
from medengage import _validation as v
from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._column_matching import ColumnMapping
from medengage._columns import AnswerColumns, codes_of
from medengage._export_problems import (
    ExportProblems,
    Found,
    Places,
    UnreadableRowError,
)
from medengage._respondent_table import Respondents
from medengage._respondents import attribute_problems
from medengage._survey_header import Header, Unmatched
from medengage.errors import DocumentError, ValidationError


#: How many rows are read at a time: enough to read each column's answers
#: together, few enough that the rows read are small beside the respondents
#: they make.
ROWS_AT_A_TIME = 4096


def assessment_from_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    checklist: Checklist,
    places: Places,
    *,
    trust: str,
    date: dt.date,
    id_column: str,
    columns: Mapping[str, str] | ColumnMapping | None,
    attributes: Iterable[str],
    ignore: Iterable[str],
    title: str,
    texts_in_cells: Callable[[Sequence[str]], list[str]],
    no_answer: Iterable[str] = (),
    unmatched: Unmatched = "refuse",
) -> Assessment:
    """
    An assessment from a survey export given as a header and rows of cells
    as text, checked as `read_csv` describes.

    Rows are read a few thousand at a time, and at most
    `MAX_LISTED_PROBLEMS` problems are made, so that the memory used grows
    with the respondents made, not with the rows of a hostile file.

    Args:
        texts_in_cells: The text that each of a column of ids' or
            attribute values' cells holds.
        no_answer: Labels that are no answer, on any item.
        unmatched: Whether a column that holds no item, no ids and no
            attribute is refused, or left out unless it is like an item.

    Raises:
        DocumentError: Listing every problem (up to `MAX_LISTED_PROBLEMS`,
            and how many more there are), each where *places* says.
    """
    problems = ExportProblems(places)
    layout = Header.of(
        header,
        checklist,
        id_column,
        columns,
        attributes,
        ignore,
        problems,
        no_answer=no_answer,
        unmatched=unmatched,
    )
    if not header:
        problems.in_header("", places.empty, None)
    reading = _Reading(layout, places, problems, texts_in_cells, checklist)
    with _collector.paused():
        read = 0
        batches = _Batches(iter(rows))
        for batch in batches:
            reading.read(read, batch)
            read += len(batch)
        if batches.error is not None:
            error = batches.error
            problems.in_rows([(read, error.column, "", error.message)])
        problems.raise_if_any()
        try:
            return Assessment(
                checklist=checklist,
                trust=trust,
                date=date,
                respondents=reading.respondents(),
                title=title,
            )
        except ValidationError as error:
            raise DocumentError(places.source, error.problems) from None


class _Batches:
    """
    Rows a few thousand at a time, up to the first that cannot be read.

    Attributes:
        error: Why the row after the last given cannot be read, if it
            cannot.
    """

    def __init__(self, rows: Iterator[Sequence[str]]) -> None:
        self.rows = rows
        self.error: UnreadableRowError | None = None

    def __iter__(self) -> Iterator[list[Sequence[str]]]:
        while True:
            batch: list[Sequence[str]] = []
            try:
                batch.extend(itertools.islice(self.rows, ROWS_AT_A_TIME))
            except UnreadableRowError as error:
                self.error = error
            if batch:
                yield batch
            if self.error is not None or len(batch) < ROWS_AT_A_TIME:
                return


class _Reading:
    """
    The respondents of a survey export, read a batch of rows at a time into
    columns: each answer a byte, each attribute a number a respondent, and
    the ids, as the assessment will hold them; no `Respondent` is made.

    Attributes:
        ids: The row of each id read.
        kept: Whether the rows read so far are kept: until the first
            problem, after which rows are only checked, so that every
            problem is listed.
    """

    def __init__(
        self,
        header: Header,
        places: Places,
        problems: ExportProblems,
        texts_in_cells: Callable[[Sequence[str]], list[str]],
        checklist: Checklist,
    ) -> None:
        self.header = header
        self.places = places
        self.problems = problems
        self.texts = texts_in_cells
        self.checklist = checklist
        self.ids: dict[str, int] = {}
        self.kept = True
        self.codes = [bytearray() for _ in checklist.items]
        self.attribute_codes: list[dict[str, int]] = [{} for _ in header.attributes]
        self.attribute_columns = [array("I") for _ in header.attributes]
        self.checked_values: list[dict[str, str | None]] = [
            {} for _ in header.attributes
        ]

    def read(self, first: int, rows: list[Sequence[str]]) -> None:
        """
        Read *rows*, the first of which is row *first*.
        """
        header = self.header
        found: list[Found] = []
        kept, ids = self._whole_rows(first, rows, found)
        codes = self._answers(kept, found)
        given = self._attributes([row for _, row in kept], kept, found)
        if header.id is not None:
            self._check_ids(kept, ids, found)
        if found or self.problems or header.id is None:
            self._drop()
        elif self.kept:
            for column, coded in zip(self.codes, codes, strict=True):
                column.extend(coded if coded is not None else bytes(len(kept)))
            for attribute, numbers in zip(self.attribute_columns, given, strict=True):
                attribute.extend(numbers)
        self.problems.in_rows(found)

    def respondents(self) -> Respondents:
        """
        The respondents read, as columns.
        """
        checklist = self.checklist
        names = tuple(name for _, name in self.header.attributes)
        return Respondents.encoded(
            checklist,
            list(self.ids),
            names,
            tuple(tuple(known) for known in self.attribute_codes),
            tuple(self.attribute_columns),
            AnswerColumns(
                tuple(map(bytes, self.codes)),
                tuple((None, *checklist.scale_of(i).values) for i in checklist.items),
                len(self.ids),
            ),
        )

    def _drop(self) -> None:
        """
        Keep no more rows: there is a problem, and no assessment is made.
        """
        if self.kept:
            self.kept = False
            self.codes = [bytearray() for _ in self.codes]
            self.attribute_columns = [array("I") for _ in self.attribute_columns]

    def _check_ids(
        self,
        kept: list[tuple[int, Sequence[str]]],
        ids: list[str],
        found: list[Found],
    ) -> None:
        """
        Find the ids that are no single line of text.
        """
        header = self.header
        assert header.id is not None
        if v.bad_character("".join(ids), multiline=False) is None:
            return
        for (number, _), id in zip(kept, ids, strict=True):
            bad = v.bad_character(id, multiline=False)
            if bad is not None:
                found.append((number, header.id, "id", f"{id!r} contains {bad}"))

    def _whole_rows(
        self, first: int, rows: list[Sequence[str]], found: list[Found]
    ) -> tuple[list[tuple[int, Sequence[str]]], list[str]]:
        """
        The rows that are not blank and have a cell for each column, each
        with its number, and their ids; the ids are checked too.
        """
        header = self.header
        numbers = range(first, first + len(rows))
        if header.id is not None and set(map(len, rows)) == {header.width}:
            ids = self.texts(list(map(operator.itemgetter(header.id), rows)))
            read = dict(zip(ids, numbers, strict=True))
            if (
                all(map(str.strip, ids))
                and len(read) == len(ids)
                and self.ids.keys().isdisjoint(read)
            ):
                self.ids.update(read)
                return list(zip(numbers, rows, strict=True)), ids
        return self._rows_one_by_one(numbers, rows, found)

    def _rows_one_by_one(
        self, numbers: range, rows: list[Sequence[str]], found: list[Found]
    ) -> tuple[list[tuple[int, Sequence[str]]], list[str]]:
        """
        What `_whole_rows` gives, for rows where some are blank, the wrong
        width, or without an id or with one read before.
        """
        header = self.header
        kept = []
        ids = []
        for number, row in zip(numbers, rows, strict=True):
            right = len(row) == header.width
            raw = "" if header.id is None or not right else row[header.id]
            if not raw.strip() and not any(cell.strip() for cell in row):
                continue
            if not right:
                message = (
                    f"{len(row)} cells for {header.width} columns: check the "
                    "row's commas and quotes"
                )
                found.append((number, -1, "", message))
                continue
            kept.append((number, row))
            [id] = self.texts([raw])
            ids.append(id)
            if header.id is None:
                continue
            if not id.strip():
                message = "no respondent id: give every row one"
            elif (earlier := self.ids.setdefault(id, number)) != number:
                message = (
                    f"duplicate respondent id {id!r}: {self.places.row(earlier)} "
                    "has it already"
                )
            else:
                continue
            found.append((number, header.id, "id", message))
        return kept, ids

    def _answers(
        self, kept: list[tuple[int, Sequence[str]]], found: list[Found]
    ) -> list[bytes | None]:
        """
        The answers of the rows kept, a column of codes for each of the
        checklist's items (None for an item no column holds).

        The answers are read a column at a time: a survey repeats a handful
        of answers thousands of times, and each is read once.
        """
        header = self.header
        columns: list[bytes | None] = [None] * len(header.layout.items)
        # Rows kept have a cell for each column.
        table = (
            list(zip(*(row for _, row in kept), strict=True))
            if kept
            else [()] * header.width
        )
        for column in header.items:
            cells = table[column.position]
            read, unread = column.values(cells)
            if unread:
                messages = {cell: column.problem(cell) for cell in unread}
                found.extend(
                    (number, column.position, column.item, messages[cell])
                    for (number, _), cell in zip(kept, cells, strict=True)
                    if cell in unread
                )
            codes = codes_of((None, *self.checklist.scale_of(column.item).values))
            coded = {cell: codes[value] for cell, value in read.items()}
            columns[column.place] = bytes(map(coded.__getitem__, cells))
        return columns

    def _attributes(
        self,
        rows: list[Sequence[str]],
        kept: list[tuple[int, Sequence[str]]],
        found: list[Found],
    ) -> list[list[int]]:
        """
        Each row's value of each attribute, as its number among the values
        read (0 where the cell is blank), each distinct value checked once.
        """
        numbered = []
        for index, (position, name) in enumerate(self.header.attributes):
            cells = self.texts([row[position] for row in rows])
            known = self.attribute_codes[index]
            checked = self.checked_values[index]
            number_of: dict[str, int] = {}
            # In order of first appearance, as an assessment numbers them.
            distinct = dict.fromkeys(cells)
            for cell in distinct:
                if cell not in checked:
                    checked[cell] = attribute_problem(name, cell)
                if checked[cell] is None:
                    number_of[cell] = (
                        known.setdefault(cell, len(known) + 1) if cell.strip() else 0
                    )
            if len(number_of) < len(distinct):
                found.extend(
                    (number, position, f"attributes.{name}", str(checked[cell]))
                    for (number, _), cell in zip(kept, cells, strict=True)
                    if cell not in number_of
                )
            numbers = [number_of.get(cell, 0) for cell in cells]
            numbered.append(numbers)
        return numbered


def attribute_problem(name: str, cell: str) -> str | None:
    """
    What is wrong with *cell* as a value of the attribute *name*, or None.
    """
    if not cell.strip():
        return None
    problems = attribute_problems({name: cell})
    return problems[0].message if problems else None
