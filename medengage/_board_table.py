"""
Board tables: the rows of cells a board paper is laid out in, checked.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import attrs

from medengage import _validation as v
from medengage._display import Displayed, Table
from medengage.errors import Problem


#: What a cell of a board table holds: text, a number, true or false, a
#: date, or None where it is empty.
Cell = str | int | float | bool | dt.date | None


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


@attrs.frozen
class BoardTable(Displayed):
    """
    Scores laid out for a board paper: one row a score, each a tuple of
    cells in the order of `columns`, rounded for print.

    Attributes:
        name: A short name for the table, such as ``Scores`` or
            ``Journey``: the sheet `write_board` writes it to.
        caption: What the table shows: the trust, date and strategy.
        columns: The column names, in the order of `BOARD_COLUMNS`.
        rows: The cells, row by row: text, numbers, true or false, dates,
            or None where a cell is empty.
    """

    name: str = attrs.field(validator=v.label)
    caption: str = attrs.field(validator=v.text)
    columns: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_table_problems(self))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Here, not only on Displayed: IPython prefers the __repr__ attrs
        # writes on the class itself to a mix-in's _repr_pretty_.
        printer.text(repr(self) if cycle else self.table().text())

    def records(self) -> list[dict[str, Cell]]:
        """
        The rows as dictionaries, by column name: a new list each call.
        """
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> tuple[Cell, ...]:
        """
        The cells of the column *name*, top to bottom.

        Raises:
            KeyError: If the table has no column *name*.
        """
        if name not in self.columns:
            raise KeyError(name)
        index = self.columns.index(name)
        return tuple(row[index] for row in self.rows)

    def table(self) -> Table:
        """
        This board table as a table, as it shows in a terminal or a notebook.
        """
        numeric = {
            index
            for index, name in enumerate(self.columns)
            if name not in {"date", "group", "kind", "feature", "title", "band"}
        }
        return Table(
            caption=self.caption,
            columns=self.columns,
            rows=tuple(tuple(_shown(cell) for cell in row) for row in self.rows),
            numeric=frozenset(numeric),
        )


def _table_problems(table: BoardTable) -> list[Problem]:
    problems = [
        Problem(f"columns[{index}]", f"{name!r} is not a column name")
        for index, name in enumerate(table.columns)
        if not isinstance(name, str) or not v.is_identifier(name)
    ]
    if len(set(table.columns)) != len(table.columns):
        problems.append(Problem("columns", "a column name repeats"))
    for number, row in enumerate(table.rows):
        if len(row) != len(table.columns):
            problems.append(
                Problem(
                    f"rows[{number}]",
                    f"{len(row)} cells for {len(table.columns)} columns",
                )
            )
        for index, cell in enumerate(row):
            # Checked as given, whatever the annotation says.
            found: object = cell
            if found is not None and not isinstance(found, (str, int, float, dt.date)):
                problems.append(
                    Problem(
                        f"rows[{number}][{index}]",
                        f"{cell!r} is not text, a number, true or false, or a date",
                    )
                )
            elif isinstance(cell, float) and not math.isfinite(cell):
                problems.append(
                    Problem(f"rows[{number}][{index}]", f"{cell!r} is not a number")
                )
            elif isinstance(cell, str) and (
                bad := v.bad_character(cell, multiline=True)
            ):
                problems.append(
                    Problem(f"rows[{number}][{index}]", f"{cell!r} contains {bad}")
                )
    return problems


def _shown(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)
