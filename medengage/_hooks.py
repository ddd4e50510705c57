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
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from medengage import _yaml
from medengage._frozen import FrozenMap
from medengage._scales import Value
from medengage._scores import OptionValue


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


def scalar_event(raw: object, expected: str) -> yaml.ScalarEvent:
    if isinstance(raw, yaml.ScalarEvent):
        return raw
    found = "a mapping" if isinstance(raw, _yaml.RawMap) else "a list"
    raise Invalid(f"expected {expected}, found {found}")


def structure_str(raw: object, _: object) -> str:
    scalar = scalar_event(raw, "text")
    if _yaml.is_plain(scalar):
        tag = RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, scalar.value, (True, False)
        )
        if tag != STR_TAG:
            if scalar.value == "":
                raise Invalid("no value: write the text, in quotes if need be")
            quoted = (
                f"'{scalar.value}'" if "'" not in scalar.value else f'"{scalar.value}"'
            )
            read_as = READ_AS.get(tag, "something other than text")
            raise Invalid(
                f"{scalar.value} is read as {read_as} by YAML tools: "
                f"put it in quotes, like {quoted}"
            )
    return scalar.value


def structure_int(raw: object, _: object) -> int:
    scalar = scalar_event(raw, "a whole number")
    if not _yaml.is_plain(scalar) or not INT.fullmatch(scalar.value):
        raise Invalid(
            f"expected a whole number like 3, without quotes; found {shown(scalar)}"
        )
    return whole_number(scalar.value)


def structure_float(raw: object, _: object) -> float:
    scalar = scalar_event(raw, "a number")
    if not _yaml.is_plain(scalar) or not FLOAT.fullmatch(scalar.value):
        raise Invalid(
            f"expected a number like 1.5, without quotes; found {shown(scalar)}"
        )
    return float(scalar.value)


def structure_number(raw: object, _: object) -> Value:
    scalar = scalar_event(raw, "a number")
    if _yaml.is_plain(scalar) and INT.fullmatch(scalar.value):
        return whole_number(scalar.value)
    return structure_float(scalar, float)


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
    scalar = scalar_event(raw, "answers separated by spaces")
    return scalar.value


def is_option(tp: Any) -> bool:
    return bool(tp == OptionValue)


def structure_option(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], OptionValue]:
    structure_weights = converter.get_structure_hook(FrozenMap[str, float])

    def structure(raw: object, _: object) -> OptionValue:
        if isinstance(raw, _yaml.RawMap):
            return structure_weights(raw, FrozenMap[str, float])  # type: ignore[no-any-return]
        scalar = scalar_event(raw, "an option's value")
        if _yaml.is_plain(scalar):
            if scalar.value in ("true", "false"):
                return scalar.value == "true"
            if INT.fullmatch(scalar.value):
                return whole_number(scalar.value)
            if FLOAT.fullmatch(scalar.value):
                return float(scalar.value)
        return structure_str(scalar, str)

    return structure


def structure_bool(raw: object, _: object) -> bool:
    scalar = scalar_event(raw, "true or false")
    if _yaml.is_plain(scalar) and scalar.value in ("true", "false"):
        return scalar.value == "true"
    raise Invalid(f"expected true or false, without quotes; found {shown(scalar)}")


def structure_date(raw: object, _: object) -> dt.date:
    scalar = scalar_event(raw, "a date")
    if not _yaml.is_plain(scalar) or not DATE.fullmatch(scalar.value):
        raise Invalid(
            f"expected a date like 2024-03-31, without quotes; found {shown(scalar)}"
        )
    try:
        return dt.date.fromisoformat(scalar.value)
    except ValueError:
        raise Invalid(f"{scalar.value} is not a date in the calendar") from None


def shown(scalar: yaml.ScalarEvent) -> str:
    if _yaml.is_plain(scalar):
        return scalar.value or "nothing"
    return f"the quoted text {scalar.value!r}"


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
        if isinstance(raw, yaml.ScalarEvent) and _yaml.is_null(raw):
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
        if not isinstance(raw, _yaml.RawSeq):
            raise Invalid("expected a list")
        members = []
        errors = []
        for index, entry in enumerate(raw):
            try:
                members.append(structure_member(entry, member))
            except Exception as error:  # noqa: BLE001
                add_note(
                    error, IterableValidationNote(f"@ index {index}", index, member)
                )
                errors.append(error)
        if errors:
            raise IterableValidationError("invalid members", errors, tp)
        return tuple(members)

    return structure


def add_note(error: Exception, note: str) -> None:
    # Exception.add_note is new in Python 3.11.
    error.__notes__ = [*getattr(error, "__notes__", ()), note]  # type: ignore[attr-defined]


def is_frozen_map(tp: Any) -> bool:
    return typing.get_origin(tp) is FrozenMap


def structure_frozen_map(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], FrozenMap[str, Any]]:
    member = typing.get_args(tp)[1]
    structure_member = converter.get_structure_hook(member)

    def structure(raw: object, _: object) -> FrozenMap[str, Any]:
        if not isinstance(raw, _yaml.RawMap):
            raise Invalid("expected a mapping")
        members = {}
        errors = []
        for key, entry in raw.items():
            try:
                members[key] = structure_member(entry, member)
            except Exception as error:  # noqa: BLE001
                add_note(error, IterableValidationNote(f"@ key {key}", key, member))
                errors.append(error)
        if errors:
            raise IterableValidationError("invalid members", errors, tp)
        return FrozenMap(members)

    return structure


def structure_class(
    cls: type[Any], converter: cattrs.Converter
) -> Callable[[object, object], Any]:
    generated = make_dict_structure_fn(cls, converter)
    keys = ", ".join(a.name for a in attrs.fields(cls) if a.init)

    def structure(raw: object, _: object) -> Any:
        if not isinstance(raw, _yaml.RawMap):
            raise Invalid(f"expected a mapping with the keys {keys}")
        return generated(raw, cls)

    return structure
