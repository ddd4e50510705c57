"""
What the built-in strategies share: scoring from a tally, with exact
arithmetic, bands and disclosure control.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from medengage._assessments import Assessment
from medengage._bands import JOURNEY_STAGES, Banding
from medengage._checklists import Checklist
from medengage._frozen import FrozenMap
from medengage._levels import LevelMethod
from medengage._scores import Score, ScoredAssessment
from medengage._weights import RespondentWeights, kish
from medengage.errors import MedEngageError
from medengage.scoring._feature_tables import FeatureTable, feature_tables
from medengage.scoring._given_states import INDIVIDUAL, NOTHING
from medengage.scoring._level_scores import LevelRules, score_levels
from medengage.scoring._pattern_numbers import Pattern
from medengage.scoring._tally import Tally, tally


#: The fewest respondents a score from individual doctors' answers rests on
#: before it is shown, unless a caller asks for fewer.
MIN_RESPONDENTS = 11


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
