"""
medengage: medical engagement in NHS trusts as typed, versioned, scoreable
data.
"""

from __future__ import annotations

from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._audit import Disclosure, DisclosureAudit, audit
from medengage._bands import JOURNEY_STAGES, Banding
from medengage._breakdowns import NOT_STATED, Breakdown, CrossedBreakdown, breakdown
from medengage._case_studies import CaseStudy, Evidence, LaterEvent
from medengage._catalogue import Catalogue, catalogue
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._citations import Citation
from medengage._comparisons import (
    CaseStudyMatch,
    Comparison,
    Peer,
    PeerStanding,
    case_study_match,
    compare,
    shared_features,
)
from medengage._documents import (
    FORMAT_VERSION,
    dump,
    dumps,
    load,
    loads,
)
from medengage._features import EngagementFeature, FeatureStatus
from medengage._findings import Finding
from medengage._frozen import FrozenMap
from medengage._journeys import (
    Change,
    ChecklistMapping,
    Journey,
    JourneyStep,
    StepScore,
    Trend,
    journey,
)
from medengage._levels import Level, LevelMethod
from medengage._reliability import (
    FeatureReliability,
    ItemReliability,
    LevelReliability,
    Reliability,
    Uncertainty,
    reliability,
)
from medengage._scales import ResponseScale, ScalePoint
from medengage._scores import Score, ScoredAssessment
from medengage._trusts import Succession, Trust, TrustName
from medengage.errors import (
    DisclosureError,
    DocumentError,
    DocumentTooLargeError,
    DocumentWriteError,
    MedEngageError,
    MissingExtraError,
    NotADocumentError,
    NotComparableError,
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
    "CaseStudyMatch",
    "Catalogue",
    "Change",
    "Checklist",
    "ChecklistItem",
    "ChecklistMapping",
    "Citation",
    "Comparison",
    "CrossedBreakdown",
    "Disclosure",
    "DisclosureAudit",
    "DisclosureError",
    "DocumentError",
    "DocumentTooLargeError",
    "DocumentWriteError",
    "EngagementFeature",
    "Evidence",
    "FeatureReliability",
    "FeatureStatus",
    "Finding",
    "FrozenMap",
    "ItemReliability",
    "Journey",
    "JourneyStep",
    "LaterEvent",
    "Level",
    "LevelMethod",
    "LevelReliability",
    "MedEngageError",
    "MissingExtraError",
    "NotADocumentError",
    "NotComparableError",
    "Peer",
    "PeerStanding",
    "PluginError",
    "PluginWarning",
    "Problem",
    "Reliability",
    "Respondent",
    "ResponseScale",
    "ScalePoint",
    "Score",
    "ScoredAssessment",
    "ScoringStrategy",
    "StepScore",
    "Succession",
    "Trend",
    "Trust",
    "TrustName",
    "Uncertainty",
    "UnknownStrategyError",
    "UnsupportedFormatError",
    "ValidationError",
    "audit",
    "available_strategies",
    "breakdown",
    "case_study_match",
    "catalogue",
    "compare",
    "dump",
    "dumps",
    "get_strategy",
    "journey",
    "load",
    "loads",
    "register_strategy",
    "reliability",
    "score",
    "shared_features",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("medengage")

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
