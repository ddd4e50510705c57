"""
CSV files read by pyarrow, the `arrow` extra, into whole columns of text:
cells exactly as the csv module reads them, or nothing when pyarrow and
the csv module might read the file differently.
"""

from __future__ import annotations

import csv
from typing import Any

from medengage._table_columns import TableColumn, arrow, table_columns


def csv_columns(utf8: bytes, header: list[str]) -> tuple[list[TableColumn], int] | None:
    """
    The columns of the CSV file whose bytes are *utf8*, whose first row
    is *header*, each as its distinct cells, and how many rows
    follow the header; None for a file the csv module must read row by
    row: a row of another width (a blank line among them), a cell longer
    than the csv module reads, a NUL character, or anything pyarrow cannot
    read.
    """
    pa = arrow()
    from pyarrow import csv as pa_csv

    if b"\0" in utf8:
        # The csv module of Python 3.10 reads no line with a NUL in it.
        return None
    width = len(header)
    uneven: list[object] = []

    def refuse(row: Any) -> str:
        uneven.append(row)
        return "skip"

    names = [f"f{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(utf8),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(
                # A line break within a cell is inside quotes.
                newlines_in_values=b'"' in utf8,
                ignore_empty_lines=False,
                invalid_row_handler=refuse,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, UnicodeError):
        return None
    if uneven or not width or table.num_columns != width or not table.num_rows:
        return None
    if _too_long(table, csv.field_size_limit()):
        return None
    if [column[0].as_py() for column in table.columns] != header:
        return None
    return table_columns(table.slice(1)), table.num_rows - 1


def _too_long(table: Any, limit: int) -> bool:
    """
    Whether a cell of *table* has more than *limit* characters.
    """
    import pyarrow.compute as pc

    for column in table.columns:
        for chunk in column.chunks:
            # No cell has more characters than bytes, nor than its chunk has.
            data = chunk.buffers()[2]
            if data is None or data.size <= limit:
                continue
            if (pc.max(pc.binary_length(chunk)).as_py() or 0) <= limit:
                continue
            if pc.max(pc.utf8_length(chunk)).as_py() > limit:
                return True
    return False
