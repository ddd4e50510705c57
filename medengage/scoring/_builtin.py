"""
What the built-in strategies share: scoring from a tally, with exact
arithmetic, bands and disclosure control.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from medengage._assessments import Assessment
from medengage._bands import JOURNEY_STAGES, Banding
from medengage._checklists import Audience, Checklist
from medengage._frozen import FrozenMap
from medengage._levels import LevelMethod
from medengage._scales import Value
from medengage._scores import Score, ScoredAssessment
from medengage._weights import RespondentWeights, kish
from medengage.errors import MedEngageError
from medengage.scoring._level_scores import LevelRules, score_levels
from medengage.scoring._pattern_arrays import summed_credits
from medengage.scoring._pattern_counts import PatternCounts
from medengage.scoring._pattern_numbers import Pattern, PatternNumbering
from medengage.scoring._tally import INDIVIDUAL, NOTHING, Tally, WeightSums, tally


#: The fewest respondents a score from individual doctors' answers rests on
#: before it is shown, unless a caller asks for fewer.
MIN_RESPONDENTS = 11


@attrs.frozen
class ItemTable:
    """
    What each answer to one item counts for, exact.

    Attributes:
        credit: For each value on the item's scale, how far along the scale
            it lies from least to most favourable, from 0 to 1: ``u`` in the
            formulas.
        favourable: The values that count as favourable, with the scale read
            from its other end for a reverse-scored item.
        weight: The item's weight within its feature.
        individual: Whether each doctor answers the item for themselves.
    """

    credit: Mapping[Value, Fraction]
    favourable: frozenset[Value]
    weight: Fraction
    individual: bool


@attrs.frozen
class ScaledItem:
    """
    What each answer to one item counts for, in whole numbers over its
    feature table's denominators, so that sums over thousands of respondents
    stay exact and fast.

    Attributes:
        credit: ``u`` for each value, times `FeatureTable.denominator`.
        favourable: As `ItemTable.favourable`.
        weight: The item's weight, times `FeatureTable.weight_denominator`.
        individual: As `ItemTable.individual`.
    """

    credit: Mapping[Value, int]
    favourable: frozenset[Value]
    weight: int
    individual: bool


@attrs.frozen
class FeatureTable:
    """
    A feature's items, and the patterns respondents gave for it.

    Attributes:
        id: The feature's id.
        index: Where the feature stands among the checklist's features.
        items: What answers to each of its items count for, in order.
        numbered: How many respondents gave each pattern, by its number.
        numbering: How the patterns are numbered.
        given: How many respondents gave each combination of states, one
            for each feature of the checklist.
        denominator: What the items' credits are to be divided by.
        weight_denominator: What the items' weights are to be divided by.
        weights: For weighted scores, the sums of the respondents' weights
            (and of their squares) behind each pattern; None otherwise.
        scaled_weights: For weighted scores, the sum of the respondents'
            weights behind each pattern times one factor for the whole
            tally, making them whole numbers: a weighted mean is a ratio,
            which the factor leaves as it is.
    """

    id: str
    index: int
    items: tuple[ScaledItem, ...]
    numbered: PatternCounts
    numbering: PatternNumbering
    given: Mapping[tuple[int, ...], int]
    denominator: int = 1
    weight_denominator: int = 1
    weights: Mapping[Pattern, WeightSums] | None = None
    scaled_weights: Mapping[Pattern, int] | None = None

    @functools.cached_property
    def patterns(self) -> Mapping[Pattern, int]:
        """
        How many respondents gave each pattern: decoded from `numbered`
        once, when first asked for.
        """
        return self.numbering.decoded(self.id, self.numbered)

    @property
    def masses(self) -> Mapping[Pattern, int]:
        """
        What each pattern counts for in a mean over respondents: how many
        respondents gave it, or the sum of their weights, scaled alike
        across the tally.
        """
        return self.patterns if self.scaled_weights is None else self.scaled_weights

    def effective_respondents(self) -> Fraction | None:
        """
        Kish's effective sample size of the weights of those who answered
        the feature; None for unweighted scores.
        """
        if self.weights is None:
            return None
        return kish(
            sums
            for (_, given), sums in self.weights.items()
            if given[self.index] != NOTHING
        )

    @property
    def has_individual_items(self) -> bool:
        """
        Whether any of the feature's items is answered by doctors
        themselves.
        """
        return any(item.individual for item in self.items)

    def respondents(self, *, individual: bool = False) -> int:
        """
        How many respondents answered the feature (with answers of their own
        if *individual*).
        """
        return sum(
            count
            for given, count in self.given.items()
            if (
                given[self.index] == INDIVIDUAL
                if individual
                else given[self.index] != NOTHING
            )
        )

    def mean_credit(self, *, weighted: bool) -> Fraction | None:
        """
        The mean over respondents of each respondent's mean credit on the
        feature, their items weighted if *weighted*; None if nobody
        answered.
        """
        sums, respondents = self.summed_credits(weighted=weighted)
        if not respondents:
            return None
        total = sum(
            (Fraction(credit, weight) for weight, credit in sums.items()), Fraction(0)
        )
        return total / (respondents * self.denominator)

    def summed_credits(
        self, *, weighted: bool, numpy: bool | None = None
    ) -> tuple[dict[int, int], int]:
        """
        The respondents' credits on the feature (as `credit_sum` gives
        them) summed over all who answered, for each sum of the weights of
        the items they answered, each respondent counting by their mass;
        and the sum of the masses of those who answered. With numpy where
        *numpy* is None and numpy is worth its while, or *numpy* is true.
        """
        # Respondents whose answered items weigh the same share a
        # denominator, so their credits add up as whole numbers.
        if self.scaled_weights is None:
            summed = summed_credits(self, weighted=weighted, numpy=numpy)
            if summed is not None:
                return summed
        sums: dict[int, int] = {}
        respondents = 0
        for pattern, count in self.masses.items():
            credit, weight = self.credit_sum(pattern, weighted=weighted)
            if weight:
                sums[weight] = sums.get(weight, 0) + count * credit
                respondents += count
        return sums, respondents

    def credit_sum(self, pattern: Pattern, *, weighted: bool) -> tuple[int, int]:
        """
        A respondent's credit on the feature for *pattern*, summed over the
        items they answered, and the sum of those items' weights (each 1
        unless *weighted*): their mean credit is the first over the second,
        over `denominator`.
        """
        credit = weight = 0
        for item, answer in zip(self.items, pattern[0], strict=True):
            if answer is not None:
                each = item.weight if weighted else 1
                credit += each * item.credit[answer]
                weight += each
        return credit, weight


class TallyStrategy:
    """
    A strategy that scores from a `Tally`, so that it can run partition by
    partition; the base of the built-in strategies.

    A subclass sets `name`, and `high` and `weighted` where they differ,
    and provides `overall_value`; this class does the rest: tallying, exact
    arithmetic, bands and disclosure control. A feature's score is, unless
    a subclass says otherwise, `high` times the mean over respondents of
    each respondent's mean credit on the feature.
    """

    #: The name the strategy is found by.
    name: str
    #: The lowest score the strategy gives.
    low: float = 0.0
    #: The highest score the strategy gives.
    high: float = 100.0
    #: Whether items count by their weights within a feature.
    weighted: bool = False
    #: Whether the overall score is a mean over respondents of each one's
    #: own overall, rather than made from the feature scores: then, where
    #: respondents answered different numbers of features, the overall
    #: and the features together would reveal those who answered fewer,
    #: so the overall is withheld there (unless ``min_respondents`` is 1).
    respondent_first: bool = False
    #: How the strategy makes a level's score where the level names no
    #: method, and the overall score of a checklist with levels; None where
    #: it pools the answers under the level, with `pooled_value`.
    level_method: LevelMethod | None = LevelMethod.MEAN_OF_PARTS

    def score(
        self,
        assessment: Assessment,
        checklist: Checklist,
        *,
        weights: RespondentWeights | None = None,
        **options: Any,
    ) -> ScoredAssessment:
        """
        Score *assessment*, answered on *checklist*, each respondent
        counting by their weight in *weights* if given.
        """
        return self.score_tally(tally(assessment, weights), checklist, **options)

    def score_tally(
        self,
        tally: Tally,
        checklist: Checklist,
        *,
        min_respondents: int = MIN_RESPONDENTS,
        banding: Banding | None = None,
    ) -> ScoredAssessment:
        """
        Score the answers *tally* counts, given on *checklist*.

        Args:
            tally: The tally of an assessment, or the merged tallies of its
                parts.
            checklist: The checklist the answers were given on.
            min_respondents: The fewest respondents a score from individual
                doctors' answers may rest on and be shown.
            banding: How to put scores into bands; by default, the journey
                stages on the strategy's range.
        """
        return self.finish(tally, checklist, min_respondents, banding, {})

    def feature_value(self, feature: FeatureTable) -> Fraction | None:
        """
        The feature's score, exact, or None if nobody answered it.
        """
        credit = feature.mean_credit(weighted=self.weighted)
        return None if credit is None else Fraction(self.high) * credit

    def overall_value(
        self,
        features: tuple[FeatureTable, ...],
        values: Mapping[str, Fraction | None],
        options: Mapping[str, Any],
    ) -> Fraction | None:
        """
        The overall score, exact, from the feature tables, the features'
        scores and the strategy's options; None if there is none.
        """
        raise NotImplementedError

    def respondent_share(
        self, feature: FeatureTable, pattern: Pattern
    ) -> Fraction | None:
        """
        A respondent's score on *feature*, as a share of `high`, from their
        *pattern*; None where they answered none of its items. Levels made
        respondent first are means of these.
        """
        credit, weight = feature.credit_sum(pattern, weighted=self.weighted)
        return Fraction(credit, weight * feature.denominator) if weight else None

    def part_weight(self, part: str, options: Mapping[str, Any]) -> Fraction:
        """
        The weight of *part* (a feature or level id) in the level it is
        part of, or in the overall score: 1 unless a subclass says
        otherwise.
        """
        return Fraction(1)

    def pooled_value(self, features: tuple[FeatureTable, ...]) -> Fraction | None:
        """
        The score of a level with *features* under it, for a strategy whose
        `level_method` is None: the answers to them pooled.
        """
        raise NotImplementedError

    def default_banding(self) -> Banding:
        """
        The journey stages, rescaled to this strategy's range.
        """
        if (self.low, self.high) == (0.0, 100.0):
            return JOURNEY_STAGES
        return JOURNEY_STAGES.rescaled((self.high - self.low) / 100.0)

    def finish(
        self,
        tally: Tally,
        checklist: Checklist,
        min_respondents: int,
        banding: Banding | None,
        options: Mapping[str, Any],
    ) -> ScoredAssessment:
        """
        The scored assessment: each feature's value and the overall value,
        put into bands and withheld where they rest on too few respondents.
        """
        _check_options(tally, checklist, min_respondents, banding)
        banding = banding or self.default_banding()
        features = feature_tables(tally, checklist)
        values = {feature.id: self.feature_value(feature) for feature in features}
        given = features[0].given if features else tally.given_counts()
        respondents, individuals = _respondents(given)
        # The scores of one group are withheld together: any one of them
        # could otherwise be worked out from the overall and the others.
        withheld = 0 < individuals < min_respondents or any(
            0 < feature.respondents(individual=True) < min_respondents
            for feature in features
            if feature.has_individual_items
        )
        scores = {
            feature.id: _score(
                values[feature.id],
                feature.respondents(),
                withheld and feature.respondents(individual=True) > 0,
                banding,
                feature.effective_respondents(),
            )
            for feature in features
        }
        overall = self.overall_value(features, values, options)
        uneven = (
            self.respondent_first
            and min_respondents > 1
            and len(_features_answered(given)) > 1
        )
        overall_score = _score(
            overall,
            respondents,
            (withheld and individuals > 0) or uneven,
            banding,
            _effective_respondents(tally),
        )
        levels: Mapping[str, Score] = {}
        if checklist.levels:
            # The overall score is the top of the hierarchy.
            made = score_levels(
                LevelRules(
                    high=Fraction(self.high),
                    own=self.level_method,
                    share=self.respondent_share,
                    weight=lambda part: self.part_weight(part, options),
                    pooled=self.pooled_value,
                ),
                checklist,
                features,
                values,
                group_withheld=withheld,
                min_respondents=min_respondents,
                banding=banding,
            )
            overall_score, levels = made.overall, made.levels
            effective = _effective_respondents(tally)
            if overall_score.value is not None and effective is not None:
                overall_score = attrs.evolve(
                    overall_score, effective_respondents=float(effective)
                )
        return ScoredAssessment(
            strategy=self.name,
            trust=tally.trust,
            checklist=tally.checklist,
            checklist_version=tally.checklist_version,
            date=tally.date,
            overall=overall_score,
            levels=levels,
            features=scores,
            banding=banding,
            min_respondents=min_respondents,
            low=self.low,
            high=self.high,
            options=options,
            weighting=tally.weighting,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def feature_tables(tally: Tally, checklist: Checklist) -> tuple[FeatureTable, ...]:
    """
    The table of each of *checklist*'s features, with its patterns from
    *tally*.
    """
    scale = math.lcm(
        1,
        *(
            total.denominator
            for patterns in tally.weights.values()
            for total, _ in patterns.values()
        ),
    )
    given = tally.given_counts()
    tables = []
    for index, feature in enumerate(checklist.features):
        exact = [
            item_table(checklist, item.id) for item in checklist.items_for(feature.id)
        ]
        denominator = math.lcm(
            1,
            *(credit.denominator for item in exact for credit in item.credit.values()),
        )
        weight_denominator = math.lcm(1, *(item.weight.denominator for item in exact))
        sums = None if tally.weighting is None else tally.weight_sums(feature.id)
        tables.append(
            FeatureTable(
                id=feature.id,
                index=index,
                items=tuple(
                    ScaledItem(
                        credit={
                            value: int(credit * denominator)
                            for value, credit in item.credit.items()
                        },
                        favourable=item.favourable,
                        weight=int(item.weight * weight_denominator),
                        individual=item.individual,
                    )
                    for item in exact
                ),
                numbered=tally.counts[feature.id],
                numbering=tally.numbering,
                given=given,
                denominator=denominator,
                weight_denominator=weight_denominator,
                weights=sums,
                scaled_weights=(
                    None
                    if sums is None
                    else {
                        pattern: int(total * scale)
                        for pattern, (total, _) in sums.items()
                    }
                ),
            )
        )
    return tuple(tables)


def item_table(checklist: Checklist, item_id: str) -> ItemTable:
    """
    What each answer to the item *item_id* counts for.
    """
    item = checklist.item(item_id)
    scale = checklist.scale(item.scale)
    lowest, highest = Fraction(scale.lowest), Fraction(scale.highest)
    credit = {}
    for point in scale.points:
        u = (Fraction(point.value) - lowest) / (highest - lowest)
        credit[point.value] = 1 - u if item.reverse else u
    points = scale.points[::-1] if item.reverse else scale.points
    favourable = frozenset(
        point.value
        for point, mirrored in zip(scale.points, points, strict=True)
        if mirrored.favourable
    )
    return ItemTable(
        credit=credit,
        favourable=favourable,
        weight=Fraction(item.weight),
        individual=item.audience is Audience.INDIVIDUAL,
    )


def _score(
    value: Fraction | None,
    respondents: int,
    withheld: bool,
    banding: Banding,
    effective: Fraction | None = None,
) -> Score:
    if withheld:
        return Score(value=None, respondents=respondents, withheld=True)
    if value is None:
        return Score(value=None, respondents=respondents)
    number = float(value)
    return Score(
        value=number,
        respondents=respondents,
        band=banding.band(number),
        effective_respondents=None if effective is None else float(effective),
    )


def _effective_respondents(tally: Tally) -> Fraction | None:
    """
    Kish's effective sample size of those who answered anything; None for
    an unweighted tally.
    """
    if tally.weighting is None:
        return None
    first = next(iter(tally.counts), None)
    patterns = FrozenMap() if first is None else tally.weight_sums(first)
    return kish(
        sums
        for (_, given), sums in patterns.items()
        if any(state != NOTHING for state in given)
    )


def _respondents(given: Mapping[tuple[int, ...], int]) -> tuple[int, int]:
    """
    How many respondents answered anything, and how many gave answers of
    their own.
    """
    answered = individuals = 0
    for states, count in given.items():
        if any(state != NOTHING for state in states):
            answered += count
        if INDIVIDUAL in states:
            individuals += count
    return answered, individuals


def _features_answered(given: Mapping[tuple[int, ...], int]) -> set[int]:
    """
    How many features each respondent who answered anything answered: the
    numbers that occur.
    """
    return {
        answered
        for states in given
        if (answered := sum(state != NOTHING for state in states))
    }


def _check_options(
    tally: Tally, checklist: Checklist, min_respondents: object, banding: object
) -> None:
    if (tally.checklist, tally.checklist_version) != (checklist.id, checklist.version):
        raise MedEngageError(
            f"the answers were given on checklist {tally.checklist!r} version "
            f"{tally.checklist_version}, not {checklist.id!r} version "
            f"{checklist.version}: score them with the checklist they answered"
        )
    if (
        isinstance(min_respondents, bool)
        or not isinstance(min_respondents, int)
        or min_respondents < 1
    ):
        raise MedEngageError(
            "min_respondents must be a whole number of 1 or more, "
            f"not {min_respondents!r}"
        )
    if banding is not None and not isinstance(banding, Banding):
        raise MedEngageError(f"banding must be a medengage.Banding, not {banding!r}")
