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
    problems = list(layout.problems)
    respondents = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        respondent = _respondent(row, number, layout, seen, problems, places)
        if respondent is not None:
            respondents.append(respondent)
    if not header:
        problems.append(places.in_header("", places.empty, None))
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
        known: What each cell read so far gives, by column and text: a
            value, None for no answer, or `_NOT_ON_SCALE`.
    """

    def __init__(self) -> None:
        self.id: int | None = None
        self.items: list[tuple[int, str, int, ResponseScale]] = []
        self.attributes: list[tuple[int, str]] = []
        self.problems: list[Problem] = []
        self.width = 0
        self.layout = Answers().layout
        self.known: dict[tuple[int, str], object] = {}

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
            elif item in checklist.item_ids:
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


def _respondent(
    row: Sequence[str],
    number: int,
    header: _Header,
    seen: dict[str, int],
    problems: list[Problem],
    places: Places,
) -> Respondent | None:
    found = len(problems)
    if len(row) != header.width:
        problems.append(
            places.in_row(
                "",
                f"{len(row)} cells for {header.width} columns: check the row's "
                "commas and quotes",
                number,
                None,
            )
        )
        return None
    id = None
    if header.id is not None:
        id = row[header.id]
        if not id.strip():
            problems.append(
                places.in_row(
                    "id", "no respondent id: give every row one", number, header.id
                )
            )
        elif id in seen:
            problems.append(
                places.in_row(
                    "id",
                    f"duplicate respondent id {id!r}: "
                    f"{places.row(seen[id])} has it already",
                    number,
                    header.id,
                )
            )
        else:
            seen[id] = number
    values: list[Value | None] = [None] * len(header.layout.items)
    known = header.known
    for position, item, place, scale in header.items:
        cell = row[position]
        # A survey repeats a handful of answers thousands of times: each is
        # read once, then looked up.
        value = known.get((position, cell), _UNREAD)
        if value is _UNREAD:
            stripped = cell.strip()
            value = None if stripped in MISSING else _answer(stripped, scale)
            if value is None and stripped not in MISSING:
                value = _NOT_ON_SCALE
            known[(position, cell)] = value
        if value is None:
            continue
        if value is _NOT_ON_SCALE:
            cell = cell.strip()
            problems.append(
                places.in_row(
                    item,
                    f"{cell!r} is not on scale {scale.id!r}: write one of "
                    f"{scale.describe_values()}, or a point's label "
                    f"({', '.join(repr(p.label) for p in scale.points)}), "
                    "or leave the cell empty",
                    number,
                    position,
                )
            )
        else:
            values[place] = value  # type: ignore[call-overload]
    attributes = {
        name: row[position]
        for position, name in header.attributes
        if row[position].strip()
    }
    if len(problems) > found or id is None:
        return None
    try:
        return Respondent(
            id=id,
            attributes=FrozenMap(attributes),
            answers=Answers.aligned(header.layout, tuple(values)),
        )
    except ValidationError as error:
        problems.extend(
            places.in_row(problem.path, problem.message, number, None)
            for problem in error.problems
        )
        return None


_UNREAD = object()
_NOT_ON_SCALE = object()


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
