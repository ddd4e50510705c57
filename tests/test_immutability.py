"""
Nothing mutable is reachable from a public object: every public attribute,
property, tuple element and mapping key and value of what the library hands
out is immutable all the way down, so no caller can change what another
sees.
"""

from __future__ import annotations

import array
import collections
import enum
import functools
import inspect
from collections.abc import (
    Iterator,
    Mapping,
    MutableMapping,
    MutableSequence,
    MutableSet,
    Set,
)
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medengage
import medengage.testing
from medengage import Answers, Checklist


#: Containers a caller could change in place.
MUTABLE = (
    list,
    dict,
    set,
    bytearray,
    collections.deque,
    array.array,
    MutableMapping,
    MutableSequence,
    MutableSet,
)

#: Values with nothing inside to walk.
ATOMS = (str, bytes, int, float, complex, bool, type(None), enum.Enum)


def mutable_parts(obj: object) -> list[str]:
    """
    The paths, from *obj*, of every mutable container reachable through
    public attributes, properties, tuple and set elements, and mapping keys
    and values.
    """
    found: list[str] = []
    seen: set[int] = set()
    for path, value in _walk(obj, "obj", seen):
        if isinstance(value, MUTABLE):
            found.append(f"{path}: {type(value).__name__}")
    return found


def _walk(obj: object, path: str, seen: set[int]) -> Iterator[tuple[str, object]]:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    yield path, obj
    if isinstance(obj, (ATOMS, type)) or callable(obj):
        return
    if isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from _walk(key, f"{path}.keys()[{key!r}]", seen)
            yield from _walk(value, f"{path}[{key!r}]", seen)
    elif isinstance(obj, (tuple, Set)):
        for position, element in enumerate(obj):
            yield from _walk(element, f"{path}[{position}]", seen)
    if not type(obj).__module__.startswith("medengage"):
        # Dates, decimals and the like: immutable values of the standard
        # library, whose class attributes (date.max) lead nowhere new.
        return
    for name in dir(obj):
        if name.startswith("_"):
            continue
        value = getattr(obj, name)
        if inspect.ismethod(value) or isinstance(value, functools.partial):
            continue
        yield from _walk(value, f"{path}.{name}", seen)


def test_the_walk_finds_what_is_mutable() -> None:
    """
    The walk reaches through properties, mappings and tuples.
    """

    class Holder:
        __module__ = "medengage.example"

        def __init__(self) -> None:
            self.items = (1, medengage.FrozenMap({"a": [1]}))

        @property
        def index(self) -> dict[str, int]:
            return {}

    assert sorted(mutable_parts(Holder())) == [
        "obj.index: dict",
        "obj.items[1]['a']: list",
    ]


def test_the_layout_of_answers_is_read_only() -> None:
    """
    The layout a checklist and its answers share cannot be changed: writing
    to it would move every later score on that checklist.
    """
    checklist = medengage.catalogue().checklists[0]
    layout = checklist.answer_layout
    first = checklist.item_ids[0]

    with pytest.raises(TypeError):
        layout.index[first] = 1  # type: ignore[index]
    with pytest.raises(AttributeError):
        layout.items = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        layout.index = {}  # type: ignore[misc]
    assert checklist.position(first) == 0
    assert Answers({first: 1}).layout.index == {first: 0}


def _catalogue_objects() -> Iterator[tuple[str, object]]:
    catalogue = medengage.catalogue()
    yield "catalogue", catalogue
    checklists = {(c.id, c.version): c for c in catalogue.checklists}
    for number, assessment in enumerate(catalogue.assessments):
        checklist = checklists[assessment.checklist.id, assessment.checklist.version]
        for strategy in medengage.available_strategies():
            yield (
                f"score(assessments[{number}], {strategy!r})",
                medengage.score(assessment, checklist, strategy),
            )
        for attribute in sorted(
            {name for r in assessment.respondents for name in r.attributes}
        ):
            yield (
                f"breakdown(assessments[{number}], by={attribute!r})",
                medengage.breakdown(assessment, checklist, attribute),
            )


@pytest.mark.parametrize(("name", "obj"), list(_catalogue_objects()))
def test_nothing_mutable_in_the_catalogue(name: str, obj: object) -> None:
    assert mutable_parts(obj) == []


def test_the_catalogue_layouts_are_walked() -> None:
    """
    The walk of a checklist reaches its layout of answers.
    """
    checklist = medengage.catalogue().checklists[0]
    seen: set[int] = set()
    reached = {id(value) for _, value in _walk(checklist, "checklist", seen)}

    assert id(checklist.answer_layout.index) in reached


def _strategies() -> list[tuple[str, st.SearchStrategy[Any]]]:
    made = []
    for name in medengage.testing.__all__:
        factory = getattr(medengage.testing, name)
        if name in ("respondents", "levels"):
            made.append((name, medengage.testing.checklists().flatmap(factory)))
        elif name == "leveled":
            pairs = medengage.testing.checklists_with_assessments()
            made.append((name, pairs.flatmap(factory)))
        elif callable(factory):
            made.append((name, factory()))
    return made


@pytest.mark.parametrize(
    "strategy",
    [strategy for _, strategy in _strategies()],
    ids=[name for name, _ in _strategies()],
)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_nothing_mutable_in_testing_examples(
    strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    example = data.draw(strategy)

    assert mutable_parts(example) == []


def test_every_testing_strategy_is_walked() -> None:
    """
    Every public strategy of medengage.testing is among those drawn from.
    """
    names = {name for name, _ in _strategies()}

    assert names == set(medengage.testing.__all__) - {"ATTRIBUTES"}
    assert mutable_parts(medengage.testing.ATTRIBUTES) == []


def test_a_checklist_is_walked_to_its_items() -> None:
    checklist: Checklist = medengage.catalogue().checklists[0]
    seen: set[int] = set()
    paths = [path for path, _ in _walk(checklist, "c", seen)]

    assert "c.items[0].scale" in paths
