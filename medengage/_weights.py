"""
Respondent weights: how much each respondent counts in a score, given
directly or made by post-stratification.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from medengage import _validation as v
from medengage._frozen import FrozenMap
from medengage.errors import MedEngageError, Problem, ValidationError


if TYPE_CHECKING:
    from medengage._assessments import Assessment


#: How far target proportions may sum from 1, from rounding, before they
#: are refused; within it they are scaled to sum to exactly 1.
TARGET_TOLERANCE = Fraction(1, 10**6)

#: How many ids an error names before it only counts the rest.
_NAMED = 5


def exact(value: object, where: str) -> Fraction:
    """
    *value*, a finite number, exactly: a float as the decimal it prints as.

    Raises:
        ValidationError: If *value* is not a finite number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise ValidationError.single(where, f"{value!r} is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError.single(where, f"{value!r} is not a finite number")
        return Fraction(repr(value))
    return Fraction(value)


def _weights(given: object) -> FrozenMap[str, Fraction]:
    if isinstance(given, FrozenMap) and all(
        type(w) is Fraction for w in given.values()
    ):
        checked: Mapping[str, Fraction] = given
    elif not isinstance(given, Mapping):
        raise ValidationError.single(
            "weights", f"expected a mapping of respondent ids to weights, not {given!r}"
        )
    else:
        checked = {}
        problems = []
        for id, weight in given.items():
            if not isinstance(id, str) or not id.strip():
                problems.append(Problem("weights", f"{id!r} is not a respondent id"))
                continue
            try:
                checked[id] = exact(weight, f"weights.{id}")
            except ValidationError as error:
                problems.extend(error.problems)
        v.raise_problems(v.capped(problems))
    bad = [
        Problem(f"weights.{id}", f"{float(w)!r} is not above zero")
        for id, w in checked.items()
        if w <= 0
    ]
    v.raise_problems(v.capped(bad))
    return checked if isinstance(checked, FrozenMap) else FrozenMap(checked)


def _targets(given: object) -> FrozenMap[str, Fraction]:
    if isinstance(given, FrozenMap) and not given:
        return given
    if not isinstance(given, Mapping):
        raise ValidationError.single(
            "targets", f"expected a mapping of groups to proportions, not {given!r}"
        )
    shares: dict[str, Fraction] = {}
    for group, share in given.items():
        if not isinstance(group, str) or not group.strip():
            raise ValidationError.single("targets", f"{group!r} is not a group")
        shares[group] = exact(share, f"targets.{group}")
        if shares[group] <= 0:
            raise ValidationError.single(
                f"targets.{group}",
                f"{share!r} is not above zero: leave a group with no target "
                "share out (and its respondents out of the assessment)",
            )
    if not shares:
        return FrozenMap()
    total = sum(shares.values(), Fraction(0))
    if abs(total - 1) > TARGET_TOLERANCE:
        hint = " (percentages? divide them by 100)" if total > 50 else ""
        raise ValidationError.single(
            "targets",
            f"the target proportions sum to {float(total):g}, not 1{hint}: give "
            "each group's share of the whole",
        )
    return FrozenMap({group: share / total for group, share in shares.items()})


@attrs.frozen
class Weighting:
    """
    How a result's respondents were weighted: kept with the result, so
    that weighted and unweighted results, or results weighted in different
    ways, are never compared as if alike.

    Attributes:
        method: ``direct`` (weights given as they are) or
            ``post-stratified`` (made from an attribute and target
            proportions).
        attribute: The attribute the respondents were post-stratified by;
            None for direct weights.
    """

    method: str = attrs.field()
    attribute: str | None = attrs.field(default=None)

    @method.validator
    def _check_method(self, attribute: attrs.Attribute[str], value: object) -> None:
        if value not in ("direct", "post-stratified"):
            raise ValidationError.single(
                "method",
                f"{value!r} is not a way of weighting: use 'direct' or "
                "'post-stratified'",
            )

    def __attrs_post_init__(self) -> None:
        if self.method == "direct" and self.attribute is not None:
            raise ValidationError.single(
                "attribute", "direct weights are not made from an attribute"
            )
        if self.method == "post-stratified":
            if self.attribute is None:
                raise ValidationError.single(
                    "attribute", "say which attribute the weights were made from"
                )
            if not isinstance(self.attribute, str) or not v.is_identifier(
                self.attribute
            ):
                raise ValidationError.single(
                    "attribute", f"{self.attribute!r} is not a valid attribute name"
                )

    def describe(self) -> str:
        """
        The weighting in words, like ``post-stratified by grade``.
        """
        if self.attribute is None:
            return "weighted directly"
        return f"post-stratified by {self.attribute}"


@attrs.frozen
class RespondentWeights:
    """
    How much each respondent of an assessment counts in its scores.

    Every mean over respondents becomes a weighted mean; disclosure control
    still counts real respondents, never weights. Each weight is kept
    exactly: a float as the decimal it prints as (``0.3`` is 3/10).

    Attributes:
        weights: Each respondent's weight, by respondent id: a finite
            number above zero.
        attribute: The attribute the weights were post-stratified by, or
            None for weights given directly.
        targets: The target proportion of each value of *attribute*,
            summing to 1; empty for weights given directly.
    """

    weights: FrozenMap[str, Fraction] = attrs.field(converter=_weights)
    attribute: str | None = None
    targets: FrozenMap[str, Fraction] = attrs.field(
        factory=FrozenMap, converter=_targets
    )

    def __attrs_post_init__(self) -> None:
        if (self.attribute is None) != (not self.targets):
            raise ValidationError.single(
                "targets",
                "give the attribute and its target proportions together, or "
                "neither for direct weights",
            )
        # Checks the attribute's name.
        _ = self.weighting

    @classmethod
    def post_stratified(
        cls,
        assessment: Assessment,
        attribute: str,
        targets: Mapping[str, float | int | Fraction],
    ) -> RespondentWeights:
        """
        Weights that give each group of *assessment*'s respondents (those
        sharing a value of *attribute*) its target share of the total
        weight: a respondent in group ``g`` weighs ``targets[g] * n / n_g``,
        where ``n`` is the number of respondents and ``n_g`` of those in
        ``g``. The weights sum to ``n``, and are all 1 where the groups
        already stand in the target proportions.

        Args:
            assessment: The respondents to weight.
            attribute: The attribute that puts them in groups, like
                ``occupation``.
            targets: The share each group should have, by value of
                *attribute*, summing to 1 (to within rounding, 1e-6; the
                shares are then scaled to sum to exactly 1).

        Raises:
            MedEngageError: If a respondent does not give *attribute*, a
                group has no target, a target's group has no respondents, a
                target is not a number above zero, or the targets do not
                sum to 1.
        """
        shares = _targets(targets)
        groups: dict[str, list[str]] = {}
        unstated = []
        for respondent in assessment.respondents:
            value = respondent.attributes.get(attribute)
            if value is None:
                unstated.append(respondent.id)
            else:
                groups.setdefault(value, []).append(respondent.id)
        if unstated:
            raise MedEngageError(
                f"{len(unstated)} respondents do not give {attribute!r} "
                f"({_named(unstated)}), so they cannot be post-stratified by "
                "it: give each their group, or leave them out of the assessment"
            )
        untargeted = sorted(set(groups) - set(shares))
        if untargeted:
            raise MedEngageError(
                f"respondents give {attribute!r} values with no target "
                f"proportion: {_named(untargeted)}; give a target for every "
                f"group (known: {', '.join(map(repr, shares))})"
            )
        empty = [group for group in shares if group not in groups]
        if empty:
            raise MedEngageError(
                f"no respondent gives {attribute!r} as {_named(empty)}, so no "
                "weight can bring that group to its target: merge it with "
                "another group, or leave it out and give targets for the "
                "groups that answered"
            )
        n = len(assessment.respondents)
        weights = {
            id: shares[group] * n / len(members)
            for group, members in groups.items()
            for id in members
        }
        ordered = {r.id: weights[r.id] for r in assessment.respondents}
        return cls(weights=ordered, attribute=attribute, targets=shares)

    @property
    def weighting(self) -> Weighting:
        """
        How these weights weight: directly, or post-stratified by an
        attribute.
        """
        if self.attribute is None:
            return Weighting("direct")
        return Weighting("post-stratified", self.attribute)

    def effective_respondents(self) -> Fraction:
        """
        Kish's effective sample size of all the weights:
        ``(Σw)² / Σw²``.
        """
        return effective_size(self.weights.values())

    def restricted_to(self, assessment: Assessment) -> RespondentWeights:
        """
        The weights of *assessment*'s respondents only, weighted alike: for
        scoring a part of the assessment these weights were made for (a
        partition, or a group of a breakdown).

        Raises:
            MedEngageError: If a respondent of *assessment* has no weight.
        """
        check_covers(self, assessment, extra_allowed=True)
        return attrs.evolve(
            self, weights={r.id: self.weights[r.id] for r in assessment.respondents}
        )


def effective_size(weights: Iterable[Fraction]) -> Fraction:
    """
    Kish's effective sample size of *weights*: ``(Σw)² / Σw²``; 0 for no
    weights.
    """
    return kish((weight, weight * weight) for weight in weights) or Fraction(0)


def kish(sums: Iterable[tuple[Fraction, Fraction]]) -> Fraction | None:
    """
    Kish's effective sample size, ``(Σw)² / Σw²``, from the sums of weights
    and of their squares of groups of respondents; None for none.
    """
    # Fractions that share a denominator are summed as whole numbers.
    totals: dict[int, int] = {}
    squares: dict[int, int] = {}
    for weight, square in sums:
        totals[weight.denominator] = (
            totals.get(weight.denominator, 0) + weight.numerator
        )
        squares[square.denominator] = (
            squares.get(square.denominator, 0) + square.numerator
        )
    total = sum((Fraction(n, d) for d, n in totals.items()), Fraction(0))
    square = sum((Fraction(n, d) for d, n in squares.items()), Fraction(0))
    return total * total / square if square else None


def check_covers(
    weights: object, assessment: Assessment, *, extra_allowed: bool = False
) -> None:
    """
    Refuse *weights* unless they are `RespondentWeights` that weigh every
    respondent of *assessment* (and no one else, unless *extra_allowed*).
    """
    if not isinstance(weights, RespondentWeights):
        raise MedEngageError(
            f"weights must be medengage.RespondentWeights, not "
            f"{type(weights).__name__}: make them with "
            "RespondentWeights(weights={...}) or RespondentWeights.post_stratified"
        )
    ids = assessment.respondents.ids
    weighed = weights.weights.keys()
    missing = list(itertools.filterfalse(weighed.__contains__, ids))
    if missing:
        raise MedEngageError(
            f"{len(missing)} respondents have no weight ({_named(missing)}): "
            "give every respondent of the assessment a weight"
        )
    if not extra_allowed and len(weights.weights) != len(ids):
        known = set(ids)
        extra = [id for id in weights.weights if id not in known]
        raise MedEngageError(
            f"{len(extra)} weights are for respondents the assessment does not "
            f"have ({_named(extra)}): weigh this assessment's respondents only "
            "(RespondentWeights.restricted_to gives a part's weights)"
        )


def _named(ids: list[str]) -> str:
    shown = ", ".join(map(repr, ids[:_NAMED]))
    return shown if len(ids) <= _NAMED else f"{shown} and {len(ids) - _NAMED} more"
