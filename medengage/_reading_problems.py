"""
The problems found while a document is read: each with its path in the
document, the first `MAX_PROBLEMS` kept and the rest counted, and placed
at their line and column at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote

from medengage import _hooks as hooks
from medengage import _validation as v
from medengage import _yaml
from medengage.errors import Problem, ValidationError


#: A problem found: its path, what is wrong, and whether it is about a key
#: rather than a value.
Found = tuple[_yaml.Path, str, bool]


@attrs.frozen
class Counted:
    """
    Problems left out of a long list: how many, the path of the first, and
    whether it is about a key.
    """

    path: _yaml.Path
    count: int
    key: bool = False


class Findings:
    """
    The problems found while reading a document, each with its path: the
    first `MAX_PROBLEMS` kept, the rest counted, so that a document with a
    million faults costs no more than one with fifty.

    Attributes:
        shown: The problems kept.
        more: How many more were found.
        first_more: The path of the first of those, and whether it is about
            a key.
    """

    def __init__(self) -> None:
        self.shown: list[Found] = []
        self.more = 0
        self.first_more: tuple[_yaml.Path, bool] = ((), False)

    def __len__(self) -> int:
        return len(self.shown) + self.more

    def append(self, found: Found | Counted) -> None:
        if isinstance(found, Counted):
            self._count(found.path, found.key, found.count)
        elif len(self.shown) < v.MAX_PROBLEMS:
            self.shown.append(found)
        else:
            self._count(found[0], found[2], 1)

    def extend(self, found: Iterable[Found | Counted]) -> None:
        for one in found:
            self.append(one)

    def placed(self, text: str, *, pure: bool) -> list[Problem]:
        """
        The problems, each at its line and column in *text*, the document
        they were found in; and last, if any were left out, how many.
        """
        paths = [path for path, _, _ in self.shown]
        if self.more:
            paths.append(self.first_more[0])
        places = _yaml.positions(text, paths, pure=pure)
        problems = [
            _placed(places, path, message, key=key) for path, message, key in self.shown
        ]
        if self.more:
            path, key = self.first_more
            first = _placed(places, path, "", key=key)
            problems.append(
                v.more_problems(self.more, first.path, first.line, first.column)
            )
        return problems

    def _count(self, path: _yaml.Path, key: bool, count: int) -> None:
        if not self.more:
            self.first_more = path, key
        self.more += count


class FoundProblems(Exception):
    """
    Problems found by a reader, each with its path relative to the value
    read.
    """

    def __init__(self, found: Findings) -> None:
        super().__init__(len(found))
        self.found = found


#: What reading a document's body raises for a problem with the document.
FAILURES: tuple[type[Exception], ...] = (FoundProblems, *hooks.PROBLEMS)


def _placed(
    places: dict[_yaml.Path, tuple[_yaml.Place, _yaml.Place | None]],
    path: _yaml.Path,
    message: str,
    *,
    key: bool = False,
) -> Problem:
    """
    The problem at *path*, placed at its value (or its key), or at its
    nearest ancestor the document holds.
    """
    for length in range(len(path), -1, -1):
        place = places.get(path[:length])
        if place is not None:
            value, key_place = place
            line, column = (
                key_place if key and length == len(path) and key_place else value
            )
            return Problem(_yaml.format_path(path), message, line, column)
    return Problem(_yaml.format_path(path), message, 1, 1)


def keys_allowed(keys: Iterable[str]) -> str:
    return f"the keys here are: {', '.join(sorted(keys))}"


def flatten(error: BaseException, path: _yaml.Path) -> Iterator[Found | Counted]:
    """
    Each problem in *error*, with its path from the document's root and
    whether it is about a key rather than a value; and any problems left
    out, counted.

    Raises:
        BaseException: Anything in *error* that is not a problem with the
            document, like a MemoryError, as it is.
    """
    if isinstance(error, FoundProblems):
        for relative, message, key in error.found.shown:
            yield (*path, *relative), message, key
        if error.found.more:
            relative, key = error.found.first_more
            yield Counted((*path, *relative), error.found.more, key)
    elif isinstance(error, hooks.UnknownKeys):
        allowed = keys_allowed(error.allowed)
        for extra in error.keys:
            yield (*path, extra), f"unknown key {extra!r}; {allowed}", True
        if error.more:
            yield Counted((*path, error.first_more), error.more, key=True)
    elif isinstance(error, hooks.Omitted):
        yield Counted(path, error.count)
    elif isinstance(error, cattrs.BaseValidationError):
        for inner in error.exceptions:
            yield from flatten(inner, (*path, *_segment(inner)))
    elif isinstance(error, ValidationError):
        for problem in error.problems:
            where = (*path, *_parse_path(problem.path))
            if isinstance(problem, v.MoreProblems):
                yield Counted(where, problem.count)
            else:
                yield where, problem.message, False
    elif isinstance(error, KeyError):
        yield path, f"required key {error.args[0]!r} is missing: add it", False
    elif isinstance(error, hooks.Invalid):
        yield path, str(error), False
    elif isinstance(error, hooks.PROBLEMS):
        yield path, f"invalid value: {error}", False
    else:
        raise error


def _segment(error: BaseException) -> _yaml.Path:
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (note.index,)
    return ()


_PATH_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _parse_path(path: str) -> _yaml.Path:
    return tuple(
        int(index) if index else name for index, name in _PATH_SEGMENT.findall(path)
    )
