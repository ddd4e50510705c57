"""
Digests of reliability, journeys and comparisons of the bundled surveys
under every built-in strategy. documents/main-analysis-digests.json holds
what medengage at 9e29d74 (before levels) gave; run this file against that
code to write it again:

    PYTHONPATH=<a copy of 9e29d74> python tests/_analysis_digests.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from typing import Any

import attrs

import medengage


STRATEGIES = ("mean", "percent-positive", "staff-survey", "weighted")


def digest(obj: Any) -> str:
    """
    A digest of the document *obj* is written as.
    """
    return hashlib.sha256(medengage.dumps(obj).encode()).hexdigest()


def digests() -> dict[str, str]:
    """
    The digest of each result, by what it is.
    """
    cat = medengage.catalogue()
    out = {}
    by_trust: dict[str, list[medengage.Assessment]] = defaultdict(list)
    for a in cat.assessments:
        by_trust[a.trust].append(a)
    for strategy in STRATEGIES:
        scored = []
        for index, a in enumerate(cat.assessments):
            out[f"reliability/{strategy}/{index}"] = digest(
                _as_before(medengage.reliability(a, a.checklist, strategy))
            )
            scored.append(medengage.score(a, a.checklist, strategy))
        for trust, group in sorted(by_trust.items()):
            out[f"journey/{strategy}/{trust}"] = digest(
                medengage.journey(group, strategy)
            )
        for index, s in enumerate(scored):
            c = medengage.compare(s, scored)
            out[f"compare/{strategy}/{index}"] = hashlib.sha256(
                repr((c.peers, c.overall, dict(c.features))).encode()
            ).hexdigest()
    return out


def _as_before(report: medengage.Reliability) -> medengage.Reliability:
    """
    *report* without what reliability reports gained beside levels since
    9e29d74 (alpha's interval), so that the digests compare what was there.
    """
    if not hasattr(report.features[next(iter(report.features))], "alpha_low"):
        return report
    return attrs.evolve(
        report,
        features={
            id: attrs.evolve(feature, alpha_low=None, alpha_high=None)
            for id, feature in report.features.items()
        },
    )


if __name__ == "__main__":
    print(medengage.__file__, file=sys.stderr)
    json.dump(digests(), sys.stdout, indent=1, sort_keys=True)
