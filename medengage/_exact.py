"""
Exact linear algebra over the rationals, for disclosure control: which
combinations of withheld values the published values determine.

Vectors are sparse: a mapping of coordinates to rational numbers, with
zeros left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any


#: A coordinate: any value that sorts among the others of its vectors (a
#: number, or a tuple of numbers and text), so that results do not depend
#: on hashing.
Coordinate = Any

#: A sparse vector: each coordinate's value, zeros left out.
Vector = dict[Coordinate, Fraction]


class Span:
    """
    The span of the vectors added so far, kept in echelon form so that
    whether another vector lies in it can be told exactly.
    """

    __slots__ = ("_rows",)

    def __init__(self, vectors: Iterable[Mapping[Coordinate, int | Fraction]] = ()):
        # Each row's pivot has the value 1, and no row holds the pivot of
        # an earlier one.
        self._rows: list[tuple[Coordinate, Vector]] = []
        for vector in vectors:
            self.add(vector)

    def __len__(self) -> int:
        return len(self._rows)

    def residual(self, vector: Mapping[Coordinate, int | Fraction]) -> Vector:
        """
        What is left of *vector* once the span is taken out: empty if and
        only if *vector* lies in the span. It is linear in *vector*.
        """
        left: Vector = {k: Fraction(x) for k, x in vector.items() if x}
        for pivot, row in self._rows:
            factor = left.get(pivot)
            if factor:
                _subtract(left, row, factor)
        return left

    def add(self, vector: Mapping[Coordinate, int | Fraction]) -> bool:
        """
        Add *vector*; whether it was outside the span.
        """
        left = self.residual(vector)
        if not left:
            return False
        pivot = min(left)
        scale = left[pivot]
        self._rows.append((pivot, {k: x / scale for k, x in left.items()}))
        return True

    def __contains__(self, vector: object) -> bool:
        if not isinstance(vector, Mapping):
            return NotImplemented
        return not self.residual(vector)


def dependencies(vectors: Sequence[Mapping[Coordinate, Fraction]]) -> list[Vector]:
    """
    A basis of the linear relations among *vectors*, each as the
    coefficients ``c`` (by position) with ``sum(c[i] * vectors[i]) == 0``,
    in reduced echelon form: each relation has a leading position where it
    holds 1 and every other relation holds 0.
    """
    # Each vector carries a record of how it was made, so that a vector
    # reduced to nothing leaves the relation that made it.
    rows: list[tuple[Coordinate, Vector, Vector]] = []
    relations: list[Vector] = []
    for position, vector in enumerate(vectors):
        left: Vector = {k: Fraction(x) for k, x in vector.items() if x}
        record: Vector = {position: Fraction(1)}
        for pivot, row, made in rows:
            factor = left.get(pivot)
            if factor:
                _subtract(left, row, factor)
                _subtract(record, made, factor)
        if left:
            pivot = min(left)
            scale = left[pivot]
            rows.append(
                (
                    pivot,
                    {k: x / scale for k, x in left.items()},
                    {k: x / scale for k, x in record.items()},
                )
            )
        else:
            relations.append(record)
    return reduced(relations)


def reduced(vectors: Iterable[Vector]) -> list[Vector]:
    """
    A basis of the span of *vectors*, in reduced echelon form.
    """
    rows: list[tuple[Coordinate, Vector]] = []
    for vector in vectors:
        left = dict(vector)
        for pivot, row in rows:
            factor = left.get(pivot)
            if factor:
                _subtract(left, row, factor)
        if not left:
            continue
        pivot = min(left)
        scale = left[pivot]
        new = {k: x / scale for k, x in left.items()}
        for index, (other, row) in enumerate(rows):
            factor = row.get(pivot)
            if factor:
                _subtract(row, new, factor)
                rows[index] = (other, row)
        rows.append((pivot, new))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def express(vector: Mapping[Coordinate, int | Fraction], basis: Sequence[Vector]) -> (
    list[Fraction] | None
):
    """
    The coefficients that make *vector* from *basis* (in reduced echelon
    form, as `reduced` gives), or None if it lies outside its span.
    """
    left: Vector = {k: Fraction(x) for k, x in vector.items() if x}
    coefficients = []
    for row in basis:
        factor = left.get(min(row), Fraction(0))
        coefficients.append(factor)
        if factor:
            _subtract(left, row, factor)
    return None if left else coefficients


def _subtract(left: Vector, row: Mapping[Coordinate, Fraction], factor: Fraction) -> None:
    for key, x in row.items():
        y = left.get(key, 0) - factor * x
        if y:
            left[key] = y
        else:
            left.pop(key, None)
