"""
Columns of numbers coded at the speed of numpy, where it is importable and
a column is an array: never required, and giving exactly the codes the
standard library's path gives.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
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
    if all(type(value) is int and 0 <= value < 256 for value in values[1:]):
        # Each whole number from 0 to 255 looked up at once; 256 stands
        # for anything else, NaN among them.
        code_of = numpy.zeros(257, dtype="uint8")
        code_of[list(values[1:])] = numpy.arange(1, len(values), dtype="uint8")
        inside = (answers >= 0) & (answers < 256)
        whole = numpy.where(inside, answers, 256).astype("int64")
        codes = code_of[whole]
        answered = ~numpy.isnan(answers)
        if numpy.any(answered & ((codes == 0) | (whole != answers))):
            return None
    else:
        codes = numpy.zeros(len(answers), dtype="uint8")
        for code, value in enumerate(values[1:], start=1):
            codes[answers == value] = code
        if numpy.any((codes == 0) & ~numpy.isnan(answers)):
            return None
    return bytes(codes.tobytes())


def selected(codes: bytes, members: Sequence[int]) -> bytes:
    """
    The codes of *members*, in order: with numpy where it is imported
    (*members* best a numpy array already).
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
