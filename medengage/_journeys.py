"""
Journeys: one trust's assessments over time, and how far each score moved.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from medengage import _validation as v
from medengage._assessments import Assessment
from medengage._bands import Banding
from medengage._board_titles import feature_titles
from medengage._checklists import Checklist
from medengage._display import Displayed, Table, journey_table
from medengage._frozen import FrozenMap, freeze_map
from medengage._level_routes import check_named, level_routes
from medengage._lineage import checked_follow, current_trust, trusts_by_code
from medengage._scores import OptionValue, Score, ScoredAssessment, freeze_options
from medengage._trusts import Trust, ods_code
from medengage._weights import Weighting
from medengage.errors import MedEngageError, NotComparableError, Problem


if TYPE_CHECKING:
    from medengage._bootstrap import Bootstrap
    from medengage._reliability import Reliability, Uncertainty
    from medengage.scoring import ScoringStrategy


#: How many standard errors a change must exceed to count as significant:
#: the two-sided 95% point of the normal distribution.
Z_95 = 1.96


@attrs.frozen
class ChecklistMapping:
    """
    How the features of one checklist version correspond to those of
    another, so that assessments on either can be compared.

    Attributes:
        source: The id of the checklist mapped from.
        source_version: Its version.
        target: The id of the checklist mapped onto.
        target_version: Its version.
        features: For each feature of the source that has a counterpart in
            the target, the target feature's id. A feature left out has no
            counterpart, and is left out of the comparison.
        levels: For each level of the source that has a counterpart in the
            target, the target level's id; where it names none, each level
            is compared under its own id, and a level the target lacks
            makes the versions not comparable.
    """

    source: str = attrs.field(validator=v.identifier)
    source_version: int = attrs.field(validator=v.positive_int)
    target: str = attrs.field(validator=v.identifier)
    target_version: int = attrs.field(validator=v.positive_int)
    features: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=freeze_map)
    levels: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=freeze_map)

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.source_key == self.target_key:
            problems.append(
                Problem("target", "a checklist version cannot be mapped onto itself")
            )
        problems += _one_to_one(self.features, "features", "feature")
        problems += _one_to_one(self.levels, "levels", "level")
        v.raise_problems(problems)

    @classmethod
    def matching(cls, source: Checklist, target: Checklist) -> ChecklistMapping:
        """
        The mapping of each feature and level of *source* onto the feature
        or level of *target* with the same id.
        """
        kept = {feature.id for feature in target.features}
        levels = {level.id for level in target.levels}
        return cls(
            source=source.id,
            source_version=source.version,
            target=target.id,
            target_version=target.version,
            features={f.id: f.id for f in source.features if f.id in kept},
            levels={lv.id: lv.id for lv in source.levels if lv.id in levels},
        )

    @property
    def source_key(self) -> tuple[str, int]:
        """
        The source checklist's id and version.
        """
        return (self.source, self.source_version)

    @property
    def target_key(self) -> tuple[str, int]:
        """
        The target checklist's id and version.
        """
        return (self.target, self.target_version)

    def __str__(self) -> str:
        return (
            f"checklist {self.source!r} version {self.source_version} onto "
            f"{self.target!r} version {self.target_version}"
        )


def _one_to_one(mapped: Mapping[str, str], field: str, noun: str) -> list[Problem]:
    problems = []
    seen: dict[str, str] = {}
    for source, target in mapped.items():
        for value in (source, target):
            if not isinstance(value, str) or not v.is_identifier(value):
                problems.append(Problem(field, f"{value!r} is not a valid {noun} id"))
        if target in seen:
            problems.append(
                Problem(
                    f"{field}.{source}",
                    f"{seen[target]!r} maps onto {target!r} already: give "
                    f"each target {noun} one counterpart at most",
                )
            )
        seen.setdefault(target, source)
    return problems


def _optional_number(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        v.number(instance, attribute, value)


@attrs.frozen
class StepScore:
    """
    One score at one step of a journey: its value and band, and how far it
    can be trusted.

    Attributes:
        value: The score, or None where it is withheld or nobody answered.
        respondents: How many respondents it rests on.
        band: The band it falls in, or None where there is no value.
        standard_error: The score's standard error, or None where it has
            none (no value, or too few respondents to estimate it).
        low: The lower end of its 95% confidence interval, or None.
        high: The upper end of its 95% confidence interval, or None.
        withheld: Whether it is withheld to protect respondents: a withheld
            score shows no value, error or interval.
    """

    value: float | None = attrs.field(converter=v.to_float, validator=_optional_number)
    respondents: int = attrs.field(validator=v.count)
    band: str | None = attrs.field(default=None, validator=v.optional_label)
    standard_error: float | None = attrs.field(
        default=None, converter=v.to_float, validator=_optional_number
    )
    low: float | None = attrs.field(
        default=None, converter=v.to_float, validator=_optional_number
    )
    high: float | None = attrs.field(
        default=None, converter=v.to_float, validator=_optional_number
    )
    withheld: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_step_score_problems(self))

    @classmethod
    def of(cls, score: Score, uncertainty: Uncertainty | None) -> StepScore:
        """
        *score*, with the standard error and interval *uncertainty* gives
        it, if any.
        """
        if uncertainty is None or score.value is None:
            return cls(
                score.value, score.respondents, score.band, withheld=score.withheld
            )
        return cls(
            value=score.value,
            respondents=score.respondents,
            band=score.band,
            standard_error=uncertainty.standard_error,
            low=uncertainty.low,
            high=uncertainty.high,
        )


@attrs.frozen
class JourneyStep:
    """
    One assessment on a trust's journey: when, of which trust as it then
    was, and its scores.

    Attributes:
        date: When the assessment closed.
        trust: The trust's ODS code on that date.
        trust_name: The name the trust held on that date, if known.
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        overall: The overall score.
        features: The score of each feature, by the id the journey compares
            it under; a feature with no counterpart in the journey's
            checklist is left out.
        left_out: The ids of the checklist's features that have no
            counterpart in the journey's checklist, and so are not compared.
        levels: The score of each level, by the id the journey compares it
            under; empty for a checklist without levels.
    """

    date: dt.date = attrs.field(validator=v.date)
    trust: str = attrs.field(validator=ods_code)
    trust_name: str | None = attrs.field(validator=v.optional_label)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    overall: StepScore = attrs.field(validator=v.instance_of(StepScore))
    features: FrozenMap[str, StepScore] = attrs.field(
        converter=freeze_map, validator=v.values_of(StepScore)
    )
    left_out: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple)
    levels: FrozenMap[str, StepScore] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.values_of(StepScore)
    )

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem("levels", f"{level!r} is not a valid level id")
            for level in self.levels
            if not isinstance(level, str) or not v.is_identifier(level)
        ]
        problems += [
            Problem("features", f"{feature!r} is not a valid feature id")
            for feature in self.features
            if not isinstance(feature, str) or not v.is_identifier(feature)
        ]
        problems += [
            Problem("left_out", f"{feature!r} is not a valid feature id")
            for feature in self.left_out
            if not isinstance(feature, str) or not v.is_identifier(feature)
        ]
        v.raise_problems(problems)


@attrs.frozen
class Change:
    """
    How far a score moved between two assessments, and whether the move is
    larger than its uncertainty.

    The difference is ``after - before``; its standard error is
    ``sqrt(se_before² + se_after²)``, as the two assessments ask different
    respondents and so are independent samples; its 95% interval is the
    difference ± 1.96 standard errors. The change is significant when the
    difference, up or down, is larger than 1.96 standard errors: when the
    interval leaves out zero.

    Attributes:
        start: The date of the earlier assessment.
        end: The date of the later one.
        before: The earlier score, or None where it has no value.
        after: The later score, or None where it has no value.
        difference: ``after - before``, or None where either has no value
            (a withheld score never gives a change).
        standard_error: The difference's standard error, or None where
            either score has none.
        low: The lower end of the difference's 95% interval, or None.
        high: The upper end of the difference's 95% interval, or None.
        significant: Whether the difference, up or down, is larger than
            1.96 standard errors; None where there is no difference or no
            standard error.
    """

    start: dt.date
    end: dt.date
    before: float | None
    after: float | None
    difference: float | None
    standard_error: float | None
    low: float | None
    high: float | None
    significant: bool | None

    @classmethod
    def between(
        cls,
        start: dt.date,
        end: dt.date,
        before: StepScore | None,
        after: StepScore | None,
    ) -> Change:
        """
        The change from *before*, on *start*, to *after*, on *end*; either
        may be None where the feature was not compared on that date.
        """
        first = None if before is None else before.value
        last = None if after is None else after.value
        if before is None or after is None or first is None or last is None:
            return cls(start, end, first, last, None, None, None, None, None)
        difference = last - first
        if before.standard_error is None or after.standard_error is None:
            return cls(start, end, first, last, difference, None, None, None, None)
        error = math.hypot(before.standard_error, after.standard_error)
        margin = Z_95 * error
        return cls(
            start,
            end,
            first,
            last,
            difference,
            error,
            difference - margin,
            difference + margin,
            abs(difference) > margin,
        )


@attrs.frozen
class Trend:
    """
    How one score (a feature's, or the overall score) moved along a
    journey.

    Attributes:
        changes: The change between each assessment and the next, oldest
            first: one fewer than there are assessments.
        across: The change from the first assessment to the last, or None
            for a journey of one assessment.
    """

    changes: tuple[Change, ...]
    across: Change | None


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
            _check_pair(scored, its_reliability)
        for (earlier, _), (later, _) in itertools.pairwise(pairs):
            if earlier.date == later.date:
                raise MedEngageError(
                    f"two assessments closed on {later.date.isoformat()}: a "
                    "journey takes one assessment a date"
                )
        _check_scored_alike([scored for scored, _ in pairs])
        known = trusts_by_code(trusts)
        current = current_trust(
            [scored.trust for scored, _ in pairs], known, checked_follow(follow, known)
        )
        routes, used = _routes(pairs, tuple(mappings))
        by_level = level_routes([scored for scored, _ in pairs], tuple(mappings))
        last = pairs[-1][0]
        target = routes[(last.checklist, last.checklist_version)][0]
        journey_steps = []
        for scored, its_reliability in pairs:
            features = routes[(scored.checklist, scored.checklist_version)][1]
            step = _step(scored, its_reliability, features, known.get(scored.trust))
            if scored.levels:
                key = (scored.checklist, scored.checklist_version)
                levels = _compared(
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
        return _summary(self, titles or {})


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


# Building


def _check_pair(scored: ScoredAssessment, its_reliability: Reliability) -> None:
    from medengage._reliability import Reliability

    if not isinstance(scored, ScoredAssessment) or not isinstance(
        its_reliability, Reliability
    ):
        raise MedEngageError(
            "give each step as a pair of a ScoredAssessment and its Reliability, "
            f"not {scored!r} and {its_reliability!r}"
        )
    for field in ("strategy", "trust", "checklist", "checklist_version", "date"):
        mine, theirs = getattr(scored, field), getattr(its_reliability, field)
        if mine != theirs:
            raise MedEngageError(
                f"the reliability given with the result of "
                f"{scored.date.isoformat()} has {field} {theirs!r}, not "
                f"{mine!r}: give each result with the reliability of the same "
                "assessment, strategy and options"
            )
    if its_reliability.weighting != scored.weighting:
        raise MedEngageError(
            f"the reliability given with the result of {scored.date.isoformat()} "
            f"was made {_weighting_of(its_reliability.weighting)}, and the result "
            f"{_weighting_of(scored.weighting)}: make both with the same weights"
        )
    if its_reliability.min_respondents != scored.min_respondents:
        raise MedEngageError(
            f"the reliability given with the result of {scored.date.isoformat()} "
            f"was made with min_respondents={its_reliability.min_respondents}, "
            f"not {scored.min_respondents}: make both with the same options"
        )
    if set(its_reliability.features) != set(scored.features) or set(
        its_reliability.levels
    ) != set(scored.levels):
        raise MedEngageError(
            f"the reliability given with the result of {scored.date.isoformat()} "
            "is of other features or levels: give each result with the "
            "reliability of the same assessment"
        )


def _check_scored_alike(results: Sequence[ScoredAssessment]) -> None:
    first = results[0]
    for other in results[1:]:
        if other.weighting != first.weighting:
            raise NotComparableError(
                f"the {_year(first)} result was {_weighting(first)} and the "
                f"{_year(other)} one {_weighting(other)}: weight every assessment "
                "of a journey the same way, or none"
            )
        for made, mine, theirs in (
            ("scored with strategy", first.strategy, other.strategy),
            ("scored with the options", first.options, other.options),
            ("put in bands with", first.banding, other.banding),
            ("made with min_respondents", first.min_respondents, other.min_respondents),
            ("scored on the range", (first.low, first.high), (other.low, other.high)),
        ):
            if mine != theirs:
                raise NotComparableError(
                    f"the {_year(first)} result was {made} {_shown(mine)} and "
                    f"the {_year(other)} one with {_shown(theirs)}: score every "
                    "assessment of a journey the same way"
                )


def _shown(value: object) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}={v!r}" for k, v in value.items()) + "}"
    if isinstance(value, Banding):
        return f"banding {value.id!r} ({', '.join(value.labels)})"
    if isinstance(value, tuple):
        return f"{value[0]:g} to {value[1]:g}"
    return repr(value)


def _weighting(scored: ScoredAssessment) -> str:
    return _weighting_of(scored.weighting)


def _weighting_of(weighting: Weighting | None) -> str:
    return "unweighted" if weighting is None else weighting.describe()


def _year(scored: ScoredAssessment) -> str:
    return scored.date.isoformat()


#: A checklist version: its id and version.
_Key = tuple[str, int]
#: Where a version's features are compared: the version compared under, and
#: for each of the version's features the id it is compared under (None for
#: one left out).
_Route = tuple[_Key, dict[str, str | None]]


def _routes(
    pairs: Sequence[tuple[ScoredAssessment, Reliability]],
    mappings: tuple[ChecklistMapping, ...],
) -> tuple[dict[_Key, _Route], tuple[ChecklistMapping, ...]]:
    """
    The route of each checklist version the results answered onto the one
    they are compared under, and the mappings used.
    """
    by_source: dict[_Key, ChecklistMapping] = {}
    for mapping in mappings:
        if not isinstance(mapping, ChecklistMapping):
            raise MedEngageError(
                f"mappings must be ChecklistMapping objects, not {mapping!r}"
            )
        if mapping.source_key in by_source:
            raise MedEngageError(
                f"two mappings start from checklist {mapping.source!r} version "
                f"{mapping.source_version}: give one mapping for each version"
            )
        by_source[mapping.source_key] = mapping
    features_of = {
        (scored.checklist, scored.checklist_version): tuple(scored.features)
        for scored, _ in pairs
    }
    used: list[ChecklistMapping] = []
    routes: dict[_Key, _Route] = {}
    for key, features in features_of.items():
        route: dict[str, str | None] = {feature: feature for feature in features}
        here = key
        visited = [key]
        while here in by_source:
            mapping = by_source[here]
            _check_mapping(mapping, features_of)
            if mapping not in used:
                used.append(mapping)
            route = {
                feature: None if now is None else mapping.features.get(now)
                for feature, now in route.items()
            }
            here = mapping.target_key
            if here in visited:
                raise MedEngageError(
                    "the mappings go round in a circle, from checklist "
                    f"{key[0]!r} version {key[1]} back to version {here[1]}: "
                    "map each version in one direction only"
                )
            visited.append(here)
        routes[key] = (here, route)
    _check_one_target(pairs, routes)
    return routes, tuple(m for m in mappings if m in used)


def _check_mapping(
    mapping: ChecklistMapping, features_of: Mapping[_Key, tuple[str, ...]]
) -> None:
    check_named(mapping, mapping.features, features_of, "feature")


def _check_one_target(
    pairs: Sequence[tuple[ScoredAssessment, Reliability]], routes: dict[_Key, _Route]
) -> None:
    latest = pairs[-1][0]
    target = routes[(latest.checklist, latest.checklist_version)][0]
    for scored, _ in reversed(pairs):
        if routes[(scored.checklist, scored.checklist_version)][0] != target:
            raise NotComparableError(
                f"the {_year(scored)} assessment answered {_version(scored)} and "
                f"the {_year(latest)} one {_version(latest, scored)}: pass a "
                "medengage.ChecklistMapping from one version onto the other to "
                "compare them"
            )


def _version(scored: ScoredAssessment, other: ScoredAssessment | None = None) -> str:
    if other is not None and other.checklist == scored.checklist:
        return f"version {scored.checklist_version}"
    return f"checklist {scored.checklist!r} version {scored.checklist_version}"


def _step(
    scored: ScoredAssessment,
    its_reliability: Reliability,
    route: Mapping[str, str | None],
    trust: Trust | None,
) -> JourneyStep:
    features = _compared(
        scored,
        scored.features,
        {f: entry.uncertainty for f, entry in its_reliability.features.items()},
        route,
    )
    return JourneyStep(
        date=scored.date,
        trust=scored.trust,
        trust_name=None if trust is None else trust.name_on(scored.date),
        checklist=scored.checklist,
        checklist_version=scored.checklist_version,
        overall=_step_score(scored.overall, its_reliability.overall, scored, None),
        features=features,
        left_out=tuple(f for f in scored.features if route.get(f) is None),
    )


def _compared(
    scored: ScoredAssessment,
    scores: Mapping[str, Score],
    uncertainties: Mapping[str, Uncertainty],
    route: Mapping[str, str | None],
) -> dict[str, StepScore]:
    """
    Each of *scores* (a result's features' or levels') with its uncertainty,
    by the id it is compared under; those with no counterpart left out.
    """
    compared = {}
    for id, score in scores.items():
        compared_as = route.get(id)
        if compared_as is not None:
            compared[compared_as] = _step_score(score, uncertainties[id], scored, id)
    return compared


def _step_score(
    score: Score,
    uncertainty: Uncertainty,
    scored: ScoredAssessment,
    feature: str | None,
) -> StepScore:
    if uncertainty.value != score.value or uncertainty.withheld != score.withheld:
        raise MedEngageError(
            f"the reliability given with the result of {_year(scored)} gives "
            f"{feature or 'the overall score'} as {uncertainty.value!r}, not "
            f"{score.value!r}: give each result with the reliability of the same "
            "assessment, strategy and options"
        )
    return StepScore.of(score, uncertainty)


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


def _step_score_problems(score: StepScore) -> list[Problem]:
    problems = []
    shown = {
        "value": score.value,
        "band": score.band,
        "standard_error": score.standard_error,
        "low": score.low,
        "high": score.high,
    }
    if score.withheld:
        problems += [
            Problem(name, "a withheld score has no value, band, error or interval")
            for name, value in shown.items()
            if value is not None
        ]
        return problems
    if score.value is None:
        problems += [
            Problem(name, "a score with no value has no band, error or interval")
            for name, value in shown.items()
            if value is not None and name != "value"
        ]
        return problems
    interval = (score.standard_error, score.low, score.high)
    if any(part is None for part in interval) and any(
        part is not None for part in interval
    ):
        problems.append(
            Problem(
                "standard_error",
                "give the standard error, low and high together, or none of them",
            )
        )
    elif score.standard_error is not None:
        assert score.low is not None
        assert score.high is not None
        if score.standard_error < 0:
            problems.append(
                Problem("standard_error", f"{score.standard_error} is below zero")
            )
        if not score.low <= score.value <= score.high:
            problems.append(
                Problem(
                    "value",
                    f"{score.value} is not within its interval, {score.low} to "
                    f"{score.high}",
                )
            )
    return problems


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


# The summary


_NOT_JUDGED = "Not judged (withheld, missing or without a standard error)"
#: The summary's headings for features' moves: risen, fallen, unchanged,
#: not judged.
_FEATURE_HEADINGS = (
    "Rose significantly",
    "Fell significantly",
    "No significant change",
    _NOT_JUDGED,
)
#: The same for levels' moves.
_LEVEL_HEADINGS = (
    "Levels that rose significantly",
    "Levels that fell significantly",
    "Levels with no significant change",
    "Levels not judged (withheld, missing or without a standard error)",
)


def _summary(journey: Journey, titles: Mapping[str, str]) -> str:
    first, last = journey.steps[0], journey.steps[-1]
    who = (
        f"{journey.trust_name} ({journey.trust})"
        if journey.trust_name
        else journey.trust
    )
    count = len(journey.steps)
    lines = [
        f"{who}: {count} assessment{'s' if count != 1 else ''} from "
        f"{first.date.isoformat()} to {last.date.isoformat()}, scored with "
        f"{journey.strategy!r}.",
        f"Overall: {_describe(journey.overall.across)}.",
        f"Bands: {', '.join(band or '-' for band in journey.bands().values())}.",
    ]
    if journey.levels:
        lines += _moves(journey.levels, titles, _LEVEL_HEADINGS)
    lines += _moves(journey.features, titles, _FEATURE_HEADINGS)
    left_out = sorted({f for step in journey.steps for f in step.left_out})
    if left_out:
        lines.append(
            f"Left out, with no counterpart in checklist {journey.checklist!r} "
            f"version {journey.checklist_version}: {', '.join(left_out)}."
        )
    return "\n".join(lines)


def _moves(
    trends: Mapping[str, Trend],
    titles: Mapping[str, str],
    headings: tuple[str, str, str, str],
) -> list[str]:
    """
    The summary's lines for *trends* (the features' or the levels'): those
    that rose, fell, did not change significantly, each with the largest
    moves first, and, where any, those that could not be judged.
    """
    rose, fell, unchanged, not_judged = headings
    groups: dict[str, list[tuple[str, float]]] = {heading: [] for heading in headings}
    for id, trend in trends.items():
        change = trend.across
        if change is None or change.significant is None:
            heading = not_judged
        elif not change.significant:
            heading = unchanged
        elif (change.difference or 0.0) > 0:
            heading = rose
        else:
            heading = fell
        difference = None if change is None else change.difference
        groups[heading].append((titles.get(id, id), difference or 0.0))
    lines = []
    for heading, members in groups.items():
        # Largest moves first; sorting is stable, so ties keep their order.
        members.sort(key=lambda member: -abs(member[1]))
        if heading == not_judged:
            if members:
                lines.append(f"{heading}: {', '.join(f for f, _ in members)}.")
            continue
        listed = ", ".join(f"{f} ({_signed(d)})" for f, d in members)
        lines.append(f"{heading}: {listed or 'none'}.")
    return lines


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


def _describe(change: Change | None) -> str:
    if change is None:
        return "a single assessment, so no change yet"
    if change.difference is None:
        return "no change can be given, as a score is withheld or missing"
    moved = f"{_number(change.before)} to {_number(change.after)}"
    if change.low is None or change.high is None or change.significant is None:
        return f"{moved} ({_signed(change.difference)}), not judged"
    judged = (
        "no significant change"
        if not change.significant
        else f"a significant {'rise' if change.difference > 0 else 'fall'}"
    )
    return (
        f"{moved} ({_signed(change.difference)}; 95% interval "
        f"{_signed(change.low)} to {_signed(change.high)}): {judged}"
    )


def _number(value: float | None) -> str:
    return "-" if value is None else f"{round(value, 1) + 0.0:.1f}"


def _signed(value: float) -> str:
    return f"{round(value, 1) + 0.0:+.1f}"
