"""
Survey answers in .xlsx workbooks, as Microsoft Forms and spreadsheets
save them: `read_xlsx` makes an assessment from a sheet of a survey tool's
export, with every check `medengage.csv.read_csv` makes; `write_xlsx`
writes an assessment's answers.

Needs openpyxl, which medengage does not install by default:
``pip install 'medengage[excel]'``. Without it, each function raises
`medengage.MissingExtraError`.
"""

from __future__ import annotations

from medengage._survey_xlsx import ANSWERS_SHEET, UNPACKED_RATIO, read_xlsx, write_xlsx


__all__ = [
    "ANSWERS_SHEET",
    "UNPACKED_RATIO",
    "read_xlsx",
    "write_xlsx",
]
