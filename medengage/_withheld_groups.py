"""
The groups a disclosure plan withholds, and the search for unions of them
that the published groups give away.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence

from medengage._assessments import NOT_STATED
from medengage._atom_counts import AtomCounts, CellKey, GroupCounts, sum_counts
from medengage._exact import (
    PRIME,
    Span,
    TooMany,
    dependencies_modulo,
    zero_one_combinations,
)


#: The most steps a plan takes in one search for unions of small withheld
#: groups whose sum is determined.
MAX_UNIONS_TRIED = 1 << 12


class Groups:
    """
    The distinct groups of respondents named by cells up to some depth,
    each as the set of atoms it holds, with what is withheld so far.

    Two cells that hold the same atoms are one group (``grade: (not
    stated)`` may be exactly ``role: board``): what one shows, the other
    does. A group belongs to the first level that names it.
    """

    def __init__(self, counts: AtomCounts, min_respondents: int, depth: int) -> None:
        self.counts = counts
        self.min_respondents = min_respondents
        self.atoms = list(counts.atoms)
        self.members: list[int] = []  # each group's atoms, as bits
        self.level: list[int] = []
        self.sizes: list[GroupCounts] = []
        self.order: list[tuple[int, int, int, tuple[tuple[str, str], ...]]] = []
        self.cells: dict[CellKey, int] = {}
        self.by_members: dict[int, int] = {}
        self.primary: set[int] = set()
        self.withheld: set[int] = set()
        self.supports = self._supports()
        self._add_cell((), (1 << len(self.atoms)) - 1, 0)
        for level in range(1, depth + 1):
            self._add_level(level)

    def _supports(self) -> list[tuple[int, tuple[int, ...]]]:
        """
        The atoms where someone answered each column's items, as bits, with
        the columns that share them.
        """
        found: dict[int, list[int]] = {}
        for column in range(len(self.counts.columns)):
            mask = 0
            for number, atom in enumerate(self.atoms):
                if self.counts.atoms[atom].answering[column]:
                    mask |= 1 << number
            if mask:
                found.setdefault(mask, []).append(column)
        return [(mask, tuple(columns)) for mask, columns in found.items()]

    def _add_level(self, level: int) -> None:
        names = self.counts.attributes
        for chosen in itertools.combinations(range(len(names)), level):
            bits: dict[tuple[str | None, ...], int] = {}
            for number, atom in enumerate(self.atoms):
                values = tuple(atom[i] for i in chosen)
                bits[values] = bits.get(values, 0) | (1 << number)
            for values in sorted(bits, key=_value_order):
                key = tuple(
                    (names[i], value) for i, value in zip(chosen, values, strict=True)
                )
                self._add_cell(key, bits[values], level)

    def _add_cell(self, key: CellKey, members: int, level: int) -> None:
        group = self.by_members.get(members)
        if group is None:
            group = len(self.members)
            self.by_members[members] = group
            self.members.append(members)
            self.level.append(level)
            size = sum_counts(
                (self.counts.atoms[self.atoms[n]] for n in _bits(members)),
                len(self.counts.columns),
            )
            self.sizes.append(size)
            shown = tuple((name, NOT_STATED if v is None else v) for name, v in key)
            self.order.append((size.respondents, max(size.doctors), level, shown))
            if size.too_few(self.min_respondents):
                self.primary.add(group)
                self.withheld.add(group)
        self.cells[key] = group

    def protect(self, level: int) -> None:
        """
        Withhold groups of *level* until nothing withheld can be worked
        out; then publish those of its groups withheld in vain.
        """
        while (found := self._determined(level)) is not None:
            combination, breakers = found
            candidates = [
                g
                for g in range(len(self.members))
                if self.level[g] == level
                and g not in self.withheld
                and any(self.sizes[g].doctors)
            ]
            if not candidates:
                # Every group of the level is withheld, so what is published
                # is what the levels before left safe.
                break
            union = self._union(combination)
            breaking = [g for g in candidates if g in breakers]
            overlapping = [g for g in candidates if self.members[g] & union]
            self.withheld.add(
                min(breaking or overlapping or candidates, key=self.order.__getitem__)
            )
        self._publish_known(level)

    def _union(self, combination: Iterable[int]) -> int:
        bits = 0
        for group in combination:
            bits |= self.members[group]
        return bits

    def _analyse(self, level: int, support: int) -> _Analysis:
        """
        The sums over *support* as they stand at *level*: of the withheld
        groups (with the groups of later levels that will be withheld for
        too few doctors) and of the published ones, with the linear
        relations among them.
        """
        atoms, columns = self.supports[support]
        withheld: list[int] = []
        published: list[int] = []
        for group in sorted(range(len(self.members)), key=self.order.__getitem__):
            if self.level[group] > level and group not in self.primary:
                continue
            if self.members[group] & atoms:
                hidden = self._hidden(group, columns)
                (withheld if hidden else published).append(group)
        vectors = [self.members[g] & atoms for g in withheld + published]
        # The relations among the sums' indicator vectors are those among
        # the rows of their Gram matrix, which is as small as the number of
        # sums, however many atoms there are. They are found modulo a prime,
        # and each combination found with them checked exactly.
        relations = dependencies_modulo(
            [
                {
                    j: both.bit_count()
                    for j, other in enumerate(vectors)
                    if (both := row & other)
                }
                for row in vectors
            ]
        )
        return _Analysis(withheld, published, relations, atoms, self.members)

    def _hidden(self, group: int, columns: Sequence[int]) -> bool:
        """
        Whether *group*'s scores in *columns* are withheld: only where some
        doctor gave answers of their own to them, since answers given for
        the organisation are shown whatever the group.
        """
        doctors = self.sizes[group].doctors
        return group in self.withheld and any(doctors[c] for c in columns)

    def _determined(self, level: int) -> tuple[list[int], set[int]] | None:
        """
        A combination of withheld groups that the published ones determine
        and that must not be, with the published groups whose withholding
        would stop it being determined; None if there is none.
        """
        for support, (atoms, columns) in enumerate(self.supports):
            analysis = self._analyse(level, support)
            try:
                for family in self._to_protect(analysis, level, atoms, columns):
                    found = analysis.made(family)
                    if found is not None:
                        return family, analysis.breakers(found)
            except TooMany:
                # Too many unions to try: withhold more, which leaves fewer,
                # until they can all be tried.
                return analysis.leads, set()
        return None

    def _to_protect(
        self, analysis: _Analysis, level: int, atoms: int, columns: Sequence[int]
    ) -> Iterator[list[int]]:
        """
        The combinations of withheld groups whose sums over *atoms* must
        not be determined, and may be: each withheld group of an earlier
        level, and each set of disjoint withheld groups whose doctors in
        one of *columns* number at least one and fewer than the threshold
        together.
        """
        for group in analysis.withheld:
            # The total is decided with the first level.
            if max(self.level[group], 1) < level and group in analysis.leads:
                yield [group]
        searched = set()
        for column in columns:
            doctors = tuple(self.sizes[g].doctors[column] for g in analysis.withheld)
            if doctors not in searched:
                searched.add(doctors)
                yield from self._small_families(analysis, column, atoms)

    def _small_families(
        self, analysis: _Analysis, column: int, support: int
    ) -> Iterator[list[int]]:
        """
        Every set of withheld groups, disjoint over the atoms of *support*,
        whose doctors in *column* number at least one and fewer than the
        threshold together, and whose sum the relations may determine.
        """
        doctors = [self.sizes[g].doctors[column] for g in analysis.withheld]
        members = [self.members[g] & support for g in analysis.withheld]

        def join(state: tuple[int, int], j: int) -> tuple[int, int] | None:
            seen, total = state
            total += doctors[j]
            if seen & members[j] or total >= self.min_respondents:
                return None
            return seen | members[j], total

        for positions in zero_one_combinations(
            analysis.parts,
            len(analysis.withheld),
            (0, 0),
            join,
            lambda state: state[1] > 0,
            MAX_UNIONS_TRIED,
        ):
            yield [analysis.withheld[j] for j in positions]

    def _publish_known(self, level: int) -> None:
        """
        Publish the groups of *level* withheld only to protect others but
        whose sums the published ones determine all the same: withholding
        them hides nothing, and publishing them changes nothing.
        """
        known: dict[int, bool] = {}
        for support in range(len(self.supports)):
            analysis = self._analyse(level, support)
            for group in analysis.withheld:
                determined = analysis.made([group]) is not None
                known[group] = known.get(group, True) and determined
        for group, all_known in known.items():
            if all_known and self.level[group] == level and group not in self.primary:
                self.withheld.discard(group)


class _Analysis:
    """
    The sums of groups over one support, withheld and published, and the
    linear relations among them modulo `PRIME`, in reduced echelon form
    over their positions (withheld first); what they say is determined is
    checked exactly before it counts.
    """

    def __init__(
        self,
        withheld: list[int],
        published: list[int],
        relations: list[dict[int, int]],
        support: int,
        members: list[int],
    ) -> None:
        self.withheld = withheld
        self.published = published
        split = len(withheld)
        # Relations that lead with a published sum's position involve no
        # withheld sum.
        self.involving = [r for r in relations if min(r) < split]
        self.among_published = {j for r in relations if min(r) >= split for j in r}
        self.parts = [{j: x for j, x in r.items() if j < split} for r in self.involving]
        self.leads = [withheld[min(part)] for part in self.parts]
        self.position = {group: j for j, group in enumerate(withheld)}
        self._support = support
        self._members = members
        self._exact: Span | None = None

    def made(self, groups: Iterable[int]) -> dict[int, int] | None:
        """
        The relation that determines the sum of *groups* from published
        sums; None if none does.
        """
        groups = list(groups)
        target = {self.position[g]: 1 for g in groups if g in self.position}
        whole: dict[int, int] = {}
        left = dict(target)
        for part, relation in zip(self.parts, self.involving, strict=True):
            factor = left.get(min(part))
            if factor:
                for j, x in part.items():
                    if y := (left.get(j, 0) - factor * x) % PRIME:
                        left[j] = y
                    else:
                        del left[j]
                for key, x in relation.items():
                    whole[key] = (whole.get(key, 0) + factor * x) % PRIME
        if left or not self._determined(groups):
            return None
        return {key: x for key, x in whole.items() if x}

    def _determined(self, groups: list[int]) -> bool:
        """
        Whether the published sums fix the sum of *groups*, by exact
        arithmetic over the atoms.
        """
        if self._exact is None:
            self._exact = Span(
                dict.fromkeys(_bits(self._members[g] & self._support), 1)
                for g in self.published
            )
        target: dict[int, int] = {}
        for g in groups:
            for atom in _bits(self._members[g] & self._support):
                target[atom] = target.get(atom, 0) + 1
        return target in self._exact

    def breakers(self, relation: Mapping[int, int]) -> set[int]:
        """
        The groups whose withholding would stop *relation* determining
        what it does: those of its published sums that no relation among
        published sums alone involves.
        """
        split = len(self.withheld)
        return {
            self.published[j - split]
            for j in relation
            if j >= split and j not in self.among_published
        }


def _bits(members: int) -> Iterator[int]:
    number = 0
    while members:
        if members & 1:
            yield number
        members >>= 1
        number += 1


def _value_order(values: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, value or "") for value in values)
