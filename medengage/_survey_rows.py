"""
Survey exports read row by row, as a CSV file and a DataFrame both give
them: what each column holds, and each row's respondent.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from medengage import _collector
from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._checklists import Checklist
from medengage._column_matching import ColumnMapping
from medengage._export_problems import (
    ExportProblems,
    Found,
    Places,
    UnreadableRowError,
)
from medengage._frozen import FrozenMap
from medengage._scales import Value
from medengage._survey_header import REMEMBERED, Header, Unmatched
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
    reading = _Reading(layout, places, problems, texts_in_cells)
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
                respondents=reading.respondents,
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
    The respondents of a survey export, read a batch of rows at a time.

    Attributes:
        respondents: The respondents made, while no problem is found.
        ids: The row of each id read.
        shared: The attributes of the respondents read so far, by the cells
            they come from, so that respondents alike share them.
    """

    def __init__(
        self,
        header: Header,
        places: Places,
        problems: ExportProblems,
        texts_in_cells: Callable[[Sequence[str]], list[str]],
    ) -> None:
        self.header = header
        self.places = places
        self.problems = problems
        self.texts = texts_in_cells
        self.respondents: list[Respondent] = []
        self.ids: dict[str, int] = {}
        self.shared: dict[tuple[str, ...], FrozenMap[str, str]] = {}

    def read(self, first: int, rows: list[Sequence[str]]) -> None:
        """
        Read *rows*, the first of which is row *first*.
        """
        header = self.header
        found: list[Found] = []
        kept, ids = self._whole_rows(first, rows, found)
        answers = self._answers(kept, found)
        if header.id is not None:
            # Rows without a problem of their own are made into respondents
            # even where others have problems, so that every problem is
            # listed; once there is one, they are not kept.
            troubled = {number for number, *_ in found}
            given = self._attributes([row for _, row in kept])
            for (number, _), id, attributes, values in zip(
                kept, ids, given, answers, strict=True
            ):
                if number not in troubled:
                    respondent = self._respondent(number, id, attributes, values, found)
                    if respondent is not None and not found and not self.problems:
                        self.respondents.append(respondent)
        if found:
            self.respondents.clear()
        self.problems.in_rows(found)

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
    ) -> list[tuple[Value | None, ...]]:
        """
        The answers of each row kept, laid out as the checklist's items.

        The answers are read a column at a time: a survey repeats a handful
        of answers thousands of times, and each is read once.
        """
        header = self.header
        nothing: list[Value | None] = [None] * len(kept)
        columns: list[list[Value | None]] = [nothing] * len(header.layout.items)
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
            columns[column.place] = list(map(read.__getitem__, cells))
        return list(zip(*columns, strict=True)) if columns else [()] * len(kept)

    def _attributes(self, rows: list[Sequence[str]]) -> list[tuple[str, ...]]:
        """
        The text of each row's attribute cells.
        """
        if not self.header.attributes:
            return [()] * len(rows)
        cells = (
            self.texts([row[position] for row in rows])
            for position, _ in self.header.attributes
        )
        return list(zip(*cells, strict=True))

    def _respondent(
        self,
        number: int,
        id: str,
        given: tuple[str, ...],
        values: tuple[Value | None, ...],
        found: list[Found],
    ) -> Respondent | None:
        header = self.header
        attributes = self.shared.get(given)
        if attributes is None:
            attributes = FrozenMap(
                {
                    name: value
                    for (_, name), value in zip(header.attributes, given, strict=True)
                    if value.strip()
                }
            )
            if len(self.shared) < REMEMBERED:
                self.shared[given] = attributes
        try:
            return Respondent(
                id=id,
                attributes=attributes,
                answers=Answers.aligned(header.layout, values),
            )
        except ValidationError as error:
            found.extend(
                (number, self._column_of(problem.path), problem.path, problem.message)
                for problem in error.problems
            )
            return None

    def _column_of(self, path: str) -> int:
        """
        The column a respondent's problem at *path* is in, or -1.
        """
        if path == "id" and self.header.id is not None:
            return self.header.id
        for position, name in self.header.attributes:
            if path == f"attributes.{name}":
                return position
        return -1
