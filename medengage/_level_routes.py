"""
Level routes: which level of the checklist a journey is compared under each
level of an older checklist version stands for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from medengage.errors import MedEngageError, NotComparableError


if TYPE_CHECKING:
    from medengage._checklist_mappings import ChecklistMapping
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
            check_named(mapping, mapping.levels, levels_of, "level")
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


def check_named(
    mapping: ChecklistMapping,
    named: Mapping[str, str],
    known_of: Mapping[Key, tuple[str, ...]],
    noun: str,
) -> None:
    """
    Check that the ids *named* (source id to target id, features or levels
    by *noun*) are among those *known_of* each version, where it is known.

    Raises:
        MedEngageError: If a version lacks one of them.
    """
    for key, ids, side in (
        (mapping.source_key, list(named), "source"),
        (mapping.target_key, list(named.values()), "target"),
    ):
        known = known_of.get(key)
        if known is None:
            continue
        unknown = [id for id in ids if id not in known]
        if unknown:
            raise MedEngageError(
                f"the mapping of {mapping} names the {side} {noun} "
                f"{unknown[0]!r}, which checklist {key[0]!r} version {key[1]} "
                f"lacks; its {noun}s: {', '.join(known) or 'none'}"
            )
