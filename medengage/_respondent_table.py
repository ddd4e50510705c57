"""
An assessment's respondents held as columns: ids, attributes and answers,
each `Respondent` made only when asked for.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, overload

from medengage._answers import Answers
from medengage._checklists import Checklist
from medengage._columns import AnswerColumns
from medengage._frozen import FrozenMap
from medengage._respondents import Respondent


class IdText(NamedTuple):
    """
    Respondents' ids as one text.

    Attributes:
        text: Every id, one after another.
        ends: Where in *text* each id ends.
    """

    text: str
    ends: array[int]

    @classmethod
    def of(cls, ids: Sequence[str]) -> IdText:
        """
        *ids* as one text.
        """
        text = "".join(ids)
        return cls(
            text, array(id_typecode(len(text)), itertools.accumulate(map(len, ids)))
        )

    def ids(self) -> list[str]:
        """
        Each id, in order.
        """
        return list(_split(self.text, self.ends))


def _split(text: str, ends: Sequence[int]) -> Iterator[str]:
    """
    The parts of *text* that end at *ends*, in order.
    """
    return map(text.__getitem__, map(slice, itertools.chain((0,), ends), ends))


def id_typecode(length: int) -> str:
    """
    The array typecode of where ids end in a text of *length* characters.
    """
    return "I" if length < 1 << 32 else "Q"


class Respondents(Sequence[Respondent]):
    """
    The respondents of an assessment, in order, read-only.

    They are held column by column: every id in one text, each attribute
    as a small code a respondent, and the answers a byte each (see
    `AnswerColumns`). A `Respondent` is made when one is asked for, by
    index or by iterating, and is equal to the one the assessment was made
    with.

    A slice is a tuple of respondents.
    """

    __slots__ = (
        "_attribute_codes",
        "_attribute_names",
        "_attribute_values",
        "_by_id",
        "_checklist",
        "_columns",
        "_hash",
        "_id_ends",
        "_id_text",
    )

    _id_text: str
    _id_ends: memoryview
    _attribute_names: tuple[str, ...]
    _attribute_values: tuple[tuple[str, ...], ...]
    _attribute_codes: tuple[memoryview, ...]
    _columns: AnswerColumns
    _checklist: Checklist
    _by_id: dict[str, int] | None
    _hash: int | None

    def __init__(
        self,
        checklist: Checklist,
        ids: Sequence[str],
        attributes: Mapping[str, Sequence[str | None]],
        columns: AnswerColumns,
    ) -> None:
        """
        Respondents with *ids*, the *attributes* each gave (a column of
        values, None where not given, for each attribute name) and the
        answer *columns*, all already checked.
        """
        names = []
        values = []
        codes = []
        for name, column in attributes.items():
            coded, distinct = _encoded(column)
            if distinct:
                names.append(name)
                values.append(distinct)
                codes.append(coded)
        made = Respondents.encoded(
            checklist, ids, tuple(names), tuple(values), tuple(codes), columns
        )
        self._set(*made._parts())

    def _parts(
        self,
    ) -> tuple[
        Checklist,
        str,
        memoryview,
        tuple[str, ...],
        tuple[tuple[str, ...], ...],
        tuple[memoryview, ...],
        AnswerColumns,
    ]:
        return (
            self._checklist,
            self._id_text,
            self._id_ends,
            self._attribute_names,
            self._attribute_values,
            self._attribute_codes,
            self._columns,
        )

    @classmethod
    def encoded(
        cls,
        checklist: Checklist,
        ids: Sequence[str] | IdText,
        names: tuple[str, ...],
        values: tuple[tuple[str, ...], ...],
        codes: tuple[array[int], ...],
        columns: AnswerColumns,
    ) -> Respondents:
        """
        Respondents from columns already checked and coded: *ids*, one a
        respondent or as one text; for each attribute of *names*, its
        distinct *values* in order of first appearance, and a code a
        respondent (0 where not given, ``k`` for the ``k``-th value).
        """
        respondents = cls.__new__(cls)
        text, ends = ids if isinstance(ids, IdText) else IdText.of(ids)
        respondents._set(
            checklist,
            text,
            _read_only(ends),
            names,
            values,
            tuple(
                _read_only(_narrowed(column, len(known)))
                for column, known in zip(codes, values, strict=True)
            ),
            columns,
        )
        return respondents

    def _set(
        self,
        checklist: Checklist,
        text: str,
        ends: memoryview,
        names: tuple[str, ...],
        values: tuple[tuple[str, ...], ...],
        codes: tuple[memoryview, ...],
        columns: AnswerColumns,
    ) -> None:
        object.__setattr__(self, "_checklist", checklist)
        object.__setattr__(self, "_id_text", text)
        object.__setattr__(self, "_id_ends", ends)
        object.__setattr__(self, "_attribute_names", names)
        object.__setattr__(self, "_attribute_values", values)
        object.__setattr__(self, "_attribute_codes", codes)
        object.__setattr__(self, "_columns", columns)
        object.__setattr__(self, "_by_id", None)
        object.__setattr__(self, "_hash", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"respondents are read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"respondents are read-only: cannot delete {name}")

    def answers_checklist(self, checklist: Checklist) -> bool:
        """
        Whether these are answers to *checklist*.
        """
        return self._checklist is checklist or self._checklist == checklist

    @property
    def columns(self) -> AnswerColumns:
        """
        The answers, item by item.
        """
        return self._columns

    @property
    def attribute_names(self) -> tuple[str, ...]:
        """
        The names of the attributes any respondent gave, in the order they
        first appear.
        """
        return self._attribute_names

    def attribute(self, name: str) -> tuple[str | None, ...]:
        """
        Each respondent's value of the attribute *name*, None where they
        did not give it (or nobody did).
        """
        try:
            where = self._attribute_names.index(name)
        except ValueError:
            return (None,) * len(self)
        values = (None, *self._attribute_values[where])
        return tuple(map(values.__getitem__, self._attribute_codes[where]))

    def attribute_counts(self) -> dict[str, int]:
        """
        How many respondents gave each attribute that any gave, by name, in
        the order they first appear.
        """
        counts = {
            name: len(codes) - codes.tolist().count(0)
            for name, codes in zip(
                self._attribute_names, self._attribute_codes, strict=True
            )
        }
        return {name: count for name, count in counts.items() if count}

    def attribute_codes(self, name: str) -> tuple[memoryview, tuple[str | None, ...]]:
        """
        Each respondent's value of the attribute *name* as a code, and the
        value each code stands for (code 0, None, where none was given).
        """
        where = self._attribute_names.index(name)
        return self._attribute_codes[where], (None, *self._attribute_values[where])

    def id(self, index: int) -> str:
        """
        The id of the respondent at *index*.
        """
        ends = self._id_ends
        index = range(len(ends))[index]
        return self._id_text[ends[index - 1] if index else 0 : ends[index]]

    @property
    def ids(self) -> tuple[str, ...]:
        """
        Every respondent's id, in order.
        """
        return tuple(_split(self._id_text, self._id_ends))

    def index_of(self, id: str) -> int:
        """
        Where the respondent with *id* stands.

        Raises:
            KeyError: If no respondent has that id.
        """
        if self._by_id is None:
            object.__setattr__(self, "_by_id", {id: n for n, id in enumerate(self.ids)})
        assert self._by_id is not None
        return self._by_id[id]

    def __len__(self) -> int:
        return len(self._id_ends)

    @overload
    def __getitem__(self, index: int) -> Respondent: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Respondent, ...]: ...

    def __getitem__(self, index: int | slice) -> Respondent | tuple[Respondent, ...]:
        if isinstance(index, slice):
            return tuple(self[n] for n in range(len(self))[index])
        index = range(len(self))[index]
        checklist = self._checklist
        row = tuple(
            values[codes[index]]
            for codes, values in zip(
                self._columns.codes, self._columns.values, strict=True
            )
        )
        return _respondent(
            self.id(index),
            self._attributes_of(index),
            Answers.aligned(checklist.answer_layout, row),
        )

    def __iter__(self) -> Iterator[Respondent]:
        layout = self._checklist.answer_layout
        columns = self._columns
        answers = [
            map(values.__getitem__, codes)
            for codes, values in zip(columns.codes, columns.values, strict=True)
        ]
        rows = zip(*answers, strict=True) if answers else itertools.repeat(())
        shared: dict[tuple[int, ...], FrozenMap[str, str]] = {}
        for id, codes, row in zip(self.ids, self._attribute_rows(), rows, strict=False):
            attributes = shared.get(codes)
            if attributes is None:
                attributes = shared[codes] = self._attributes_from(codes)
            yield _respondent(id, attributes, Answers.aligned(layout, row))

    def _attribute_rows(self) -> Iterator[tuple[int, ...]]:
        if not self._attribute_codes:
            return itertools.repeat((), len(self))
        return zip(*self._attribute_codes, strict=True)

    def _attributes_of(self, index: int) -> FrozenMap[str, str]:
        return self._attributes_from(
            tuple(codes[index] for codes in self._attribute_codes)
        )

    def _attributes_from(self, codes: tuple[int, ...]) -> FrozenMap[str, str]:
        return FrozenMap(
            {
                name: values[code - 1]
                for name, values, code in zip(
                    self._attribute_names, self._attribute_values, codes, strict=True
                )
                if code
            }
        )

    def _key(self) -> tuple[Any, ...]:
        # The attributes in order of their names: respondents alike are
        # equal whichever attribute each gave first.
        attributes = sorted(
            zip(
                self._attribute_names,
                self._attribute_values,
                (codes.tobytes() for codes in self._attribute_codes),
                strict=True,
            )
        )
        return (
            self._id_text,
            self._id_ends.tobytes(),
            tuple(attributes),
            self._columns.codes,
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Respondents):
            return self._checklist.item_ids == other._checklist.item_ids and (
                self._key() == other._key()
            )
        if isinstance(other, tuple):
            return len(other) == len(self) and all(map(operator.eq, self, other))
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(self._key()))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        return f"Respondents({len(self)} respondents)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuilt,
            (
                self._checklist,
                self._id_text,
                _bytes(self._id_ends),
                self._attribute_names,
                self._attribute_values,
                tuple(map(_bytes, self._attribute_codes)),
                self._columns,
            ),
        )


def _rebuilt(
    checklist: Checklist,
    text: str,
    ends: tuple[bytes, str],
    names: tuple[str, ...],
    values: tuple[tuple[str, ...], ...],
    codes: tuple[tuple[bytes, str], ...],
    columns: AnswerColumns,
) -> Respondents:
    respondents = Respondents.__new__(Respondents)
    respondents._set(
        checklist,
        text,
        _from_bytes(*ends),
        names,
        values,
        tuple(_from_bytes(*column) for column in codes),
        columns,
    )
    return respondents


def _read_only(numbers: array[int]) -> memoryview:
    """
    *numbers*, as a read-only view.
    """
    return _from_bytes(numbers.tobytes(), numbers.typecode)


def _bytes(view: memoryview) -> tuple[bytes, str]:
    return view.tobytes(), view.format


def _from_bytes(data: bytes, format: str) -> memoryview:
    view: memoryview = memoryview(data).cast(format)  # type: ignore[call-overload]
    return view


def _encoded(column: Iterable[str | None]) -> tuple[array[int], tuple[str, ...]]:
    """
    *column* as codes (0 for None, ``k`` for the ``k``-th distinct value in
    order of first appearance) and its distinct values.
    """
    known: dict[str | None, int] = {None: 0}
    codes = array("I", (known.setdefault(value, len(known)) for value in column))
    return codes, tuple(value for value in known if value is not None)


def _narrowed(codes: array[int], distinct: int) -> array[int]:
    """
    *codes*, each at most *distinct*, in as few bytes as hold them.
    """
    typecode = code_typecode(distinct)
    return codes if codes.typecode == typecode else array(typecode, codes)


def code_typecode(distinct: int) -> str:
    """
    The array typecode of the fewest bytes that hold codes up to
    *distinct*.
    """
    return "B" if distinct < 0xFF else "H" if distinct < 0xFFFF else "I"


def _respondent(
    id: str, attributes: FrozenMap[str, str], answers: Answers
) -> Respondent:
    """
    A respondent from parts already checked.
    """
    respondent = Respondent.__new__(Respondent)
    object.__setattr__(respondent, "id", id)
    object.__setattr__(respondent, "attributes", attributes)
    object.__setattr__(respondent, "answers", answers)
    return respondent
