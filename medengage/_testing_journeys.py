"""
Strategies for journeys: steps over time, and mappings between checklist versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from medengage._journeys import ChecklistMapping, Journey, JourneyStep, StepScore
from medengage._testing_scores import BANDING, OPTION, OPTION_NAME, STRATEGY_NAME
from medengage._testing_values import (
    CODE,
    DAY,
    ID,
    MOSTLY,
    TEXT,
    VALUE,
    first_of,
    second_of,
)


@st.composite
def checklist_mappings(draw: st.DrawFn) -> ChecklistMapping:
    """
    Mappings of one checklist version's features onto another's, each
    target feature the counterpart of one source feature at most.
    """
    source, target = draw(ID), draw(ID)
    versions = st.integers(min_value=1, max_value=20)
    source_version = draw(versions)
    target_version = draw(
        versions.filter(lambda version: (target, version) != (source, source_version))
    )
    pairs = draw(
        st.lists(st.tuples(ID, ID), max_size=4, unique_by=(first_of, second_of))
    )
    return ChecklistMapping(
        source=source,
        source_version=source_version,
        target=target,
        target_version=target_version,
        features=dict(pairs),
    )


@st.composite
def step_scores(draw: st.DrawFn, *, low: float = 0.0, high: float = 100.0) -> StepScore:
    """
    Scores at a step of a journey, between *low* and *high*: some with a
    standard error and interval, some without, some withheld, some with no
    value.
    """
    respondents = draw(st.integers(min_value=0, max_value=500))
    shown = draw(st.sampled_from(("interval", "value", "withheld", "none")))
    if shown == "withheld":
        return StepScore(None, respondents, withheld=True)
    if shown == "none":
        return StepScore(None, respondents)
    value = draw(st.floats(min_value=low, max_value=high))
    band = draw(st.none() | TEXT)
    if shown == "value":
        return StepScore(value, respondents, band)
    return StepScore(
        value,
        respondents,
        band,
        standard_error=draw(st.floats(min_value=0.0, max_value=high - low)),
        low=draw(st.floats(min_value=low, max_value=value)),
        high=draw(st.floats(min_value=value, max_value=high)),
    )


@st.composite
def journey_steps(
    draw: st.DrawFn,
    *,
    features: Sequence[str] | None = None,
    low: float = 0.0,
    high: float = 100.0,
    date: dt.date | None = None,
) -> JourneyStep:
    """
    Steps of a journey, scoring some of *features* between *low* and
    *high*, and leaving out others of their own.

    Args:
        features: The feature ids the step may score; any ids if None.
        low: The lowest score.
        high: The highest score.
        date: The step's date; any if None.
    """
    if features is None:
        scored = draw(st.lists(ID, max_size=4, unique=True))
    else:
        scored = [feature for feature in features if draw(MOSTLY)]
    left_out = draw(
        st.lists(ID.filter(lambda id: id not in scored), max_size=2, unique=True)
    )
    shown = step_scores(low=low, high=high)
    return JourneyStep(
        date=draw(DAY) if date is None else date,
        trust=draw(CODE),
        trust_name=draw(st.none() | TEXT),
        checklist=draw(ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        overall=draw(shown),
        features={feature: draw(shown) for feature in scored},
        left_out=left_out,
    )


@st.composite
def journeys(draw: st.DrawFn, *, max_steps: int = 4, max_features: int = 4) -> Journey:
    """
    Journeys of one to *max_steps* steps, each on its own date, scoring
    features from a shared set on the range of a built-in strategy or
    another.

    Args:
        max_steps: The most steps.
        max_features: The most features compared.
    """
    low, high = draw(
        st.sampled_from(((0.0, 100.0), (0.0, 10.0)))
        | st.lists(VALUE, min_size=2, max_size=2, unique=True).map(sorted)
    )
    features = draw(st.lists(ID, max_size=max_features, unique=True))
    dates = sorted(draw(st.lists(DAY, min_size=1, max_size=max_steps, unique=True)))
    steps = [
        draw(journey_steps(features=features, low=low, high=high, date=day))
        for day in dates
    ]
    return Journey(
        trust=draw(CODE),
        trust_name=draw(st.none() | TEXT),
        strategy=draw(STRATEGY_NAME),
        checklist=draw(ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        banding=draw(BANDING),
        min_respondents=draw(st.integers(min_value=1, max_value=30)),
        low=low,
        high=high,
        options=draw(st.dictionaries(OPTION_NAME, OPTION, max_size=2)),
        mappings=draw(st.lists(checklist_mappings(), max_size=2)),
        steps=steps,
    )
