"""
Strategies for scores: scored assessments, breakdowns, bandings and reliability.
"""

from __future__ import annotations

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._bands import Banding
from medengage._breakdowns import NOT_STATED, Breakdown
from medengage._frozen import FrozenMap
from medengage._reliability import (
    FeatureReliability,
    ItemReliability,
    Reliability,
    Uncertainty,
)
from medengage._scores import OptionValue, Score, ScoredAssessment
from medengage._testing_assessments import ATTRIBUTES
from medengage._testing_values import CODE, DAY, ID, TEXT, VALUE
from medengage._weights import Weighting


@st.composite
def bandings(draw: st.DrawFn, *, max_bands: int = 5) -> Banding:
    """
    Bandings: increasing thresholds, and a label for each band.

    Args:
        max_bands: The most bands.
    """
    count = draw(st.integers(min_value=1, max_value=max_bands))
    thresholds = draw(
        st.lists(VALUE, min_size=count - 1, max_size=count - 1, unique=True)
    )
    return Banding(
        id=draw(ID),
        labels=draw(st.lists(TEXT, min_size=count, max_size=count, unique=True)),
        thresholds=sorted(thresholds),
    )


@st.composite
def scores(draw: st.DrawFn, *, low: float = 0.0, high: float = 100.0) -> Score:
    """
    Scores between *low* and *high*, in a band or not; some withheld, some
    with no value as nobody answered.
    """
    respondents = draw(st.integers(min_value=0, max_value=500))
    shown = draw(st.sampled_from(("value", "withheld", "none")))
    if shown == "withheld":
        return Score(None, respondents, withheld=True)
    if shown == "none":
        return Score(None, respondents)
    value = draw(st.floats(min_value=low, max_value=high))
    effective = (
        draw(st.none() | st.floats(min_value=0.5, max_value=respondents))
        if respondents
        else None
    )
    return Score(
        value,
        respondents,
        band=draw(st.none() | TEXT),
        effective_respondents=effective,
    )


@st.composite
def scored_assessments(
    draw: st.DrawFn, *, strategy: str | None = None, max_features: int = 4
) -> ScoredAssessment:
    """
    Results of scoring, on the range of a built-in strategy or another,
    with options of every kind a result keeps.

    Args:
        strategy: The name of the strategy; a built-in one if None.
        max_features: The most features scored.
    """
    low, high = draw(
        st.sampled_from(((0.0, 100.0), (0.0, 10.0)))
        | st.lists(VALUE, min_size=2, max_size=2, unique=True).map(sorted)
    )
    features = draw(st.lists(ID, max_size=max_features, unique=True))
    shown = scores(low=low, high=high)
    return ScoredAssessment(
        strategy=draw(STRATEGY_NAME) if strategy is None else strategy,
        trust=draw(CODE),
        checklist=draw(ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        date=draw(DAY),
        overall=draw(shown),
        features={id: draw(shown) for id in features},
        banding=draw(BANDING),
        min_respondents=draw(st.integers(min_value=1, max_value=30)),
        low=low,
        high=high,
        options=draw(st.dictionaries(OPTION_NAME, OPTION, max_size=4)),
        weighting=draw(st.none() | weightings()),
    )


def weightings() -> SearchStrategy[Weighting]:
    """
    Ways of weighting: direct, or post-stratified by an attribute.
    """
    return st.just(Weighting("direct")) | st.builds(
        Weighting, st.just("post-stratified"), ID
    )


@st.composite
def breakdowns(draw: st.DrawFn, *, max_groups: int = 4) -> Breakdown:
    """
    Breakdowns by an attribute: a total, and groups scored the same way
    on the same features, one of them perhaps of respondents who did not
    say.

    Args:
        max_groups: The most groups.
    """
    total = draw(SCORED)
    names = st.sampled_from((NOT_STATED, *ATTRIBUTES["grade"])) | TEXT
    shown = scores(low=total.low, high=total.high)
    groups = {}
    for name in draw(st.lists(names, min_size=1, max_size=max_groups, unique=True)):
        groups[name] = attrs.evolve(
            total,
            overall=draw(shown),
            features={feature: draw(shown) for feature in total.features},
        )
    return Breakdown(
        by=draw(st.sampled_from(tuple(ATTRIBUTES)) | ID),
        total=total,
        groups=groups,
    )


@st.composite
def uncertainties(
    draw: st.DrawFn, *, low: float = 0.0, high: float = 100.0
) -> Uncertainty:
    """
    How far scores between *low* and *high* can be trusted: some withheld,
    some with no value, some with a value but too few respondents for a
    standard error, the rest with an interval around the value inside the
    range.
    """
    respondents = draw(st.integers(min_value=0, max_value=500))
    shown = draw(st.sampled_from(("interval", "value", "withheld", "none")))
    if shown == "withheld":
        return Uncertainty(None, None, None, None, respondents, withheld=True)
    if shown == "none":
        return Uncertainty(None, None, None, None, respondents)
    value = draw(st.floats(min_value=low, max_value=high))
    if shown == "value":
        return Uncertainty(value, None, None, None, respondents)
    return Uncertainty(
        value=value,
        standard_error=draw(st.floats(min_value=0.0, max_value=high - low)),
        low=draw(st.floats(min_value=low, max_value=value)),
        high=draw(st.floats(min_value=value, max_value=high)),
        respondents=respondents,
    )


@st.composite
def reliabilities(
    draw: st.DrawFn, *, max_items: int = 6, max_features: int = 4
) -> Reliability:
    """
    How far the scores of a built-in strategy can be trusted, on its range:
    items more or less fully answered, features with or without an alpha,
    and scores with every kind of uncertainty.

    Args:
        max_items: The most items.
        max_features: The most features.
    """
    strategy = draw(STRATEGY_NAME)
    shown = uncertainties(high=10.0 if strategy == "staff-survey" else 100.0)
    counts = st.integers(min_value=0, max_value=5000)
    shares = st.floats(min_value=0.0, max_value=1.0)
    items = draw(st.lists(ID, max_size=max_items, unique=True))
    features = draw(st.lists(ID, max_size=max_features, unique=True))
    return Reliability(
        strategy=strategy,
        trust=draw(CODE),
        checklist=draw(ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        date=draw(DAY),
        min_respondents=draw(st.integers(min_value=1, max_value=30)),
        items={
            item: ItemReliability(item, draw(counts), draw(shares)) for item in items
        },
        features={
            feature: FeatureReliability(
                feature,
                answers=draw(counts),
                missing=draw(shares),
                alpha=draw(st.none() | st.floats(min_value=-1e6, max_value=1.0)),
                complete_cases=draw(counts),
                uncertainty=draw(shown),
            )
            for feature in features
        },
        overall=draw(shown),
    )


def tying_scores(low: float, high: float) -> SearchStrategy[Score]:
    """
    Scores from *low* to *high*, often the same few values, so that they
    tie.
    """
    values = st.sampled_from((low, low / 2 + high / 2, high)) | st.floats(
        min_value=low, max_value=high
    )
    shown = st.builds(Score, value=values, respondents=st.integers(0, 500))
    hidden = st.builds(
        Score, value=st.none(), respondents=st.integers(0, 10), withheld=st.booleans()
    )
    # Shown twice as often as not.
    return st.one_of(shown, shown, hidden)


def _options() -> SearchStrategy[OptionValue]:
    numbers = st.integers(min_value=-1000, max_value=1000) | VALUE
    return st.one_of(
        st.booleans(),
        numbers,
        TEXT,
        st.dictionaries(ID, numbers, max_size=4).map(
            lambda weights: FrozenMap(
                {feature: float(weight) for feature, weight in weights.items()}
            )
        ),
    )


# Built once and shared, as building strategies while drawing is slow.
BANDING = bandings()
SCORED = scored_assessments()
STRATEGY_NAME = st.sampled_from(
    ("mean", "staff-survey", "percent-positive", "weighted")
)
OPTION_NAME = ID.map(lambda name: name.replace("-", "_"))
OPTION = _options()
