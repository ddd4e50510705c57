"""
medengage: medical engagement in NHS trusts as typed, versioned, scoreable
data.
"""

from __future__ import annotations

from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._bands import JOURNEY_STAGES, Banding
from medengage._breakdowns import NOT_STATED, Breakdown, breakdown
from medengage._case_studies import CaseStudy
from medengage._catalogue import Catalogue, catalogue
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._citations import Citation
from medengage._documents import (
    FORMAT_VERSION,
    dump,
    dumps,
    load,
    loads,
)
from medengage._features import EngagementFeature, FeatureStatus
from medengage._frozen import FrozenMap
from medengage._scales import ResponseScale, ScalePoint
from medengage._scores import Score, ScoredAssessment
from medengage._trusts import Trust, TrustName
from medengage.errors import (
    DocumentError,
    DocumentTooLargeError,
    DocumentWriteError,
    MedEngageError,
    NotADocumentError,
    PluginError,
    PluginWarning,
    Problem,
    UnknownStrategyError,
    UnsupportedFormatError,
    ValidationError,
)
from medengage.scoring import (
    ScoringStrategy,
    available_strategies,
    get_strategy,
    register_strategy,
    score,
)


__all__ = [
    "FORMAT_VERSION",
    "JOURNEY_STAGES",
    "NOT_STATED",
    "Answers",
    "Assessment",
    "Audience",
    "Banding",
    "Breakdown",
    "CaseStudy",
    "Catalogue",
    "Checklist",
    "ChecklistItem",
    "Citation",
    "DocumentError",
    "DocumentTooLargeError",
    "DocumentWriteError",
    "EngagementFeature",
    "FeatureStatus",
    "FrozenMap",
    "MedEngageError",
    "NotADocumentError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "Respondent",
    "ResponseScale",
    "ScalePoint",
    "Score",
    "ScoredAssessment",
    "ScoringStrategy",
    "Trust",
    "TrustName",
    "UnknownStrategyError",
    "UnsupportedFormatError",
    "ValidationError",
    "available_strategies",
    "breakdown",
    "catalogue",
    "dump",
    "dumps",
    "get_strategy",
    "load",
    "loads",
    "register_strategy",
    "score",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("medengage")

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
