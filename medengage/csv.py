"""
Survey exports as CSV, with the standard library alone: `read_csv` makes an
assessment from a survey tool's export; `match_columns` says which item each
of its columns holds; `write_csv` writes an assessment's answers;
`write_scores_csv` writes scores as tidy rows.
"""

from __future__ import annotations

from medengage._column_matching import ColumnMapping
from medengage._export_cells import FORMULA_STARTS, MISSING
from medengage._export_problems import MAX_LISTED_PROBLEMS
from medengage._survey_reading import DEFAULT_MAX_BYTES, match_columns, read_csv
from medengage._survey_writing import SCORE_COLUMNS, write_csv, write_scores_csv


__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMULA_STARTS",
    "MAX_LISTED_PROBLEMS",
    "MISSING",
    "SCORE_COLUMNS",
    "ColumnMapping",
    "match_columns",
    "read_csv",
    "write_csv",
    "write_scores_csv",
]
