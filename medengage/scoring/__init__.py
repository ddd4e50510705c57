"""
Scoring: the strategy protocol, the registry of strategies, the built-in
strategies, and the tallies they score from.
"""

from __future__ import annotations

from medengage.errors import PluginError, PluginWarning, UnknownStrategyError
from medengage.scoring._builtin import MIN_RESPONDENTS, TallyStrategy
from medengage.scoring._front import score, score_tally
from medengage.scoring._mean import Mean
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
    "PercentPositive",
    "PluginError",
    "PluginWarning",
    "ScoringStrategy",
    "StaffSurvey",
    "Tally",
    "TallyStrategy",
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
