"""
The cells of survey exports: what an answer may be written as, and how text
is written so that a spreadsheet shows it as text.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Sequence

from medengage._column_wording import folded
from medengage._scales import ResponseScale, Value


#: What a cell may hold to say that an item was not answered.
MISSING = frozenset({"", "-", "NA", "N/A", "n/a", "na"})
#: What makes a spreadsheet run a cell as a formula when the cell begins
#: with it (OWASP, "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r")
#: What begins a cell written so that a spreadsheet shows it as text: the
#: rest of the cell is the text, exactly.
TEXT_MARK = "'"

_ESCAPED = FORMULA_STARTS | {TEXT_MARK}
_marked = operator.methodcaller("startswith", TEXT_MARK)
# Python's float() also takes digits of every script, underscores, a
# leading '+', '3.' and '.3': a survey export writes none of those.
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)


def as_text_cell(text: str) -> str:
    """
    *text* as a cell that a spreadsheet shows as text and `texts_in_cells`
    reads back exactly: after an apostrophe if it begins with a formula
    character or an apostrophe, or has spaces around it; as it is otherwise.
    """
    if text[:1] in _ESCAPED or text != text.strip():
        return TEXT_MARK + text
    return text


def texts_in_cells(cells: Sequence[str], *, formula_safe: bool) -> list[str]:
    """
    The text each CSV cell of *cells* holds: after a leading apostrophe,
    exactly the rest (when *formula_safe*); otherwise the cell without the
    spaces around it.
    """
    texts = list(map(str.strip, cells))
    if formula_safe and any(map(_marked, cells)):
        texts = [
            cell[1:] if cell[:1] == TEXT_MARK else text
            for cell, text in zip(cells, texts, strict=True)
        ]
    return texts


def answer_in_cell(cell: str, scale: ResponseScale) -> Value | None:
    """
    The value on *scale* that *cell* (without spaces around it) gives,
    written as a number in ASCII digits or as a point's label in any case,
    with any style of quotes and dashes; None if it gives none.
    """
    if _NUMBER.fullmatch(cell) is None:
        wanted = folded(cell)
        for point in scale.points:
            if folded(point.label) == wanted:
                return point.value
        return None
    number = float(cell)
    if not math.isfinite(number):
        return None
    for point in scale.points:
        if point.value == number:
            return point.value
    return None
