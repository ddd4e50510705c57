"""
Feature tables: what each answer to a feature's items counts for, with the
patterns respondents gave for it, as the built-in strategies score them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from fractions import Fraction

import attrs

from medengage._checklists import Audience, Checklist
from medengage._frozen import FrozenMap
from medengage._scales import ResponseScale, Value
from medengage._weights import kish
from medengage.scoring import _combination_credits as combination_credits
from medengage.scoring._given_states import INDIVIDUAL, NOTHING
from medengage.scoring._pattern_arrays import summed_credits
from medengage.scoring._pattern_counts import PatternCounts
from medengage.scoring._pattern_numbers import Pattern, PatternNumbering
from medengage.scoring._tally import Tally, WeightSums


@attrs.frozen
class ItemTable:
    """
    What each answer to one item counts for, exact.

    Attributes:
        credit: For each value on the item's scale, how far along the scale
            it lies from least to most favourable, from 0 to 1: ``u`` in the
            formulas.
        favourable: The values that count as favourable, with the scale read
            from its other end for a reverse-scored item.
        weight: The item's weight within its feature.
        individual: Whether each doctor answers the item for themselves.
    """

    credit: Mapping[Value, Fraction]
    favourable: frozenset[Value]
    weight: Fraction
    individual: bool


@attrs.frozen
class ScaledItem:
    """
    What each answer to one item counts for, in whole numbers over its
    feature table's denominators, so that sums over thousands of respondents
    stay exact and fast.

    Attributes:
        credit: ``u`` for each value, times `FeatureTable.denominator`.
        favourable: As `ItemTable.favourable`.
        weight: The item's weight, times `FeatureTable.weight_denominator`.
        individual: As `ItemTable.individual`.
    """

    credit: Mapping[Value, int]
    favourable: frozenset[Value]
    weight: int
    individual: bool


@attrs.frozen
class FeatureTable:
    """
    A feature's items, and the patterns respondents gave for it.

    Attributes:
        id: The feature's id.
        index: Where the feature stands among the checklist's features.
        items: What answers to each of its items count for, in order.
        numbered: How many respondents gave each pattern, by its number.
        numbering: How the patterns are numbered.
        given: How many respondents gave each combination of states, one
            for each feature of the checklist.
        denominator: What the items' credits are to be divided by.
        weight_denominator: What the items' weights are to be divided by.
        weights: For weighted scores, the sums of the respondents' weights
            (and of their squares) behind each pattern; None otherwise.
        scaled_weights: For weighted scores, the sum of the respondents'
            weights behind each pattern times one factor for the whole
            tally, making them whole numbers: a weighted mean is a ratio,
            which the factor leaves as it is.
    """

    id: str
    index: int
    items: tuple[ScaledItem, ...]
    numbered: PatternCounts
    numbering: PatternNumbering
    given: Mapping[tuple[int, ...], int]
    denominator: int = 1
    weight_denominator: int = 1
    weights: Mapping[Pattern, WeightSums] | None = None
    scaled_weights: Mapping[Pattern, int] | None = None

    @functools.cached_property
    def patterns(self) -> Mapping[Pattern, int]:
        """
        How many respondents gave each pattern: decoded from `numbered`
        once, when first asked for.
        """
        return self.numbering.decoded(self.id, self.numbered)

    @property
    def masses(self) -> Mapping[Pattern, int]:
        """
        What each pattern counts for in a mean over respondents: how many
        respondents gave it, or the sum of their weights, scaled alike
        across the tally.
        """
        return self.patterns if self.scaled_weights is None else self.scaled_weights

    def effective_respondents(self) -> Fraction | None:
        """
        Kish's effective sample size of the weights of those who answered
        the feature; None for unweighted scores.
        """
        if self.weights is None:
            return None
        return kish(
            sums
            for (_, given), sums in self.weights.items()
            if given[self.index] != NOTHING
        )

    @property
    def has_individual_items(self) -> bool:
        """
        Whether any of the feature's items is answered by doctors
        themselves.
        """
        return any(item.individual for item in self.items)

    def respondents(self, *, individual: bool = False) -> int:
        """
        How many respondents answered the feature (with answers of their own
        if *individual*).
        """
        return sum(
            count
            for given, count in self.given.items()
            if (
                given[self.index] == INDIVIDUAL
                if individual
                else given[self.index] != NOTHING
            )
        )

    def mean_credit(self, *, weighted: bool) -> Fraction | None:
        """
        The mean over respondents of each respondent's mean credit on the
        feature, their items weighted if *weighted*; None if nobody
        answered.
        """
        sums, respondents = self.summed_credits(weighted=weighted)
        if not respondents:
            return None
        total = sum(
            (Fraction(credit, weight) for weight, credit in sums.items()), Fraction(0)
        )
        return total / (respondents * self.denominator)

    def summed_credits(
        self, *, weighted: bool, numpy: bool | None = None
    ) -> tuple[dict[int, int], int]:
        """
        The respondents' credits on the feature (as `credit_sum` gives
        them) summed over all who answered, for each sum of the weights of
        the items they answered, each respondent counting by their mass;
        and the sum of the masses of those who answered. With numpy where
        *numpy* is None and numpy is worth its while, or *numpy* is true.
        """
        # Respondents whose answered items weigh the same share a
        # denominator, so their credits add up as whole numbers.
        if self.scaled_weights is None:
            summed = summed_credits(self, weighted=weighted, numpy=numpy)
            if summed is None:
                summed = combination_credits.summed_credits(self, weighted=weighted)
            if summed is not None:
                return summed
        return self.summed_by_pattern(weighted=weighted)

    def summed_by_pattern(self, *, weighted: bool) -> tuple[dict[int, int], int]:
        """
        `summed_credits`, pattern by pattern.
        """
        sums: dict[int, int] = {}
        respondents = 0
        for pattern, count in self.masses.items():
            credit, weight = self.credit_sum(pattern, weighted=weighted)
            if weight:
                sums[weight] = sums.get(weight, 0) + count * credit
                respondents += count
        return sums, respondents

    def digit_credits(
        self, *, weighted: bool
    ) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
        """
        For each item, the credit of each digit of a pattern's answers (0
        for no answer, ``k`` for the ``k``-th value), as `numbering` numbers
        them; and each item's weight (each 1 unless *weighted*).
        """
        values = self.numbering.values[self.id]
        credits = tuple(
            (0, *(item.credit[value] for value in of if value is not None))
            for item, of in zip(self.items, values, strict=True)
        )
        return credits, tuple(item.weight if weighted else 1 for item in self.items)

    def credit_sum(self, pattern: Pattern, *, weighted: bool) -> tuple[int, int]:
        """
        A respondent's credit on the feature for *pattern*, summed over the
        items they answered, and the sum of those items' weights (each 1
        unless *weighted*): their mean credit is the first over the second,
        over `denominator`.
        """
        credit = weight = 0
        for item, answer in zip(self.items, pattern[0], strict=True):
            if answer is not None:
                each = item.weight if weighted else 1
                credit += each * item.credit[answer]
                weight += each
        return credit, weight


def feature_tables(tally: Tally, checklist: Checklist) -> tuple[FeatureTable, ...]:
    """
    The table of each of *checklist*'s features, with its patterns from
    *tally*.
    """
    scale = math.lcm(
        1,
        *(
            total.denominator
            for patterns in tally.weights.values()
            for total, _ in patterns.values()
        ),
    )
    given = tally.given_counts()
    tables = []
    for index, feature in enumerate(checklist.features):
        exact = [
            item_table(checklist, item.id) for item in checklist.items_for(feature.id)
        ]
        denominator = math.lcm(
            1,
            *(credit.denominator for item in exact for credit in item.credit.values()),
        )
        weight_denominator = math.lcm(1, *(item.weight.denominator for item in exact))
        sums = None if tally.weighting is None else tally.weight_sums(feature.id)
        tables.append(
            FeatureTable(
                id=feature.id,
                index=index,
                items=tuple(
                    ScaledItem(
                        credit={
                            value: int(credit * denominator)
                            for value, credit in item.credit.items()
                        },
                        favourable=item.favourable,
                        weight=int(item.weight * weight_denominator),
                        individual=item.individual,
                    )
                    for item in exact
                ),
                numbered=tally.counts[feature.id],
                numbering=tally.numbering,
                given=given,
                denominator=denominator,
                weight_denominator=weight_denominator,
                weights=sums,
                scaled_weights=(
                    None
                    if sums is None
                    else {
                        pattern: total.numerator * (scale // total.denominator)
                        for pattern, (total, _) in sums.items()
                    }
                ),
            )
        )
    return tuple(tables)


def item_table(checklist: Checklist, item_id: str) -> ItemTable:
    """
    What each answer to the item *item_id* counts for.
    """
    item = checklist.item(item_id)
    return _item_table(
        checklist.scale(item.scale),
        item.reverse,
        Fraction(item.weight),
        item.audience is Audience.INDIVIDUAL,
    )


@functools.lru_cache(maxsize=256)
def _item_table(
    scale: ResponseScale, reverse: bool, weight: Fraction, individual: bool
) -> ItemTable:
    """
    What each answer counts for, to an item on *scale*, *reverse*-scored
    or not, of *weight*, and answered by each doctor for themselves if
    *individual*.
    """
    lowest, highest = Fraction(scale.lowest), Fraction(scale.highest)
    credit = {}
    for point in scale.points:
        u = (Fraction(point.value) - lowest) / (highest - lowest)
        credit[point.value] = 1 - u if reverse else u
    points = scale.points[::-1] if reverse else scale.points
    favourable = frozenset(
        point.value
        for point, mirrored in zip(scale.points, points, strict=True)
        if mirrored.favourable
    )
    return ItemTable(
        credit=FrozenMap(credit),
        favourable=favourable,
        weight=weight,
        individual=individual,
    )
