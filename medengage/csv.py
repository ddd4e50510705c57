"""
Survey exports as CSV, with the standard library alone: `read_csv` makes an
assessment from a survey tool's export; `write_csv` writes an assessment's
answers; `write_scores_csv` writes scores as tidy rows.
"""

from __future__ import annotations

from medengage._survey_exports import (
    MISSING,
    SCORE_COLUMNS,
    read_csv,
    write_csv,
    write_scores_csv,
)


__all__ = ["MISSING", "SCORE_COLUMNS", "read_csv", "write_csv", "write_scores_csv"]
