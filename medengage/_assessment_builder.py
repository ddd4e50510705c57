"""
Making an assessment a respondent, or a batch of columns, at a time, so
that a survey of hundreds of thousands of respondents never exists as
objects, one per respondent.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Mapping, Sequence

from medengage import _validation as v
from medengage._assessments import MAX_LISTED_PROBLEMS, Assessment
from medengage._checklists import Checklist
from medengage._columns import AnswerColumns, codes_of
from medengage._numbers import numbered_codes
from medengage._respondent_table import IdText, Respondents
from medengage._respondents import attribute_problems
from medengage._scales import Value
from medengage.errors import Problem, ValidationError


#: A line of nothing but spaces, in ids joined a line each.
_BLANK_LINE = re.compile(r"^[^\S\n]+$", re.MULTILINE)


class AssessmentBuilder:
    """
    Makes an `Assessment` from respondents added one at a time (`add`) or
    in batches of columns (`add_columns`), holding only what the
    assessment will hold: a byte an answer, each attribute as a number a
    respondent, and the ids.

    Every value is checked as it is added, and every problem found is kept
    (at most `MAX_LISTED_PROBLEMS` listed, the rest counted) until `build`
    raises them all at once, each at ``respondents[i]...`` as the
    assessment would name it.

    Args:
        checklist: The checklist answered.
        trust: The ODS code of the trust assessed.
        date: When the assessment closed.
        title: A short name for the assessment.
    """

    def __init__(
        self, checklist: Checklist, *, trust: str, date: dt.date, title: str = ""
    ) -> None:
        if not isinstance(checklist, Checklist):
            raise ValidationError.single(
                "checklist", f"expected a Checklist, found {checklist!r}"
            )
        self._checklist = checklist
        self._trust = trust
        self._date = date
        self._title = title
        self._values = tuple(
            (None, *checklist.scale_of(item).values) for item in checklist.items
        )
        self._codes = [bytearray() for _ in checklist.items]
        self._ids: list[str] = []
        self._id_text: IdText | None = None
        self._count = 0
        self._seen: set[str] = set()
        self._attributes: dict[str, tuple[dict[str, int], array[int]]] = {}
        self._problems: list[Problem] = []
        self._unlisted = 0

    def __len__(self) -> int:
        return self._count

    def add(
        self,
        id: str,
        answers: Mapping[str, Value | None],
        attributes: Mapping[str, str] | None = None,
    ) -> None:
        """
        Add a respondent: their *id*, their *answers* by item id (items
        left out, or None, not answered) and their *attributes*.
        """
        self._held_ids()
        index = self._count
        self._add_id(index, id)
        positions = self._checklist.answer_layout.index
        row: list[int] = [0] * len(self._codes)
        for item, value in answers.items():
            position = positions.get(item)
            if position is None:
                self._problem(
                    f"respondents[{index}].answers.{item}", self._unknown_item(item)
                )
            elif value is not None:
                code = _code(self._values[position], value)
                if code is None:
                    self._problem(
                        f"respondents[{index}].answers.{item}",
                        self._off_scale(position, value),
                    )
                else:
                    row[position] = code
        for column, code in zip(self._codes, row, strict=True):
            column.append(code)
        for name, given in (attributes or {}).items():
            self._add_attribute(name, index, (given,))

    def add_columns(
        self,
        ids: Sequence[str],
        answers: Mapping[str, Sequence[Value | None]],
        attributes: Mapping[str, Sequence[str | None]] | None = None,
    ) -> None:
        """
        Add a batch of respondents as columns: their *ids*, a column of
        answers for each item answered (None where not), and a column of
        values for each attribute (None where not given).
        """
        self._held_ids()
        first = self._count
        if not self._add_ids(ids):
            for offset, id in enumerate(ids):
                self._add_id(first + offset, id)
        self._add_answer_columns(first, len(ids), answers, attributes)

    def _add_checked_columns(
        self,
        ids: IdText,
        answers: Mapping[str, Sequence[Value | None]],
        attributes: Mapping[str, Sequence[str | None]] | None = None,
    ) -> None:
        """
        `add_columns`, with *ids* already checked (none blank, repeated or
        holding a character an id may not) and given as one text.
        """
        if self._count:
            self.add_columns(ids.ids(), answers, attributes)
            return
        self._id_text = ids
        self._count = len(ids.ends)
        self._add_answer_columns(0, self._count, answers, attributes)

    def _held_ids(self) -> None:
        """
        Hold the ids given as one text one by one, as more are added.
        """
        if self._id_text is not None:
            self._ids = self._id_text.ids()
            self._seen = set(self._ids)
            self._id_text = None

    def _add_answer_columns(
        self,
        first: int,
        count: int,
        answers: Mapping[str, Sequence[Value | None]],
        attributes: Mapping[str, Sequence[str | None]] | None,
    ) -> None:
        positions = self._checklist.answer_layout.index
        coded: dict[int, bytes] = {}
        for item, column in answers.items():
            position = positions.get(item)
            if position is None:
                self._problem(f"answers.{item}", self._unknown_item(item))
            elif len(column) != count:
                self._problem(f"answers.{item}", _length(column, count))
            else:
                coded[position] = self._coded(first, position, column)
        for position, codes in enumerate(self._codes):
            codes.extend(coded.get(position) or bytes(count))
        for name, values in (attributes or {}).items():
            if len(values) != count:
                self._problem(f"attributes.{name}", _length(values, count))
                values = (None,) * count
            self._add_attribute(name, first, values)

    def build(self) -> Assessment:
        """
        The assessment of every respondent added.

        Raises:
            medengage.ValidationError: Listing every problem found.
        """
        problems = self._problems
        if self._unlisted:
            problems = [
                *problems,
                Problem(
                    "respondents", f"{self._unlisted} more problems like those above"
                ),
            ]
        v.raise_problems(problems)
        count = self._count
        columns = AnswerColumns(tuple(map(bytes, self._codes)), self._values, count)
        names = tuple(name for name, (known, _) in self._attributes.items() if known)
        table = Respondents.encoded(
            self._checklist,
            self._ids if self._id_text is None else self._id_text,
            names,
            tuple(tuple(self._attributes[name][0]) for name in names),
            tuple(_padded(self._attributes[name][1], count) for name in names),
            columns,
        )
        return Assessment(
            checklist=self._checklist,
            trust=self._trust,
            date=self._date,
            respondents=table,
            title=self._title,
        )

    def _add_ids(self, ids: Sequence[str]) -> bool:
        """
        Add *ids*, all at once, if none has a problem; whether they were.
        """
        seen = self._seen
        joined = "\n".join(ids) if set(map(type, ids)) <= {str} else None
        if (
            joined is None
            or "" in ids
            or v.bad_character(joined.replace("\n", ""), multiline=False)
            or _BLANK_LINE.search(joined)
        ):
            return False
        fresh = set(ids)
        if len(fresh) != len(ids) or not seen.isdisjoint(fresh):
            return False
        seen |= fresh
        self._ids.extend(ids)
        self._count += len(ids)
        return True

    def _add_id(self, index: int, id: str) -> None:
        where = f"respondents[{index}].id"
        if not isinstance(id, str) or not id.strip():
            self._problem(where, f"{id!r} is not a valid id: give non-blank text")
        elif (bad := v.bad_character(id, multiline=False)) is not None:
            self._problem(where, f"{id!r} contains {bad}")
        elif id in self._seen:
            self._problem(
                where,
                f"duplicate respondent id {id!r}: respondents[{self._ids.index(id)}] "
                "has it already",
            )
        else:
            self._seen.add(id)
        self._ids.append(id if isinstance(id, str) else "")
        self._count += 1

    def _coded(
        self, first: int, position: int, column: Sequence[Value | None]
    ) -> bytes:
        values = self._values[position]
        fast = numbered_codes(column, values)
        if fast is not None:
            return fast
        if hasattr(column, "tolist"):
            # An array marks no answer as NaN.
            column = [None if x != x else x for x in column.tolist()]
        if set(map(type, column)) <= {int, float, type(None)}:
            try:
                return bytes(map(codes_of(values).__getitem__, column))
            except KeyError:
                pass
        codes = bytearray(len(column))
        for offset, value in enumerate(column):
            if value is None:
                continue
            code = _code(values, value)
            if code is None:
                self._problem(
                    f"respondents[{first + offset}]"
                    f".answers.{self._checklist.items[position].id}",
                    self._off_scale(position, value),
                )
            else:
                codes[offset] = code
        return bytes(codes)

    def _add_attribute(
        self, name: str, first: int, values: Sequence[str | None]
    ) -> None:
        known = self._attributes.get(name)
        if known is None:
            if not isinstance(name, str) or not v.is_identifier(name):
                self._problem("attributes", f"{name!r} is not a valid attribute name")
                return
            known = self._attributes[name] = ({}, array("I"))
        codes, column = known
        if len(column) < first:
            column.extend(array("I", bytes(4 * (first - len(column)))))
        # Each distinct value is checked once, in order of first appearance.
        code_of: dict[str | None, int] = {None: 0}
        bad: dict[str, str] = {}
        for value in dict.fromkeys(values):
            if value is None:
                continue
            code = codes.get(value)
            if code is None:
                found = attribute_problems({name: value})
                if found:
                    bad[value] = found[0].message
                    continue
                code = codes[value] = len(codes) + 1
            code_of[value] = code
        if bad:
            for offset, value in enumerate(values):
                if value in bad:
                    self._problem(
                        f"respondents[{first + offset}].attributes.{name}",
                        bad[value],
                    )
        for value in bad:
            code_of[value] = 0
        column.extend(map(code_of.__getitem__, values))

    def _problem(self, path: str, message: str) -> None:
        if len(self._problems) < MAX_LISTED_PROBLEMS:
            self._problems.append(Problem(path, message))
        else:
            self._unlisted += 1

    def _unknown_item(self, item: str) -> str:
        checklist = self._checklist
        return (
            f"no item {item!r} in checklist {checklist.id!r} "
            f"version {checklist.version}"
        )

    def _off_scale(self, position: int, value: object) -> str:
        checklist = self._checklist
        scale = checklist.scale_of(checklist.items[position])
        return (
            f"{value!r} is not on scale {scale.id!r}: answer one of "
            f"{scale.describe_values()}, or None for no answer"
        )


def _code(values: tuple[Value | None, ...], value: object) -> int | None:
    """
    The code of *value* among *values*, or None if it is not one of them.
    """
    if not v.is_number(value):
        return None
    return codes_of(values).get(value)  # type: ignore[call-overload, no-any-return]


def _padded(column: array[int], count: int) -> array[int]:
    if len(column) < count:
        column.extend(array("I", bytes(4 * (count - len(column)))))
    return column


def _length(column: Sequence[object], count: int) -> str:
    return f"has {len(column)} values for {count} respondents: give one each"
