"""
Journeys: one trust's assessments over time, and how far each score moved.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from medengage import _validation as v
from medengage._assessments import Assessment
from medengage._bands import Banding
from medengage._board_titles import feature_titles
from medengage._checklist_mappings import ChecklistMapping
from medengage._checklists import Checklist
from medengage._display import Displayed, Table, journey_table
from medengage._frozen import FrozenMap
from medengage._journey_building import (
    check_pair,
    check_scored_alike,
    compared_scores,
    feature_routes,
    journey_step,
)
from medengage._journey_steps import Change, JourneyStep, StepScore, Trend
from medengage._journey_summary import journey_summary
from medengage._level_routes import level_routes
from medengage._lineage import checked_follow, current_trust, trusts_by_code
from medengage._scores import OptionValue, ScoredAssessment, freeze_options
from medengage._trusts import Trust, ods_code
from medengage.errors import MedEngageError, Problem


__all__ = [
    "Change",
    "ChecklistMapping",
    "Journey",
    "JourneyStep",
    "StepScore",
    "Trend",
    "journey",
]


if TYPE_CHECKING:
    from medengage._bootstrap import Bootstrap
    from medengage._reliability import Reliability
    from medengage.scoring import ScoringStrategy


@attrs.frozen
class Journey(Displayed):
    """
    A trust's assessments over time, scored the same way, with the change
    of each score between one assessment and the next and across them all.

    The trust is followed across renames and mergers by its ODS code and
    the successor of each trust that closed: where a trust passed to
    several, its main successor or the one asked for. The scores of every step were
    made by one strategy with the same options, on one checklist or on
    versions mapped onto it.

    Build one with `journey`, from assessments, or `Journey.from_scored`,
    from results already scored. The changes (`overall`, `features`)
    follow from the steps, so a document holds only the steps.

    Attributes:
        trust: The ODS code of the trust today: the last successor of the
            trust each assessment was of.
        trust_name: The trust's name today, if known.
        strategy: The name of the scoring strategy used.
        checklist: The id of the checklist the scores are compared under.
        checklist_version: Its version.
        banding: The banding the scores were put in bands with.
        min_respondents: The disclosure threshold the scores were made with.
        steps: The assessments, oldest first, each on its own date.
        low: The lowest score the strategy gives.
        high: The highest score the strategy gives.
        options: The strategy's other options.
        mappings: The checklist mappings the comparison used.
        overall: How the overall score moved (not kept in documents).
        features: How each feature's score moved, by feature id (not kept
            in documents).
        levels: How each level's score moved, by level id (not kept in
            documents).
    """

    trust: str = attrs.field(validator=ods_code)
    trust_name: str | None = attrs.field(validator=v.optional_label)
    strategy: str = attrs.field(validator=v.label)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    banding: Banding = attrs.field(validator=v.instance_of(Banding))
    min_respondents: int = attrs.field(validator=v.positive_int)
    steps: tuple[JourneyStep, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(JourneyStep)
    )
    low: float = attrs.field(default=0.0, converter=v.to_float, validator=v.number)
    high: float = attrs.field(default=100.0, converter=v.to_float, validator=v.number)
    options: FrozenMap[str, OptionValue] = attrs.field(
        factory=FrozenMap, converter=freeze_options
    )
    mappings: tuple[ChecklistMapping, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.instances_of(ChecklistMapping)
    )
    overall: Trend = attrs.field(init=False, eq=False, repr=False, hash=False)
    features: FrozenMap[str, Trend] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    levels: FrozenMap[str, Trend] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_journey_problems(self))
        object.__setattr__(self, "overall", _trend(self.steps, None))
        object.__setattr__(
            self,
            "features",
            FrozenMap({f: _trend(self.steps, f) for f in _feature_ids(self.steps)}),
        )
        level_ids = dict.fromkeys(
            level for step in reversed(self.steps) for level in step.levels
        )
        object.__setattr__(
            self,
            "levels",
            FrozenMap({lv: _level_trend(self.steps, lv) for lv in level_ids}),
        )

    @classmethod
    def from_scored(
        cls,
        steps: Iterable[tuple[ScoredAssessment, Reliability]],
        *,
        trusts: Iterable[Trust] | Mapping[str, Trust] | None = None,
        mappings: Iterable[ChecklistMapping] = (),
        follow: Mapping[str, str] | None = None,
    ) -> Journey:
        """
        The journey of results already scored, each with its reliability,
        in any order.

        Args:
            steps: Each result, with the reliability of the same
                assessment, strategy and options.
            trusts: The trusts to follow through their successors; by
                default those of the bundled catalogue.
            mappings: How checklist versions map onto each other, where
                the results are of different versions.
            follow: For a trust whose services passed to several trusts,
                which of them to follow, by ODS code, like
                ``{"RW6": "R0A"}``; a trust not named here is followed to
                its main successor.

        Raises:
            NotComparableError: If the results were scored with different
                strategies, options, bandings or disclosure thresholds, or
                on different checklists or versions that *mappings* does not
                map onto one.
            MedEngageError: If there are no results, they are of different
                trusts, two are of one date, a result comes with the
                reliability of another, or *follow* names a trust or a
                successor the trusts do not have.
        """
        pairs = sorted(steps, key=lambda pair: pair[0].date)
        if not pairs:
            raise MedEngageError("a journey needs at least one assessment")
        for scored, its_reliability in pairs:
            check_pair(scored, its_reliability)
        for (earlier, _), (later, _) in itertools.pairwise(pairs):
            if earlier.date == later.date:
                raise MedEngageError(
                    f"two assessments closed on {later.date.isoformat()}: a "
                    "journey takes one assessment a date"
                )
        check_scored_alike([scored for scored, _ in pairs])
        known = trusts_by_code(trusts)
        current = current_trust(
            [scored.trust for scored, _ in pairs], known, checked_follow(follow, known)
        )
        routes, used = feature_routes(pairs, tuple(mappings))
        by_level = level_routes([scored for scored, _ in pairs], tuple(mappings))
        last = pairs[-1][0]
        target = routes[(last.checklist, last.checklist_version)][0]
        journey_steps = []
        for scored, its_reliability in pairs:
            features = routes[(scored.checklist, scored.checklist_version)][1]
            step = journey_step(
                scored, its_reliability, features, known.get(scored.trust)
            )
            if scored.levels:
                key = (scored.checklist, scored.checklist_version)
                levels = compared_scores(
                    scored,
                    scored.levels,
                    {lv: e.uncertainty for lv, e in its_reliability.levels.items()},
                    by_level[key],
                )
                step = attrs.evolve(step, levels=levels)
            journey_steps.append(step)
        return cls(
            trust=current,
            trust_name=known[current].name if current in known else None,
            strategy=last.strategy,
            checklist=target[0],
            checklist_version=target[1],
            banding=last.banding,
            min_respondents=last.min_respondents,
            steps=journey_steps,
            low=last.low,
            high=last.high,
            options=last.options,
            mappings=used,
        )

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """
        The dates of the assessments, oldest first.
        """
        return tuple(step.date for step in self.steps)

    def bands(self, feature: str | None = None) -> FrozenMap[dt.date, str | None]:
        """
        The band of the overall score (or of *feature*'s score, a feature's
        or a level's) at each date: None where it has no value or the
        feature or level was not compared.

        Raises:
            KeyError: If the journey compares no feature or level *feature*.
        """
        return _bands(self, feature)

    def table(self) -> Table:
        """
        This journey as a table, as it shows in a terminal or a notebook.
        """
        return journey_table(self)

    def summary(self, checklist: Checklist | None = None) -> str:
        """
        A short account of the journey, from the first assessment to the
        last: the overall score and its bands, then the levels (for a
        checklist with levels) and the features that rose or fell
        significantly (largest moves first), those with no significant
        change, and those that could not be judged.

        Levels and features are named by their titles: from *checklist*,
        the checklist the scores are compared under, or else from the
        bundled catalogue's checklist of that id and version; by their ids
        where neither has it.

        Raises:
            MedEngageError: If *checklist* is another checklist or version
                than the one the scores are compared under.
        """
        titles = feature_titles(self.checklist, self.checklist_version, checklist)
        return journey_summary(self, titles or {})


def journey(
    assessments: Iterable[Assessment],
    strategy: str | ScoringStrategy = "mean",
    *,
    trusts: Iterable[Trust] | Mapping[str, Trust] | None = None,
    mappings: Iterable[ChecklistMapping] = (),
    follow: Mapping[str, str] | None = None,
    bootstrap: Bootstrap | None = None,
    **options: Any,
) -> Journey:
    """
    The journey of one trust through *assessments*, given in any order:
    each scored with *strategy* and *options*, with its reliability, oldest
    first, and the change of each score between one assessment and the
    next and across them all.

    Args:
        assessments: The trust's assessments, each scored with the
            checklist it answered.
        strategy: The strategy, or its name.
        trusts: The trusts to follow through their successors, so that an
            assessment of a trust that closed counts as one of the trust
            that took it over; by default those of the bundled catalogue.
        mappings: How checklist versions map onto each other, where the
            assessments answered different versions.
        follow: For a trust whose services passed to several trusts, which
            of them to follow, by ODS code, like ``{"RW6": "R0A"}``; a trust
            not named here is followed to its main successor.
        bootstrap: How to resample respondents for the standard errors of
            a strategy that gives none of its own (a plugin's, say); by
            default ``Bootstrap()``. See `medengage.reliability`.
        options: The strategy's options, the same for every assessment.

    Raises:
        NotComparableError: If the assessments answered different
            checklists or versions that *mappings* does not map onto one.
        MedEngageError: If there are none, they are of different trusts,
            two closed on one date, *follow* names a trust or a successor
            the trusts do not have, or as `medengage.score` and
            `medengage.reliability` do.
    """
    from medengage._reliability import reliability
    from medengage.scoring import score

    pairs = [
        (
            score(assessment, strategy=strategy, **options),
            reliability(assessment, strategy=strategy, bootstrap=bootstrap, **options),
        )
        for assessment in assessments
    ]
    return Journey.from_scored(pairs, trusts=trusts, mappings=mappings, follow=follow)


# Changes


def _feature_ids(steps: Sequence[JourneyStep]) -> list[str]:
    """
    The features the steps compare: the latest step's, in its order, then
    any others, latest first.
    """
    ids: dict[str, None] = {}
    for step in reversed(steps):
        ids.update(dict.fromkeys(step.features))
    return list(ids)


def _score_at(step: JourneyStep, feature: str | None) -> StepScore | None:
    return step.overall if feature is None else step.features.get(feature)


def _band(score: StepScore | None) -> str | None:
    return None if score is None else score.band


def _trend(steps: Sequence[JourneyStep], feature: str | None) -> Trend:
    return _trend_of(steps, lambda step: _score_at(step, feature))


def _level_trend(steps: Sequence[JourneyStep], level: str) -> Trend:
    return _trend_of(steps, lambda step: step.levels.get(level))


def _trend_of(
    steps: Sequence[JourneyStep], at: Callable[[JourneyStep], StepScore | None]
) -> Trend:
    changes = tuple(
        Change.between(earlier.date, later.date, at(earlier), at(later))
        for earlier, later in itertools.pairwise(steps)
    )
    first, last = steps[0], steps[-1]
    across = (
        Change.between(first.date, last.date, at(first), at(last))
        if len(steps) > 1
        else None
    )
    return Trend(changes, across)


# Checks


def _journey_problems(journey: Journey) -> list[Problem]:
    problems = []
    if not journey.steps:
        problems.append(Problem("steps", "a journey needs at least one step"))
    if not journey.low < journey.high:
        problems.append(
            Problem("high", f"{journey.high} is not above low ({journey.low})")
        )
    for index, (earlier, later) in enumerate(
        itertools.pairwise(journey.steps), start=1
    ):
        if not earlier.date < later.date:
            problems.append(
                Problem(
                    f"steps[{index}].date",
                    f"{later.date.isoformat()} does not follow "
                    f"{earlier.date.isoformat()}: list the steps oldest first, "
                    "one a date",
                )
            )
    for index, step in enumerate(journey.steps):
        scores = [("overall", step.overall)]
        scores += [(f"features.{f}", s) for f, s in step.features.items()]
        scores += [(f"levels.{lv}", s) for lv, s in step.levels.items()]
        for path, score in scores:
            for name in ("value", "low", "high"):
                value = getattr(score, name)
                if value is not None and not journey.low <= value <= journey.high:
                    problems.append(
                        Problem(
                            f"steps[{index}].{path}.{name}",
                            f"{value} is outside the strategy's range "
                            f"{journey.low:g} to {journey.high:g}",
                        )
                    )
    return problems


# Bands


def _bands(journey: Journey, id: str | None) -> FrozenMap[dt.date, str | None]:
    """
    The band of the overall score, or of the feature or level *id*, at each
    of *journey*'s dates.
    """
    if id is None:
        return FrozenMap({step.date: _band(step.overall) for step in journey.steps})
    if id in journey.levels:
        return FrozenMap(
            {step.date: _band(step.levels.get(id)) for step in journey.steps}
        )
    if id not in journey.features:
        raise KeyError(id)
    return FrozenMap(
        {step.date: _band(step.features.get(id)) for step in journey.steps}
    )
