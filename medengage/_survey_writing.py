"""
Assessments and scores written out as CSV, with the standard library alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from medengage._assessments import Assessment
from medengage._breakdowns import Breakdown
from medengage._export_cells import as_text_cell
from medengage._saving import save_atomically
from medengage._scales import Value, format_value
from medengage._scores import Score, ScoredAssessment
from medengage.errors import MedEngageError, NotADocumentError, Problem, ValidationError


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
    "level",
)

Target = str | os.PathLike[str] | IO[str]
_Text = Callable[[str], str]


def write_csv(
    assessment: Assessment, target: Target, *, formula_safe: bool = True
) -> None:
    """
    Write *assessment*'s answers as CSV: a column ``id``, a column for each
    attribute any respondent has, and a column for each item, named by its
    id; an empty cell where there is no answer. `read_csv` reads it back.

    Saving to a path is atomic, as `medengage.dump` is.

    Args:
        assessment: The answers to write.
        target: A path, or an open text file.
        formula_safe: Write an id or attribute value that a spreadsheet
            would run as a formula (one beginning with ``=``, ``+``,
            ``-``, ``@``, a tab or a carriage return) after an apostrophe,
            so that it shows as text; so too one beginning with an
            apostrophe or with spaces around it, so that `read_csv` reads
            each back exactly. False writes every value as it is, for
            programs other than spreadsheets.

    Raises:
        ValidationError: If an attribute is named ``id`` or like an item,
            which would make two columns of one name.
    """
    header, records = answer_records(assessment)
    rows = [header]
    text = as_text_cell if formula_safe else str
    rows += ([_answer_cell(cell, text) for cell in record] for record in records)
    _write_rows(rows, target)


def answer_records(
    assessment: Assessment,
) -> tuple[list[str], Iterator[list[str | Value | None]]]:
    """
    *assessment*'s answers as `write_csv` lays them out: the header, and a
    record for each respondent, with None where there is no attribute or no
    answer.

    Raises:
        ValidationError: If an attribute is named ``id`` or like an item.
    """
    names = sorted({name for r in assessment.respondents for name in r.attributes})
    _check_attribute_names(assessment, names)
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
    target: Target,
    *,
    formula_safe: bool = True,
) -> None:
    """
    Write scores as tidy CSV: a row for each score, overall (an empty
    ``feature`` and ``level``), per level (the level's id in ``level``, an
    empty ``feature``) and per feature, with the columns of
    `SCORE_COLUMNS`; ``level`` comes last, so that the columns before it
    stand where they stood before checklists had levels. A withheld score
    has an empty ``value`` and ``band`` and ``withheld`` ``true``; a
    breakdown gives a row set for its total (empty ``group``) and one for
    each group.

    Args:
        results: Scored assessments and breakdowns.
        target: A path, or an open text file.
        formula_safe: Write text (a group, a band, a strategy's name) that
            a spreadsheet would run as a formula after an apostrophe, as
            `write_csv` does; numbers, negative ones too, are written as
            numbers. False writes text as it is.
    """
    text = as_text_cell if formula_safe else str
    rows = [list(SCORE_COLUMNS)]
    rows += (
        [_score_cell(x, text) for x in record] for record in score_records(results)
    )
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
    str | None,
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


def _check_attribute_names(assessment: Assessment, names: list[str]) -> None:
    """
    Refuse attribute names that the header already has, naming the first
    respondent with each.
    """
    taken = {"id", *assessment.checklist.item_ids}
    problems = []
    for name in names:
        if name not in taken:
            continue
        index = next(
            index
            for index, respondent in enumerate(assessment.respondents)
            if name in respondent.attributes
        )
        what = "the column of ids" if name == "id" else f"item {name!r}'s column"
        problems.append(
            Problem(
                f"respondents[{index}].attributes.{name}",
                f"an attribute named {name!r} would be written as a second "
                f"column {name!r}, beside {what}, and the file could not be "
                "read back: rename the attribute before writing",
            )
        )
    if problems:
        raise ValidationError(problems)


def _score_records(
    scored: ScoredAssessment, by: str | None, group: str | None
) -> Iterator[ScoreRecord]:
    rows: list[tuple[str | None, str | None, Score]] = [(None, None, scored.overall)]
    rows += [(None, level, score) for level, score in scored.levels.items()]
    rows += [(feature, None, score) for feature, score in scored.features.items()]
    for feature, level, score in rows:
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
            level,
        )


def _answer_cell(cell: str | Value | None, text: _Text) -> str:
    if cell is None:
        return ""
    return text(cell) if isinstance(cell, str) else format_value(cell)


def _score_cell(field: object, text: _Text) -> str:
    if field is None:
        return ""
    if isinstance(field, bool):
        return "true" if field else "false"
    if isinstance(field, float):
        return repr(field)
    if isinstance(field, dt.date):
        return field.isoformat()
    if isinstance(field, str):
        return text(field)
    return str(field)


def _write_rows(rows: list[list[str]], target: Target) -> None:
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
