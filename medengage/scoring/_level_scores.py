"""
Level scores: what the built-in strategies make of a checklist's levels,
exact, from the same tally as its features.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from medengage._bands import Banding
from medengage._checklists import Checklist
from medengage._levels import LevelMethod, feature_coefficients
from medengage._scores import Score
from medengage.scoring._given_states import INDIVIDUAL, NOTHING
from medengage.scoring._pattern_numbers import Pattern


if TYPE_CHECKING:
    from medengage.scoring._feature_tables import FeatureTable

#: What a respondent gave for each feature of the checklist.
Given = tuple[int, ...]


@attrs.frozen
class LevelRules:
    """
    How one strategy scores levels.

    Attributes:
        high: The highest score the strategy gives.
        own: Its own method, for levels that name none and for the overall
            score; None where it pools the answers under the level instead.
        share: A respondent's score on a feature, as a share of `high`,
            from their pattern; None where they answered none of its items.
        weight: The weight of a part (a feature or level id) in its level.
        pooled: The score of the features given, pooled, for a strategy
            whose `own` method is None.
    """

    high: Fraction
    own: LevelMethod | None
    share: Callable[[FeatureTable, Pattern], Fraction | None]
    weight: Callable[[str], Fraction]
    pooled: Callable[[tuple[FeatureTable, ...]], Fraction | None]


@attrs.frozen
class LevelResult:
    """
    The scores of a checklist's levels, and its overall score made from
    them.

    Attributes:
        levels: Each level's score, in the checklist's order.
        overall: The overall score: the top of the hierarchy.
        uneven: The levels (and ``None`` for the overall) withheld because,
            made respondent first over respondents who answered unevenly,
            beside the scores of their parts they would reveal the answers
            of those who answered less.
    """

    levels: Mapping[str, Score]
    overall: Score
    uneven: frozenset[str | None]


def score_levels(
    rules: LevelRules,
    checklist: Checklist,
    features: tuple[FeatureTable, ...],
    values: Mapping[str, Fraction | None],
    *,
    group_withheld: bool,
    min_respondents: int,
    banding: Banding,
) -> LevelResult:
    """
    Score every level of *checklist*, and the overall score above them,
    from the feature tables and the features' values.

    A level is withheld where the group's scores are (and some doctor
    gave answers of their own under it), where it is made respondent first
    from uneven answers (unless *min_respondents* is 1), and where any of
    its parts is withheld for that reason.
    """
    work = _Levels(rules, checklist, features, values)
    scores: dict[str, Score] = {}
    uneven: set[str | None] = set()
    for node in _bottom_up(checklist):
        method = work.method(node)
        hidden = (
            method is LevelMethod.RESPONDENT_FIRST
            and min_respondents > 1
            and work.uneven(node)
        ) or any(part in uneven for part in checklist.parts_of(node))
        if hidden:
            uneven.add(node)
    overall = Score(value=None, respondents=0)
    for node in [*(level.id for level in checklist.levels), None]:
        respondents, individuals = work.respondents(node)
        withheld = (group_withheld and individuals > 0) or node in uneven
        value = work.value(node)
        if withheld:
            score = Score(value=None, respondents=respondents, withheld=True)
        elif value is None:
            score = Score(value=None, respondents=respondents)
        else:
            number = float(value)
            score = Score(
                value=number, respondents=respondents, band=banding.band(number)
            )
        if node is None:
            overall = score
        else:
            scores[node] = score
    return LevelResult(levels=scores, overall=overall, uneven=frozenset(uneven))


def _bottom_up(checklist: Checklist) -> list[str | None]:
    """
    The ids of *checklist*'s levels, each after its parts, then None for
    the overall score.
    """
    levels = {level.id for level in checklist.levels}
    order: list[str | None] = []

    def visit(node: str | None) -> None:
        for part in checklist.parts_of(node):
            if part in levels:
                visit(part)
        order.append(node)

    visit(None)
    return order


class _Levels:
    """
    The values of a checklist's levels, each worked out once.
    """

    def __init__(
        self,
        rules: LevelRules,
        checklist: Checklist,
        features: tuple[FeatureTable, ...],
        values: Mapping[str, Fraction | None],
    ) -> None:
        self.rules = rules
        self.checklist = checklist
        self.tables = {table.id: table for table in features}
        self.values: dict[str | None, Fraction | None] = dict(values.items())
        self.index = {table.id: table.index for table in features}
        # Everyone is in each feature's patterns: the first feature's give
        # each respondent's given states once.
        self.given: dict[Given, int] = dict(features[0].given if features else {})
        # What they count for in a mean over respondents: their number, or
        # the sum of their weights, scaled as the tables' masses are.
        self.mass: dict[Given, int] = {}
        for (_, given), mass in (features[0].masses if features else {}).items():
            self.mass[given] = self.mass.get(given, 0) + mass
        self._coefficients: dict[tuple[str | None, Given], dict[str, Fraction]] = {}

    def method(self, node: str | None) -> LevelMethod | None:
        """
        The method *node* (a level id, or None for the overall) is made by.
        """
        if node is not None:
            declared = self.checklist.level(node).method
            if declared is not None:
                return declared
        return self.rules.own

    def under(self, node: str | None) -> tuple[str, ...]:
        """
        The ids of the features under *node*.
        """
        if node is None:
            return tuple(self.tables)
        if node in self.tables:
            return (node,)
        return tuple(f.id for f in self.checklist.features_under(node))

    def answered(self, node: str | None, given: Given) -> bool:
        """
        Whether a respondent who gave *given* answered anything under *node*.
        """
        return any(given[self.index[f]] != NOTHING for f in self.under(node))

    def respondents(self, node: str | None) -> tuple[int, int]:
        """
        How many respondents answered anything under *node*, and how many
        gave answers of their own there.
        """
        under = [self.index[f] for f in self.under(node)]
        answered = individuals = 0
        for given, count in self.given.items():
            states = [given[i] for i in under]
            answered += count * any(state != NOTHING for state in states)
            individuals += count * (INDIVIDUAL in states)
        return answered, individuals

    def value(self, node: str | None) -> Fraction | None:
        """
        The score of *node*, exact; None where nobody answered under it.
        """
        if node in self.values:
            return self.values[node]
        method = self.method(node)
        if method is LevelMethod.MEAN_OF_PARTS:
            value = self._mean_of_parts(node)
        elif method is LevelMethod.RESPONDENT_FIRST:
            value = self._respondent_first(node)
        else:
            value = self.rules.pooled(tuple(self.tables[f] for f in self.under(node)))
        self.values[node] = value
        return value

    def _mean_of_parts(self, node: str | None) -> Fraction | None:
        total = weights = Fraction(0)
        for part in self.checklist.parts_of(node):
            value = self.value(part)
            if value is not None:
                weight = self.rules.weight(part)
                total += weight * value
                weights += weight
        return total / weights if weights else None

    def _respondent_first(self, node: str | None) -> Fraction | None:
        # Each respondent's score on the level is a weighted sum of their
        # scores on the features they answered under it, the weights set by
        # which parts they answered at each step down; so the sum over
        # respondents runs feature by feature, pattern by pattern.
        total = Fraction(0)
        for feature in self.under(node):
            table = self.tables[feature]
            for pattern, mass in table.masses.items():
                share = self.rules.share(table, pattern)
                if share is not None:
                    total += mass * self.coefficient(node, feature, pattern[1]) * share
        under = [self.index[f] for f in self.under(node)]
        answered = sum(
            mass
            for given, mass in self.mass.items()
            if any(given[i] != NOTHING for i in under)
        )
        return self.rules.high * total / answered if answered else None

    def coefficient(self, node: str | None, feature: str, given: Given) -> Fraction:
        """
        What a respondent's score on *feature* counts for in their score on
        *node*, respondent first, where they gave *given*.
        """
        key = (node, given)
        found = self._coefficients.get(key)
        if found is None:
            present = frozenset(f for f, i in self.index.items() if given[i] != NOTHING)
            found = feature_coefficients(
                self.checklist._hierarchy, node, present, self.rules.weight
            )
            self._coefficients[key] = found
        return found[feature]

    def uneven(self, node: str | None) -> bool:
        """
        Whether respondents answered unevenly under *node*: they answered
        different numbers of its features, or some feature counts for more
        in one respondent's score than in another's. Then the level, made
        respondent first, is not a fixed mix of its features' scores, and
        beside them reveals something of those who answered less.
        """
        under = self.under(node)
        numbers = set()
        weights: dict[str, set[Fraction]] = {feature: set() for feature in under}
        for given, count in self.given.items():
            if not count:
                continue
            answered = [f for f in under if given[self.index[f]] != NOTHING]
            if answered:
                numbers.add(len(answered))
            for feature in answered:
                weights[feature].add(self.coefficient(node, feature, given))
        return len(numbers) > 1 or any(len(found) > 1 for found in weights.values())
