"""
Scoring: the strategy protocol, the registry of strategies, the built-in
strategies, and the tallies they score from.
"""

from __future__ import annotations

import warnings
from typing import Any

from medengage.errors import PluginError, PluginWarning, UnknownStrategyError
from medengage.scoring._builtin import MIN_RESPONDENTS
from medengage.scoring._front import score, score_tally
from medengage.scoring._mean import Mean
from medengage.scoring._pattern_counts import PatternCounts
from medengage.scoring._pattern_numbers import PatternNumbering
from medengage.scoring._percent_positive import PercentPositive
from medengage.scoring._protocol import ScoringStrategy
from medengage.scoring._registry import (
    ENTRY_POINT_GROUP,
    available_strategies,
    builtin_strategies,
    get_strategy,
    register_strategy,
    unregister_strategy,
)
from medengage.scoring._staff_survey import StaffSurvey
from medengage.scoring._tally import Tally, merge, tally
from medengage.scoring._weighted import Weighted


__all__ = [
    "ENTRY_POINT_GROUP",
    "MIN_RESPONDENTS",
    "Mean",
    "PatternCounts",
    "PatternNumbering",
    "PercentPositive",
    "PluginError",
    "PluginWarning",
    "ScoringStrategy",
    "StaffSurvey",
    "Tally",
    "UnknownStrategyError",
    "Weighted",
    "available_strategies",
    "builtin_strategies",
    "get_strategy",
    "merge",
    "register_strategy",
    "score",
    "score_tally",
    "tally",
    "unregister_strategy",
]


def __getattr__(name: str) -> Any:
    # TallyStrategy was public; the tally machinery it exposes (feature
    # tables, answer patterns) is private now, as its form may change.
    if name == "TallyStrategy":
        warnings.warn(
            "medengage.scoring.TallyStrategy is private now and will be removed "
            "from medengage.scoring: write a strategy with a score method (see "
            "the plugins guide), or subclass a built-in strategy such as "
            "medengage.scoring.Mean",
            DeprecationWarning,
            stacklevel=2,
        )
        from medengage.scoring._builtin import TallyStrategy

        return TallyStrategy
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
