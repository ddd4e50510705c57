"""
Trust types over time, and the benchmarking groups that gather them.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from medengage import _validation as v
from medengage._citations import Citation
from medengage.errors import MedEngageError, Problem, ValidationError


if TYPE_CHECKING:
    from medengage._trusts import Trust


class TrustType(enum.Enum):
    """
    The kind of NHS trust, as the NHS Staff Survey sorts trusts into
    benchmarking groups: by the services it provides.
    """

    ACUTE = "acute"
    ACUTE_AND_COMMUNITY = "acute-and-community"
    ACUTE_SPECIALIST = "acute-specialist"
    MENTAL_HEALTH_LEARNING_DISABILITY = "mental-health-learning-disability"
    MENTAL_HEALTH_LEARNING_DISABILITY_COMMUNITY = (
        "mental-health-learning-disability-community"
    )
    COMMUNITY = "community"
    AMBULANCE = "ambulance"


@attrs.frozen
class HeldType:
    """
    A type a trust held, and when.

    Attributes:
        type: The trust's type.
        since: The first day it held the type, if known; where it is not,
            the type is taken to hold from the start of the trust's record.
        until: The last day it held the type; None if it still does.
        source: Where the type and its dates come from, if recorded.
    """

    type: TrustType = attrs.field(validator=v.instance_of(TrustType))
    since: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    until: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    source: Citation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Citation)),
    )

    def __attrs_post_init__(self) -> None:
        check_period(self.since, self.until)

    def held_on(self, day: dt.date) -> bool:
        """
        Whether the trust held this type on *day*.
        """
        return within(self.since, self.until, day)


def check_period(since: dt.date | None, until: dt.date | None) -> None:
    """
    Refuse a period that ends before it starts.
    """
    if since and until and until < since:
        raise ValidationError.single(
            "until", f"{until.isoformat()} is before since ({since.isoformat()})"
        )


def within(since: dt.date | None, until: dt.date | None, day: dt.date) -> bool:
    """
    Whether *day* falls from *since* to *until*, each open where None.
    """
    return (since is None or since <= day) and (until is None or day <= until)


def held_type_problems(types: Sequence[HeldType]) -> Iterable[Problem]:
    """
    What is wrong with a trust's types over time: they must be oldest first,
    each but the last ended, and none overlapping.
    """
    for index, (earlier, later) in enumerate(itertools.pairwise(types), start=1):
        if earlier.until is None:
            yield Problem(
                f"types[{index - 1}].until",
                f"{earlier.type.value!r} is followed by {later.type.value!r}, "
                "so give the last day it was held",
            )
        elif later.since is None or later.since <= earlier.until:
            yield Problem(
                f"types[{index}].since",
                "give the first day this type was held, after "
                f"{earlier.until.isoformat()}, when the previous type ended",
            )


def _to_types(types: Iterable[TrustType]) -> tuple[TrustType, ...]:
    return tuple(types)


@attrs.frozen
class BenchmarkingGroup:
    """
    Trusts of like kinds, compared with each other: a trust is benchmarked
    against the trusts whose type falls in its group.

    Attributes:
        id: Stable identifier of the group.
        title: Its name, as the survey gives it.
        types: The trust types it gathers, at least one, each once.
        source: Where the group comes from, if recorded.
    """

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.label)
    types: tuple[TrustType, ...] = attrs.field(
        converter=_to_types, validator=v.instances_of(TrustType)
    )
    source: Citation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Citation)),
    )

    def __attrs_post_init__(self) -> None:
        if not self.types:
            raise ValidationError.single("types", "a group gathers at least one type")
        if len(set(self.types)) != len(self.types):
            raise ValidationError.single("types", "give each type once")

    def includes(self, trust: Trust, day: dt.date) -> bool:
        """
        Whether *trust* belongs to this group on *day*: whether the type it
        held that day is one of the group's. A trust with no type recorded
        for *day* belongs to no group.
        """
        held = trust.type_on(day)
        return held is not None and held in self.types


_STAFF_SURVEY = "NHS Staff Survey"

#: The NHS Staff Survey's benchmarking groups, as its results group trusts
#: since its 2021 survey: combined kinds share a group with their main kind.
STAFF_SURVEY_GROUPS: tuple[BenchmarkingGroup, ...] = (
    BenchmarkingGroup(
        "acute-and-acute-community",
        "Acute and acute & community trusts",
        [TrustType.ACUTE, TrustType.ACUTE_AND_COMMUNITY],
        Citation(
            "Mixed set of results in NHS staff survey",
            "Northumberland Gazette",
            2022,
            url="https://www.northumberlandgazette.co.uk/health/"
            "mixed-set-of-results-in-nhs-staff-survey-3645368",
            date=dt.date(2022, 4, 7),
        ),
    ),
    BenchmarkingGroup(
        "acute-specialist", "Acute specialist trusts", [TrustType.ACUTE_SPECIALIST]
    ),
    BenchmarkingGroup(
        "mental-health-learning-disability",
        "Mental health & learning disability, and mental health, learning "
        "disability & community trusts",
        [
            TrustType.MENTAL_HEALTH_LEARNING_DISABILITY,
            TrustType.MENTAL_HEALTH_LEARNING_DISABILITY_COMMUNITY,
        ],
        Citation(
            "Trust Celebrates Best Ever Staff Survey Results",
            "Humber Teaching NHS Foundation Trust",
            2024,
            url="https://www.humber.nhs.uk/news/archive/"
            "trust-celebrates-best-ever-staff-survey-results/633808",
            date=dt.date(2024, 3, 8),
        ),
    ),
    BenchmarkingGroup("community", "Community trusts", [TrustType.COMMUNITY]),
    BenchmarkingGroup("ambulance", "Ambulance trusts", [TrustType.AMBULANCE]),
)


def benchmarking_group(
    kind: TrustType, groups: Iterable[BenchmarkingGroup] | None = None
) -> BenchmarkingGroup:
    """
    The benchmarking group that gathers trusts of type *kind*.

    Args:
        kind: The trust's type.
        groups: The groups to choose from; the Staff Survey's if None.

    Raises:
        MedEngageError: If no group, or more than one, gathers *kind*, or
            *groups* holds something other than groups.
    """
    chosen = STAFF_SURVEY_GROUPS if groups is None else tuple(groups)
    for index, group in enumerate(chosen):
        if not isinstance(group, BenchmarkingGroup):
            raise MedEngageError(
                f"groups[{index}] is not a BenchmarkingGroup but a "
                f"{type(group).__name__}"
            )
    holding = [group for group in chosen if kind in group.types]
    if not holding:
        raise MedEngageError(
            f"no benchmarking group gathers {kind.value!r} trusts: add the type "
            "to one of the groups given"
        )
    if len(holding) > 1:
        raise MedEngageError(
            f"{kind.value!r} trusts are in more than one group "
            f"({', '.join(group.id for group in holding)}): give each type to "
            "one group"
        )
    return holding[0]


def trusts_by_code(trusts: Mapping[str, Trust] | Iterable[Trust]) -> dict[str, Trust]:
    """
    *trusts* by ODS code: a mapping as it is, or any iterable of trusts.

    Raises:
        MedEngageError: If a member is not a `Trust`, or a code is given
            twice.
    """
    from medengage._trusts import Trust

    members: Iterable[Any] = trusts.values() if isinstance(trusts, Mapping) else trusts
    if isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
        raise MedEngageError(
            f"trusts must be a mapping by ODS code or an iterable of Trust, such "
            f"as a catalogue's trusts, not a {type(trusts).__name__}"
        )
    found: dict[str, Trust] = {}
    for index, trust in enumerate(members):
        if not isinstance(trust, Trust):
            raise MedEngageError(
                f"trusts[{index}] is not a Trust but a {type(trust).__name__}"
            )
        if trust.code in found:
            raise MedEngageError(f"{trust.code} is given twice among the trusts")
        found[trust.code] = trust
    return found


def trust_group(
    code: str,
    day: dt.date,
    trusts: Mapping[str, Trust],
    groups: Iterable[BenchmarkingGroup] | None,
) -> BenchmarkingGroup:
    """
    The benchmarking group of the trust *code* on *day*.

    Raises:
        MedEngageError: If the trust is not among *trusts*, has no type
            recorded for *day*, or its type is in no group.
    """
    trust = trusts.get(code)
    if trust is None:
        raise MedEngageError(
            f"{code} is not among the trusts given, so its benchmarking group "
            "is not known: add the trust, with its types over time"
        )
    kind = trust.type_on(day)
    if kind is None:
        raise MedEngageError(
            f"{trust} has no type recorded for {day.isoformat()}, so its "
            "benchmarking group is not known: add to its types one held that "
            "day (type, since, until, source), such as "
            f"{{type: {TrustType.ACUTE.value}, since: {day.isoformat()}}}"
        )
    return benchmarking_group(kind, groups)
