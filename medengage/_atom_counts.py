"""
The counts a disclosure plan is made from: respondents by atom and by group.

For each combination of the respondents' attributes (an *atom*), how many
respondents it holds and how many of them gave answers of their own to each
feature. Those counts come from an assessment or from the tallies of its
parts, so the same plan can be made where the answers never meet in one
process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress

import attrs

from medengage._assessments import Assessment
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._features import EngagementFeature
from medengage._frozen import FrozenMap
from medengage._levels import Level
from medengage.errors import MedEngageError
from medengage.scoring._given_states import INDIVIDUAL, NOTHING
from medengage.scoring._tally import Tally, feature_positions


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
        people = assessment.respondents
        if names:
            keys = list(zip(*map(people.attribute, names), strict=True))
        else:
            keys = [()] * len(people)
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
    return tuple(sorted(assessment.respondents.attribute_counts()))


def sum_counts(counts: Iterable[GroupCounts], columns: int) -> GroupCounts:
    """
    The counts of the groups *counts* describe, taken together.
    """
    total = GroupCounts(0, (0,) * columns, (0,) * columns)
    for each in counts:
        total += each
    return total


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
