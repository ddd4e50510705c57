"""
Checklist mappings: how the features and levels of one checklist version
correspond to those of another, so that assessments on either compare.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from medengage import _validation as v
from medengage._checklists import Checklist
from medengage._frozen import FrozenMap, freeze_map
from medengage.errors import Problem


@attrs.frozen
class ChecklistMapping:
    """
    How the features of one checklist version correspond to those of
    another, so that assessments on either can be compared.

    Attributes:
        source: The id of the checklist mapped from.
        source_version: Its version.
        target: The id of the checklist mapped onto.
        target_version: Its version.
        features: For each feature of the source that has a counterpart in
            the target, the target feature's id. A feature left out has no
            counterpart, and is left out of the comparison.
        levels: For each level of the source that has a counterpart in the
            target, the target level's id; where it names none, each level
            is compared under its own id, and a level the target lacks
            makes the versions not comparable.
    """

    source: str = attrs.field(validator=v.identifier)
    source_version: int = attrs.field(validator=v.positive_int)
    target: str = attrs.field(validator=v.identifier)
    target_version: int = attrs.field(validator=v.positive_int)
    features: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=freeze_map)
    levels: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=freeze_map)

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.source_key == self.target_key:
            problems.append(
                Problem("target", "a checklist version cannot be mapped onto itself")
            )
        problems += _one_to_one(self.features, "features", "feature")
        problems += _one_to_one(self.levels, "levels", "level")
        v.raise_problems(problems)

    @classmethod
    def matching(cls, source: Checklist, target: Checklist) -> ChecklistMapping:
        """
        The mapping of each feature and level of *source* onto the feature
        or level of *target* with the same id.
        """
        kept = {feature.id for feature in target.features}
        levels = {level.id for level in target.levels}
        return cls(
            source=source.id,
            source_version=source.version,
            target=target.id,
            target_version=target.version,
            features={f.id: f.id for f in source.features if f.id in kept},
            levels={lv.id: lv.id for lv in source.levels if lv.id in levels},
        )

    @property
    def source_key(self) -> tuple[str, int]:
        """
        The source checklist's id and version.
        """
        return (self.source, self.source_version)

    @property
    def target_key(self) -> tuple[str, int]:
        """
        The target checklist's id and version.
        """
        return (self.target, self.target_version)

    def __str__(self) -> str:
        return (
            f"checklist {self.source!r} version {self.source_version} onto "
            f"{self.target!r} version {self.target_version}"
        )


def _one_to_one(mapped: Mapping[str, str], field: str, noun: str) -> list[Problem]:
    problems = []
    seen: dict[str, str] = {}
    for source, target in mapped.items():
        for value in (source, target):
            if not isinstance(value, str) or not v.is_identifier(value):
                problems.append(Problem(field, f"{value!r} is not a valid {noun} id"))
        if target in seen:
            problems.append(
                Problem(
                    f"{field}.{source}",
                    f"{seen[target]!r} maps onto {target!r} already: give "
                    f"each target {noun} one counterpart at most",
                )
            )
        seen.setdefault(target, source)
    return problems
