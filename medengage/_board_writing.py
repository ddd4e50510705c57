"""
Board tables written out: as CSV with the standard library, as an Excel
workbook through the ``excel`` extra.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

from medengage._board_table import BoardTable, Cell
from medengage._export_cells import as_text_cell
from medengage._extras import require
from medengage._saving import save_atomically
from medengage._survey_writing import _score_cell as score_cell
from medengage.errors import MedEngageError


#: The most characters Excel allows in a sheet's name.
SHEET_NAME_LENGTH = 31
#: Characters Excel refuses in a sheet's name.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
#: Characters the XML of a workbook cannot hold.
_NOT_IN_WORKBOOKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The widest a column is made, in characters.
_WIDEST = 60

Tables = BoardTable | Mapping[str, BoardTable] | Iterable[BoardTable]


def write_board(
    tables: Tables,
    target: str | os.PathLike[str] | IO[str],
    *,
    formula_safe: bool = True,
) -> None:
    """
    Write board tables to *target*: an Excel workbook for a path ending in
    ``.xlsx``, one sheet a table; CSV for a path ending in ``.csv`` or an
    open text file, one table only.

    The first row holds the column names, each row after it a row of the
    table. In a workbook a number is a number, a date a date, true or false
    a boolean, an empty cell empty; text is always text, never a formula.
    In CSV, true and false are written ``true`` and ``false``, an empty
    cell empty. Saving to a path is atomic, as `medengage.dump` is.

    Needs openpyxl for a workbook, which medengage does not install by
    default: ``pip install 'medengage[excel]'``.

    Args:
        tables: A `BoardTable`; or, for a workbook, several, each written to
            a sheet named by its `BoardTable.name` (a name that repeats
            gets `` (2)`` and so on), or a mapping of sheet names to
            tables.
        target: A path ending in ``.xlsx`` or ``.csv``, or an open text
            file for CSV.
        formula_safe: In CSV, write text a spreadsheet would run as a
            formula after an apostrophe, as `medengage.csv.write_csv`
            does. A workbook holds text as text, and needs none.

    Raises:
        MedEngageError: If a table is not a `BoardTable`, *target* ends in
            neither suffix, CSV is asked of several tables, or a sheet's
            name is one Excel refuses.
        MissingExtraError: If a workbook is asked for and openpyxl is not
            installed.
        DocumentWriteError: If the file cannot be written; the old file,
            if any, is left as it was.
    """
    sheets = _sheets(tables)
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            save_atomically(path, _workbook(sheets))
            return
        if suffix != ".csv":
            raise MedEngageError(
                f"cannot tell how to write {str(path)!r}: name the file with "
                ".xlsx for a workbook or .csv for CSV"
            )
        save_atomically(path, _csv(sheets, formula_safe).encode("utf-8"))
    elif callable(getattr(target, "write", None)):
        target.write(_csv(sheets, formula_safe))
    else:
        raise MedEngageError(
            f"cannot write a board table to {target!r}: give a path or an open "
            "text file"
        )


def _sheets(tables: Tables) -> list[tuple[str, BoardTable]]:
    """
    Each table with its sheet's name, checked.
    """
    named: list[tuple[object, object]]
    if isinstance(tables, BoardTable):
        named = [(None, tables)]
    elif isinstance(tables, Mapping):
        named = [(name, table) for name, table in tables.items()]
    else:
        named = [(None, table) for table in tables]
    if not named:
        raise MedEngageError("give at least one board table to write")
    sheets = []
    taken: set[str] = set()
    for index, (given, table) in enumerate(named):
        if not isinstance(table, BoardTable):
            raise MedEngageError(
                f"tables[{index}] is a {type(table).__name__}, not a BoardTable: "
                "lay results out with medengage.board_table first"
            )
        if given is None:
            name = _free_name(table.name, taken)
        else:
            name = _checked_name(given)
            if name.lower() in taken:
                raise MedEngageError(
                    f"two sheets are named {name!r}: Excel needs a name a sheet, "
                    "in any case"
                )
        taken.add(name.lower())
        sheets.append((name, table))
    return sheets


def _checked_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise MedEngageError(f"{name!r} cannot name a sheet: give some text")
    if len(name) > SHEET_NAME_LENGTH:
        raise MedEngageError(
            f"the sheet name {name!r} is {len(name)} characters long: Excel "
            f"allows {SHEET_NAME_LENGTH}"
        )
    bad = _NOT_IN_SHEET_NAMES.search(name) or _NOT_IN_WORKBOOKS.search(name)
    if bad or name.startswith("'") or name.endswith("'"):
        raise MedEngageError(
            f"Excel refuses the sheet name {name!r}: leave out [ ] : * ? / \\, "
            "control characters, and apostrophes at either end"
        )
    return name


def _free_name(name: str, taken: set[str]) -> str:
    """
    *name*, made a sheet name Excel takes that no sheet has yet.
    """
    base = _NOT_IN_SHEET_NAMES.sub(" ", _NOT_IN_WORKBOOKS.sub("", name)).strip("' ")
    base = base or "Board"
    for number in range(1, len(taken) + 2):
        suffix = "" if number == 1 else f" ({number})"
        free = base[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
        if free.lower() not in taken:
            return free
    raise AssertionError("unreachable: one of len(taken) + 1 names is free")


def _csv(sheets: list[tuple[str, BoardTable]], formula_safe: bool) -> str:
    if len(sheets) != 1:
        raise MedEngageError(
            f"CSV holds one table, not {len(sheets)}: write each to its own file, "
            "or all to one .xlsx workbook"
        )
    ((_, table),) = sheets
    text = as_text_cell if formula_safe else str
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([score_cell(cell, text) for cell in row] for row in table.rows)
    return buffer.getvalue()


def _workbook(sheets: list[tuple[str, BoardTable]]) -> bytes:
    """
    The tables as an Excel workbook, one sheet each, as bytes.
    """
    require("openpyxl", "excel", "medengage.write_board")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in sheets:
        sheet = workbook.create_sheet(name)
        widths = [len(column) for column in table.columns]
        for column, heading in enumerate(table.columns, start=1):
            sheet.cell(1, column, heading).font = Font(bold=True)
        for number, row in enumerate(table.rows, start=2):
            for column, cell in enumerate(row, start=1):
                written = sheet.cell(number, column, cell)
                if isinstance(cell, str):
                    # Text is text: never a formula or an error code.
                    written.data_type = "s"
                widths[column - 1] = max(widths[column - 1], len(_width_of(cell)))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(
                width + 2, _WIDEST
            )
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _width_of(cell: Cell) -> str:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return "" if cell is None else str(cell)
