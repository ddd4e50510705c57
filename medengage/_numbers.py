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
    answers = column.astype("float64", copy=False)
    codes = numpy.zeros(len(answers), dtype="uint8")
    for code, value in enumerate(values[1:], start=1):
        codes[answers == value] = code
    if numpy.any((codes == 0) & ~numpy.isnan(answers)):
        return None
    return bytes(codes.tobytes())


def selected(codes: bytes, members: list[int]) -> bytes:
    """
    The codes of *members*, in order: with numpy where it is imported.
    """
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return bytes(map(codes.__getitem__, members))
    return bytes(numpy.frombuffer(codes, dtype="uint8")[members].tobytes())


def numpy_if_worth(size: int | None, least: int) -> Any:
    """
    numpy, if it is importable and *size* (None: any) is at least *least*;
    None otherwise.
    """
    if size is not None and size < least:
        return None
    try:
        import numpy
    except ImportError:
        return None
    return numpy
