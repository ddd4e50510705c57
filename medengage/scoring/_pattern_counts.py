"""
Pattern counts: how many respondents gave each pattern of one feature, by
the pattern's number, held so that adding the counts of many parts costs
little more than counting the whole.
"""

from __future__ import annotations

import operator
import sys
from array import array
from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from itertools import chain, compress
from typing import Any, NamedTuple

from medengage._numbers import numpy_if_worth


class PatternCounts(Mapping[int, int]):
    """
    How many respondents gave each pattern of one feature, by its number: a
    read-only mapping from pattern number to count, with no zero counts.

    Most respondents give the same states for every feature, so their
    patterns differ only in their answers: their counts are held as one
    count for every combination of answers (``dense``), the rest by number
    (``sparse``). Counts of disjoint parts add up with `sum_of`.
    """

    __slots__ = ("_base", "_dense", "_filled", "_given", "_hash", "_sparse")

    _base: int
    _given: int
    _dense: memoryview
    _filled: int | None
    _sparse: dict[int, int]
    _hash: int | None

    def __init__(
        self,
        counts: Mapping[int, int] | None = None,
        *,
        base: int = 1,
        given: int = 0,
        dense: Iterable[int] | bytes = (),
    ) -> None:
        """
        Count *counts*, by pattern number, and, for each number ``k`` of a
        combination of answers, ``dense[k]`` respondents who gave the
        pattern numbered ``k * base + given``; *dense* may be given packed,
        as 64-bit integers in the machine's byte order.
        """
        held = _packed(dense)
        sparse: dict[int, int] = {}
        moved: dict[int, int] = {}
        for number, count in (counts or {}).items():
            answers, states = divmod(number, base)
            if states == given and answers < len(held):
                moved[answers] = moved.get(answers, 0) + count
            elif count:
                sparse[number] = sparse.get(number, 0) + count
        if moved:
            added = array("q", held)
            for answers, count in moved.items():
                added[answers] += count
            held = _packed(added.tobytes())
        self._base = base
        self._given = given
        self._dense = held
        self._filled = None
        self._sparse = sparse
        self._hash = None

    @classmethod
    def sum_of(cls, parts: Iterable[PatternCounts]) -> PatternCounts:
        """
        The counts of the parts *parts* count, added.
        """
        parts = list(parts)
        layouts = [(len(p._dense), p._base, p._given) for p in parts if p._dense]
        if not layouts:
            return cls(_added(p._sparse for p in parts))
        # The widest dense counts take the others' alike.
        length, base, given = max(layouts)
        alike = [p._dense for p in parts if (p._base, p._given) == (base, given)]
        others = [
            dict(p._dense_items())
            for p in parts
            if p._dense and (p._base, p._given) != (base, given)
        ]
        others += [p._sparse for p in parts]
        return cls(_added(others), base=base, given=given, dense=_summed(alike, length))

    def arrays(self, numpy: Any) -> tuple[Any, Any]:
        """
        The numbers of the patterns counted, and their counts, as two numpy
        arrays of 64-bit integers, in the order the mapping gives them.
        """
        dense = numpy.frombuffer(self._dense, dtype="int64")
        answered = numpy.flatnonzero(dense)
        numbers = numpy.fromiter(self._sparse, dtype="int64", count=len(self._sparse))
        counts = numpy.fromiter(
            self._sparse.values(), dtype="int64", count=len(self._sparse)
        )
        return (
            numpy.concatenate([answered * self._base + self._given, numbers]),
            numpy.concatenate([dense[answered], counts]),
        )

    def _dense_items(self) -> Iterator[tuple[int, int]]:
        numbers = compress(range(len(self._dense)), self._dense)
        counts = filter(None, self._dense)
        return zip((n * self._base + self._given for n in numbers), counts, strict=True)

    def __getitem__(self, number: int) -> int:
        answers, given = divmod(number, self._base)
        if given == self._given and 0 <= answers < len(self._dense):
            if count := self._dense[answers]:
                return count
            raise KeyError(number)
        return self._sparse[number]

    def __iter__(self) -> Iterator[int]:
        return (number for number, _ in self._items())

    def _items(self) -> Iterator[tuple[int, int]]:
        yield from self._dense_items()
        yield from self._sparse.items()

    def items(self) -> ItemsView[int, int]:
        return _Items(self)

    def values(self) -> ValuesView[int]:
        return _Values(self)

    def __len__(self) -> int:
        if self._filled is None:
            self._filled = len(self._dense) - self._dense.tolist().count(0)
        return self._filled + len(self._sparse)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return len(self) == len(other) and dict(self._items()) == dict(
                other.items()
            )
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items()))
        return self._hash

    def __repr__(self) -> str:
        return f"PatternCounts({dict(self._items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuilt,
            (
                self._sparse,
                self._base,
                self._given,
                self._dense.tobytes(),
                sys.byteorder,
            ),
        )


class _Items(ItemsView[int, int]):
    _mapping: PatternCounts

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return self._mapping._items()


class _Values(ValuesView[int]):
    _mapping: PatternCounts

    def __iter__(self) -> Iterator[int]:
        counts = self._mapping
        return chain(filter(None, counts._dense), counts._sparse.values())


def counts_by_layout(
    counts: PatternCounts,
) -> tuple[memoryview, int, Mapping[int, int]]:
    """
    How *counts* holds its counts: the dense counts, by number of a
    combination of answers; what a pattern's number is divided by to give
    its combination's; and the other counts, by pattern number.
    """
    return counts._dense, counts._base, counts._sparse


def counts_by_remainder(counts: Mapping[int, int], base: int) -> dict[int, int]:
    """
    How many respondents *counts* counts for each remainder of a pattern's
    number divided by *base*.
    """
    by_remainder: dict[int, int] = {}
    others: Iterable[tuple[int, int]] = counts.items()
    if isinstance(counts, PatternCounts) and counts._base % base == 0:
        # Every dense count's pattern leaves the same remainder.
        if total := sum(counts._dense):
            by_remainder[counts._given % base] = total
        others = counts._sparse.items()
    for number, count in others:
        remainder = number % base
        by_remainder[remainder] = by_remainder.get(remainder, 0) + count
    return by_remainder


def _rebuilt(
    sparse: dict[int, int], base: int, given: int, dense: bytes, byteorder: str
) -> PatternCounts:
    if byteorder != sys.byteorder:
        swapped = array("q", dense)
        swapped.byteswap()
        dense = swapped.tobytes()
    return PatternCounts(sparse, base=base, given=given, dense=dense)


class Adopted(NamedTuple):
    """
    Dense counts held as they are, not copied: a numpy array of 64-bit
    integers, made read-only, that nothing else holds.

    Attributes:
        counts: The array.
    """

    counts: Any


def _packed(counts: Iterable[int] | bytes | Adopted) -> memoryview:
    """
    *counts* as a read-only view of 64-bit integers.
    """
    if isinstance(counts, Adopted):
        counts.counts.flags.writeable = False
        return memoryview(counts.counts).cast("B").cast("q")
    if not isinstance(counts, bytes):
        counts = array("q", counts).tobytes()
    return memoryview(counts).cast("q")


def _summed(parts: list[memoryview], length: int) -> bytes:
    """
    The packed counts *parts* hold, added place by place, *length* long.
    """
    numpy = numpy_if_worth(length * len(parts), _SUMMED_WITH_NUMPY_FROM)
    if numpy is not None:
        total = numpy.zeros(length, dtype="int64")
        for part in parts:
            total[: len(part)] += numpy.frombuffer(part, dtype="int64")
        packed: bytes = total.tobytes()
        return packed
    added = array("q", bytes(8 * length))
    for part in parts:
        added[: len(part)] = array("q", map(operator.add, added[: len(part)], part))
    return added.tobytes()


#: How many counts, in all, are added with numpy where it is importable.
_SUMMED_WITH_NUMPY_FROM = 4096


def _added(parts: Iterable[Mapping[int, int]]) -> dict[int, int]:
    total: dict[int, int] = {}
    get = total.get
    for part in parts:
        for number, count in part.items():
            total[number] = get(number, 0) + count
    return total
