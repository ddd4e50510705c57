"""
Trusts studied as exemplars of medical engagement.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from medengage import _validation as v
from medengage._citations import Citation
from medengage._display import Displayed, Table, case_study_table
from medengage._frozen import FrozenMap
from medengage._trusts import ods_code
from medengage.errors import Problem, ValidationError


@attrs.frozen
class Evidence:
    """
    One piece of evidence a case study gives for a feature, in this
    project's words.

    Attributes:
        text: What the evidence is.
        source: Where it comes from; None where it is the case study's own
            source.
    """

    text: str = attrs.field(validator=v.nonempty_text)
    source: Citation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Citation)),
    )

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class LaterEvent:
    """
    Something that happened at a case-study trust after the case study was
    published, which a reader of the case study should know.

    Attributes:
        date: When it happened: the day, or the first of the month where
            the source gives only the month (the text then says so).
        text: What happened, in this project's words.
        source: Where it is recorded.
    """

    date: dt.date = attrs.field(validator=v.date)
    text: str = attrs.field(validator=v.nonempty_text)
    source: Citation = attrs.field(validator=v.instance_of(Citation))

    def __str__(self) -> str:
        return f"{self.date.isoformat()}: {self.text}"


def _freeze_evidence(
    evidence: Mapping[str, Iterable[str | Evidence]],
) -> FrozenMap[str, Any]:
    if isinstance(evidence, FrozenMap):
        return evidence
    return FrozenMap(
        {
            feature: points if isinstance(points, str) else _as_evidence(points)
            for feature, points in evidence.items()
        }
    )


def _as_evidence(points: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(_as_one(point) for point in points)


def _as_one(point: Any) -> Any:
    if not isinstance(point, str):
        return point
    try:
        return Evidence(point)
    except ValidationError:
        # Kept as it is, for the case study to report where it stands.
        return point


@attrs.frozen
class CaseStudy(Displayed):
    """
    A trust studied as an exemplar, the evidence it gives for each
    engagement feature, and what happened there since.

    Attributes:
        trust: The ODS code of the trust studied.
        source: The publication the case study appears in.
        summary: What the case study shows, in a sentence or two.
        evidence: For each feature id, the evidence specific to this trust
            that is recorded for it, each piece with its source. Text is
            taken as evidence from *source*.
        found_without_evidence: The ids of features the source found at this
            trust, as at every trust it studied, without giving evidence
            specific to this one.
        later_events: What happened at the trust after the case study was
            published, oldest first, each dated and with its source.
    """

    trust: str = attrs.field(validator=ods_code)
    source: Citation = attrs.field(validator=v.instance_of(Citation))
    summary: str = attrs.field(default="", validator=v.text)
    evidence: FrozenMap[str, tuple[Evidence, ...]] = attrs.field(
        factory=FrozenMap, converter=_freeze_evidence
    )
    found_without_evidence: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_tuple
    )
    later_events: tuple[LaterEvent, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.instances_of(LaterEvent)
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(
            [
                *_evidence_problems(self.evidence),
                *_found_problems(self.found_without_evidence, self.evidence),
                *_event_problems(self.later_events),
            ]
        )

    @property
    def features(self) -> tuple[str, ...]:
        """
        The ids of the features this case study gives evidence for.
        """
        return tuple(self.evidence)

    @property
    def found(self) -> tuple[str, ...]:
        """
        The ids of the features found at this trust: those with evidence
        specific to it, then those found without.
        """
        return (*self.evidence, *self.found_without_evidence)

    def table(self) -> Table:
        """
        This case study as a table: its evidence, each piece with its
        source, and what happened since.
        """
        return case_study_table(self)


def _evidence_problems(
    evidence: FrozenMap[str, tuple[Evidence, ...]],
) -> list[Problem]:
    problems = []
    for feature, points in evidence.items():
        if not isinstance(feature, str) or not v.is_identifier(feature):
            problems.append(
                Problem("evidence", f"{feature!r} is not a valid feature id")
            )
            continue
        if not isinstance(points, tuple) or not points:
            problems.append(
                Problem(
                    f"evidence.{feature}",
                    "give at least one piece of evidence as a list of text",
                )
            )
            continue
        # A point that is not Evidence was kept as given, for this check to
        # report where it stands.
        for index, point in enumerate(cast(tuple[object, ...], points)):
            where = f"evidence.{feature}[{index}]"
            if isinstance(point, Evidence):
                continue
            if not isinstance(point, str) or not point.strip():
                problems.append(
                    Problem(where, f"expected non-blank text, found {point!r}")
                )
            elif (bad := v.bad_character(point, multiline=True)) is not None:
                problems.append(Problem(where, f"{point!r} contains {bad}"))
    return problems


def _found_problems(
    found: tuple[str, ...], evidence: FrozenMap[str, tuple[Evidence, ...]]
) -> list[Problem]:
    problems = []
    for index, feature in enumerate(found):
        where = f"found_without_evidence[{index}]"
        if not isinstance(feature, str) or not v.is_identifier(feature):
            problems.append(Problem(where, f"{feature!r} is not a valid feature id"))
        elif feature in evidence:
            problems.append(
                Problem(
                    where,
                    f"{feature!r} has evidence already: list it in one place only",
                )
            )
        elif feature in found[:index]:
            problems.append(Problem(where, f"{feature!r} is listed already"))
    return problems


def _event_problems(events: tuple[LaterEvent, ...]) -> list[Problem]:
    return [
        Problem(
            f"later_events[{index}].date",
            f"{later.date.isoformat()} is before the event listed above it "
            f"({earlier.date.isoformat()}): list the events oldest first",
        )
        for index, (earlier, later) in enumerate(itertools.pairwise(events), start=1)
        if later.date < earlier.date
    ]
