"""
Survey exports: assessments from CSV files, and assessments and scores back
out as CSV, with the standard library alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from medengage import _collector
from medengage import _validation as v
from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._breakdowns import Breakdown
from medengage._checklists import Checklist
from medengage._frozen import FrozenMap
from medengage._saving import save_atomically
from medengage._scales import ResponseScale, Value, format_value
from medengage._scores import ScoredAssessment
from medengage.errors import (
    DocumentError,
    MedEngageError,
    NotADocumentError,
    Problem,
    ValidationError,
)


#: What a cell may hold to say that an item was not answered.
MISSING = frozenset({"", "-", "NA", "N/A", "n/a", "na"})
#: How many problems a CSV error lists before it only counts the rest.
MAX_LISTED_PROBLEMS = 200
#: The columns of tidy scores, in order.
SCORE_COLUMNS = (
    "trust",
    "date",
    "checklist",
    "checklist_version",
    "strategy",
    "by",
    "group",
    "feature",
    "value",
    "respondents",
    "band",
    "withheld",
)

Source = str | os.PathLike[str] | IO[str]


def read_csv(
    source: Source,
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date,
    id_column: str = "id",
    columns: Mapping[str, str] | None = None,
    attributes: Iterable[str] = (),
    ignore: Iterable[str] = (),
    title: str = "",
) -> Assessment:
    """
    An assessment from a survey export: one row a respondent, one column an
    item, other columns respondent attributes.

    A cell holds an answer as a value of the item's scale (``4``) or as the
    label of one of its points (``Agree``, in any case); an empty cell, ``-``
    or ``NA`` is no answer.

    Args:
        source: The CSV file's path, or an open text file.
        checklist: The checklist the survey asked.
        trust: The ODS code of the trust surveyed.
        date: When the survey closed.
        id_column: The column of respondents' ids.
        columns: For columns not named after their item's id, the item id
            each stands for, by column name.
        attributes: The columns to keep as respondent attributes, such as
            ``grade``.
        ignore: Columns to leave out, such as a survey tool's timestamps.
        title: A short name for the assessment.

    Raises:
        DocumentError: Listing every problem in the file, each with its row
            (as the line) and its column: an unknown or missing column, an
            answer not on its item's scale, a missing or repeated id. No
            assessment is made from a file with a problem.
    """
    name, text = _read_text(source)
    with _collector.paused():
        rows = list(csv.reader(io.StringIO(text, newline="")))
    return assessment_from_rows(
        rows[0] if rows else [],
        rows[1:],
        checklist,
        _FilePlaces(name),
        trust=trust,
        date=date,
        id_column=id_column,
        columns=columns,
        attributes=attributes,
        ignore=ignore,
        title=title,
    )


def write_csv(assessment: Assessment, target: str | os.PathLike[str] | IO[str]) -> None:
    """
    Write *assessment*'s answers as CSV: a column ``id``, a column for each
    attribute any respondent has, and a column for each item, named by its
    id; an empty cell where there is no answer. `read_csv` reads it back.

    Saving to a path is atomic, as `medengage.dump` is.
    """
    header, records = answer_records(assessment)
    rows = [header]
    rows += ([_answer_cell(cell) for cell in record] for record in records)
    _write_rows(rows, target)


def answer_records(
    assessment: Assessment,
) -> tuple[list[str], Iterator[list[str | Value | None]]]:
    """
    *assessment*'s answers as `write_csv` lays them out: the header, and a
    record for each respondent, with None where there is no attribute or no
    answer.
    """
    names = sorted({name for r in assessment.respondents for name in r.attributes})
    layout = assessment.checklist.answer_layout
    records = (
        [
            respondent.id,
            *(respondent.attributes.get(name) for name in names),
            *respondent.answers.realigned(layout)[0].row,
        ]
        for respondent in assessment.respondents
    )
    return ["id", *names, *assessment.checklist.item_ids], records


def write_scores_csv(
    results: ScoredAssessment | Breakdown | Iterable[ScoredAssessment | Breakdown],
    target: str | os.PathLike[str] | IO[str],
) -> None:
    """
    Write scores as tidy CSV: a row for each score, overall (an empty
    ``feature``) and per feature, with the columns of `SCORE_COLUMNS`. A
    withheld score has an empty ``value`` and ``band`` and ``withheld``
    ``true``; a breakdown gives a row set for its total (empty ``group``)
    and one for each group.
    """
    rows = [list(SCORE_COLUMNS)]
    rows += ([_score_cell(x) for x in record] for record in score_records(results))
    _write_rows(rows, target)


#: One row of tidy scores, as `SCORE_COLUMNS` names its fields; None where
#: a field does not apply or a score has no value.
ScoreRecord = tuple[
    str,
    dt.date,
    str,
    int,
    str,
    str | None,
    str | None,
    str | None,
    float | None,
    int,
    str | None,
    bool,
]


def score_records(
    results: ScoredAssessment | Breakdown | Iterable[ScoredAssessment | Breakdown],
) -> Iterator[ScoreRecord]:
    """
    A record for each score of *results*, as `write_scores_csv` describes.

    Raises:
        NotADocumentError: If a result is neither a `ScoredAssessment` nor a
            `Breakdown`.
    """
    if isinstance(results, (ScoredAssessment, Breakdown)):
        results = [results]
    for result in results:
        if isinstance(result, Breakdown):
            yield from _score_records(result.total, result.by, None)
            for group, scored in result.groups.items():
                yield from _score_records(scored, result.by, group)
        elif isinstance(result, ScoredAssessment):
            yield from _score_records(result, None, None)
        else:
            raise NotADocumentError(
                f"cannot give a {type(result).__name__} as scores: give "
                "ScoredAssessments or Breakdowns"
            )


class Places:
    """
    How a reader of survey exports says where a problem is: a CSV file by
    line and column number, a DataFrame by its index and column labels.

    Rows are counted from 0, the header not included, and so are columns.
    """

    #: The source's name, as errors give it.
    source: str
    #: What to say when there is no header at all.
    empty: str

    def in_header(self, path: str, message: str, column: int | None) -> Problem:
        """
        A problem with the header, at *column* or with the header as a
        whole.
        """
        raise NotImplementedError

    def in_row(self, path: str, message: str, row: int, column: int | None) -> Problem:
        """
        A problem with the cell of *row* in *column*, or with the whole row.
        """
        raise NotImplementedError

    def row(self, row: int) -> str:
        """
        How messages name *row*.
        """
        raise NotImplementedError


def assessment_from_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    checklist: Checklist,
    places: Places,
    *,
    trust: str,
    date: dt.date,
    id_column: str,
    columns: Mapping[str, str] | None,
    attributes: Iterable[str],
    ignore: Iterable[str],
    title: str,
) -> Assessment:
    """
    An assessment from a survey export given as a header and rows of cells
    as text, checked as `read_csv` describes.

    Raises:
        DocumentError: Listing every problem, each where *places* says.
    """
    layout = _Header.of(
        header, checklist, id_column, columns or {}, attributes, ignore, places
    )
    if not header:
        layout.problems.append(places.in_header("", places.empty, None))
    found: list[tuple[int, int, Problem]] = []
    with _collector.paused():
        kept = _respondent_rows(list(rows), layout, places, found)
        answers = _answer_rows(kept, layout, places, found)
        # Rows without a problem of their own are made into respondents even
        # where others have problems, so that every problem is listed.
        troubled = {number for number, *_ in found}
        respondents = []
        for (number, row), values in zip(kept, answers, strict=True):
            if layout.id is not None and number not in troubled:
                respondent = _respondent(row, number, values, layout, places, found)
                if respondent is not None:
                    respondents.append(respondent)
        found.sort(key=lambda where: where[:2])
        problems = layout.problems + [problem for *_, problem in found]
        if problems:
            raise DocumentError(places.source, v.at_most(problems, MAX_LISTED_PROBLEMS))
        try:
            return Assessment(
                checklist=checklist,
                trust=trust,
                date=date,
                respondents=respondents,
                title=title,
            )
        except ValidationError as error:
            raise DocumentError(places.source, error.problems) from None


class _FilePlaces(Places):
    """
    Places in a CSV file: the line is the row's number, the header's being
    1, and the column is the cell's number, both counted from 1.
    """

    empty = "the file is empty: give a header row"

    def __init__(self, source: str) -> None:
        self.source = source

    def in_header(self, path: str, message: str, column: int | None) -> Problem:
        return Problem(path, message, 1, 1 if column is None else column + 1)

    def in_row(self, path: str, message: str, row: int, column: int | None) -> Problem:
        return Problem(path, message, row + 2, 1 if column is None else column + 1)

    def row(self, row: int) -> str:
        return f"row {row + 2}"


class _Header:
    """
    What each column of a survey export holds.

    Attributes:
        id: Where the ids are, or None if no column holds them.
        items: For each column that holds an item's answers, its position,
            the item's place in the checklist and its scale.
        attributes: For each attribute column, its position and name.
        problems: What is wrong with the header.
        width: How many columns the header has.
        layout: The checklist's layout of answers.
        shared: The attributes of the respondents read so far, by the cells
            they come from, so that respondents alike share them.
    """

    def __init__(self) -> None:
        self.id: int | None = None
        self.items: list[tuple[int, str, int, ResponseScale]] = []
        self.attributes: list[tuple[int, str]] = []
        self.problems: list[Problem] = []
        self.width = 0
        self.layout = Answers().layout
        self.shared: dict[tuple[str, ...], FrozenMap[str, str]] = {}

    @classmethod
    def of(
        cls,
        header: Sequence[str],
        checklist: Checklist,
        id_column: str,
        columns: Mapping[str, str],
        attributes: Iterable[str],
        ignore: Iterable[str],
        places: Places,
    ) -> _Header:
        layout = cls()
        layout.width = len(header)
        layout.layout = checklist.answer_layout
        kept = set(attributes)
        skipped = set(ignore)
        for unknown in sorted(set(columns.values()) - set(checklist.item_ids)):
            layout.problems.append(
                places.in_header(
                    "columns",
                    f"no item {unknown!r} in checklist {checklist.id!r}",
                    None,
                )
            )
        seen: dict[str, int] = {}
        answered: dict[str, str] = {}
        for position, raw in enumerate(header):
            column = raw.strip()
            if column in seen:
                layout.problems.append(
                    places.in_header(
                        column, f"column {column!r} is given twice", position
                    )
                )
                continue
            seen[column] = position
            item = columns.get(column, column)
            if column == id_column:
                layout.id = position
            elif column in skipped:
                continue
            elif column in kept:
                layout.attributes.append((position, column))
            elif item in answered:
                layout.problems.append(
                    places.in_header(
                        column,
                        f"columns {answered[item]!r} and {column!r} both hold item "
                        f"{item!r}: keep one, and leave the other out with ignore=",
                        position,
                    )
                )
            elif item in checklist.item_ids:
                answered[item] = column
                layout.items.append(
                    (position, item, checklist.position(item), checklist.scale_of(item))
                )
            else:
                layout.problems.append(
                    places.in_header(
                        column,
                        f"unknown column {column!r}: name it after an item of "
                        f"checklist {checklist.id!r}, map it to one with columns=, "
                        "keep it with attributes=, or leave it out with ignore=",
                        position,
                    )
                )
        if layout.id is None and header:
            layout.problems.append(
                places.in_header(
                    id_column,
                    f"no column {id_column!r} of respondents' ids: add one, or "
                    "name the column that holds them with id_column=",
                    None,
                )
            )
        for name in sorted(kept - set(seen)):
            layout.problems.append(
                places.in_header(name, f"no column {name!r} to keep", None)
            )
        return layout


def _respondent_rows(
    rows: list[Sequence[str]],
    header: _Header,
    places: Places,
    found: list[tuple[int, int, Problem]],
) -> list[tuple[int, Sequence[str]]]:
    """
    The rows that are not blank and have a cell for each column, each with
    its number; a row's id is checked too.
    """
    kept = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows):
        right = len(row) == header.width
        id = "" if header.id is None or not right else row[header.id]
        if not id.strip() and not any(cell.strip() for cell in row):
            continue
        if not right:
            message = (
                f"{len(row)} cells for {header.width} columns: check the row's "
                "commas and quotes"
            )
            found.append((number, -1, places.in_row("", message, number, None)))
            continue
        kept.append((number, row))
        if header.id is None:
            continue
        if id in seen:
            message = (
                f"duplicate respondent id {id!r}: {places.row(seen[id])} has it already"
            )
        elif not id.strip():
            message = "no respondent id: give every row one"
        else:
            seen[id] = number
            continue
        found.append(
            (number, header.id, places.in_row("id", message, number, header.id))
        )
    return kept


def _answer_rows(
    kept: list[tuple[int, Sequence[str]]],
    header: _Header,
    places: Places,
    found: list[tuple[int, int, Problem]],
) -> list[tuple[Value | None, ...]]:
    """
    The answers of each row kept, laid out as the checklist's items.

    The answers are read a column at a time: a survey repeats a handful of
    answers thousands of times, and each is read once.
    """
    nothing: list[Value | None] = [None] * len(kept)
    columns = [nothing] * len(header.layout.items)
    # Rows kept have a cell for each column.
    table = (
        list(zip(*(row for _, row in kept), strict=True))
        if kept
        else [()] * header.width
    )
    for position, item, place, scale in header.items:
        cells = table[position]
        distinct = set(cells)
        missing = {cell for cell in distinct if cell.strip() in MISSING}
        read = {cell: _answer(cell.strip(), scale) for cell in distinct - missing}
        unread = {cell for cell, value in read.items() if value is None}
        read.update(dict.fromkeys(missing))
        if unread:
            for (number, _), cell in zip(kept, cells, strict=True):
                if cell in unread:
                    message = (
                        f"{cell.strip()!r} is not on scale {scale.id!r}: write one "
                        f"of {scale.describe_values()}, or a point's label "
                        f"({', '.join(repr(p.label) for p in scale.points)}), "
                        "or leave the cell empty"
                    )
                    found.append(
                        (
                            number,
                            position,
                            places.in_row(item, message, number, position),
                        )
                    )
        columns[place] = list(map(read.__getitem__, cells))
    return list(zip(*columns, strict=True)) if columns else [()] * len(kept)


def _respondent(
    row: Sequence[str],
    number: int,
    values: tuple[Value | None, ...],
    header: _Header,
    places: Places,
    found: list[tuple[int, int, Problem]],
) -> Respondent | None:
    assert header.id is not None
    given = tuple(row[position] for position, _ in header.attributes)
    attributes = header.shared.get(given)
    if attributes is None:
        attributes = header.shared[given] = FrozenMap(
            {
                name: value
                for (_, name), value in zip(header.attributes, given, strict=True)
                if value.strip()
            }
        )
    try:
        return Respondent(
            id=row[header.id],
            attributes=attributes,
            answers=Answers.aligned(header.layout, values),
        )
    except ValidationError as error:
        found.extend(
            (number, -1, places.in_row(problem.path, problem.message, number, None))
            for problem in error.problems
        )
        return None


def _answer(cell: str, scale: ResponseScale) -> Value | None:
    """
    The value *cell* gives on *scale*, written as a number or a label; None
    if it gives none.
    """
    try:
        number = float(cell)
    except ValueError:
        wanted = cell.casefold()
        for point in scale.points:
            if point.label.casefold() == wanted:
                return point.value
        return None
    if not math.isfinite(number):
        return None
    for point in scale.points:
        if point.value == number:
            return point.value
    return None


def _score_records(
    scored: ScoredAssessment, by: str | None, group: str | None
) -> Iterator[ScoreRecord]:
    for feature, score in [(None, scored.overall), *scored.features.items()]:
        yield (
            scored.trust,
            scored.date,
            scored.checklist,
            scored.checklist_version,
            scored.strategy,
            by,
            group,
            feature,
            score.value,
            score.respondents,
            score.band,
            score.withheld,
        )


def _answer_cell(cell: str | Value | None) -> str:
    if cell is None:
        return ""
    return cell if isinstance(cell, str) else format_value(cell)


def _score_cell(field: object) -> str:
    if field is None:
        return ""
    if isinstance(field, bool):
        return "true" if field else "false"
    if isinstance(field, float):
        return repr(field)
    if isinstance(field, dt.date):
        return field.isoformat()
    return str(field)


def _read_text(source: Source) -> tuple[str, str]:
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            raise DocumentError(
                name, [Problem("", f"cannot read the file: {error.strerror}", 1, 1)]
            ) from None
        try:
            return name, data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise DocumentError(
                name,
                [
                    Problem(
                        "",
                        f"byte 0x{data[error.start]:02x} is not UTF-8: export the "
                        "file as UTF-8 (in Excel: CSV UTF-8)",
                        line,
                        1,
                    )
                ],
            ) from None
    if callable(getattr(source, "read", None)):
        name = str(getattr(source, "name", "<stream>"))
        try:
            return name, source.read()
        except (OSError, ValueError) as error:
            raise DocumentError(
                name, [Problem("", f"cannot read the file: {error}", 1, 1)]
            ) from None
    raise NotADocumentError(
        f"read_csv reads a path or an open text file, not {type(source).__name__}"
    )


def _write_rows(
    rows: list[list[str]], target: str | os.PathLike[str] | IO[str]
) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    if isinstance(target, (str, os.PathLike)):
        save_atomically(Path(target), buffer.getvalue().encode("utf-8"))
    elif callable(getattr(target, "write", None)):
        target.write(buffer.getvalue())
    else:
        raise MedEngageError(
            f"cannot write CSV to {target!r}: give a path or an open file"
        )
