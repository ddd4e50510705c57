"""
Level routes: which level of the checklist a journey is compared under each
level of an older checklist version stands for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from medengage.errors import MedEngageError, NotComparableError


if TYPE_CHECKING:
    from medengage._journeys import ChecklistMapping
    from medengage._scores import ScoredAssessment

#: A checklist version: its id and version.
Key = tuple[str, int]


def level_routes(
    results: Sequence[ScoredAssessment], mappings: Sequence[ChecklistMapping]
) -> dict[Key, dict[str, str | None]]:
    """
    For each checklist version *results* answered, the id each of its
    levels is compared under (None for one left out), following *mappings*
    as the features do.

    A mapping that names levels maps those and leaves the others out; one
    that names none keeps each level under its own id, and so needs the
    version mapped onto to have every level the one mapped from has.

    Raises:
        NotComparableError: If a mapping that names no levels maps a
            version onto one that lacks some of its levels.
        MedEngageError: If a mapping names a level either version lacks.
    """
    levels_of = {(r.checklist, r.checklist_version): tuple(r.levels) for r in results}
    by_source = {mapping.source_key: mapping for mapping in mappings}
    routes = {}
    for key, levels in levels_of.items():
        route: dict[str, str | None] = {level: level for level in levels}
        here, visited = key, {key}
        while here in by_source and by_source[here].target_key not in visited:
            mapping = by_source[here]
            _check_named(mapping, levels_of)
            target = levels_of.get(mapping.target_key)
            if mapping.levels:
                route = {
                    level: None if now is None else mapping.levels.get(now)
                    for level, now in route.items()
                }
            elif target is not None:
                lost = [now for now in route.values() if now and now not in target]
                if lost:
                    raise NotComparableError(
                        f"checklist {mapping.source!r} version "
                        f"{mapping.source_version} has levels that "
                        f"{mapping.target!r} version {mapping.target_version} "
                        f"lacks: {', '.join(lost)} (its levels: "
                        f"{', '.join(target) or 'none'}): say which level each "
                        "stands for with ChecklistMapping(levels=...), leaving "
                        "out those with no counterpart"
                    )
            here = mapping.target_key
            visited.add(here)
        routes[key] = route
    return routes


def _check_named(
    mapping: ChecklistMapping, levels_of: Mapping[Key, tuple[str, ...]]
) -> None:
    for key, named, side in (
        (mapping.source_key, list(mapping.levels), "source"),
        (mapping.target_key, list(mapping.levels.values()), "target"),
    ):
        known = levels_of.get(key)
        if known is None:
            continue
        unknown = [level for level in named if level not in known]
        if unknown:
            raise MedEngageError(
                f"the mapping of {mapping} names the {side} level "
                f"{unknown[0]!r}, which checklist {key[0]!r} version {key[1]} "
                f"lacks; its levels: {', '.join(known) or 'none'}"
            )
