"""
Pattern arrays: a feature's numbered patterns scored with numpy, where it is
importable, straight from their numbers, in whole numbers, so that the
result is exactly the standard library's.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from medengage._numbers import numpy_if_worth


if TYPE_CHECKING:
    from medengage.scoring._feature_tables import FeatureTable


#: The fewest patterns worth scoring with numpy.
NUMPY_FROM = 256

#: The largest whole number a sum in 64 bits may reach.
_LARGEST = (1 << 62) - 1


def summed_credits(
    table: FeatureTable, *, weighted: bool, numpy: bool | None = None
) -> tuple[dict[int, int], int] | None:
    """
    `FeatureTable.summed_credits` for an unweighted tally, with numpy: if
    *numpy* is None, where it is importable and the feature has many
    patterns; if *numpy* is true, where it is importable. None where numpy
    is not used, or a sum might not fit in 64 bits.
    """
    if numpy is False:
        return None
    module = numpy_if_worth(len(table.numbered) if numpy is None else None, NUMPY_FROM)
    if module is None:
        return None
    values = table.numbering.values[table.id]
    if math.prod(map(len, values)) * table.numbering.given_base >= 1 << 63:
        return None
    credits, weights = table.digit_credits(weighted=weighted)
    # No sum of counts times credits may pass 64 bits: nor may one credit.
    respondents = max(1, sum(table.numbered.values()))
    most = max((max(row) for row in credits), default=0) * max(weights, default=0)
    if respondents * most * len(credits) > _LARGEST:
        return None
    numbers, counts = table.numbered.arrays(module)
    answered = numbers // table.numbering.given_base
    credit = module.zeros(len(numbers), dtype="int64")
    weight = module.zeros(len(numbers), dtype="int64")
    # The last item is the least significant digit of a pattern's answers.
    for of, row, each in zip(values[::-1], credits[::-1], weights[::-1], strict=True):
        answered, code = module.divmod(answered, len(of))
        credit += each * module.asarray(row, dtype="int64")[code]
        weight += each * (code > 0)
    sums = {}
    for total in module.unique(weight).tolist():
        if total:
            chosen = weight == total
            sums[total] = int(module.dot(counts[chosen], credit[chosen]))
    return sums, int(counts[weight > 0].sum())
