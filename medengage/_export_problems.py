"""
The problems found in a survey export, and where each is: a CSV file says
where by line and column, a DataFrame by its labels or positions.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable

from medengage.errors import DocumentError, Problem


#: How many problems a survey export's error lists before it only counts
#: the rest.
MAX_LISTED_PROBLEMS = 200


class Places:
    """
    How a reader of survey exports says where a problem is: a CSV file by
    line and column number, a DataFrame by its index and column labels.

    Rows are counted from 0, the header not included, and so are columns.
    """

    #: The source's name, as errors give it.
    source: str
    #: What to say when there is no header at all.
    empty: str

    def in_header(self, path: str, message: str, column: int | None) -> Problem:
        """
        A problem with the header, at *column* or with the header as a
        whole.
        """
        raise NotImplementedError

    def in_row(self, path: str, message: str, row: int, column: int | None) -> Problem:
        """
        A problem with the cell of *row* in *column*, or with the whole row.
        """
        raise NotImplementedError

    def row(self, row: int) -> str:
        """
        How messages name *row*.
        """
        raise NotImplementedError


class UnreadableRowError(Exception):
    """
    A row that cannot be read at all, such as a CSV row whose cell runs on
    past any sensible length; no row after it can be trusted.

    Attributes:
        message: What is wrong, and what to do.
        column: The column where it goes wrong, counted from 0.
    """

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


#: A problem found in a row: the row, the column (-1 for the whole row),
#: the path and the message.
Found = tuple[int, int, str, str]


class ExportProblems:
    """
    The problems found in a survey export: the first `MAX_LISTED_PROBLEMS`
    made, and the rest only counted, never made.

    Attributes:
        places: Where each problem is.
        listed: The problems made.
        unlisted: How many more there are.
        first_unlisted: Where the first of those is.
    """

    def __init__(self, places: Places) -> None:
        self.places = places
        self.listed: list[Problem] = []
        self.unlisted = 0
        self.first_unlisted: Problem | None = None

    def __bool__(self) -> bool:
        return bool(self.listed)

    def in_header(self, path: str, message: str, column: int | None) -> None:
        self._add(lambda: self.places.in_header(path, message, column))

    def in_rows(self, found: list[Found]) -> None:
        """
        Add the problems *found* in rows, in the order of rows and columns.
        """
        found.sort(key=operator.itemgetter(0, 1))
        room = max(MAX_LISTED_PROBLEMS - len(self.listed), 0)
        for row, column, path, message in found[:room]:
            self._add(functools.partial(self._in_row, row, column, path, message))
        if len(found) > room:
            row, column, path, message = found[room]
            self._add(functools.partial(self._in_row, row, column, path, message))
            self.unlisted += len(found) - room - 1

    def _in_row(self, row: int, column: int, path: str, message: str) -> Problem:
        return self.places.in_row(path, message, row, None if column < 0 else column)

    def raise_if_any(self) -> None:
        if not self.listed:
            return
        problems = self.listed
        if self.first_unlisted is not None:
            more = Problem(
                "",
                f"{self.unlisted} more problems from here on (the first "
                f"{len(self.listed)} are listed): fix those above first",
                self.first_unlisted.line,
                self.first_unlisted.column,
            )
            problems = [*problems, more]
        raise DocumentError(self.places.source, problems)

    def _add(self, problem: Callable[[], Problem]) -> None:
        """
        List the problem *problem* makes, or count it if there are enough
        listed already.
        """
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append(problem())
            return
        if self.first_unlisted is None:
            self.first_unlisted = problem()
        self.unlisted += 1
