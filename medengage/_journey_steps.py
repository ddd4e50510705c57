"""
A journey's steps and changes: each step's scores with their uncertainty,
and how far a score moved between two steps and along the journey.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import attrs

from medengage import _validation as v
from medengage._frozen import FrozenMap, freeze_map
from medengage._scores import Score
from medengage._trusts import ods_code
from medengage.errors import Problem


if TYPE_CHECKING:
    from medengage._reliability import Uncertainty


#: How many standard errors a change must exceed to count as significant:
#: the two-sided 95% point of the normal distribution.
Z_95 = 1.96


def _optional_number(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        v.number(instance, attribute, value)


@attrs.frozen
class StepScore:
    """
    One score at one step of a journey: its value and band, and how far it
    can be trusted.

    Attributes:
        value: The score, or None where it is withheld or nobody answered.
        respondents: How many respondents it rests on.
        band: The band it falls in, or None where there is no value.
        standard_error: The score's standard error, or None where it has
            none (no value, or too few respondents to estimate it).
        low: The lower end of its 95% confidence interval, or None.
        high: The upper end of its 95% confidence interval, or None.
        withheld: Whether it is withheld to protect respondents: a withheld
            score shows no value, error or interval.
    """

    value: float | None = attrs.field(converter=v.to_float, validator=_optional_number)
    respondents: int = attrs.field(validator=v.count)
    band: str | None = attrs.field(default=None, validator=v.optional_label)
    standard_error: float | None = attrs.field(
        default=None, converter=v.to_float, validator=_optional_number
    )
    low: float | None = attrs.field(
        default=None, converter=v.to_float, validator=_optional_number
    )
    high: float | None = attrs.field(
        default=None, converter=v.to_float, validator=_optional_number
    )
    withheld: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_step_score_problems(self))

    @classmethod
    def of(cls, score: Score, uncertainty: Uncertainty | None) -> StepScore:
        """
        *score*, with the standard error and interval *uncertainty* gives
        it, if any.
        """
        if uncertainty is None or score.value is None:
            return cls(
                score.value, score.respondents, score.band, withheld=score.withheld
            )
        return cls(
            value=score.value,
            respondents=score.respondents,
            band=score.band,
            standard_error=uncertainty.standard_error,
            low=uncertainty.low,
            high=uncertainty.high,
        )


@attrs.frozen
class JourneyStep:
    """
    One assessment on a trust's journey: when, of which trust as it then
    was, and its scores.

    Attributes:
        date: When the assessment closed.
        trust: The trust's ODS code on that date.
        trust_name: The name the trust held on that date, if known.
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        overall: The overall score.
        features: The score of each feature, by the id the journey compares
            it under; a feature with no counterpart in the journey's
            checklist is left out.
        left_out: The ids of the checklist's features that have no
            counterpart in the journey's checklist, and so are not compared.
        levels: The score of each level, by the id the journey compares it
            under; empty for a checklist without levels.
    """

    date: dt.date = attrs.field(validator=v.date)
    trust: str = attrs.field(validator=ods_code)
    trust_name: str | None = attrs.field(validator=v.optional_label)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    overall: StepScore = attrs.field(validator=v.instance_of(StepScore))
    features: FrozenMap[str, StepScore] = attrs.field(
        converter=freeze_map, validator=v.values_of(StepScore)
    )
    left_out: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple)
    levels: FrozenMap[str, StepScore] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.values_of(StepScore)
    )

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem("levels", f"{level!r} is not a valid level id")
            for level in self.levels
            if not isinstance(level, str) or not v.is_identifier(level)
        ]
        problems += [
            Problem("features", f"{feature!r} is not a valid feature id")
            for feature in self.features
            if not isinstance(feature, str) or not v.is_identifier(feature)
        ]
        problems += [
            Problem("left_out", f"{feature!r} is not a valid feature id")
            for feature in self.left_out
            if not isinstance(feature, str) or not v.is_identifier(feature)
        ]
        v.raise_problems(problems)


@attrs.frozen
class Change:
    """
    How far a score moved between two assessments, and whether the move is
    larger than its uncertainty.

    The difference is ``after - before``; its standard error is
    ``sqrt(se_before² + se_after²)``, as the two assessments ask different
    respondents and so are independent samples; its 95% interval is the
    difference ± 1.96 standard errors. The change is significant when the
    difference, up or down, is larger than 1.96 standard errors: when the
    interval leaves out zero.

    Attributes:
        start: The date of the earlier assessment.
        end: The date of the later one.
        before: The earlier score, or None where it has no value.
        after: The later score, or None where it has no value.
        difference: ``after - before``, or None where either has no value
            (a withheld score never gives a change).
        standard_error: The difference's standard error, or None where
            either score has none.
        low: The lower end of the difference's 95% interval, or None.
        high: The upper end of the difference's 95% interval, or None.
        significant: Whether the difference, up or down, is larger than
            1.96 standard errors; None where there is no difference or no
            standard error.
    """

    start: dt.date
    end: dt.date
    before: float | None
    after: float | None
    difference: float | None
    standard_error: float | None
    low: float | None
    high: float | None
    significant: bool | None

    @classmethod
    def between(
        cls,
        start: dt.date,
        end: dt.date,
        before: StepScore | None,
        after: StepScore | None,
    ) -> Change:
        """
        The change from *before*, on *start*, to *after*, on *end*; either
        may be None where the feature was not compared on that date.
        """
        first = None if before is None else before.value
        last = None if after is None else after.value
        if before is None or after is None or first is None or last is None:
            return cls(start, end, first, last, None, None, None, None, None)
        difference = last - first
        if before.standard_error is None or after.standard_error is None:
            return cls(start, end, first, last, difference, None, None, None, None)
        error = math.hypot(before.standard_error, after.standard_error)
        margin = Z_95 * error
        return cls(
            start,
            end,
            first,
            last,
            difference,
            error,
            difference - margin,
            difference + margin,
            abs(difference) > margin,
        )


@attrs.frozen
class Trend:
    """
    How one score (a feature's, or the overall score) moved along a
    journey.

    Attributes:
        changes: The change between each assessment and the next, oldest
            first: one fewer than there are assessments.
        across: The change from the first assessment to the last, or None
            for a journey of one assessment.
    """

    changes: tuple[Change, ...]
    across: Change | None


def _step_score_problems(score: StepScore) -> list[Problem]:
    problems = []
    shown = {
        "value": score.value,
        "band": score.band,
        "standard_error": score.standard_error,
        "low": score.low,
        "high": score.high,
    }
    if score.withheld:
        problems += [
            Problem(name, "a withheld score has no value, band, error or interval")
            for name, value in shown.items()
            if value is not None
        ]
        return problems
    if score.value is None:
        problems += [
            Problem(name, "a score with no value has no band, error or interval")
            for name, value in shown.items()
            if value is not None and name != "value"
        ]
        return problems
    interval = (score.standard_error, score.low, score.high)
    if any(part is None for part in interval) and any(
        part is not None for part in interval
    ):
        problems.append(
            Problem(
                "standard_error",
                "give the standard error, low and high together, or none of them",
            )
        )
    elif score.standard_error is not None:
        assert score.low is not None
        assert score.high is not None
        if score.standard_error < 0:
            problems.append(
                Problem("standard_error", f"{score.standard_error} is below zero")
            )
        if not score.low <= score.value <= score.high:
            problems.append(
                Problem(
                    "value",
                    f"{score.value} is not within its interval, {score.low} to "
                    f"{score.high}",
                )
            )
    return problems
