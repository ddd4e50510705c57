"""
Expected ranges: whether a trust's score is better than expected, about the
same, or worse than expected, from funnel limits that widen as its
respondents fall.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import statistics
from collections.abc import Iterable, Sequence

import attrs

from medengage import _validation as v
from medengage._comparisons import _check_comparable, _check_scored
from medengage._scores import Score, ScoredAssessment
from medengage._trusts import ods_code
from medengage.errors import MedEngageError, Problem


#: The two levels of the limits: 95% ("alert") and 99.8% ("alarm").
LEVELS = (0.95, 0.998)
#: The number of standard errors from the target at each level.
Z_SCORES = {level: statistics.NormalDist().inv_cdf((1 + level) / 2) for level in LEVELS}


class Expectation(enum.Enum):
    """
    Where a trust's score falls against its expected range.
    """

    BETTER = "better than expected"
    ABOUT_THE_SAME = "about the same"
    WORSE = "worse than expected"


@attrs.frozen
class ExpectedRange:
    """
    One trust's score against the funnel limits for its respondents.

    Attributes:
        trust: The trust's ODS code.
        date: When its assessment closed.
        value: Its score, or None where it is withheld or nobody answered.
        respondents: How many respondents the score rests on: the *n* the
            limits are drawn for.
        low_95: The lower 95% limit; None where nobody answered.
        high_95: The upper 95% limit; None where nobody answered.
        low_998: The lower 99.8% limit; None where nobody answered.
        high_998: The upper 99.8% limit; None where nobody answered.
        expectation: Better than expected, about the same, or worse than
            expected; None where the score has no value.
        withheld: Whether the trust's score is withheld.
    """

    trust: str = attrs.field(validator=ods_code)
    date: dt.date = attrs.field(validator=v.date)
    value: float | None = attrs.field(converter=v.to_float)
    respondents: int = attrs.field(validator=v.count)
    low_95: float | None = attrs.field(converter=v.to_float)
    high_95: float | None = attrs.field(converter=v.to_float)
    low_998: float | None = attrs.field(converter=v.to_float)
    high_998: float | None = attrs.field(converter=v.to_float)
    expectation: Expectation | None = attrs.field(
        validator=attrs.validators.optional(v.instance_of(Expectation))
    )
    withheld: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_range_problems(self))


@attrs.frozen
class ExpectedRanges:
    """
    Expected ranges for a set of trusts' scores of one feature (or
    overall): the target, the spread of one respondent's score, and each
    trust's score against the limits for its respondents.

    A trust's limits at level *L* are ``target ± z * sigma / sqrt(n)``,
    where *n* is its respondents and *z* the standard normal quantile for
    *L* (1.960 at 95%, 3.090 at 99.8%). A score above the upper limit at
    *level* is better than expected, below the lower worse than expected,
    and otherwise (on a limit too) about the same.

    Attributes:
        strategy: The name of the strategy every score was made with.
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        feature: The id of the feature whose scores are ranged; None for the
            overall score.
        target: The score expected of every trust.
        sigma: The standard deviation of one respondent's score about the
            target, which the limits divide by the root of *n*.
        level: The level of the limits that classify: 0.95 or 0.998.
        target_given: Whether *target* was given rather than worked out
            from the trusts' scores.
        sigma_given: Whether *sigma* was given rather than worked out.
        trusts: Each trust's score against its limits, ordered by ODS code,
            then date.
    """

    strategy: str = attrs.field(validator=v.label)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    feature: str | None = attrs.field(validator=attrs.validators.optional(v.identifier))
    target: float = attrs.field(converter=float, validator=v.number)
    sigma: float = attrs.field(converter=float, validator=v.number)
    level: float = attrs.field(converter=float)
    target_given: bool = attrs.field(validator=v.instance_of(bool))
    sigma_given: bool = attrs.field(validator=v.instance_of(bool))
    trusts: tuple[ExpectedRange, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(ExpectedRange)
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_ranges_problems(self))

    def of(self, trust: str, date: dt.date | None = None) -> ExpectedRange:
        """
        The expected range of *trust*'s score; of its assessment closed on
        *date*, where it has several.

        Raises:
            MedEngageError: If no score, or more than one, matches.
        """
        found = [
            r
            for r in self.trusts
            if r.trust == trust and (date is None or r.date == date)
        ]
        if len(found) != 1:
            when = f" on {date.isoformat()}" if date else ""
            many = "no" if not found else "more than one"
            raise MedEngageError(
                f"{many} expected range for {trust}{when}: the ranges are of "
                f"{', '.join(f'{r.trust} {r.date.isoformat()}' for r in self.trusts)}"
            )
        return found[0]


def expected_ranges(
    results: Iterable[ScoredAssessment],
    *,
    feature: str | None = None,
    target: float | None = None,
    sigma: float | None = None,
    level: float = 0.998,
) -> ExpectedRanges:
    """
    Each trust's score in *results* against its expected range: better
    than expected, about the same, or worse than expected.

    Only scores with a value count: a withheld score (or one nobody
    answered) is never classified, and never used for the target or sigma.
    Where not given, the target is the respondent-weighted mean of the
    scores, ``sum(n * y) / sum(n)``, and sigma the root of
    ``sum(n * (y - target)**2) / (k - 1)`` over the *k* scores (``/ k``
    where the target is given): working sigma out from the trusts' own
    spread scales the limits for over-dispersion, as Spiegelhalter's
    multiplicative adjustment does.

    Args:
        results: The trusts' scores, all scored the same way; pass a
            benchmarking group's to range a trust within its group.
        feature: The feature whose scores to range; the overall score if
            None.
        target: The score expected of every trust; worked out if None.
        sigma: The standard deviation of one respondent's score; worked
            out if None.
        level: The limits that classify: 0.998 (the default) or 0.95.

    Raises:
        NotComparableError: If the results were not all scored the same
            way.
        MedEngageError: If a result is not a `ScoredAssessment`, two are
            the same trust on the same date, *level* is not 0.95 or 0.998,
            *target* or *sigma* is not a finite number (sigma 0 or more),
            or too few scores have a value to work out what is not given.
    """
    if level not in LEVELS:
        raise MedEngageError(f"level must be 0.95 or 0.998, not {level!r}")
    given = list(results)
    if not given:
        raise MedEngageError("expected ranges need at least one scored assessment")
    for index, scored in enumerate(given):
        _check_scored(scored, f"results[{index}]")
        _check_comparable(given[0], scored, index)
    _check_once(given)
    if feature is not None and not any(feature in s.features for s in given):
        raise MedEngageError(
            f"no result has a score for the feature {feature!r}: name one of "
            f"{', '.join(dict.fromkeys(f for s in given for f in s.features))}"
        )
    scores = [(scored, _score_of(scored, feature)) for scored in given]
    shown = [
        (score.value, score.respondents)
        for _, score in scores
        if score.value is not None and score.respondents > 0
    ]
    centre = _target(shown, target)
    spread = _sigma(shown, centre, sigma, target_given=target is not None)
    ranges = sorted(
        (_range(scored, score, centre, spread, level) for scored, score in scores),
        key=lambda r: (r.trust, r.date),
    )
    first = given[0]
    return ExpectedRanges(
        strategy=first.strategy,
        checklist=first.checklist,
        checklist_version=first.checklist_version,
        feature=feature,
        target=centre,
        sigma=spread,
        level=level,
        target_given=target is not None,
        sigma_given=sigma is not None,
        trusts=ranges,
    )


def limits(
    target: float, sigma: float, respondents: float, level: float
) -> tuple[float, float]:
    """
    The funnel limits at *level* for a score resting on *respondents*:
    ``target ± z * sigma / sqrt(respondents)``.
    """
    half = Z_SCORES[level] * sigma / math.sqrt(respondents)
    return target - half, target + half


def _score_of(scored: ScoredAssessment, feature: str | None) -> Score:
    if feature is None:
        return scored.overall
    found: Score = scored.features.get(feature, Score(None, 0))
    return found


def _check_once(results: Sequence[ScoredAssessment]) -> None:
    seen: dict[tuple[str, dt.date], int] = {}
    for index, scored in enumerate(results):
        key = (scored.trust, scored.date)
        if key in seen:
            raise MedEngageError(
                f"results[{index}] and results[{seen[key]}] are both {scored.trust} "
                f"on {scored.date.isoformat()}: give each trust's result once"
            )
        seen[key] = index


def _target(shown: Sequence[tuple[float, int]], target: float | None) -> float:
    if target is not None:
        if not v.is_number(target):
            raise MedEngageError(f"target must be a finite number, not {target!r}")
        return float(target)
    if not shown:
        raise MedEngageError(
            "no score has a value, so there is no target to work out: give "
            "target and sigma, or scores that are not withheld"
        )
    respondents = sum(n for _, n in shown)
    return math.fsum(n * y for y, n in shown) / respondents


def _sigma(
    shown: Sequence[tuple[float, int]],
    target: float,
    sigma: float | None,
    *,
    target_given: bool,
) -> float:
    if sigma is not None:
        if not v.is_number(sigma) or sigma < 0:
            raise MedEngageError(
                f"sigma must be a finite number of 0 or more, not {sigma!r}"
            )
        return float(sigma)
    freedom = len(shown) - (0 if target_given else 1)
    if freedom < 1:
        raise MedEngageError(
            f"{len(shown)} score(s) with a value are too few to work out sigma "
            "from their spread: give sigma, or the scores of more trusts"
        )
    return math.sqrt(math.fsum(n * (y - target) ** 2 for y, n in shown) / freedom)


def _range(
    scored: ScoredAssessment, score: Score, target: float, sigma: float, level: float
) -> ExpectedRange:
    n = score.respondents
    if n == 0:
        return ExpectedRange(
            scored.trust, scored.date, None, 0, None, None, None, None, None,
            score.withheld,
        )  # fmt: skip
    low_95, high_95 = limits(target, sigma, n, 0.95)
    low_998, high_998 = limits(target, sigma, n, 0.998)
    return ExpectedRange(
        trust=scored.trust,
        date=scored.date,
        value=score.value,
        respondents=n,
        low_95=low_95,
        high_95=high_95,
        low_998=low_998,
        high_998=high_998,
        expectation=_expectation(score.value, *limits(target, sigma, n, level)),
        withheld=score.withheld,
    )


def _expectation(value: float | None, low: float, high: float) -> Expectation | None:
    if value is None:
        return None
    if value > high:
        return Expectation.BETTER
    if value < low:
        return Expectation.WORSE
    return Expectation.ABOUT_THE_SAME


def _range_problems(shown: ExpectedRange) -> list[Problem]:
    problems = []
    bounds = ("low_95", "high_95", "low_998", "high_998")
    for name in ("value", *bounds):
        number = getattr(shown, name)
        if number is not None and not v.is_number(number):
            problems.append(Problem(name, f"{number!r} is not a finite number"))
    if problems:
        return problems
    if shown.withheld and shown.value is not None:
        problems.append(Problem("withheld", "a withheld score has no value"))
    if (shown.value is None) != (shown.expectation is None):
        problems.append(
            Problem("expectation", "a score is classified exactly when it has a value")
        )
    missing = [getattr(shown, name) is None for name in bounds]
    if any(missing) and not all(missing):
        problems.append(Problem("low_95", "give all four limits, or none"))
    elif all(missing) != (shown.respondents == 0):
        problems.append(
            Problem("respondents", "there are limits exactly where someone answered")
        )
    elif not any(missing):
        low_95, high_95, low_998, high_998 = (getattr(shown, name) for name in bounds)
        if not low_998 <= low_95 <= high_95 <= high_998:
            problems.append(
                Problem("low_998", "the 99.8% limits must hold the 95% limits")
            )
    return problems


def _ranges_problems(ranges: ExpectedRanges) -> list[Problem]:
    problems = []
    if ranges.level not in LEVELS:
        problems.append(Problem("level", f"{ranges.level!r} is not 0.95 or 0.998"))
    if ranges.sigma < 0:
        problems.append(Problem("sigma", f"{ranges.sigma!r} is below 0"))
    keys = [(r.trust, r.date) for r in ranges.trusts]
    if keys != sorted(set(keys)):
        problems.append(
            Problem("trusts", "give each trust and date once, by ODS code, then date")
        )
    return problems
