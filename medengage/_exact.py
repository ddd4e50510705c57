"""
Linear algebra for disclosure control: which combinations of withheld
values the published values determine.

Relations are found modulo a large prime, which is fast; whatever they say
is determined is then checked exactly, over the rationals. Vectors are
sparse: a mapping of coordinates to numbers, zeros left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeVar


#: A coordinate: any value that sorts among the others of its vectors (a
#: number, or a tuple of numbers and text), so that results do not depend
#: on hashing.
Coordinate = Any

#: A sparse vector: each coordinate's value, zeros left out.
Vector = dict[Coordinate, Fraction]

S = TypeVar("S")


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
            return False
        return not self.residual(vector)


def _subtract(
    left: Vector, row: Mapping[Coordinate, Fraction], factor: Fraction
) -> None:
    for key, x in row.items():
        y = left.get(key, 0) - factor * x
        if y:
            left[key] = y
        else:
            left.pop(key, None)


#: A prime larger than any count here, for working without fractions where
#: every answer is checked exactly afterwards.
PRIME = (1 << 61) - 1


def dependencies_modulo(vectors: Sequence[Mapping[int, int]]) -> list[dict[int, int]]:
    """
    A basis of the linear relations among *vectors* modulo `PRIME`, each as
    the coefficients ``c`` (by position) with ``sum(c[i] * vectors[i]) ==
    0``, in reduced echelon form: each relation has a leading position
    where it holds 1 and every other relation holds 0.

    Every relation the vectors have over the rationals holds here too (a
    chance of about one in 2**61 adds one that does not), so what is found
    with these is to be checked exactly.
    """
    rows: list[tuple[int, dict[int, int], dict[int, int]]] = []
    relations: list[dict[int, int]] = []
    for position, vector in enumerate(vectors):
        left = {k: x % PRIME for k, x in vector.items() if x % PRIME}
        record = {position: 1}
        for pivot, row, made in rows:
            factor = left.get(pivot)
            if factor:
                _subtract_modulo(left, row, factor)
                _subtract_modulo(record, made, factor)
        if left:
            pivot = min(left)
            inverse = pow(left[pivot], -1, PRIME)
            rows.append(
                (
                    pivot,
                    {k: x * inverse % PRIME for k, x in left.items()},
                    {k: x * inverse % PRIME for k, x in record.items()},
                )
            )
        else:
            relations.append(record)
    # Reduced echelon form, leading positions first.
    basis: list[tuple[int, dict[int, int]]] = []
    for relation in relations:
        left = dict(relation)
        for pivot, row in basis:
            factor = left.get(pivot)
            if factor:
                _subtract_modulo(left, row, factor)
        if not left:
            continue
        pivot = min(left)
        inverse = pow(left[pivot], -1, PRIME)
        new = {k: x * inverse % PRIME for k, x in left.items()}
        for index, (other, row) in enumerate(basis):
            factor = row.get(pivot)
            if factor:
                _subtract_modulo(row, new, factor)
                basis[index] = (other, row)
        basis.append((pivot, new))
    return [row for _, row in sorted(basis, key=lambda r: r[0])]


def modulo(x: Fraction) -> int:
    """
    *x* modulo `PRIME`.
    """
    return x.numerator * pow(x.denominator, -1, PRIME) % PRIME


def _subtract_modulo(left: dict[int, int], row: Mapping[int, int], factor: int) -> None:
    for key, x in row.items():
        y = (left.get(key, 0) - factor * x) % PRIME
        if y:
            left[key] = y
        else:
            left.pop(key, None)


class TooMany(Exception):
    """
    A search tried more than it was allowed to.
    """


def zero_one_combinations(
    basis: Sequence[Mapping[int, int]],
    size: int,
    start: S,
    join: Callable[[S, int], S | None],
    accept: Callable[[S], bool],
    limit: int,
) -> Iterator[list[int]]:
    """
    The positions (below *size*) of every nonzero vector of 0s and 1s in
    the span of *basis* (relations modulo `PRIME` in reduced echelon form)
    that *accept* takes, where *join* adds a position to a state, or gives
    None to say that no vector holding it, with those before, can be taken.

    Such a vector is fixed by what it holds at each relation's leading
    position. Relations are taken in the order of those positions, each in
    or out; once those leading before a position are decided, what the
    vector holds there is final, must be 0 or 1, and is joined.

    Raises:
        TooMany: After *limit* steps.
    """
    leads = [min(row) for row in basis]
    steps = 0

    def grow(
        k: int, combined: dict[int, int], decided: int, state: S, chosen: list[int]
    ) -> Iterator[list[int]]:
        nonlocal steps
        steps += 1
        if steps > limit:
            raise TooMany
        bound = leads[k] if k < len(basis) else size
        here = len(chosen)
        for j in sorted(j for j in combined if decided <= j < bound):
            joined = join(state, j) if combined[j] == 1 else None
            if joined is None:
                del chosen[here:]
                return
            state = joined
            chosen.append(j)
        if k == len(basis):
            if chosen and accept(state):
                yield list(chosen)
        else:
            yield from grow(k + 1, combined, bound, state, chosen)
            taken = dict(combined)
            for j, x in basis[k].items():
                if y := (taken.get(j, 0) + x) % PRIME:
                    taken[j] = y
                else:
                    del taken[j]
            yield from grow(k + 1, taken, bound, state, chosen)
        del chosen[here:]

    yield from grow(0, {}, 0, start, [])
