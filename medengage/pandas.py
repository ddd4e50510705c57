"""
Answers and scores as pandas DataFrames, and assessments read from them.

`answers_frame` gives an assessment's answers as tidy rows, one a
respondent and item; `respondents_frame` gives them one row a respondent,
as `medengage.csv.write_csv` writes them; `scores_frame` gives scores one
row a score, withheld scores kept withheld; `board_frame` gives a
`medengage.board_table` (scores with titles, intervals, bands, changes and
peer standing, rounded for print) as a DataFrame; `assessment_from_frame`
reads a survey export held in a DataFrame, with every check `read_csv`
makes.

Needs pandas, which medengage does not install by default:
``pip install 'medengage[pandas]'``. Without it, each function raises
`medengage.MissingExtraError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from medengage._assessments import Assessment
from medengage._board import Result, board_table
from medengage._board_table import BoardTable
from medengage._breakdowns import Breakdown
from medengage._checklists import Audience, Checklist
from medengage._column_matching import ColumnMapping
from medengage._extras import require
from medengage._scales import Value
from medengage._scores import ScoredAssessment
from medengage._survey_dates import survey_date
from medengage._survey_header import Unmatched
from medengage._survey_rows import assessment_from_rows
from medengage._survey_writing import SCORE_COLUMNS, answer_records, score_records
from medengage._table_columns import cell_text
from medengage.arrow import RowPlaces
from medengage.errors import MedEngageError, NotADocumentError, Problem


if TYPE_CHECKING:
    import pandas as pd

    from medengage._comparisons import Comparison
    from medengage._reliability import Reliability


__all__ = [
    "ANSWER_COLUMNS",
    "SCORE_COLUMNS",
    "answers_frame",
    "assessment_from_frame",
    "board_frame",
    "respondents_frame",
    "scores_frame",
]

#: The columns of `answers_frame`, in order; the respondents' attributes
#: come between ``respondent`` and ``item``.
ANSWER_COLUMNS = ("trust", "date", "respondent", "item", "feature", "value", "label")
#: What `assessment_from_frame` calls the frame in its errors.
FRAME = "<DataFrame>"


def answers_frame(
    assessment: Assessment, *, include_unasked: bool = False
) -> pd.DataFrame:
    """
    *assessment*'s answers as a tidy DataFrame: one row for each respondent
    and item, in the order of the respondents and of the checklist's items.

    Rows of items a respondent was never asked are left out, unless
    *include_unasked*: an item no respondent answered, and an item for an
    audience (organisation or individual) none of whose items the
    respondent answered. A survey of doctors is not asked the
    organisation's items, which its leaders answer for the organisation,
    and rows of nothing for them would skew a naive summary.

    The columns are those of `ANSWER_COLUMNS`, with a column for each
    attribute any respondent has after ``respondent``, in alphabetical
    order (an attribute named like one of the other columns is given as
    ``attribute.<name>``). ``date`` is a datetime; ``value`` is the value
    answered, NaN where the respondent gave no answer; ``label`` is the
    label of the scale point answered, missing where there is no answer.
    """
    pd = _pandas()
    checklist = assessment.checklist
    names = _attribute_names(assessment)
    layout = checklist.answer_layout
    rows = [r.answers.realigned(layout)[0].row for r in assessment.respondents]
    asked = _asked(checklist, rows, include_unasked=include_unasked)
    labels = [
        {point.value: point.label for point in checklist.scale(item.scale).points}
        for item in checklist.items
    ]
    records = [
        (
            respondent.id,
            *(respondent.attributes.get(name) for name in names),
            item.id,
            item.feature,
            value,
            None if value is None else point_labels[value],
        )
        for respondent, row, kept in zip(
            assessment.respondents, rows, asked, strict=True
        )
        for item, value, point_labels in zip(checklist.items, row, labels, strict=True)
        if item.audience in kept.get(item.id, ())
    ]
    columns = ["respondent", *_attribute_columns(names), *ANSWER_COLUMNS[3:]]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["value"] = frame["value"].astype("float64")
    frame.insert(0, "trust", assessment.trust)
    frame.insert(1, "date", pd.Series(assessment.date, frame.index, "datetime64[s]"))
    return frame


def respondents_frame(assessment: Assessment) -> pd.DataFrame:
    """
    *assessment*'s answers one row a respondent: a column ``id``, a column
    for each attribute any respondent has, in alphabetical order, and a
    column for each item, named by its id, holding the values answered (NaN
    where there is no answer). `assessment_from_frame` reads it back.

    Raises:
        ValidationError: If an attribute is named ``id`` or like an item,
            which would make two columns of one name.
    """
    pd = _pandas()
    header, records = answer_records(assessment)
    frame = pd.DataFrame.from_records(list(records), columns=header)
    items = assessment.checklist.item_ids
    frame[list(items)] = frame[list(items)].astype("float64")
    return frame


def scores_frame(
    results: ScoredAssessment | Breakdown | Iterable[ScoredAssessment | Breakdown],
) -> pd.DataFrame:
    """
    Scores as a tidy DataFrame: one row for each score, overall, per level
    and per feature, with the columns of `SCORE_COLUMNS`, as
    `medengage.csv.write_scores_csv` writes them.

    ``date`` is a datetime and ``value`` a number. A withheld score keeps
    ``withheld`` true and has no value (NaN) and no band. Where a column
    does not apply its value is missing: ``feature`` for the overall score
    and the levels, ``level`` for the overall score and the features,
    ``by`` and ``group`` outside a breakdown, and ``group`` for a
    breakdown's total. (Group with ``dropna=False`` to keep those rows.)

    Raises:
        NotADocumentError: If a result is neither a `ScoredAssessment` nor a
            `Breakdown`.
    """
    pd = _pandas()
    frame = pd.DataFrame.from_records(
        list(score_records(results)), columns=list(SCORE_COLUMNS)
    )
    return frame.astype(
        {
            "date": "datetime64[s]",
            "checklist_version": "int64",
            "value": "float64",
            "respondents": "int64",
            "withheld": "bool",
        }
    )


def board_frame(
    result: Result | BoardTable,
    *,
    checklist: Checklist | None = None,
    reliability: Reliability | None = None,
    assessment: Assessment | None = None,
    comparison: Comparison | None = None,
    decimals: int | None = 1,
) -> pd.DataFrame:
    """
    *result* laid out for a board paper, as `medengage.board_table` lays it
    out, as a DataFrame: the same columns, in the same order, and the same
    rows. (A `BoardTable` is taken as it is, with no other argument.)

    An empty cell is missing (None, or NaT for a ``date``); ``date`` is a
    datetime; ``respondents`` and the other counts are whole numbers where
    every row has one; ``score`` holds numbers, and the text ``withheld``
    for a withheld score, so it stays withheld in print.

    Raises:
        MedEngageError: As `medengage.board_table` does, or if arguments
            come with a `BoardTable`.
    """
    pd = _pandas()
    if isinstance(result, BoardTable):
        if (
            any(
                given is not None
                for given in (checklist, reliability, assessment, comparison)
            )
            or decimals != 1
        ):
            raise MedEngageError(
                "a BoardTable is laid out already: give the result itself to "
                "lay it out with other arguments"
            )
        table = result
    else:
        table = board_table(
            result,
            checklist=checklist,
            reliability=reliability,
            assessment=assessment,
            comparison=comparison,
            decimals=decimals,
        )
    frame = pd.DataFrame.from_records(list(table.rows), columns=list(table.columns))
    if "date" in frame.columns:
        frame["date"] = frame["date"].astype("datetime64[s]")
    for name in ("respondents", "answers", "complete_cases", "peers"):
        if name in frame.columns and frame[name].notna().all():
            frame[name] = frame[name].astype("int64")
    return frame


def assessment_from_frame(
    frame: pd.DataFrame,
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
    An assessment from a survey export held in a DataFrame: one row a
    respondent, one column an item, other columns respondent attributes,
    read and checked as `medengage.csv.read_csv` reads a CSV file.

    Columns are matched to items as `read_csv` matches them: by id, by
    *columns*, or by prompt. A cell holds an answer as a value of the
    item's scale (``4``, or ``4.0``) or as the label of one of its points
    (``Agree``, in any case); a missing value (NaN, None) is no answer, and
    so is what `read_csv` reads as none: an empty or blank cell, one of
    `medengage.csv.MISSING`, or a label of no answer. Ids and attribute
    values are taken exactly as they are, spaces included.

    With pyarrow installed (the ``arrow`` extra), the frame is read a
    whole column at a time through Arrow, each column's distinct cells
    checked once, and any other frame that gives an Arrow stream, such as
    a polars DataFrame, is read too, as `medengage.arrow.assessment_from_table`
    reads it; without it, a pandas frame is read row by row, with the same
    checks.

    Args:
        frame: The answers: a pandas DataFrame, or with the ``arrow``
            extra, a polars one.
        checklist: The checklist the survey asked.
        trust: The ODS code of the trust surveyed.
        date: When the survey closed: a date, an ISO date as text, or a
            datetime or Timestamp at midnight.
        id_column: The column of respondents' ids.
        columns: For columns not headed with their item's id or prompt,
            the item id each stands for, by header: a mapping, or a
            `medengage.ColumnMapping`.
        attributes: The columns to keep as respondent attributes, such as
            ``grade``.
        ignore: Columns to leave out, such as a survey tool's timestamps.
        no_answer: Labels that are no answer on any item, such as
            ``Don't know``.
        unmatched: As `medengage.csv.read_csv` takes it.
        title: A short name for the assessment.

    Raises:
        DocumentError: Listing every problem in the frame at once. A
            problem with a cell has the path ``loc[<index label>, <column
            name>]`` (``iloc[<row>, <column>]``, positions counted from 0,
            where index labels repeat), and as its line and column the
            row's and the column's positions, counted from 1; a problem
            with a column has the column's name as its path. No assessment
            is made from a frame with a problem.
        NotADocumentError: If *frame* is not a DataFrame.
        ValidationError: If *date* is not a day in one of the forms taken.
    """
    day = survey_date(date)
    options: dict[str, Any] = {
        "trust": trust,
        "date": day,
        "id_column": id_column,
        "columns": columns,
        "attributes": attributes,
        "ignore": ignore,
        "title": title,
        "no_answer": no_answer,
        "unmatched": unmatched,
    }
    if hasattr(frame, "__arrow_c_stream__") and not _is_pandas(frame):
        from medengage.arrow import assessment_from_table

        return assessment_from_table(frame, checklist, **options)
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise NotADocumentError(
            f"assessment_from_frame reads a pandas DataFrame, not "
            f"{type(frame).__name__}"
        )
    header = [str(column) for column in frame.columns]
    places = (
        _FramePlaces(frame.index.tolist(), header)
        if frame.index.is_unique
        else _PositionPlaces(header)
    )
    table = _arrow_table(frame)
    if table is not None:
        from medengage.arrow import assessment_from_arrow

        read = assessment_from_arrow(table, header, places, checklist, **options)
        if read is not None:
            return read
    rows = (
        [_text(cell, pd) for cell in row]
        for row in frame.itertuples(index=False, name=None)
    )
    return assessment_from_rows(
        header, rows, checklist, places, texts_in_cells=list, **options
    )


def _is_pandas(frame: object) -> bool:
    return type(frame).__module__.partition(".")[0] == "pandas"


def _arrow_table(frame: pd.DataFrame) -> Any:
    """
    *frame*'s columns as a pyarrow Table, without its index; None if
    pyarrow is not installed or cannot hold a column (one of text and
    numbers mixed, say), which is then read row by row.
    """
    try:
        import pyarrow as pa
    except ImportError:
        return None
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    return table if table.num_columns == len(frame.columns) else None


class _FramePlaces(RowPlaces):
    """
    Places in a DataFrame: a cell by its index label and column name, and
    by the row's and column's positions, counted from 1.
    """

    empty = (
        "the frame has no columns: give it a column of respondents' ids and "
        "one for each item answered"
    )

    def __init__(self, labels: list[Any], header: list[str]) -> None:
        super().__init__(FRAME, header)
        self.labels = labels

    def in_row(self, path: str, message: str, row: int, column: int | None) -> Problem:
        if column is None:
            where = f"loc[{self.labels[row]!r}]"
            return Problem(f"{where}.{path}" if path else where, message, row + 1)
        return Problem(
            f"loc[{self.labels[row]!r}, {self.header[column]!r}]",
            message,
            row + 1,
            column + 1,
        )

    def row(self, row: int) -> str:
        return f"row loc[{self.labels[row]!r}]"


class _PositionPlaces(_FramePlaces):
    """
    Places in a DataFrame whose index labels are not unique, where
    ``loc[...]`` would find more than one row: a cell by the row's and the
    column's positions, counted from 0, as ``iloc[...]`` finds it.
    """

    def __init__(self, header: list[str]) -> None:
        super().__init__([], header)

    def in_row(self, path: str, message: str, row: int, column: int | None) -> Problem:
        if column is None:
            where = f"iloc[{row}]"
            return Problem(f"{where}.{path}" if path else where, message, row + 1)
        return Problem(f"iloc[{row}, {column}]", message, row + 1, column + 1)

    def row(self, row: int) -> str:
        return f"row iloc[{row}]"


def _pandas() -> Any:
    require("pandas", "pandas", "medengage.pandas")
    import pandas

    return pandas


def _text(cell: object, pd: Any) -> str:
    """
    What *cell* says, as a CSV file would say it: an empty string for a
    missing value, and a whole number without a decimal point.
    """
    if isinstance(cell, str):
        return cell
    if cell is None or (pd.api.types.is_scalar(cell) and pd.isna(cell)):
        return ""
    return cell_text(cell)


def _asked(
    checklist: Checklist,
    rows: list[tuple[Value | None, ...]],
    *,
    include_unasked: bool,
) -> list[dict[str, frozenset[Audience]]]:
    """
    For each respondent of *rows*, the items they were asked, each with the
    audiences of which they answered an item: an item is asked if some
    respondent answered it, and of a respondent if its audience is among
    theirs (everything, if *include_unasked*).
    """
    every = frozenset(Audience)
    if include_unasked:
        return [dict.fromkeys(checklist.item_ids, every)] * len(rows)
    audiences = [item.audience for item in checklist.items]
    answered = [
        any(row[place] is not None for row in rows) for place in range(len(audiences))
    ]
    asked = []
    shared: dict[frozenset[Audience], dict[str, frozenset[Audience]]] = {}
    for row in rows:
        theirs = frozenset(
            audience
            for audience, value in zip(audiences, row, strict=True)
            if value is not None
        )
        # A respondent who answered nothing was asked what the others were.
        theirs = theirs or every
        if theirs not in shared:
            shared[theirs] = {
                item.id: theirs
                for item, any_answer in zip(checklist.items, answered, strict=True)
                if any_answer
            }
        asked.append(shared[theirs])
    return asked


def _attribute_names(assessment: Assessment) -> list[str]:
    return sorted({name for r in assessment.respondents for name in r.attributes})


def _attribute_columns(names: list[str]) -> list[str]:
    return [f"attribute.{n}" if n in ANSWER_COLUMNS else n for n in names]
