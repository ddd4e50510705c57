"""
How the converter reads each type of value from a document's raw tree
(`medengage._yaml`): scalars by the strict rules of medengage documents, and
lists, mappings and attrs classes with every problem kept for its path.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from medengage import _yaml
from medengage._frozen import FrozenMap
from medengage._scales import Value
from medengage._scores import OptionValue
from medengage._validation import MAX_PROBLEMS


#: A key that stands for a whole number, such as a survey year: ASCII digits
#: without a leading zero.
_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]{0,8}")


def register(converter: cattrs.Converter) -> None:
    """
    Give *converter* a hook for every type a document holds.
    """
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(float, structure_float)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_structure_hook(dt.date, structure_date)
    converter.register_structure_hook(Value, structure_number)
    converter.register_structure_hook(Answers, structure_answers)
    converter.register_structure_hook_factory(is_option, structure_option)
    converter.register_structure_hook_factory(
        lambda tp: isinstance(tp, type) and issubclass(tp, enum.Enum), structure_enum
    )
    converter.register_structure_hook_factory(is_optional, structure_optional)
    converter.register_structure_hook_factory(is_tuple, structure_tuple)
    converter.register_structure_hook_factory(is_frozen_map, structure_frozen_map)
    converter.register_structure_hook_factory(attrs.has, structure_class)


class Invalid(ValueError):
    """
    A value that does not fit its place in the document.
    """


class Omitted(Exception):
    """
    Problems left out of a long list or mapping, past the first
    `MAX_PROBLEMS`: how many there were.

    Attributes:
        count: How many problems were left out.
    """

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


class UnknownKeys(Exception):
    """
    Keys a mapping holds that its class does not have: the first
    `MAX_PROBLEMS` of them, in the document's order, and how many more.

    Attributes:
        keys: The unknown keys listed.
        allowed: The keys the class has.
        more: How many more unknown keys there were.
        first_more: The first of those, if any.
    """

    def __init__(
        self, keys: list[str], allowed: frozenset[str], more: int, first_more: str
    ) -> None:
        super().__init__(keys)
        self.keys = keys
        self.allowed = allowed
        self.more = more
        self.first_more = first_more


#: What a value that does not fit its place raises while it is read: each
#: is a problem with the document. Anything else, like a MemoryError, is
#: not, and goes on as it is.
PROBLEMS: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    KeyError,
    cattrs.BaseValidationError,
    Omitted,
    UnknownKeys,
)


INT = re.compile(r"-?(0|[1-9][0-9]*)")
FLOAT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
RESOLVER = yaml.resolver.Resolver()
STR_TAG = "tag:yaml.org,2002:str"
READ_AS = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date or time",
}


def plain_text(raw: object, expected: str) -> str | None:
    """
    The text of *raw* if it is a plain scalar; None if it is a quoted one.

    Raises:
        Invalid: If *raw* is a mapping or a list.
    """
    if type(raw) is str:
        return raw
    if type(raw) is _yaml.Quoted:
        return None
    found = "a mapping" if isinstance(raw, dict) else "a list"
    raise Invalid(f"expected {expected}, found {found}")


def scalar_of(raw: object, expected: str) -> _yaml.Scalar:
    """
    *raw* as a scalar.

    Raises:
        Invalid: If *raw* is a mapping or a list.
    """
    plain_text(raw, expected)
    return raw  # type: ignore[return-value]


def structure_str(raw: object, _: object) -> str:
    text = plain_text(raw, "text")
    if text is None:
        return _yaml.text_of(raw)  # type: ignore[arg-type]
    tag = RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag != STR_TAG:
        if text == "":
            raise Invalid("no value: write the text, in quotes if need be")
        quoted = f"'{text}'" if "'" not in text else f'"{text}"'
        read_as = READ_AS.get(tag, "something other than text")
        raise Invalid(
            f"{text} is read as {read_as} by YAML tools: "
            f"put it in quotes, like {quoted}"
        )
    return text


def structure_int(raw: object, _: object) -> int:
    text = plain_text(raw, "a whole number")
    if text is None or not INT.fullmatch(text):
        raise Invalid(
            f"expected a whole number like 3, without quotes; found {shown(raw)}"
        )
    return whole_number(text)


def structure_float(raw: object, _: object) -> float:
    text = plain_text(raw, "a number")
    if text is None or not FLOAT.fullmatch(text):
        raise Invalid(f"expected a number like 1.5, without quotes; found {shown(raw)}")
    return float(text)


def structure_number(raw: object, _: object) -> Value:
    text = plain_text(raw, "a number")
    if text is not None and INT.fullmatch(text):
        return whole_number(text)
    return structure_float(raw, float)


def whole_number(written: str) -> int:
    try:
        return int(written)
    except ValueError:
        # Python limits how many digits it converts at once.
        raise Invalid(f"{written[:12]}... is too long a number") from None


class Answers(str):
    """
    A respondent's answers as written: values separated by spaces.
    """


def structure_answers(raw: object, _: object) -> str:
    # A single answer may stand unquoted, like 'answers: 4': the scales,
    # not YAML, say what each value means.
    return _yaml.text_of(scalar_of(raw, "answers separated by spaces"))


def is_option(tp: Any) -> bool:
    return bool(tp == OptionValue)


def structure_option(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], OptionValue]:
    structure_weights = converter.get_structure_hook(FrozenMap[str, float])

    def structure(raw: object, _: object) -> OptionValue:
        if isinstance(raw, dict):
            return structure_weights(raw, FrozenMap[str, float])  # type: ignore[no-any-return]
        text = plain_text(raw, "an option's value")
        if text is not None:
            if text in ("true", "false"):
                return text == "true"
            if INT.fullmatch(text):
                return whole_number(text)
            if FLOAT.fullmatch(text):
                return float(text)
        return structure_str(raw, str)

    return structure


def structure_bool(raw: object, _: object) -> bool:
    text = plain_text(raw, "true or false")
    if text in ("true", "false"):
        return text == "true"
    raise Invalid(f"expected true or false, without quotes; found {shown(raw)}")


def structure_date(raw: object, _: object) -> dt.date:
    text = plain_text(raw, "a date")
    if text is None or not DATE.fullmatch(text):
        raise Invalid(
            f"expected a date like 2024-03-31, without quotes; found {shown(raw)}"
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{text} is not a date in the calendar") from None


def shown(scalar: object) -> str:
    """
    *scalar* as a message shows it.
    """
    if type(scalar) is str:
        return scalar or "nothing"
    return f"the quoted text {_yaml.text_of(scalar)!r}"  # type: ignore[arg-type]


def structure_enum(cls: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    choices = ", ".join(str(member.value) for member in cls)

    def structure(raw: object, _: object) -> enum.Enum:
        value = structure_str(raw, str)
        try:
            return cls(value)
        except ValueError:
            raise Invalid(f"{value!r} is not one of: {choices}") from None

    return structure


def is_optional(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) in (typing.Union, UnionType) and type(None) in args


UnionType = type(int | str)


def structure_optional(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], Any]:
    (inner,) = (arg for arg in typing.get_args(tp) if arg is not type(None))
    structure_inner = converter.get_structure_hook(inner)

    def structure(raw: object, _: object) -> Any:
        if _yaml.is_null(raw):
            return None
        return structure_inner(raw, inner)

    return structure


def is_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def structure_tuple(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], tuple[Any, ...]]:
    member = typing.get_args(tp)[0]
    structure_member = converter.get_structure_hook(member)

    def structure(raw: object, _: object) -> tuple[Any, ...]:
        if type(raw) is not list:
            raise Invalid("expected a list")
        members = []
        problems = Capped()
        for index, entry in enumerate(raw):
            try:
                made = structure_member(entry, member)
            except PROBLEMS as error:
                problems.add(
                    error, IterableValidationNote(f"@ index {index}", index, member)
                )
            else:
                # Once a member is wrong the list is refused: keep no more.
                if not problems.errors:
                    members.append(made)
        problems.raise_if_any(tp)
        return tuple(members)

    return structure


class Capped:
    """
    The errors found in the members of one list or mapping: the first
    `MAX_PROBLEMS` kept, the rest counted.

    Attributes:
        errors: The errors kept, each noted with where it is.
        more: How many more errors there were.
    """

    def __init__(self) -> None:
        self.errors: list[Exception] = []
        self.more = 0
        self._first_more: Any = None

    def add(self, error: Exception, note: Any) -> None:
        if len(self.errors) < MAX_PROBLEMS:
            add_note(error, note)
            self.errors.append(error)
        else:
            self.more += 1
            self._first_more = self._first_more or note

    def raise_if_any(self, tp: Any) -> None:
        if not self.errors:
            return
        if self.more:
            omitted = Omitted(self.more)
            add_note(omitted, self._first_more)
            self.errors.append(omitted)
        raise IterableValidationError("invalid members", self.errors, tp)


def add_note(error: Exception, note: str) -> None:
    # Exception.add_note is new in Python 3.11.
    error.__notes__ = [*getattr(error, "__notes__", ()), note]  # type: ignore[attr-defined]


def is_frozen_map(tp: Any) -> bool:
    return typing.get_origin(tp) is FrozenMap


def structure_frozen_map(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], FrozenMap[Any, Any]]:
    key_type, member = typing.get_args(tp)
    structure_member = converter.get_structure_hook(member)

    def structure(raw: object, _: object) -> FrozenMap[Any, Any]:
        if type(raw) is not dict:
            raise Invalid("expected a mapping")
        members = {}
        problems = Capped()
        for key, entry in raw.items():
            try:
                made = structure_member(entry, member)
                # A document's keys are text: a year is read from its digits.
                if key_type is int:
                    if not _WHOLE_NUMBER.fullmatch(key):
                        raise Invalid(f"key {key!r} is not a whole number")
                    key = int(key)
            except PROBLEMS as error:
                problems.add(error, IterableValidationNote(f"@ key {key}", key, member))
            else:
                if not problems.errors:
                    members[key] = made
        problems.raise_if_any(tp)
        return FrozenMap(members)

    return structure


def structure_class(
    cls: type[Any], converter: cattrs.Converter
) -> Callable[[object, object], Any]:
    # Unknown keys are found here rather than by cattrs, which would
    # collect every one of them: a hostile mapping may hold millions.
    generated = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=False)
    names = [a.name for a in attrs.fields(cls) if a.init]
    allowed = frozenset(names)
    keys = ", ".join(names)

    def structure(raw: object, _: object) -> Any:
        if type(raw) is not dict:
            raise Invalid(f"expected a mapping with the keys {keys}")
        if allowed.issuperset(raw):
            return generated(raw, cls)
        unknown = unknown_keys(raw, allowed)
        try:
            generated(raw, cls)
        except ClassValidationError as error:
            # As cattrs would: the fields' problems and the unknown keys,
            # and nothing from making an object that is refused anyway.
            fields = [e for e in error.exceptions if _about_a_field(e)]
            raise ClassValidationError(error.message, [*fields, unknown], cls) from None
        raise ClassValidationError(f"While structuring {cls.__name__}", [unknown], cls)

    return structure


def unknown_keys(raw: dict[str, Any], allowed: frozenset[str]) -> UnknownKeys:
    """
    The keys of *raw* that are not in *allowed*, as an error to raise.
    """
    keys: list[str] = []
    more = 0
    first_more = ""
    for key in raw:
        if key in allowed:
            continue
        if len(keys) < MAX_PROBLEMS:
            keys.append(key)
        else:
            more += 1
            first_more = first_more or key
    return UnknownKeys(keys, allowed, more, first_more)


def _about_a_field(error: BaseException) -> bool:
    if any(
        isinstance(n, AttributeValidationNote) for n in getattr(error, "__notes__", ())
    ):
        return True
    if not isinstance(error, PROBLEMS):
        raise error
    return False
