"""
The kinds of medengage document: the class each ``kind:`` names, and the
format version documents are written in.
"""

from __future__ import annotations

from typing import Any

from medengage._assessments import Assessment
from medengage._bands import Banding
from medengage._breakdowns import Breakdown
from medengage._case_studies import CaseStudy
from medengage._case_study_matches import CaseStudyMatch
from medengage._checklists import Checklist, ChecklistItem
from medengage._column_matching import ColumnMapping
from medengage._comparisons import Comparison
from medengage._features import EngagementFeature
from medengage._findings import Finding
from medengage._journeys import ChecklistMapping, Journey
from medengage._reliability import Reliability
from medengage._scales import ResponseScale
from medengage._scores import ScoredAssessment
from medengage._trusts import Trust
from medengage.errors import NotADocumentError


#: The version of the document format this medengage reads and writes.
FORMAT_VERSION = 1

#: Each kind of document, by the name its ``kind:`` key gives.
KINDS: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        Trust,
        EngagementFeature,
        Finding,
        CaseStudy,
        ResponseScale,
        ChecklistItem,
        Checklist,
        Assessment,
        Banding,
        ScoredAssessment,
        Breakdown,
        Reliability,
        Comparison,
        CaseStudyMatch,
        ChecklistMapping,
        Journey,
        ColumnMapping,
    )
}


def kind_class(kind: type[Any] | str | None) -> type[Any] | None:
    """
    The document kind *kind* names (a class or its name); None for any.

    Raises:
        NotADocumentError: If *kind* is not a kind of document.
    """
    if kind is None:
        return None
    cls = KINDS.get(kind) if isinstance(kind, str) else kind
    if cls is None or KINDS.get(cls.__name__) is not cls:
        raise NotADocumentError(
            f"{kind!r} is not a kind of medengage document; "
            f"the kinds are: {', '.join(KINDS)}"
        )
    return cls
