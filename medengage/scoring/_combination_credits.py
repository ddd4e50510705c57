"""
Combination credits: what each combination of answers to a feature's items
counts for, tabled once, so that the standard library sums a feature's
credits straight from pattern numbers, with no pattern decoded.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING

from medengage.scoring._pattern_counts import counts_by_layout
from medengage.scoring._pattern_numbers import TABLED


if TYPE_CHECKING:
    from medengage.scoring._feature_tables import FeatureTable


#: For each sum of the weights of the items answered, the numbers of the
#: combinations of answers with that sum, and each one's summed credit.
WeightClasses = tuple[tuple[int, tuple[int, ...], tuple[int, ...]], ...]


def summed_credits(
    table: FeatureTable, *, weighted: bool
) -> tuple[dict[int, int], int] | None:
    """
    `FeatureTable.summed_credits` for an unweighted tally, from a table of
    the feature's combinations of answers; None where it has more than
    `TABLED`.
    """
    values = table.numbering.values[table.id]
    combinations = math.prod(map(len, values))
    if combinations > TABLED:
        return None
    credits, weights = table.digit_credits(weighted=weighted)
    dense, base, others = counts_by_layout(table.numbered)
    given_base = table.numbering.given_base
    if base != given_base or len(dense) > combinations:
        dense, others = memoryview(b"").cast("q"), table.numbered
    sums: dict[int, int] = {}
    respondents = 0
    if dense:
        held: Sequence[int] = dense
        if len(dense) < combinations:
            held = [*dense, *[0] * (combinations - len(dense))]
        count_of = held.__getitem__
        for weight, numbers, credit in weight_classes(credits, weights):
            counts = list(map(count_of, numbers))
            if any(counts):
                sums[weight] = sum(map(operator.mul, counts, credit))
                respondents += sum(counts)
    if others:
        credit_of, weight_of = combination_credits(credits, weights)
        for number, count in others.items():
            combination = number // given_base
            if weight := weight_of[combination]:
                sums[weight] = sums.get(weight, 0) + count * credit_of[combination]
                respondents += count
    return sums, respondents


@functools.lru_cache(maxsize=64)
def combination_credits(
    credits: tuple[tuple[int, ...], ...], weights: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """
    For each combination of answers, by its number, the summed credit of
    the items answered and the sum of their weights: *credits* holds each
    item's credit for each digit (0 for no answer), *weights* each item's
    weight, the first item the most significant digit.
    """
    credit = [0]
    weight = [0]
    for row, each in zip(credits, weights, strict=True):
        steps = [(each * c, each if digit else 0) for digit, c in enumerate(row)]
        credit = [sum_ + c for sum_ in credit for c, _ in steps]
        weight = [sum_ + w for sum_ in weight for _, w in steps]
    return tuple(credit), tuple(weight)


@functools.lru_cache(maxsize=64)
def weight_classes(
    credits: tuple[tuple[int, ...], ...], weights: tuple[int, ...]
) -> WeightClasses:
    """
    The combinations of `combination_credits`, grouped by the sum of the
    weights of the items answered, those with none answered left out.
    """
    credit_of, weight_of = combination_credits(credits, weights)
    grouped: dict[int, tuple[list[int], list[int]]] = {}
    for number, (credit, weight) in enumerate(zip(credit_of, weight_of, strict=True)):
        if weight:
            numbers, summed = grouped.setdefault(weight, ([], []))
            numbers.append(number)
            summed.append(credit)
    return tuple(
        (weight, tuple(numbers), tuple(summed))
        for weight, (numbers, summed) in sorted(grouped.items())
    )
