"""
Field validators shared by the domain classes.

Each raises `ValidationError` naming the field and the offending value, so
that a loader can add where the value stands in its document.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from medengage.errors import Problem, ValidationError


#: An error lists this many problems at most; the rest are counted.
MAX_PROBLEMS = 50

_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_LINE_BREAKS = frozenset("\n\x85\u2028\u2029")
_NOT_MULTILINE = re.compile(
    "[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_NOT_LINE = re.compile(
    "[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def identifier(instance: Any, attribute: Any, value: Any) -> None:
    """
    An id: 1 to 64 letters, digits, ``_``, ``.`` or ``-``, not starting
    with punctuation.
    """
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        raise ValidationError.single(
            attribute.name,
            f"{value!r} is not a valid id: use 1 to 64 letters, digits, "
            "'_', '.' or '-', starting with a letter or digit",
        )


def is_identifier(value: str) -> bool:
    """
    Whether *value* is a valid id.
    """
    return _IDENTIFIER.fullmatch(value) is not None


def text(instance: Any, attribute: Any, value: Any) -> None:
    """
    Text that a YAML document can hold exactly: no control characters
    other than tab and line feed.
    """
    _check_text(attribute.name, value, multiline=True)


def nonempty_text(instance: Any, attribute: Any, value: Any) -> None:
    """
    `text` that is not empty or blank.
    """
    _check_text(attribute.name, value, multiline=True)
    _check_not_blank(attribute.name, value)


def label(instance: Any, attribute: Any, value: Any) -> None:
    """
    Non-blank text on a single line.
    """
    _check_text(attribute.name, value, multiline=False)
    _check_not_blank(attribute.name, value)


def optional_label(instance: Any, attribute: Any, value: Any) -> None:
    """
    `label`, or None.
    """
    if value is not None:
        label(instance, attribute, value)


def labels(instance: Any, attribute: Any, value: Any) -> None:
    """
    A tuple of `label` texts.
    """
    for index, member in enumerate(value):
        _check_text(f"{attribute.name}[{index}]", member, multiline=False)
        _check_not_blank(f"{attribute.name}[{index}]", member)


def nonempty_texts(instance: Any, attribute: Any, value: Any) -> None:
    """
    A tuple of `nonempty_text` texts.
    """
    for index, member in enumerate(value):
        _check_text(f"{attribute.name}[{index}]", member, multiline=True)
        _check_not_blank(f"{attribute.name}[{index}]", member)


def number(instance: Any, attribute: Any, value: Any) -> None:
    """
    A finite int or float (not a bool).
    """
    if not is_number(value):
        raise ValidationError.single(
            attribute.name, f"{value!r} is not a finite number"
        )


def positive(instance: Any, attribute: Any, value: Any) -> None:
    """
    A finite number above zero.
    """
    number(instance, attribute, value)
    if value <= 0:
        raise ValidationError.single(attribute.name, f"{value!r} is not above zero")


def optional_date(instance: Any, attribute: Any, value: Any) -> None:
    """
    A date (not a datetime), or None.
    """
    if value is not None and (
        not isinstance(value, dt.date) or isinstance(value, dt.datetime)
    ):
        raise ValidationError.single(
            attribute.name, f"expected a date, found {value!r}"
        )


def date(instance: Any, attribute: Any, value: Any) -> None:
    """
    A date (not a datetime).
    """
    if value is None:
        raise ValidationError.single(attribute.name, "expected a date, found None")
    optional_date(instance, attribute, value)


def count(instance: Any, attribute: Any, value: Any) -> None:
    """
    An int (not a bool) of 0 or more.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError.single(
            attribute.name, f"{value!r} is not a whole number of 0 or more"
        )


def positive_int(instance: Any, attribute: Any, value: Any) -> None:
    """
    An int (not a bool) of 1 or more.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError.single(
            attribute.name, f"{value!r} is not a whole number of 1 or more"
        )


def question_numbers(instance: Any, attribute: Any, value: Any) -> None:
    """
    Question numbers by survey year: each year an int (not a bool) from
    1900 to 9999, each number an id such as ``q2a``.
    """
    problems = []
    for year, number in value.items():
        if isinstance(year, bool) or not isinstance(year, int):
            problems.append(
                Problem(
                    attribute.name,
                    f"{year!r} is not a survey year: give the year as a whole "
                    "number, such as 2023",
                )
            )
        elif not 1900 <= year <= 9999:
            problems.append(
                Problem(
                    f"{attribute.name}.{year}",
                    f"{year} is not a survey year: give one from 1900 to 9999",
                )
            )
        elif not isinstance(number, str) or not is_identifier(number):
            problems.append(
                Problem(
                    f"{attribute.name}.{year}",
                    f"{number!r} is not a valid question number: use 1 to 64 "
                    "letters, digits, '_', '.' or '-', starting with a letter "
                    "or digit, such as 'q2a'",
                )
            )
    if problems:
        raise ValidationError(problems)


def to_float(value: object) -> object:
    """
    An int (not a bool) as a float; anything else as it is, for a validator
    to judge.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def to_tuple(members: Iterable[Any]) -> tuple[Any, ...]:
    """
    *members* as a tuple.
    """
    return tuple(members)


def to_texts(members: str | Iterable[Any]) -> tuple[Any, ...]:
    """
    *members* as a tuple, a single text as a tuple of one.
    """
    return (members,) if isinstance(members, str) else tuple(members)


def is_number(value: object) -> bool:
    """
    Whether *value* is a finite int or float, and not a bool.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value)


def instance_of(kind: type | tuple[type, ...]) -> Callable[..., None]:
    """
    A validator for an instance of *kind*.
    """

    def validate(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            raise ValidationError.single(
                attribute.name, f"expected {_kind_name(kind)}, found {value!r}"
            )

    return validate


def instances_of(kind: type | tuple[type, ...]) -> Callable[..., None]:
    """
    A validator for a tuple whose members are all instances of *kind*.
    """

    def validate(instance: Any, attribute: Any, value: Any) -> None:
        for index, member in enumerate(value):
            if not isinstance(member, kind):
                raise ValidationError.single(
                    f"{attribute.name}[{index}]",
                    f"expected {_kind_name(kind)}, found {member!r}",
                )

    return validate


def values_of(kind: type) -> Callable[..., None]:
    """
    A validator for a mapping whose values are all instances of *kind*.
    """

    def validate(instance: Any, attribute: Any, value: Any) -> None:
        for key, member in value.items():
            if not isinstance(member, kind):
                raise ValidationError.single(
                    f"{attribute.name}.{key}",
                    f"expected {_kind_name(kind)}, found {member!r}",
                )

    return validate


def unique_ids(
    field: str, members: Iterable[Any], what: str = "id", *, key: str = "id"
) -> list[Problem]:
    """
    A problem for each member of *members* whose *key* attribute repeats an
    earlier member's.
    """
    problems = []
    seen: dict[object, int] = {}
    for index, member in enumerate(members):
        value = getattr(member, key)
        if value in seen:
            problems.append(
                Problem(
                    f"{field}[{index}].{key}",
                    f"duplicate {what} {value!r}: "
                    f"{field}[{seen[value]}] has it already",
                )
            )
        else:
            seen[value] = index
    return problems


def at_most(problems: list[Problem], limit: int) -> list[Problem]:
    """
    The first *limit* of *problems*, and a last one saying how many more
    there are and where they start.
    """
    if len(problems) <= limit:
        return problems
    rest = problems[limit:]
    return [
        *problems[:limit],
        Problem(
            "",
            f"{len(rest)} more problems from here on: fix those above first",
            rest[0].line,
            rest[0].column,
        ),
    ]


@attrs.frozen
class MoreProblems(Problem):
    """
    The last problem of a list cut short: how many more there were, and
    where the first of them is.

    Attributes:
        count: How many problems were left out.
    """

    count: int = 0


def more_problems(
    count: int, path: str = "", line: int | None = None, column: int | None = None
) -> MoreProblems:
    """
    The problem that stands for *count* problems left out, the first of them
    at *path*.
    """
    return MoreProblems(
        path,
        f"... and {count:,} more problem{'s' if count != 1 else ''} from here "
        "on: fix those above first",
        line,
        column,
        count,
    )


def capped(problems: Iterable[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """
    The first *limit* of *problems*, and a `MoreProblems` for the rest.

    Give *problems* as a generator: those past the limit are counted, not
    kept, so that a value with a million faults costs no more than one
    with fifty.
    """
    shown: list[Problem] = []
    more = 0
    first: Problem | None = None
    for problem in problems:
        if len(shown) < limit:
            shown.append(problem)
        else:
            more += 1
            first = first or problem
    if first is not None:
        shown.append(more_problems(more, first.path, first.line, first.column))
    return shown


def raise_problems(problems: Sequence[Problem]) -> None:
    """
    Raise a `ValidationError` listing *problems*, if there are any.
    """
    if problems:
        raise ValidationError(problems)


def bad_character(value: str, *, multiline: bool) -> str | None:
    """
    A description of the first character of *value* that the kind of text
    may not hold, or None.

    Text holds what YAML calls printable, less the carriage return; a single
    line holds no line breaks either.
    """
    match = (_NOT_MULTILINE if multiline else _NOT_LINE).search(value)
    if match is None:
        return None
    character, position = match.group(), match.start()
    if character == "\r":
        return (
            f"a carriage return at position {position}: use '\\n' alone for line breaks"
        )
    if character in _LINE_BREAKS:
        return f"a line break at position {position}"
    return f"the character U+{ord(character):04X} at position {position}"


def _check_text(name: str, value: object, *, multiline: bool) -> None:
    if not isinstance(value, str):
        raise ValidationError.single(name, f"expected text, found {value!r}")
    bad = bad_character(value, multiline=multiline)
    if bad is not None:
        raise ValidationError.single(name, f"{value!r} contains {bad}")


def _check_not_blank(name: str, value: str) -> None:
    if not value.strip():
        raise ValidationError.single(name, "must not be empty or blank")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return " or ".join(k.__name__ for k in kind)
    return kind.__name__
