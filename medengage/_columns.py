"""
Answers held column by column, a byte an answer, for counting at scale.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence

import attrs

from medengage._checklists import Checklist
from medengage._scales import Value


#: Answers to one or more items, given as one code: a number, or a tuple of
#: numbers for many items.
Key = int | tuple[int, ...]

#: What turns a key into the number of the answers it stands for.
Number = Callable[[Key], int]

#: The most combinations of answers one number of a key stands for, so that
#: it fits in two bytes.
_MAX_COMBINATIONS = 1 << 16


@attrs.frozen
class AnswerColumns:
    """
    An assessment's answers held item by item: for each of its checklist's
    items, one byte a respondent, 0 where they gave no answer and ``k``
    where they gave the ``k``-th point of the item's scale.

    Attributes:
        codes: One column of codes for each item, in the checklist's order.
        values: For each item, the value each code stands for: None for 0,
            then the scale's values, lowest first.
        respondents: How many respondents the columns hold.
    """

    codes: tuple[bytes, ...]
    values: tuple[tuple[Value | None, ...], ...]
    respondents: int

    @classmethod
    def from_rows(
        cls, checklist: Checklist, rows: Sequence[tuple[Value | None, ...]]
    ) -> AnswerColumns | None:
        """
        The columns of *rows*, each one value (or None) for each of
        *checklist*'s items; None if a value is not on its item's scale.
        """
        values = item_values(checklist)
        try:
            codes = tuple(
                bytes(map(codes_of(of).__getitem__, map(operator.itemgetter(p), rows)))
                for p, of in enumerate(values)
            )
        except KeyError:
            return None
        return cls(codes, values, len(rows))

    def answered(self, positions: Iterable[int]) -> bytes:
        """
        A byte a respondent, not 0 where they answered any of the items at
        *positions*.
        """
        # No bit of one byte reaches another under "or".
        either = functools.reduce(
            operator.or_,
            (int.from_bytes(self.codes[p], "little") for p in positions),
            0,
        )
        return either.to_bytes(self.respondents, "little")

    def numbered(self, positions: Sequence[int]) -> tuple[Sequence[Key], Number | None]:
        """
        Each respondent's answers to the items at *positions* as one key,
        and the function that turns a key into the number of those answers
        (None where keys are those numbers): each item one digit, in base
        one more than its scale's points, the first item most significant.

        Keys are worked out for all respondents at once: the items are
        grouped so that each group's combinations of answers can be numbered
        in two bytes, and a group's numbers for every respondent are
        computed as one large integer, two bytes a respondent.
        """
        groups = self.group_numbers(positions)
        if len(groups) == 1:
            return groups[0][0], None
        sizes = [size for _, size in groups]

        def number(key: Key) -> int:
            total = 0
            for size, part in zip(sizes, key, strict=True):  # type: ignore[arg-type]
                total = total * size + part
            return total

        return list(zip(*(numbers for numbers, _ in groups), strict=True)), number

    def group_numbers(self, positions: Sequence[int]) -> list[tuple[array[int], int]]:
        """
        The items at *positions* in groups whose combinations of answers
        two bytes can number: for each group, which combination each
        respondent gave, and how many combinations there are.
        """
        groups = []
        start = 0
        for size in _groups([len(self.values[p]) for p in positions]):
            group = positions[start : start + size]
            start += size
            combinations = math.prod(len(self.values[p]) for p in group)
            groups.append((self._numbers(group), combinations))
        return groups

    def _numbers(self, positions: Sequence[int]) -> array[int]:
        """
        For each respondent, which combination of answers to the items at
        *positions* they gave, numbered as `combinations_of` lists them.
        """
        combinations = math.prod(len(self.values[p]) for p in positions)
        width = 1 if combinations <= 256 else 2
        # Each code widened to the width of a number, in the machine's order.
        low = 0 if sys.byteorder == "little" else width - 1
        number = 0
        for position in positions:
            wide = bytearray(width * self.respondents)
            wide[low::width] = self.codes[position]
            number = number * len(self.values[position]) + int.from_bytes(
                wide, sys.byteorder
            )
        numbers = array("B" if width == 1 else "H")
        numbers.frombytes(number.to_bytes(width * self.respondents, sys.byteorder))
        return numbers

    def column(self, position: int) -> tuple[Value | None, ...]:
        """
        Each respondent's answer to the item at *position*, None where they
        gave none.
        """
        return tuple(map(self.values[position].__getitem__, self.codes[position]))


def item_values(checklist: Checklist) -> tuple[tuple[Value | None, ...], ...]:
    """
    For each of *checklist*'s items, the values its codes stand for.
    """
    values = {scale.id: (None, *scale.values) for scale in checklist.scales}
    return tuple(values[item.scale] for item in checklist.items)


def positions_by_feature(checklist: Checklist) -> dict[str, tuple[int, ...]]:
    """
    Where the items of each of *checklist*'s features stand among its
    items, by feature id, in the checklist's order.
    """
    positions: dict[str, list[int]] = {f.id: [] for f in checklist.features}
    for position, item in enumerate(checklist.items):
        positions[item.feature].append(position)
    return {feature: tuple(where) for feature, where in positions.items()}


@functools.lru_cache(maxsize=64)
def codes_of(values: tuple[Value | None, ...]) -> dict[Value | None, int]:
    """
    The code of each of *values*: its place among them.
    """
    return {value: code for code, value in enumerate(values)}


def _groups(sizes: list[int]) -> list[int]:
    """
    How many items go into each group, in order, for items whose codes
    take *sizes* values each, so that no group has more combinations than
    two bytes can number (and there is always one group).
    """
    groups = [0]
    combinations = 1
    for size in sizes:
        if groups[-1] and combinations * size > _MAX_COMBINATIONS:
            groups.append(0)
            combinations = 1
        groups[-1] += 1
        combinations *= size
    return groups


@functools.lru_cache(maxsize=16)
def combinations_of(
    values: tuple[tuple[Value | None, ...], ...],
) -> list[tuple[Value | None, ...]]:
    """
    Every combination of answers to items taking *values*, the last item
    changing fastest: the combination numbered ``k`` is the ``k``-th.
    """
    return list(itertools.product(*values))
