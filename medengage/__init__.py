"""
medengage: medical engagement in NHS trusts as typed, versioned, scoreable
data.
"""

from __future__ import annotations

from medengage._answers import Answers
from medengage._assessment_builder import AssessmentBuilder
from medengage._assessments import Assessment, Respondent, Respondents
from medengage._audit import audit
from medengage._audit_findings import Disclosure, DisclosureAudit
from medengage._bands import JOURNEY_STAGES, Banding
from medengage._board import BOARD_COLUMNS, board_table
from medengage._board_table import BoardTable
from medengage._board_writing import write_board
from medengage._bootstrap import Bootstrap, StandardErrors, bootstrap_standard_errors
from medengage._breakdowns import NOT_STATED, Breakdown, CrossedBreakdown, breakdown
from medengage._case_studies import CaseStudy, Evidence, LaterEvent
from medengage._case_study_matches import (
    CaseStudyMatch,
    case_study_match,
    shared_features,
)
from medengage._catalogue import Catalogue, catalogue
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._citations import Citation
from medengage._column_matching import ColumnMapping
from medengage._comparisons import Comparison, Peer, PeerStanding, compare
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
from medengage._group_tallies import GroupTallies, merge_group_tallies
from medengage._groups import (
    STAFF_SURVEY_GROUPS,
    BenchmarkingGroup,
    HeldType,
    TrustType,
    benchmarking_group,
)
from medengage._groups_ranges import (
    Expectation,
    ExpectedRange,
    ExpectedRanges,
    expected_ranges,
)
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
from medengage._weights import RespondentWeights, Weighting
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
    builtin_strategies,
    get_strategy,
    register_strategy,
    score,
)


__all__ = [
    "BOARD_COLUMNS",
    "FORMAT_VERSION",
    "JOURNEY_STAGES",
    "NOT_STATED",
    "STAFF_SURVEY_GROUPS",
    "Answers",
    "Assessment",
    "AssessmentBuilder",
    "Audience",
    "Banding",
    "BenchmarkingGroup",
    "BoardTable",
    "Bootstrap",
    "Breakdown",
    "CaseStudy",
    "CaseStudyMatch",
    "Catalogue",
    "Change",
    "Checklist",
    "ChecklistItem",
    "ChecklistMapping",
    "Citation",
    "ColumnMapping",
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
    "Expectation",
    "ExpectedRange",
    "ExpectedRanges",
    "FeatureReliability",
    "FeatureStatus",
    "Finding",
    "FrozenMap",
    "GroupTallies",
    "HeldType",
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
    "RespondentWeights",
    "Respondents",
    "ResponseScale",
    "ScalePoint",
    "Score",
    "ScoredAssessment",
    "ScoringStrategy",
    "StandardErrors",
    "StepScore",
    "Succession",
    "Trend",
    "Trust",
    "TrustName",
    "TrustType",
    "Uncertainty",
    "UnknownStrategyError",
    "UnsupportedFormatError",
    "ValidationError",
    "Weighting",
    "audit",
    "available_strategies",
    "benchmarking_group",
    "board_table",
    "bootstrap_standard_errors",
    "breakdown",
    "builtin_strategies",
    "case_study_match",
    "catalogue",
    "compare",
    "dump",
    "dumps",
    "expected_ranges",
    "get_strategy",
    "journey",
    "load",
    "loads",
    "merge_group_tallies",
    "register_strategy",
    "reliability",
    "score",
    "shared_features",
    "write_board",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("medengage")

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
