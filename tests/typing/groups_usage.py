"""
Benchmarking groups and expected ranges as users write them: checked by
mypy, never run.
"""

from __future__ import annotations

import datetime as dt

import medengage
from medengage import (
    STAFF_SURVEY_GROUPS,
    BenchmarkingGroup,
    Comparison,
    Expectation,
    ExpectedRanges,
    HeldType,
    ScoredAssessment,
    Trust,
    TrustName,
    TrustType,
)
from medengage.plot import funnel


def within_group(scored: ScoredAssessment, peers: list[ScoredAssessment]) -> None:
    trusts = medengage.catalogue().trusts
    comparison: Comparison = medengage.compare(scored, peers, trusts=trusts)
    group: BenchmarkingGroup | None = comparison.group
    left_out = [*comparison.outside_group, *comparison.type_unknown]
    print(group, left_out)

    kind: TrustType | None = trusts["RW1"].type_on(dt.date(2023, 1, 1))
    if kind is not None:
        print(medengage.benchmarking_group(kind, STAFF_SURVEY_GROUPS).title)

    mine = Trust("ABC", [TrustName("Abbey")], types=[HeldType(TrustType.AMBULANCE)])
    medengage.compare(scored, peers, trusts=[mine], groups=STAFF_SURVEY_GROUPS)

    ranges: ExpectedRanges = medengage.expected_ranges(
        [scored, *peers], feature=None, target=60.0, sigma=20.0, level=0.95
    )
    better = [r.trust for r in ranges.trusts if r.expectation is Expectation.BETTER]
    print(better, ranges.of("ABC").high_998)
    funnel(ranges, title="Engagement").savefig("funnel.png")
