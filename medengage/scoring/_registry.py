"""
The registry of scoring strategies: the built-ins, strategies registered at
run time, and those installed packages declare in the entry-point group
``medengage.scoring``.
"""

from __future__ import annotations

import importlib.metadata
import threading
import warnings
from typing import Any

from medengage.errors import (
    MedEngageError,
    PluginError,
    PluginWarning,
    UnknownStrategyError,
)
from medengage.scoring._mean import Mean
from medengage.scoring._percent_positive import PercentPositive
from medengage.scoring._protocol import ScoringStrategy
from medengage.scoring._staff_survey import StaffSurvey
from medengage.scoring._weighted import Weighted


#: The entry-point group through which packages contribute strategies.
ENTRY_POINT_GROUP = "medengage.scoring"


_BUILT_IN: dict[str, ScoringStrategy] = {
    strategy.name: strategy
    for strategy in (Mean(), StaffSurvey(), PercentPositive(), Weighted())
}
_registered: dict[str, ScoringStrategy] = {}
_loaded: dict[tuple[str, str, str], ScoringStrategy] = {}
# The plugins found last, and the entry points they were found from: the
# table is made again (with its warnings) only when what is installed changes.
_plugin_table: tuple[tuple[tuple[str, str, str], ...], dict[str, Any]] | None = None
_lock = threading.RLock()


def available_strategies() -> tuple[str, ...]:
    """
    The names of every strategy there is, in alphabetical order: the
    built-ins, those registered in this process and those installed plugins
    give, without importing any plugin. `builtin_strategies` lists the
    built-ins alone.
    """
    with _lock:
        names = set(_BUILT_IN) | set(_registered) | set(_plugins())
    return tuple(sorted(names))


def builtin_strategies() -> tuple[str, ...]:
    """
    The names of the strategies medengage itself provides, in alphabetical
    order: unlike `available_strategies`, the same whatever plugins are
    installed or registered, so a loop over "each built-in" stays one.
    """
    return tuple(sorted(_BUILT_IN))


def get_strategy(name: str) -> ScoringStrategy:
    """
    The strategy called *name*: a built-in, one registered with
    `register_strategy`, or one an installed package declares, loaded now
    if it was not before.

    Raises:
        UnknownStrategyError: If no strategy has that name; the message
            lists those there are.
        PluginError: If the plugin that gives it fails to load.
    """
    with _lock:
        if name in _registered:
            return _registered[name]
        if name in _BUILT_IN:
            return _BUILT_IN[name]
        plugin = _plugins().get(name)
        if plugin is None:
            raise UnknownStrategyError(
                f"no scoring strategy {name!r}; the strategies are: "
                f"{', '.join(available_strategies())}"
            )
        return _load(plugin)


def register_strategy(strategy: ScoringStrategy, *, replace: bool = False) -> None:
    """
    Make *strategy* available by its name, for this process.

    Args:
        strategy: The strategy.
        replace: Whether it may take the place of a strategy that has its
            name already, a built-in one included.

    Raises:
        MedEngageError: If *strategy* is not a strategy, or its name is
            taken and *replace* is false.
    """
    if not isinstance(strategy, ScoringStrategy) or not isinstance(
        getattr(strategy, "name", None), str
    ):
        raise MedEngageError(
            f"{strategy!r} is not a scoring strategy: it needs a 'name' and a "
            "'score(assessment, checklist, **options)' method"
        )
    with _lock:
        taken = strategy.name in _registered or strategy.name in _BUILT_IN
        if taken and not replace:
            raise MedEngageError(
                f"there is a strategy {strategy.name!r} already: pass "
                "replace=True to put this one in its place"
            )
        _registered[strategy.name] = strategy


def unregister_strategy(name: str) -> None:
    """
    Forget the strategy registered as *name* with `register_strategy`; a
    built-in or installed strategy of that name is found again.
    """
    with _lock:
        _registered.pop(name, None)


def _plugins() -> dict[str, importlib.metadata.EntryPoint]:
    """
    The entry points of installed plugins, by name: for a name two
    distributions give, the first by distribution name, with a warning.
    """
    global _plugin_table
    entry_points = list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
    installed = tuple(
        sorted((e.name, e.value, _distribution_name(e)) for e in entry_points)
    )
    if _plugin_table is None or _plugin_table[0] != installed:
        _plugin_table = (installed, _plugin_table_of(entry_points))
    return _plugin_table[1]


def _plugin_table_of(
    entry_points: list[importlib.metadata.EntryPoint],
) -> dict[str, importlib.metadata.EntryPoint]:
    found: dict[str, list[importlib.metadata.EntryPoint]] = {}
    for entry_point in entry_points:
        found.setdefault(entry_point.name, []).append(entry_point)
    plugins = {}
    for name, entry_points in found.items():
        entry_points.sort(key=_distribution_name)
        if name in _BUILT_IN:
            warnings.warn(
                f"{_describe(entry_points[0])} declares a scoring strategy "
                f"{name!r}, which is a built-in name: it is ignored",
                PluginWarning,
                stacklevel=4,
            )
            continue
        distributions = sorted({_distribution_name(e) for e in entry_points})
        if len(distributions) > 1:
            warnings.warn(
                f"the distributions {' and '.join(distributions)} both declare "
                f"a scoring strategy {name!r}: {distributions[0]}'s is used",
                PluginWarning,
                stacklevel=4,
            )
        plugins[name] = entry_points[0]
    return plugins


def _load(entry_point: importlib.metadata.EntryPoint) -> ScoringStrategy:
    key = (_distribution_name(entry_point), entry_point.name, entry_point.value)
    if key in _loaded:
        return _loaded[key]
    where = _describe(entry_point)
    try:
        target: Any = entry_point.load()
    except Exception as error:
        raise PluginError(
            f"{where} failed to load: {type(error).__name__}: {error}"
        ) from error
    if isinstance(target, type) or (
        callable(target) and not isinstance(target, ScoringStrategy)
    ):
        try:
            target = target()
        except Exception as error:
            raise PluginError(
                f"{where} failed to make its strategy: {type(error).__name__}: {error}"
            ) from error
    if not isinstance(target, ScoringStrategy):
        raise PluginError(
            f"{where} gives {target!r}, which is not a scoring strategy: it needs "
            "a 'name' and a 'score(assessment, checklist, **options)' method"
        )
    if target.name != entry_point.name:
        raise PluginError(
            f"{where} gives a strategy named {target.name!r}: name the entry "
            "point after the strategy"
        )
    _loaded[key] = target
    return target


def _distribution_name(entry_point: importlib.metadata.EntryPoint) -> str:
    distribution = entry_point.dist
    return distribution.metadata["Name"] if distribution is not None else "<unknown>"


def _describe(entry_point: importlib.metadata.EntryPoint) -> str:
    return (
        f"the plugin {entry_point.name!r} ({entry_point.value}) of the "
        f"distribution {_distribution_name(entry_point)}"
    )
