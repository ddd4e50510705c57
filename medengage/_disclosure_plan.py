"""
The disclosure plan: which groups of an assessment's respondents have their
scores withheld, planned over everything published together.

The plan works from counts alone (see `AtomCounts`), so the same plan can
be made where the answers never meet in one process.
"""

from __future__ import annotations

import attrs

from medengage._atom_counts import AtomCounts, CellKey
from medengage._withheld_groups import Groups
from medengage.errors import MedEngageError


@attrs.frozen
class DisclosurePlan:
    """
    Which groups of an assessment's respondents have their scores
    withheld, planned over every breakdown that could be published with the
    total: by each attribute, and crossed by up to `depth` attributes.

    Attributes:
        attributes: The attributes the plan covers, sorted.
        min_respondents: The fewest doctors a score may rest on and be
            shown.
        depth: The most attributes a group crosses.
        primary: The groups withheld because a score of theirs rests on too
            few doctors.
        withheld: Every group withheld whole: the primary ones, and those
            withheld so that no primary one can be worked out from the
            others.
    """

    attributes: tuple[str, ...]
    min_respondents: int
    depth: int
    primary: frozenset[CellKey]
    withheld: frozenset[CellKey]

    def is_withheld(self, key: CellKey) -> bool:
        """
        Whether the group *key* names is withheld whole.
        """
        return key in self.withheld


def plan(
    counts: AtomCounts,
    min_respondents: int,
    depth: int = 2,
    levels: int | None = None,
) -> DisclosurePlan:
    """
    Plan which groups to withhold, over the total and every group that
    crosses up to *depth* attributes; the groups of *levels* attributes or
    fewer are decided (all of them, by default).

    Levels are decided in turn, each with the ones before fixed: the total
    and the groups of one attribute, then those crossing two, and so on.
    So a breakdown by one attribute needs only the first level, and agrees
    with any crossed breakdown planned to the same depth.

    A group is withheld first where any of its scores rests on at least
    one and fewer than *min_respondents* doctors. Then, level by level,
    while a union of disjoint withheld groups (one group, or more) resting
    on too few doctors is determined by the published groups, or a
    withheld group of an earlier level is, the smallest published group of
    the level whose withholding stops that is withheld too. Last, a group
    of the level that was withheld only to protect others, but can be
    worked out all the same, is published.

    Whether a sum is determined is decided by exact linear algebra over
    the atoms, column by column: only atoms where someone answered the
    column's items count in it.
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise MedEngageError(
            f"depth must be a whole number of 1 or more, not {depth!r}"
        )
    depth = min(depth, len(counts.attributes)) or 1
    levels = depth if levels is None else min(levels, depth)
    groups = Groups(counts, min_respondents, depth)
    for level in range(1, levels + 1):
        groups.protect(level)
    decided = {key: g for key, g in groups.cells.items() if groups.level[g] <= levels}
    return DisclosurePlan(
        attributes=counts.attributes,
        min_respondents=min_respondents,
        depth=depth,
        primary=frozenset(k for k, g in decided.items() if g in groups.primary),
        withheld=frozenset(k for k, g in decided.items() if g in groups.withheld),
    )
