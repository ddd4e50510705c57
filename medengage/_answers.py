"""
A respondent's answers, item by item.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from medengage import _validation as v
from medengage._scales import Value
from medengage.errors import Problem


class Answers(Mapping[str, Value]):
    """
    A respondent's answers: a read-only mapping of item id to the value
    answered, holding only the items answered.

    Answers in one assessment share the order of their checklist's items
    and keep one value a slot, so that a survey of many thousands of
    respondents stays small in memory.

    Args:
        answers: Item id to value; None marks an item not answered.
    """

    __slots__ = ("_hash", "_layout", "_values")

    _layout: Layout
    _values: tuple[Value | None, ...]
    _hash: int | None

    def __init__(self, answers: Mapping[str, Value | None] | None = None) -> None:
        answers = dict(answers or {})
        problems = []
        for item, value in answers.items():
            if not isinstance(item, str) or not v.is_identifier(item):
                problems.append(Problem("answers", f"{item!r} is not a valid item id"))
            elif value is not None and not v.is_number(value):
                problems.append(
                    Problem(
                        f"answers.{item}",
                        f"{value!r} is not a number: answer with a value of "
                        "the item's scale, or None for no answer",
                    )
                )
        v.raise_problems(problems)
        self._layout = layout(tuple(answers))
        self._values = tuple(answers.values())
        self._hash = None

    @classmethod
    def aligned(cls, layout: Layout, values: tuple[Value | None, ...]) -> Answers:
        """
        Answers given as one value (or None) for each item of *layout*.

        The values are trusted as they are: an `Assessment` checks them
        against its checklist.
        """
        answers = cls.__new__(cls)
        answers._layout = layout
        answers._values = values
        answers._hash = None
        return answers

    def realigned(self, target: Layout) -> tuple[Answers, list[str]]:
        """
        These answers laid out as *target*, and the items answered that
        *target* lacks.
        """
        if self._layout is target:
            return self, []
        if self._layout.items == target.items:
            return Answers.aligned(target, self._values), []
        values: list[Value | None] = [None] * len(target.items)
        unknown = []
        for item, value in self.items():
            position = target._positions.get(item)
            if position is None:
                unknown.append(item)
            else:
                values[position] = value
        return Answers.aligned(target, tuple(values)), unknown

    @property
    def layout(self) -> Layout:
        """
        The items these answers have a slot for, in order.
        """
        return self._layout

    @property
    def row(self) -> tuple[Value | None, ...]:
        """
        One value (or None) for each item of `layout`, in order.
        """
        return self._values

    def __getitem__(self, item: str) -> Value:
        position = self._layout._positions.get(item)
        if position is None:
            raise KeyError(item)
        value = self._values[position]
        if value is None:
            raise KeyError(item)
        return value

    def __iter__(self) -> Iterator[str]:
        return (
            item
            for item, value in zip(self._layout.items, self._values, strict=True)
            if value is not None
        )

    def __len__(self) -> int:
        return len(self._values) - self._values.count(None)

    def __contains__(self, item: object) -> bool:
        position = self._layout._positions.get(item)  # type: ignore[call-overload]
        return position is not None and self._values[position] is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answers) and other._layout is self._layout:
            return self._values == other._values
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"Answers({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Answers.aligned, (self._layout, self._values))


def to_answers(answers: Answers | Mapping[str, Value | None]) -> Answers:
    """
    *answers* as `Answers`, reusing them if they already are.
    """
    if isinstance(answers, Answers):
        return answers
    return Answers(answers)


class Layout:
    """
    The item ids a row of answers has slots for, shared by every row laid
    out the same way, and so read-only.

    Attributes:
        items: The item ids, in order.
        index: Each item id's position, as a read-only mapping.
    """

    __slots__ = ("_index", "_items", "_positions")

    _positions: dict[str, int]
    _index: Mapping[str, int]
    _items: tuple[str, ...]

    def __init__(self, items: tuple[str, ...]) -> None:
        positions = {item: position for position, item in enumerate(items)}
        object.__setattr__(self, "_positions", positions)
        object.__setattr__(self, "_index", MappingProxyType(positions))
        object.__setattr__(self, "_items", items)

    @property
    def items(self) -> tuple[str, ...]:
        return self._items

    @property
    def index(self) -> Mapping[str, int]:
        return self._index

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a layout is shared, and read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a layout is shared, and read-only: cannot delete {name}")

    def __repr__(self) -> str:
        return f"Layout({self.items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickled, a layout is shared again with every other of its items.
        return (layout, (self.items,))


@functools.lru_cache(maxsize=1024)
def layout(items: tuple[str, ...]) -> Layout:
    """
    The shared layout for *items*.
    """
    return Layout(items)
