"""
NHS organisations and their names over time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from typing import Any

import attrs

from medengage import _validation as v
from medengage._citations import Citation
from medengage._display import Displayed, Table, trust_table
from medengage._groups import (
    HeldType,
    TrustType,
    check_period,
    held_type_problems,
    within,
)
from medengage.errors import Problem, ValidationError


#: An NHS trust's ODS code.
ODS_TRUST_CODE = re.compile(r"[A-Z0-9]{3}")


def ods_code(instance: object, attribute: attrs.Attribute[str], value: Any) -> None:
    """
    An NHS trust's ODS code: three upper-case letters or digits.
    """
    if not isinstance(value, str) or not ODS_TRUST_CODE.fullmatch(value):
        raise ValidationError.single(
            attribute.name,
            f"{value!r} is not an ODS trust code: "
            "use the trust's three upper-case letters or digits, like 'RTF'",
        )


@attrs.frozen
class TrustName:
    """
    A name a trust held, and when.

    Attributes:
        name: The trust's name.
        since: The first day it held the name, if known.
        until: The last day it held the name; None if it still does.
        source: Where the name and its dates come from, if recorded.
    """

    name: str = attrs.field(validator=v.label)
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
        Whether the trust held this name on *day*.
        """
        return within(self.since, self.until, day)


@attrs.frozen
class Succession:
    """
    A trust that took over all or part of another, from a given day.

    Attributes:
        trust: The ODS code of the trust that took over.
        date: The first day it held what passed to it, if known.
        what: What passed to it, in a few words; empty where it took over
            the whole trust.
        source: Where the succession comes from, if recorded.
    """

    trust: str = attrs.field(validator=ods_code)
    date: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    what: str = attrs.field(default="", validator=v.text)
    source: Citation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Citation)),
    )

    def __str__(self) -> str:
        when = f" from {self.date.isoformat()}" if self.date else ""
        what = f" ({self.what})" if self.what else ""
        return f"{self.trust}{when}{what}"


@attrs.frozen
class Trust(Displayed):
    """
    An NHS organisation.

    ODS codes are never reused, so the code identifies the trust across
    renames; a trust that closes names its successor. A trust whose
    services passed to several trusts lists each in *successors*, with the
    day and what passed; *successor* is then the one that took over the
    trust itself, which a journey follows unless told otherwise.

    Attributes:
        code: The trust's ODS code, three upper-case letters or digits.
        names: Its names over time, oldest first; the last is its current
            or final name.
        successor: The ODS code of the trust that took it over, if any:
            where there are several successors, the main one.
        closed: The last day it existed as an organisation, if it has closed.
        successors: Every trust that took over all or part of it, oldest
            first; may be left empty where one trust took over the whole,
            which *successor* then names.
        types: Its types over time, oldest first, as benchmarking groups
            sort trusts; empty where none is recorded.
    """

    code: str = attrs.field(validator=ods_code)
    names: tuple[TrustName, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(TrustName)
    )
    successor: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(ods_code)
    )
    closed: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    successors: tuple[Succession, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.instances_of(Succession)
    )
    types: tuple[HeldType, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.instances_of(HeldType)
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(list(_name_problems(self.names)))
        v.raise_problems(list(held_type_problems(self.types)))
        if self.successor == self.code:
            raise ValidationError.single(
                "successor", f"{self.code!r} cannot succeed itself"
            )
        v.raise_problems(list(_succession_problems(self)))

    @property
    def succeeded_by(self) -> tuple[Succession, ...]:
        """
        Every trust that took over all or part of this one, oldest first:
        *successors*, or else the one *successor* names, from the day after
        the trust closed.
        """
        if self.successors or self.successor is None:
            return self.successors
        after = self.closed + dt.timedelta(days=1) if self.closed else None
        return (Succession(self.successor, after),)

    @property
    def name(self) -> str:
        """
        The trust's current name, or its last one if it has closed.
        """
        return self.names[-1].name

    def name_on(self, day: dt.date) -> str | None:
        """
        The name the trust held on *day*, or None where no name is recorded
        for it: before the trust began, after it closed, or between two
        names where the sources do not settle the day of the change.
        """
        for held in reversed(self.names):
            if held.held_on(day):
                return held.name
        return None

    def type_on(self, day: dt.date) -> TrustType | None:
        """
        The type the trust held on *day*, or None where no type is recorded
        for it.
        """
        for held in reversed(self.types):
            if held.held_on(day):
                return held.type
        return None

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def table(self) -> Table:
        """
        This trust as a table, as it shows in a terminal or a notebook.
        """
        return trust_table(self)


def _succession_problems(trust: Trust) -> Iterable[Problem]:
    seen: set[str] = set()
    for index, succession in enumerate(trust.successors):
        where = f"successors[{index}]"
        if succession.trust == trust.code:
            yield Problem(f"{where}.trust", f"{trust.code!r} cannot succeed itself")
        if succession.trust in seen:
            yield Problem(
                f"{where}.trust",
                f"{succession.trust!r} is listed already: give each successor once, "
                "saying in 'what' all that passed to it",
            )
        seen.add(succession.trust)
        if (
            trust.closed is not None
            and succession.date is not None
            and succession.date > trust.closed + dt.timedelta(days=1)
        ):
            yield Problem(
                f"{where}.date",
                f"{succession.date.isoformat()} is after the trust closed "
                f"({trust.closed.isoformat()}): nothing passes from a trust "
                "that no longer exists",
            )
    dates = [s.date for s in trust.successors]
    if all(dates) and dates != sorted(dates):  # type: ignore[type-var]
        yield Problem("successors", "list the successors oldest first")
    if trust.successors and trust.successor is not None and trust.successor not in seen:
        yield Problem(
            "successor",
            f"{trust.successor!r} is not among the successors "
            f"({', '.join(sorted(seen))}): name one of them, or add it",
        )


def _name_problems(names: Iterable[TrustName]) -> Iterable[Problem]:
    names = tuple(names)
    if not names:
        yield Problem("names", "a trust needs at least one name")
    for index, (earlier, later) in enumerate(itertools.pairwise(names), start=1):
        if earlier.until is None:
            yield Problem(
                f"names[{index - 1}].until",
                f"{earlier.name!r} is followed by {later.name!r}, "
                "so give the last day it was held",
            )
        elif later.since is not None and later.since <= earlier.until:
            yield Problem(
                f"names[{index}].since",
                f"{later.since.isoformat()} overlaps the previous name, "
                f"held until {earlier.until.isoformat()}",
            )
