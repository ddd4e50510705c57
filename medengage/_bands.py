"""
Bands: labels for ranges of scores.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from medengage import _validation as v
from medengage.errors import Problem


def _to_floats(thresholds: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(v.to_float(threshold) for threshold in thresholds)


@attrs.frozen
class Banding:
    """
    A way of putting scores into bands through ordered thresholds.

    A score below the first threshold falls in the first band; a score at
    or above threshold *k* (counting from 1) and below the next falls in band
    *k* + 1.

    Attributes:
        id: Stable identifier of the banding.
        labels: The bands' labels, lowest first: one more than there are
            thresholds.
        thresholds: The scores at which each band after the first starts,
            in increasing order.
    """

    id: str = attrs.field(validator=v.identifier)
    labels: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    thresholds: tuple[float, ...] = attrs.field(converter=_to_floats)

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_banding_problems(self))

    def band(self, score: float) -> str:
        """
        The label of the band *score* falls in.
        """
        return self.labels[bisect.bisect_right(self.thresholds, score)]

    def rescaled(self, factor: float, id: str | None = None) -> Banding:
        """
        This banding with every threshold multiplied by *factor*, for scores
        on another range.
        """
        return Banding(
            id=id or self.id,
            labels=self.labels,
            thresholds=tuple(t * factor for t in self.thresholds),
        )


def _banding_problems(banding: Banding) -> list[Problem]:
    problems = v.capped(_member_problems(banding))
    if problems:
        return problems
    return v.capped(_order_problems(banding))


def count_problem(labels: int, thresholds: int) -> Problem | None:
    """
    The problem with a banding of *labels* labels and *thresholds*
    thresholds, if the counts do not fit.
    """
    if labels == thresholds + 1:
        return None
    return Problem(
        "labels",
        f"{labels} labels for {thresholds} thresholds: give one label more "
        "than there are thresholds",
    )


def _member_problems(banding: Banding) -> Iterator[Problem]:
    for index, label in enumerate(banding.labels):
        if not isinstance(label, str) or not label.strip():
            yield Problem(f"labels[{index}]", f"{label!r} is not a label")
        elif (bad := v.bad_character(label, multiline=False)) is not None:
            yield Problem(f"labels[{index}]", f"{label!r} contains {bad}")
    for index, threshold in enumerate(banding.thresholds):
        if not v.is_number(threshold):
            yield Problem(
                f"thresholds[{index}]", f"{threshold!r} is not a finite number"
            )


def _order_problems(banding: Banding) -> Iterator[Problem]:
    counts = count_problem(len(banding.labels), len(banding.thresholds))
    if counts is not None:
        yield counts
    thresholds = banding.thresholds
    for index in range(1, len(thresholds)):
        if not thresholds[index - 1] < thresholds[index]:
            yield Problem(
                f"thresholds[{index}]",
                f"thresholds must increase: {thresholds[index]} "
                f"follows {thresholds[index - 1]}",
            )
    if len(set(banding.labels)) != len(banding.labels):
        yield Problem("labels", "each band needs its own label")


#: medengage's default banding for scores from 0 to 100: stages of the
#: journey to strong medical engagement. A convention of this library, not a
#: national norm: pass your own banding where one is agreed.
JOURNEY_STAGES = Banding(
    id="journey-stages",
    labels=("starting out", "developing", "established", "embedded"),
    thresholds=(40.0, 55.0, 70.0),
)
