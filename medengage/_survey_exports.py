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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from medengage import _validation as v
from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._breakdowns import Breakdown
from medengage._checklists import Checklist
from medengage._documents import _save_atomically
from medengage._frozen import FrozenMap
from medengage._scales import ResponseScale, Value, format_value
from medengage._scores import Score, ScoredAssessment
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
    layout = _Header.of(
        rows[0] if rows else [], checklist, id_column, columns or {}, attributes, ignore
    )
    problems = list(layout.problems)
    respondents = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        respondent = _respondent(row, number, layout, seen, problems)
        if respondent is not None:
            respondents.append(respondent)
    if not rows:
        problems.append(Problem("", "the file is empty: give a header row", 1, 1))
    if problems:
        raise DocumentError(name, v.at_most(problems, MAX_LISTED_PROBLEMS))
    try:
        return Assessment(
            checklist=checklist,
            trust=trust,
            date=date,
            respondents=respondents,
            title=title,
        )
    except ValidationError as error:
        raise DocumentError(name, error.problems) from None


def write_csv(assessment: Assessment, target: str | os.PathLike[str] | IO[str]) -> None:
    """
    Write *assessment*'s answers as CSV: a column ``id``, a column for each
    attribute any respondent has, and a column for each item, named by its
    id; an empty cell where there is no answer. `read_csv` reads it back.

    Saving to a path is atomic, as `medengage.dump` is.
    """
    names = sorted({name for r in assessment.respondents for name in r.attributes})
    items = assessment.checklist.item_ids
    rows: list[list[str]] = [["id", *names, *items]]
    for respondent in assessment.respondents:
        answers = respondent.answers.realigned(assessment.checklist.answer_layout)[0]
        rows.append(
            [
                respondent.id,
                *(respondent.attributes.get(name, "") for name in names),
                *(
                    "" if value is None else format_value(value)
                    for value in answers.row
                ),
            ]
        )
    _write_rows(rows, target)


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
    if isinstance(results, (ScoredAssessment, Breakdown)):
        results = [results]
    rows: list[list[str]] = [list(SCORE_COLUMNS)]
    for result in results:
        if isinstance(result, Breakdown):
            rows += _score_rows(result.total, result.by, "")
            for group, scored in result.groups.items():
                rows += _score_rows(scored, result.by, group)
        elif isinstance(result, ScoredAssessment):
            rows += _score_rows(result, "", "")
        else:
            raise NotADocumentError(
                f"cannot write a {type(result).__name__} as scores: give "
                "ScoredAssessments or Breakdowns"
            )
    _write_rows(rows, target)


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
    """

    def __init__(self) -> None:
        self.id: int | None = None
        self.items: list[tuple[int, str, int, ResponseScale]] = []
        self.attributes: list[tuple[int, str]] = []
        self.problems: list[Problem] = []
        self.width = 0
        self.layout = Answers().layout

    @classmethod
    def of(
        cls,
        header: list[str],
        checklist: Checklist,
        id_column: str,
        columns: Mapping[str, str],
        attributes: Iterable[str],
        ignore: Iterable[str],
    ) -> _Header:
        layout = cls()
        layout.width = len(header)
        layout.layout = checklist.answer_layout
        kept = set(attributes)
        skipped = set(ignore)
        for unknown in sorted(set(columns.values()) - set(checklist.item_ids)):
            layout.problems.append(
                Problem(
                    "columns",
                    f"no item {unknown!r} in checklist {checklist.id!r}",
                    1,
                    1,
                )
            )
        seen: dict[str, int] = {}
        for position, raw in enumerate(header):
            column = raw.strip()
            if column in seen:
                layout.problems.append(
                    Problem(
                        column, f"column {column!r} is given twice", 1, position + 1
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
                    Problem(
                        column,
                        f"unknown column {column!r}: name it after an item of "
                        f"checklist {checklist.id!r}, map it to one with columns=, "
                        "keep it with attributes=, or leave it out with ignore=",
                        1,
                        position + 1,
                    )
                )
        if layout.id is None and header:
            layout.problems.append(
                Problem(
                    id_column,
                    f"no column {id_column!r} of respondents' ids: add one, or "
                    "name the column that holds them with id_column=",
                    1,
                    1,
                )
            )
        for name in sorted(kept - set(seen)):
            layout.problems.append(Problem(name, f"no column {name!r} to keep", 1, 1))
        return layout


def _respondent(
    row: list[str],
    number: int,
    header: _Header,
    seen: dict[str, int],
    problems: list[Problem],
) -> Respondent | None:
    found = len(problems)
    if len(row) != header.width:
        problems.append(
            Problem(
                "",
                f"{len(row)} cells for {header.width} columns: check the row's "
                "commas and quotes",
                number,
                1,
            )
        )
        return None
    id = None
    if header.id is not None:
        id = row[header.id]
        if not id.strip():
            problems.append(
                Problem(
                    "id", "no respondent id: give every row one", number, header.id + 1
                )
            )
        elif id in seen:
            problems.append(
                Problem(
                    "id",
                    f"duplicate respondent id {id!r}: row {seen[id]} has it already",
                    number,
                    header.id + 1,
                )
            )
        else:
            seen[id] = number
    values: list[Value | None] = [None] * len(header.layout.items)
    for position, item, place, scale in header.items:
        cell = row[position].strip()
        if cell in MISSING:
            continue
        value = _answer(cell, scale)
        if value is None:
            problems.append(
                Problem(
                    item,
                    f"{cell!r} is not on scale {scale.id!r}: write one of "
                    f"{scale.describe_values()}, or a point's label "
                    f"({', '.join(repr(p.label) for p in scale.points)}), "
                    "or leave the cell empty",
                    number,
                    position + 1,
                )
            )
        else:
            values[place] = value
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
            Problem(problem.path, problem.message, number, 1)
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


def _score_rows(scored: ScoredAssessment, by: str, group: str) -> Iterator[list[str]]:
    common = [
        scored.trust,
        scored.date.isoformat(),
        scored.checklist,
        str(scored.checklist_version),
        scored.strategy,
        by,
        group,
    ]
    yield [*common, "", *_score_cells(scored.overall)]
    for feature, score in scored.features.items():
        yield [*common, feature, *_score_cells(score)]


def _score_cells(score: Score) -> list[str]:
    return [
        "" if score.value is None else repr(score.value),
        str(score.respondents),
        score.band or "",
        "true" if score.withheld else "false",
    ]


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
        _save_atomically(Path(target), buffer.getvalue().encode("utf-8"))
    elif callable(getattr(target, "write", None)):
        target.write(buffer.getvalue())
    else:
        raise MedEngageError(
            f"cannot write CSV to {target!r}: give a path or an open file"
        )
