"""
Tally layouts: what counting answers to a checklist needs to know of it,
worked out once for each checklist rather than at every tally, since a
survey in partitions is counted many times over.
"""

from __future__ import annotations

import functools
import math

import attrs

from medengage._checklists import Checklist
from medengage._columns import item_values, positions_by_feature
from medengage.scoring._given_states import audience_state
from medengage.scoring._pattern_numbers import PatternNumbering


@attrs.frozen
class FeatureLayout:
    """
    Where a feature's items stand, and how their answers are numbered.

    Attributes:
        id: The feature's id.
        positions: Where its items stand among the checklist's items.
        sizes: How many codes each of its items takes: its scale's values
            and one for no answer.
        combinations: How many combinations of answers its items have.
        audience: What a respondent gives for the feature by answering any
            of its items, where all are answered for one audience; None
            where they are not.
    """

    id: str
    positions: tuple[int, ...]
    sizes: tuple[int, ...]
    combinations: int
    audience: int | None


@attrs.frozen
class TallyLayout:
    """
    How a checklist's answers are counted.

    Attributes:
        numbering: How the patterns of its features are numbered.
        features: Each of its features, in order.
    """

    numbering: PatternNumbering
    features: tuple[FeatureLayout, ...]


@functools.lru_cache(maxsize=64)
def layout_of(checklist: Checklist) -> TallyLayout:
    """
    How *checklist*'s answers are counted.
    """
    values = item_values(checklist)
    features = []
    for feature, where in positions_by_feature(checklist).items():
        sizes = tuple(len(values[p]) for p in where)
        features.append(
            FeatureLayout(
                id=feature,
                positions=where,
                sizes=sizes,
                combinations=math.prod(sizes),
                audience=audience_state(checklist, where),
            )
        )
    return TallyLayout(
        numbering=PatternNumbering.of(checklist), features=tuple(features)
    )
