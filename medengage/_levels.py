"""
Levels: a checklist's features grouped into scales within scales.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction

import attrs

from medengage import _validation as v
from medengage._features import EngagementFeature
from medengage.errors import Problem


class LevelMethod(enum.Enum):
    """
    How a level's score is made from its parts' scores.
    """

    #: The level's score is the mean of its parts' scores.
    MEAN_OF_PARTS = "mean-of-parts"
    #: Each respondent's level score is the mean of their own scores on the
    #: parts they answered; the level's score is the mean of those over the
    #: respondents, as the NHS Staff Survey forms a theme from sub-scores.
    RESPONDENT_FIRST = "respondent-first"


@attrs.frozen
class Level:
    """
    A scale made of other scales: features, or other levels, of its
    checklist (a sub-scale, meta-scale or index; a sub-score or theme).

    Attributes:
        id: Stable identifier, unique among the checklist's features and
            levels.
        title: A short name for the level.
        parts: The ids of the features and levels it is made of; each
            feature or level is part of one level at most.
        method: How its score is made from its parts' scores; None for the
            scoring strategy's own rule.
    """

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.label)
    parts: tuple[str, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(str)
    )
    method: LevelMethod | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(LevelMethod)),
    )

    def __str__(self) -> str:
        return self.title


@attrs.frozen
class Hierarchy:
    """
    How a checklist's features and levels nest, worked out once.

    The overall score is the top of the hierarchy: its parts are the levels
    that are part of no other level, then the features that are part of no
    level.

    Attributes:
        levels: The levels, by id, in the checklist's order.
        parents: The level each feature or level is part of, by its id.
        features: The ids of the features under each level, at any depth,
            in the checklist's order of features.
        top: The parts of the overall score.
    """

    levels: Mapping[str, Level]
    parents: Mapping[str, str]
    features: Mapping[str, tuple[str, ...]]
    top: tuple[str, ...]

    def parts(self, id: str | None) -> tuple[str, ...]:
        """
        The parts of the level *id*, or of the overall if *id* is None.
        """
        return self.top if id is None else self.levels[id].parts

    def depth(self, id: str) -> int:
        """
        How many levels the feature or level *id* is within.
        """
        depth = 0
        while id in self.parents:
            id = self.parents[id]
            depth += 1
        return depth


def hierarchy(
    levels: Sequence[Level], features: Sequence[EngagementFeature]
) -> tuple[Hierarchy, list[Problem]]:
    """
    How *levels* nest over *features*, and every problem with them: parts
    that are unknown, shared or empty, ids that clash, and levels that
    contain themselves.
    """
    problems = v.unique_ids("levels", levels, "level id")
    feature_ids = [feature.id for feature in features]
    level_ids = {level.id: level for level in levels}
    known = [*feature_ids, *level_ids]
    parents: dict[str, str] = {}
    first_place: dict[str, str] = {}
    for index, level in enumerate(levels):
        if level.id in feature_ids:
            problems.append(
                Problem(
                    f"levels[{index}].id",
                    f"{level.id!r} is the id of a feature: give the level an "
                    "id of its own",
                )
            )
        if not level.parts:
            problems.append(
                Problem(f"levels[{index}].parts", "a level needs at least one part")
            )
        for position, part in enumerate(level.parts):
            path = f"levels[{index}].parts[{position}]"
            if part not in known:
                listed = ", ".join(known)
                problems.append(
                    Problem(
                        path,
                        f"no feature or level {part!r} in this checklist; "
                        f"known ids: {listed}",
                    )
                )
            elif part in parents:
                problems.append(
                    Problem(
                        path,
                        f"{part!r} is part of level {parents[part]!r} already "
                        f"({first_place[part]}): a feature or level is part of "
                        "one level at most",
                    )
                )
            else:
                parents[part] = level.id
                first_place[part] = path
    problems.extend(_cycles(levels, parents, first_place))
    if problems:
        return _EMPTY, problems
    under = {
        level.id: tuple(f for f in feature_ids if _within(f, level.id, parents))
        for level in levels
    }
    top = tuple(
        [level.id for level in levels if level.id not in parents]
        + [f for f in feature_ids if f not in parents]
    )
    return Hierarchy(levels=level_ids, parents=parents, features=under, top=top), []


def _within(id: str, level: str, parents: Mapping[str, str]) -> bool:
    while id in parents:
        id = parents[id]
        if id == level:
            return True
    return False


def _cycles(
    levels: Sequence[Level], parents: Mapping[str, str], places: Mapping[str, str]
) -> Iterator[Problem]:
    """
    A problem for each level that is, through its parts, part of itself.
    """
    reported: set[str] = set()
    for level in levels:
        chain = [level.id]
        current = level.id
        while current in parents and parents[current] not in chain:
            current = parents[current]
            chain.append(current)
        closed = current in parents and parents[current] == level.id
        if closed and not reported.intersection(chain):
            reported.update(chain)
            route = " in ".join([*chain, level.id])
            yield Problem(
                places[level.id],
                f"level {level.id!r} would be part of itself ({route}): "
                "take it out of one of those levels",
            )


_EMPTY = Hierarchy(levels={}, parents={}, features={}, top=())


def feature_coefficients(
    hierarchy: Hierarchy,
    node: str | None,
    present: frozenset[str],
    weight: Callable[[str], Fraction],
) -> dict[str, Fraction]:
    """
    What each feature under *node* counts for in it, when it is a mean of
    its parts at every step down, each part weighted by *weight*, over the
    parts with some feature in *present*: for a respondent, the features
    they answered; for a group, the features someone answered.
    """
    features = hierarchy.features[node] if node is not None else None
    found: dict[str, Fraction] = {}
    for feature in present:
        if features is not None and feature not in features:
            continue
        share = Fraction(1)
        part = feature
        while part != node:
            parent = hierarchy.parents.get(part)
            weights = sum(
                (
                    weight(other)
                    for other in hierarchy.parts(parent)
                    if _holds(hierarchy, other, present)
                ),
                Fraction(0),
            )
            share *= weight(part) / weights
            if parent is None:
                break
            part = parent
        found[feature] = share
    return found


def _holds(hierarchy: Hierarchy, part: str, present: frozenset[str]) -> bool:
    if part in hierarchy.levels:
        return any(f in present for f in hierarchy.features[part])
    return part in present
