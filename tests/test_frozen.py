"""
FrozenMap: a read-only, hashable mapping.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medengage import FrozenMap
from medengage._frozen import freeze_map


contents = st.dictionaries(st.text(max_size=5), st.integers(), max_size=8)


@given(contents)
def test_mapping_protocol(items: dict[str, int]) -> None:
    """
    A FrozenMap reads like the dict it was made from, in the same order.
    """
    frozen = FrozenMap(items)

    assert isinstance(frozen, Mapping)
    assert len(frozen) == len(items)
    assert list(frozen) == list(items)
    assert list(frozen.keys()) == list(items.keys())
    assert list(frozen.values()) == list(items.values())
    assert list(frozen.items()) == list(items.items())
    for key, value in items.items():
        assert key in frozen
        assert frozen[key] == value
        assert frozen.get(key) == value


def test_missing_key() -> None:
    """
    A key it lacks raises KeyError, and get gives the default.
    """
    frozen = FrozenMap({"grade": "consultant"})

    assert "role" not in frozen
    assert frozen.get("role") is None
    assert frozen.get("role", "none") == "none"
    with pytest.raises(KeyError, match="role"):
        frozen["role"]


def test_empty() -> None:
    """
    Made from nothing, it is empty, and equal to an empty dict.
    """
    assert FrozenMap() == {}
    assert len(FrozenMap()) == 0
    assert not FrozenMap()
    assert FrozenMap(None) == FrozenMap({})


@given(contents)
def test_equal_to_dict(items: dict[str, int]) -> None:
    """
    It is equal to a dict, or another mapping, with the same items, from
    either side.
    """
    frozen = FrozenMap(items)

    assert frozen == items
    assert items == frozen
    assert frozen == FrozenMap(items)
    assert frozen == FrozenMap(dict(reversed(list(items.items()))))
    assert frozen != {**items, "\x00extra": 1}
    assert frozen != [*items]


def test_not_equal() -> None:
    """
    A different value, a missing key or an extra key makes it unequal.
    """
    frozen = FrozenMap({"grade": "consultant", "role": "none"})

    assert frozen != {"grade": "consultant", "role": "yes"}
    assert frozen != {"grade": "consultant"}
    assert frozen != {"grade": "consultant", "role": "none", "site": "Salford"}
    assert frozen != FrozenMap({"grade": "consultant"})
    assert frozen != "grade"


@given(contents)
def test_hash(items: dict[str, int]) -> None:
    """
    Equal FrozenMaps hash equal whatever their order, and a hash does not
    change when it is asked for again.
    """
    frozen = FrozenMap(items)
    reordered = FrozenMap(dict(reversed(list(items.items()))))

    assert hash(frozen) == hash(frozen)
    assert hash(frozen) == hash(reordered)
    assert hash(frozen) == hash(FrozenMap(items))
    assert len({frozen, reordered}) == 1


def test_unhashable_values() -> None:
    """
    A FrozenMap holding unhashable values cannot be hashed either.
    """
    with pytest.raises(TypeError):
        hash(FrozenMap({"a": []}))


def test_independent_of_source() -> None:
    """
    Changing the dict it was made from does not change it.
    """
    items = {"grade": "consultant"}
    frozen = FrozenMap(items)
    before = hash(frozen)

    items["grade"] = "SAS doctor"
    items["role"] = "none"

    assert frozen == {"grade": "consultant"}
    assert hash(frozen) == before


def test_no_mutation() -> None:
    """
    It has no mutating methods, and its items cannot be set or deleted.
    """
    frozen = FrozenMap({"grade": "consultant"})
    mutators = {"__setitem__", "__delitem__", "clear", "pop", "popitem"}
    mutators |= {"setdefault", "update", "__ior__"}

    assert not mutators & set(dir(frozen))
    with pytest.raises(TypeError):
        frozen["grade"] = "SAS doctor"  # type: ignore[index]
    with pytest.raises(TypeError):
        del frozen["grade"]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        frozen.extra = 1  # type: ignore[attr-defined]
    assert frozen == {"grade": "consultant"}


@given(contents)
def test_pickle_round_trip(items: dict[str, int]) -> None:
    """
    A pickled FrozenMap comes back equal, in the same order, and a
    FrozenMap.
    """
    frozen = FrozenMap(items)
    hash(frozen)

    restored = pickle.loads(pickle.dumps(frozen))

    assert type(restored) is FrozenMap
    assert restored == frozen
    assert list(restored.items()) == list(items.items())
    assert hash(restored) == hash(frozen)


def test_repr() -> None:
    """
    Its repr shows its items in order, and evaluates to an equal FrozenMap.
    """
    frozen = FrozenMap({"role": "none", "grade": "consultant"})

    assert repr(frozen) == "FrozenMap({'role': 'none', 'grade': 'consultant'})"
    assert eval(repr(frozen), {"FrozenMap": FrozenMap}) == frozen
    assert repr(FrozenMap()) == "FrozenMap({})"


def test_freeze_map_reuses() -> None:
    """
    freeze_map reuses a FrozenMap, and freezes any other mapping.
    """
    frozen = FrozenMap({"grade": "consultant"})

    assert freeze_map(frozen) is frozen
    assert freeze_map({"grade": "consultant"}) == frozen
    assert type(freeze_map({"grade": "consultant"})) is FrozenMap
    assert freeze_map(None) == {}
