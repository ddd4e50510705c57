"""
Trusts studied as exemplars of medical engagement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from medengage import _validation as v
from medengage._citations import Citation
from medengage._frozen import FrozenMap
from medengage._trusts import ods_code
from medengage.errors import Problem


def _freeze_evidence(
    evidence: Mapping[str, Iterable[str]],
) -> FrozenMap[str, Any]:
    if isinstance(evidence, FrozenMap):
        return evidence
    return FrozenMap(
        {
            feature: points if isinstance(points, str) else tuple(points)
            for feature, points in evidence.items()
        }
    )


@attrs.frozen
class CaseStudy:
    """
    A trust studied as an exemplar, and the evidence it gives for each
    engagement feature.

    Attributes:
        trust: The ODS code of the trust studied.
        source: The publication the case study appears in.
        summary: What the case study shows, in a sentence or two.
        evidence: For each feature id, the evidence the trust gives for it,
            in this project's words.
    """

    trust: str = attrs.field(validator=ods_code)
    source: Citation = attrs.field(validator=v.instance_of(Citation))
    summary: str = attrs.field(default="", validator=v.text)
    evidence: FrozenMap[str, tuple[str, ...]] = attrs.field(
        factory=FrozenMap, converter=_freeze_evidence
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_evidence_problems(self.evidence))

    @property
    def features(self) -> tuple[str, ...]:
        """
        The ids of the features this case study gives evidence for.
        """
        return tuple(self.evidence)


def _evidence_problems(
    evidence: FrozenMap[str, tuple[str, ...]],
) -> list[Problem]:
    problems = []
    for feature, points in evidence.items():
        if not isinstance(feature, str) or not v.is_identifier(feature):
            problems.append(
                Problem("evidence", f"{feature!r} is not a valid feature id")
            )
            continue
        if not isinstance(points, tuple) or not points:
            problems.append(
                Problem(
                    f"evidence.{feature}",
                    "give at least one piece of evidence as a list of text",
                )
            )
            continue
        for index, point in enumerate(points):
            if not isinstance(point, str) or not point.strip():
                problems.append(
                    Problem(
                        f"evidence.{feature}[{index}]",
                        f"expected non-blank text, found {point!r}",
                    )
                )
            elif (bad := v.bad_character(point, multiline=True)) is not None:
                problems.append(
                    Problem(
                        f"evidence.{feature}[{index}]",
                        f"{point!r} contains {bad}",
                    )
                )
    return problems
