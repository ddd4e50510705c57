"""
Disclosure control planned over everything published together: which
groups of an assessment's respondents have their scores withheld.

The plan works from counts alone: for each combination of the respondents'
attributes (an *atom*), how many respondents it holds and how many of them
gave answers of their own to each feature. Those counts come from an
assessment or from the tallies of its parts, so the same plan can be made
where the answers never meet in one process.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress

import attrs

from medengage._assessments import NOT_STATED, Assessment
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._exact import (
    PRIME,
    Span,
    TooMany,
    dependencies_modulo,
    zero_one_combinations,
)
from medengage._features import EngagementFeature
from medengage._frozen import FrozenMap
from medengage._levels import Level
from medengage.errors import MedEngageError
from medengage.scoring._tally import INDIVIDUAL, NOTHING, Tally, feature_positions


#: The most steps a plan takes in one search for unions of small withheld
#: groups whose sum is determined.
MAX_UNIONS_TRIED = 1 << 12

#: A group of respondents named by the attribute values they share, in the
#: order of the attributes' names; None stands for "not stated". The whole
#: assessment is the empty tuple.
CellKey = tuple[tuple[str, str | None], ...]

#: A combination of every attribute's value (None where not stated).
Atom = tuple[str | None, ...]


@attrs.frozen
class GroupCounts:
    """
    How many respondents one group holds, and how many of them gave
    answers of their own (the doctors a score rests on).

    Attributes:
        respondents: How many respondents the group holds.
        doctors: For each column of scores (each feature with items that
            doctors answer for themselves, in the checklist's order, then
            each level with such items under it, then the overall score),
            how many respondents gave answers of their
            own to it.
        answering: For each column, how many respondents gave any answer
            to it (their own, or on behalf of the organisation).
    """

    respondents: int
    doctors: tuple[int, ...]
    answering: tuple[int, ...]

    def __add__(self, other: GroupCounts) -> GroupCounts:
        return GroupCounts(
            self.respondents + other.respondents,
            tuple(map(int.__add__, self.doctors, other.doctors)),
            tuple(map(int.__add__, self.answering, other.answering)),
        )

    def too_few(self, min_respondents: int) -> bool:
        """
        Whether any score of the group rests on at least one and fewer
        than *min_respondents* doctors.
        """
        return any(0 < doctors < min_respondents for doctors in self.doctors)


@attrs.frozen
class AtomCounts:
    """
    The counts a disclosure plan is made from.

    Attributes:
        attributes: The names of the respondents' attributes, sorted.
        columns: The names of the columns of `GroupCounts.doctors`: feature
            ids, then level ids, then ``overall``.
        atoms: For each combination of attribute values that some
            respondent has, its counts.
    """

    attributes: tuple[str, ...]
    columns: tuple[str, ...]
    atoms: FrozenMap[Atom, GroupCounts]

    @classmethod
    def of(
        cls,
        assessment: Assessment,
        attributes: Iterable[str] | None = None,
    ) -> AtomCounts:
        """
        The counts of *assessment*'s respondents, by *attributes* (every
        attribute any respondent gives, by default).
        """
        if attributes is None:
            attributes = attribute_names(assessment)
        names = tuple(sorted(set(attributes)))
        keys = [
            tuple(map(respondent.attributes.get, names))
            for respondent in assessment.respondents
        ]
        numbers: dict[Atom, int] = {}
        index = [numbers.setdefault(key, len(numbers)) for key in keys]
        respondents = Counter(index)
        own, answering = _doctor_columns(assessment)
        doctors = [Counter(compress(index, given)) for given in own]
        answered = [Counter(compress(index, given)) for given in answering]
        return cls(
            attributes=names,
            columns=columns_of(assessment.checklist),
            atoms=FrozenMap(
                {
                    atom: GroupCounts(
                        respondents[number],
                        tuple(column[number] for column in doctors),
                        tuple(column[number] for column in answered),
                    )
                    for atom, number in numbers.items()
                }
            ),
        )

    @classmethod
    def from_tallies(
        cls,
        checklist: Checklist,
        attributes: Sequence[str],
        tallies: Mapping[Atom, Tally],
    ) -> AtomCounts:
        """
        The counts of the respondents each of *tallies* counts, by the
        values of *attributes* they share (in that order, None where not
        given): as `of` gives, where the answers were tallied apart, part by
        part (merge each combination's tallies from the parts first).

        Raises:
            MedEngageError: If a tally is not of *checklist*.
        """
        order = sorted(range(len(attributes)), key=attributes.__getitem__)
        features = [f.id for f in checklist.features]
        own = [features.index(f) for f in _individual_features(checklist)]
        under = [
            [features.index(f.id) for f in checklist.features_under(level)]
            for level in _individual_levels(checklist)
        ]
        atoms = {}
        for values, counted in tallies.items():
            if (counted.checklist, counted.checklist_version) != (
                checklist.id,
                checklist.version,
            ):
                raise MedEngageError(
                    f"a tally of checklist {counted.checklist!r} version "
                    f"{counted.checklist_version} cannot be planned on "
                    f"{checklist.id!r} version {checklist.version}"
                )
            doctors = [0] * (len(own) + len(under) + 1)
            answering = [0] * (len(own) + len(under) + 1)
            for given, count in counted.given_counts().items():
                for column, f in enumerate(own):
                    doctors[column] += count * (given[f] == INDIVIDUAL)
                    answering[column] += count * (given[f] != NOTHING)
                for column, where in enumerate(under, start=len(own)):
                    states = [given[f] for f in where]
                    doctors[column] += count * (INDIVIDUAL in states)
                    answering[column] += count * any(s != NOTHING for s in states)
                doctors[-1] += count * (INDIVIDUAL in given)
                answering[-1] += count * any(state != NOTHING for state in given)
            atoms[tuple(values[i] for i in order)] = GroupCounts(
                counted.respondents, tuple(doctors), tuple(answering)
            )
        return cls(
            attributes=tuple(attributes[i] for i in order),
            columns=columns_of(checklist),
            atoms=FrozenMap(atoms),
        )

    def group(self, key: CellKey) -> GroupCounts:
        """
        The counts of the group *key* names.
        """
        return sum_counts(
            (c for atom, c in self.atoms.items() if self._holds(key, atom)),
            len(self.columns),
        )

    def _holds(self, key: CellKey, atom: Atom) -> bool:
        return all(atom[self.attributes.index(name)] == value for name, value in key)


def columns_of(checklist: Checklist) -> tuple[str, ...]:
    """
    The columns whose doctors a plan counts: each feature with items
    doctors answer for themselves, then each level with such items under
    it, then ``overall``.
    """
    return (
        *_individual_features(checklist),
        *_individual_levels(checklist),
        "overall",
    )


def attribute_names(assessment: Assessment) -> tuple[str, ...]:
    """
    Every attribute some respondent of *assessment* gives, sorted.
    """
    return tuple(
        sorted({name for r in assessment.respondents for name in r.attributes})
    )


def sum_counts(counts: Iterable[GroupCounts], columns: int) -> GroupCounts:
    """
    The counts of the groups *counts* describe, taken together.
    """
    total = GroupCounts(0, (0,) * columns, (0,) * columns)
    for each in counts:
        total += each
    return total


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
    groups = _Groups(counts, min_respondents, depth)
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


class _Groups:
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


def _individual_features(checklist: Checklist) -> tuple[str, ...]:
    return _with_doctors(checklist.features, checklist.items_for)


def _individual_levels(checklist: Checklist) -> tuple[str, ...]:
    return _with_doctors(checklist.levels, checklist.items_under)


def _with_doctors(
    scales: Iterable[EngagementFeature | Level],
    items_of: Callable[[str], tuple[ChecklistItem, ...]],
) -> tuple[str, ...]:
    """
    The ids of *scales* with an item beneath them that doctors answer for
    themselves.
    """
    return tuple(
        scale.id
        for scale in scales
        if any(item.audience is Audience.INDIVIDUAL for item in items_of(scale.id))
    )


def _doctor_columns(assessment: Assessment) -> tuple[list[bytes], list[bytes]]:
    """
    For each column of a plan, a byte a respondent: not 0 where they gave
    answers of their own to it; and likewise where they gave any answer.
    """
    checklist = assessment.checklist
    columns = assessment._columns
    own, any_answer = [], []
    scales = [
        *(feature_positions(checklist, f) for f in _individual_features(checklist)),
        *(
            tuple(checklist.position(item.id) for item in checklist.items_under(level))
            for level in _individual_levels(checklist)
        ),
    ]
    for where in scales:
        own.append(columns.answered(p for p in where if _individual(checklist, p)))
        any_answer.append(columns.answered(where))
    own.append(
        columns.answered(
            p for p in range(len(checklist.items)) if _individual(checklist, p)
        )
    )
    any_answer.append(columns.answered(range(len(checklist.items))))
    return own, any_answer


def _individual(checklist: Checklist, position: int) -> bool:
    return checklist.items[position].audience is Audience.INDIVIDUAL


def cells_of(
    counts: AtomCounts, by: Sequence[str]
) -> dict[tuple[str | None, ...], GroupCounts]:
    """
    The groups of a breakdown by the attributes *by*: each combination of
    their values that some respondent has, with its counts.
    """
    where = [counts.attributes.index(name) for name in by]
    cells: dict[tuple[str | None, ...], GroupCounts] = {}
    for atom, each in counts.atoms.items():
        values = tuple(atom[i] for i in where)
        cells[values] = cells[values] + each if values in cells else each
    return cells


def cell_key(by: Sequence[str], values: Sequence[str | None]) -> CellKey:
    """
    The key of the group whose attributes *by* take *values*.
    """
    return tuple(sorted(zip(by, values, strict=True)))


def checked_attributes(counts: Mapping[str, int], by: Sequence[str]) -> None:
    """
    Refuse a breakdown by attributes no respondent gives, or by one twice.
    """
    missing = [name for name in by if not counts.get(name)]
    if missing:
        raise MedEngageError(
            f"no respondent has the attribute {missing[0]!r}; attributes given: "
            f"{', '.join(sorted(counts)) or 'none'}"
        )
    if len(set(by)) != len(by):
        raise MedEngageError(f"a breakdown names each attribute once, not {by!r}")
