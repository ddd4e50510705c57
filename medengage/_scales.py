"""
The answers a checklist item takes.
"""

from __future__ import annotations

import itertools

import attrs

from medengage import _validation as v
from medengage._column_wording import folded, texts_read_alike
from medengage.errors import Problem


Value = int | float


@attrs.frozen
class ScalePoint:
    """
    One answer on a response scale.

    Attributes:
        value: The number the answer counts as.
        label: What the respondent sees, like ``Agree``.
        favourable: Whether the answer counts as favourable to engagement
            on an item that is not reverse-scored. The favourable points of a
            scale are its highest ones.
    """

    value: Value = attrs.field(validator=v.number)
    label: str = attrs.field(validator=v.label)
    favourable: bool = attrs.field(default=False, validator=v.instance_of(bool))

    @property
    def token(self) -> str:
        """
        How the value is written among an assessment's answers.
        """
        return format_value(self.value)


#: The most points a scale may have: an assessment holds each answer in a
#: byte.
MAX_POINTS = 255


@attrs.frozen
class ResponseScale:
    """
    The ordered answers an item takes, lowest value first: from least to
    most favourable for an item that is not reverse-scored.

    Attributes:
        id: Stable identifier, unique within its checklist.
        title: A short name for the scale, like ``Agreement (5 points)``.
        points: The answers, in increasing order of value: from 2 to
            255.
        no_answer: Labels a survey tool may give that are not an answer
            on the scale, such as ``Don't know`` or ``Prefer not to say``:
            read from an export as no answer.
    """

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.label)
    points: tuple[ScalePoint, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(ScalePoint)
    )
    no_answer: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_texts, validator=v.labels
    )
    _by_value: dict[Value, ScalePoint] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _by_token: dict[str, Value] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(
            [
                *_point_problems(self.points),
                *texts_read_alike(
                    "no_answer",
                    self.no_answer,
                    folded,
                    {folded(p.label): f"point {p.label!r}" for p in self.points},
                    "a label of no answer cannot be an answer too, and is given once",
                ),
            ]
        )
        object.__setattr__(
            self, "_by_value", {point.value: point for point in self.points}
        )
        object.__setattr__(
            self, "_by_token", {point.token: point.value for point in self.points}
        )

    @property
    def lowest(self) -> Value:
        """
        The lowest value on the scale.
        """
        return self.points[0].value

    @property
    def highest(self) -> Value:
        """
        The highest value on the scale.
        """
        return self.points[-1].value

    @property
    def values(self) -> tuple[Value, ...]:
        """
        The values of the points, lowest first.
        """
        return tuple(point.value for point in self.points)

    def __contains__(self, value: object) -> bool:
        return v.is_number(value) and value in self._by_value

    def point(self, value: Value) -> ScalePoint:
        """
        The point with *value*.

        Raises:
            KeyError: If no point has that value.
        """
        return self._by_value[value]

    def parse_token(self, token: str) -> Value:
        """
        The value written as *token* among an assessment's answers.

        Raises:
            KeyError: If no point is written that way.
        """
        return self._by_token[token]

    def describe_values(self) -> str:
        """
        The values on the scale as written in documents, for messages:
        ``1, 2, 3, 4, 5``.
        """
        return ", ".join(point.token for point in self.points)


def format_value(value: Value) -> str:
    """
    *value* as written in documents: ``4``, ``2.5``.
    """
    return str(value) if isinstance(value, int) else repr(value)


def _point_problems(points: tuple[ScalePoint, ...]) -> list[Problem]:
    problems = []
    if len(points) < 2:
        problems.append(Problem("points", "a scale needs at least two points"))
    if len(points) > MAX_POINTS:
        problems.append(
            Problem(
                "points",
                f"a scale has at most {MAX_POINTS} points, not {len(points)}: "
                "group a finer measure into bands",
            )
        )
    for index, (lower, higher) in enumerate(itertools.pairwise(points), start=1):
        if not lower.value < higher.value:
            problems.append(
                Problem(
                    f"points[{index}].value",
                    f"{higher.token} does not follow {lower.token}: "
                    "list points in increasing order of value, each value once",
                )
            )
    for index, (lower, higher) in enumerate(itertools.pairwise(points), start=1):
        if lower.favourable and not higher.favourable:
            problems.append(
                Problem(
                    f"points[{index}].favourable",
                    f"{higher.token} is above the favourable point {lower.token}, "
                    "so it is favourable too: list points from least to most "
                    "favourable, and mark the highest ones favourable",
                )
            )
    problems += v.unique_ids("points", points, "label", key="label")
    return problems
