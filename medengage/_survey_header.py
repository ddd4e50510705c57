"""
The header of a survey export: what each column holds, and how a column of
an item's answers is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from medengage._answers import Answers
from medengage._checklists import Checklist
from medengage._column_matching import MAX_CHECKED, ColumnMapping, Matcher
from medengage._column_wording import folded
from medengage._export_cells import MISSING, answer_in_cell
from medengage._export_problems import ExportProblems
from medengage._scales import ResponseScale, Value
from medengage.errors import NotADocumentError, ValidationError


#: How many distinct cells of a column are remembered as read, so that a
#: column of a handful of answers is read a handful of times however long
#: it is, and a column of all different cells does not fill memory.
REMEMBERED = 1024

#: What a reader does with a column that holds no item, ids or attribute.
Unmatched = Literal["refuse", "ignore"]


class Column:
    """
    A column of an item's answers.

    Attributes:
        position: The column's position.
        header: The column's header, as the export gives it.
        item: The item's id.
        place: The item's place in the checklist.
        scale: The item's scale.
        no_answer: The labels that are no answer, as `folded` gives them.
        known: The value of each cell read so far (None for no answer, or
            `UNREAD`), up to `REMEMBERED` cells.
    """

    def __init__(
        self,
        position: int,
        header: str,
        item: str,
        place: int,
        scale: ResponseScale,
        no_answer: frozenset[str],
    ):
        self.position = position
        self.header = header
        self.item = item
        self.place = place
        self.scale = scale
        self.no_answer = no_answer | {folded(label) for label in scale.no_answer}
        self.known: dict[str, Value | Unread | None] = {}

    def values(self, cells: Sequence[str]) -> tuple[dict[str, Value | None], set[str]]:
        """
        The value of each distinct cell of *cells* (None where there is no
        answer), and the cells that hold no answer of the scale.
        """
        read: dict[str, Value | None] = {}
        unread = set()
        for cell in set(cells):
            if cell in self.known:
                value = self.known[cell]
            else:
                value = self._read(cell)
                if len(self.known) < REMEMBERED:
                    self.known[cell] = value
            if isinstance(value, Unread):
                unread.add(cell)
                read[cell] = None
            else:
                read[cell] = value
        return read, unread

    def problem(self, cell: str) -> str:
        scale = self.scale
        return (
            f"{cell.strip()!r} is not on scale {scale.id!r}: write one of "
            f"{scale.describe_values()}, or a point's label "
            f"({', '.join(repr(p.label) for p in scale.points)}), "
            "or leave the cell empty; declare a label that is no answer, "
            'like "Don\'t know", with no_answer='
        )

    def _read(self, cell: str) -> Value | Unread | None:
        cell = cell.strip()
        if cell in MISSING:
            return None
        value = answer_in_cell(cell, self.scale)
        if value is None:
            return None if folded(cell) in self.no_answer else UNREAD
        return value


class Unread:
    """
    The value of a cell that holds no answer of its scale.
    """


UNREAD = Unread()


class Header:
    """
    What each column of a survey export holds.

    Attributes:
        id: Where the ids are, or None if no column holds them.
        items: The columns of items' answers.
        attributes: For each attribute column, its position and name.
        width: How many columns the header has.
        layout: The checklist's layout of answers.
    """

    def __init__(self) -> None:
        self.id: int | None = None
        self.items: list[Column] = []
        self.attributes: list[tuple[int, str]] = []
        self.width = 0
        self.layout = Answers().layout

    @classmethod
    def of(
        cls,
        header: Sequence[str],
        checklist: Checklist,
        id_column: str,
        columns: Mapping[str, str] | ColumnMapping | None,
        attributes: Iterable[str],
        ignore: Iterable[str],
        problems: ExportProblems,
        *,
        no_answer: Iterable[str] = (),
        unmatched: Unmatched = "refuse",
    ) -> Header:
        if unmatched not in ("refuse", "ignore"):
            raise ValidationError.single(
                "unmatched", f"write 'refuse' or 'ignore', not {unmatched!r}"
            )
        layout = cls()
        layout.width = len(header)
        layout.layout = checklist.answer_layout
        kept = set(attributes)
        skipped = set(ignore)
        given = _given_columns(columns, checklist, problems)
        matcher = Matcher(checklist, given)
        blank = _no_answer(no_answer, checklist, problems)
        for missing in sorted(set(given.values()) - set(checklist.item_ids)):
            problems.in_header(
                "columns", f"no item {missing!r} in checklist {checklist.id!r}", None
            )
        # A byte-order mark read as text stays at the start of the header.
        names = [
            (raw.removeprefix("\ufeff") if position == 0 else raw).strip()
            for position, raw in enumerate(header)
        ]
        matched = {
            name: matcher.items(name)
            for name in names
            if name != id_column and name not in skipped and name not in kept
        }
        held = {items[0] for items in matched.values() if len(items) == 1}
        seen: dict[str, int] = {}
        answered: dict[str, str] = {}
        for position, column in enumerate(names):
            if column in seen:
                problems.in_header(
                    column, f"column {column!r} is given twice", position
                )
                continue
            seen[column] = position
            if column == id_column:
                layout.id = position
                continue
            if column in skipped:
                continue
            if column in kept:
                layout.attributes.append((position, column))
                continue
            items = matched[column]
            if len(items) > 1:
                problems.in_header(
                    column,
                    f"column {column!r} reads as the prompt of items "
                    f"{', '.join(map(repr, items))}: say which it holds with "
                    "columns=",
                    position,
                )
            elif items and items[0] in answered:
                problems.in_header(
                    column,
                    f"columns {answered[items[0]]!r} and {column!r} both hold item "
                    f"{items[0]!r}: keep one, and leave the other out with ignore=",
                    position,
                )
            elif items and items[0] in checklist.item_ids:
                item = items[0]
                answered[item] = column
                layout.items.append(
                    Column(
                        position,
                        column,
                        item,
                        checklist.position(item),
                        checklist.scale_of(item),
                        blank,
                    )
                )
            elif not items:
                message = _unknown(column, checklist, matcher, unmatched, held)
                if message is not None:
                    problems.in_header(column, message, position)
        layout._check_found(header, id_column, kept, seen, problems)
        return layout

    def _check_found(
        self,
        header: Sequence[str],
        id_column: str,
        kept: set[str],
        seen: Mapping[str, int],
        problems: ExportProblems,
    ) -> None:
        """
        Note the columns named that the header does not have.
        """
        if self.id is None and header:
            problems.in_header(
                id_column,
                f"no column {id_column!r} of respondents' ids: add one, or "
                "name the column that holds them with id_column=",
                None,
            )
        for name in sorted(kept - set(seen)):
            problems.in_header(name, f"no column {name!r} to keep", None)

    def mapping(self, checklist: Checklist) -> ColumnMapping:
        """
        The item each column of answers holds, by its header.
        """
        return ColumnMapping(
            checklist=checklist.id,
            columns={column.header: column.item for column in self.items},
        )


def _unknown(
    column: str,
    checklist: Checklist,
    matcher: Matcher,
    unmatched: Unmatched,
    held: set[str],
) -> str | None:
    """
    What to say of a column that matches no item, or None to leave it out:
    a column like an item no other column holds is never left out, since
    it is most likely that item, reworded or misspelt.
    """
    if not matcher.checks_left:
        if unmatched == "refuse":
            return f"unknown column {column!r}: {_OTHERWISE.format(checklist.id)}"
        return (
            f"unknown column {column!r}: over {MAX_CHECKED} columns are like "
            "no item, too many to check each for a misspelt item: name the "
            "columns to leave out with ignore="
        )
    nearest = matcher.nearest(column)
    if nearest is not None and (unmatched == "refuse" or nearest.id not in held):
        return (
            f"unknown column {column!r}: did you mean item {nearest.id!r} "
            f"({nearest.prompt!r})? map it with columns={{{column!r}: "
            f"{nearest.id!r}}} (or add it to the item's wordings), or leave it "
            "out with ignore="
        )
    if unmatched == "ignore":
        return None
    return f"unknown column {column!r}: {_OTHERWISE.format(checklist.id)}"


_OTHERWISE = (
    "name it after an item of checklist {!r} or head it with the item's "
    "prompt, map it to one with columns=, keep it with attributes=, leave it "
    "out with ignore=, or leave out every column that is not like an item "
    "with unmatched='ignore'"
)


def _given_columns(
    columns: Mapping[str, str] | ColumnMapping | None,
    checklist: Checklist,
    problems: ExportProblems,
) -> Mapping[str, str]:
    if columns is None:
        return {}
    if isinstance(columns, ColumnMapping):
        if columns.checklist != checklist.id:
            problems.in_header(
                "columns",
                f"the column mapping is for checklist {columns.checklist!r}, "
                f"not {checklist.id!r}: match the columns again",
                None,
            )
        return columns.columns
    if not isinstance(columns, Mapping):
        raise NotADocumentError(
            "columns is a mapping of headers to item ids, or a ColumnMapping, "
            f"not {type(columns).__name__}"
        )
    return columns


def _no_answer(
    labels: Iterable[str], checklist: Checklist, problems: ExportProblems
) -> frozenset[str]:
    """
    The labels of no answer given to a reader, folded; a label that is an
    answer on a scale of the checklist is a problem.
    """
    if isinstance(labels, str):
        labels = [labels]
    points = {
        folded(point.label): (scale.id, point.label)
        for scale in checklist.scales
        for point in scale.points
    }
    blank = set()
    for label in labels:
        if not isinstance(label, str):
            raise NotADocumentError(
                f"no_answer lists labels as text, not {type(label).__name__}"
            )
        key = folded(label)
        if key in points:
            scale, point = points[key]
            problems.in_header(
                "no_answer",
                f"{label!r} is the label of the point {point!r} on scale "
                f"{scale!r}, an answer: leave it out of no_answer",
                None,
            )
        blank.add(key)
    return frozenset(blank)
