"""
Answers and scores as pandas DataFrames, and assessments read from them.

`answers_frame` gives an assessment's answers as tidy rows, one a
respondent and item; `respondents_frame` gives them one row a respondent,
as `medengage.csv.write_csv` writes them; `scores_frame` gives scores one
row a score, withheld scores kept withheld; `assessment_from_frame` reads a
survey export held in a DataFrame, with every check `read_csv` makes.

Needs pandas, which medengage does not install by default:
``pip install 'medengage[pandas]'``. Without it, each function raises
`medengage.MissingExtraError`.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from medengage._assessments import Assessment
from medengage._breakdowns import Breakdown
from medengage._checklists import Checklist
from medengage._export_problems import Places
from medengage._extras import require
from medengage._scores import ScoredAssessment
from medengage._survey_rows import assessment_from_rows
from medengage._survey_writing import SCORE_COLUMNS, answer_records, score_records
from medengage.errors import NotADocumentError, Problem


if TYPE_CHECKING:
    import pandas as pd


__all__ = [
    "ANSWER_COLUMNS",
    "SCORE_COLUMNS",
    "answers_frame",
    "assessment_from_frame",
    "respondents_frame",
    "scores_frame",
]

#: The columns of `answers_frame`, in order; the respondents' attributes
#: come between ``respondent`` and ``item``.
ANSWER_COLUMNS = ("trust", "date", "respondent", "item", "feature", "value", "label")
#: What `assessment_from_frame` calls the frame in its errors.
FRAME = "<DataFrame>"


def answers_frame(assessment: Assessment) -> pd.DataFrame:
    """
    *assessment*'s answers as a tidy DataFrame: one row for each respondent
    and item, in the order of the respondents and of the checklist's items.

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
        for respondent in assessment.respondents
        for item, value, point_labels in zip(
            checklist.items,
            respondent.answers.realigned(layout)[0].row,
            labels,
            strict=True,
        )
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


def assessment_from_frame(
    frame: pd.DataFrame,
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
    An assessment from a survey export held in a DataFrame: one row a
    respondent, one column an item, other columns respondent attributes,
    read and checked as `medengage.csv.read_csv` reads a CSV file.

    A cell holds an answer as a value of the item's scale (``4``, or
    ``4.0``) or as the label of one of its points (``Agree``, in any case);
    a missing value (NaN, None), an empty cell, ``-`` or ``NA`` is no
    answer. Ids and attribute values are taken exactly as they are, spaces
    included.

    Args:
        frame: The answers.
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
        DocumentError: Listing every problem in the frame at once. A
            problem with a cell has the path ``loc[<index label>, <column
            name>]`` (``iloc[<row>, <column>]``, positions counted from 0,
            where index labels repeat), and as its line and column the
            row's and the column's positions, counted from 1; a problem
            with a column has the column's name as its path. No assessment
            is made from a frame with a problem.
        NotADocumentError: If *frame* is not a DataFrame.
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise NotADocumentError(
            f"assessment_from_frame reads a pandas DataFrame, not "
            f"{type(frame).__name__}"
        )
    header = [str(column) for column in frame.columns]
    rows = (
        [_text(cell, pd) for cell in row]
        for row in frame.itertuples(index=False, name=None)
    )
    places = (
        _FramePlaces(frame.index.tolist(), header)
        if frame.index.is_unique
        else _PositionPlaces(header)
    )
    return assessment_from_rows(
        header,
        rows,
        checklist,
        places,
        trust=trust,
        date=date,
        id_column=id_column,
        columns=columns,
        attributes=attributes,
        ignore=ignore,
        title=title,
        texts_in_cells=list,
    )


class _FramePlaces(Places):
    """
    Places in a DataFrame: a cell by its index label and column name, and
    by the row's and column's positions, counted from 1.
    """

    source = FRAME
    empty = (
        "the frame has no columns: give it a column of respondents' ids and "
        "one for each item answered"
    )

    def __init__(self, labels: list[Any], header: list[str]) -> None:
        self.labels = labels
        self.header = header

    def in_header(self, path: str, message: str, column: int | None) -> Problem:
        return Problem(path, message, None, None if column is None else column + 1)

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
        self.header = header

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
    if isinstance(cell, bool) or not isinstance(cell, numbers.Real):
        return str(cell)
    if isinstance(cell, numbers.Integral):
        return str(int(cell))
    number = float(cell)
    return str(int(number)) if number.is_integer() else repr(number)


def _attribute_names(assessment: Assessment) -> list[str]:
    return sorted({name for r in assessment.respondents for name in r.attributes})


def _attribute_columns(names: list[str]) -> list[str]:
    return [f"attribute.{n}" if n in ANSWER_COLUMNS else n for n in names]
