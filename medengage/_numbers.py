"""
Columns of numbers coded at the speed of numpy, where it is importable and
a column is an array: never required, and giving exactly the codes the
standard library's path gives.
"""

from __future__ import annotations

import sys
from typing import Any

from medengage._scales import Value


def numbered_codes(column: Any, values: tuple[Value | None, ...]) -> bytes | None:
    """
    The codes of *column*, a numpy array of numbers (NaN for no answer),
    as `AnswerColumns` holds them: 0 for no answer, ``k`` for the ``k``-th
    of *values* after None; None if the column is not such an array, or a
    number in it is not one of *values* (the slow path then says where).
    """
    numpy = sys.modules.get("numpy")
    if numpy is None or not isinstance(column, numpy.ndarray):
        return None
    if column.dtype.kind not in "iuf" or column.ndim != 1:
        return None
    known = numpy.asarray(values[1:], dtype="float64")
    answers = column.astype("float64", copy=False)
    missing = numpy.isnan(answers)
    order = numpy.argsort(known)
    found = numpy.searchsorted(known, answers, sorter=order)
    found = numpy.minimum(found, len(known) - 1)
    matched = order[found]
    if not numpy.all(missing | (known[matched] == answers)):
        return None
    codes = numpy.where(missing, 0, matched + 1).astype("uint8")
    return bytes(codes.tobytes())
