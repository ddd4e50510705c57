"""
Strategies for checklists: their scales, items and levels.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._assessments import Assessment
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._column_wording import folded, normalised
from medengage._levels import Level, LevelMethod
from medengage._scales import ResponseScale, ScalePoint, Value
from medengage._testing_case_studies import FEATURE
from medengage._testing_trusts import CITATION
from medengage._testing_values import (
    ID,
    PROSE,
    SUMMARY,
    TEXT,
    VALUE,
    WEIGHT,
    index_into,
)


@st.composite
def scale_points(
    draw: st.DrawFn, *, min_size: int = 2, max_size: int = 7
) -> tuple[ScalePoint, ...]:
    """
    The points of a response scale: increasing values (whole numbers, or
    not), unique labels, and favourable points running down from the top.

    Args:
        min_size: The fewest points; at least 2.
        max_size: The most points.
    """
    count = draw(st.integers(min_value=max(min_size, 2), max_value=max_size))
    if draw(st.booleans()):
        start = draw(st.integers(min_value=-3, max_value=3))
        values: list[Value] = list(range(start, start + count))
    else:
        values = sorted(
            draw(st.lists(VALUE, min_size=count, max_size=count, unique=True))
        )
    labels = draw(st.lists(TEXT, min_size=count, max_size=count, unique=True))
    top = draw(st.integers(min_value=1, max_value=count))
    return tuple(
        ScalePoint(value, label, favourable=index >= count - top)
        for index, (value, label) in enumerate(zip(values, labels, strict=True))
    )


def response_scales(
    *, min_points: int = 2, max_points: int = 7
) -> SearchStrategy[ResponseScale]:
    """
    Response scales.

    Args:
        min_points: The fewest points on a scale; at least 2.
        max_points: The most points on a scale.
    """
    return _scales(min_points, max_points)


@st.composite
def _scales(draw: st.DrawFn, min_points: int, max_points: int) -> ResponseScale:
    points = draw(scale_points(min_size=min_points, max_size=max_points))
    taken = {folded(point.label) for point in points}
    no_answer = draw(
        st.lists(
            TEXT.filter(lambda label: folded(label) not in taken),
            max_size=2,
            unique_by=folded,
        )
    )
    return ResponseScale(
        id=draw(ID), title=draw(TEXT), points=points, no_answer=tuple(no_answer)
    )


def checklist_items(
    *, features: Sequence[str] | None = None, scales: Sequence[str] | None = None
) -> SearchStrategy[ChecklistItem]:
    """
    Checklist items for either audience, some reverse-scored, some
    weighted, some with question numbers by survey year.

    Args:
        features: The feature ids an item may inform; any ids if None.
        scales: The scale ids an item may be answered on; any ids if None.
    """
    return st.builds(
        ChecklistItem,
        id=ID,
        prompt=PROSE,
        feature=ID if features is None else st.sampled_from(features),
        scale=ID if scales is None else st.sampled_from(scales),
        audience=st.sampled_from(Audience),
        reverse=st.booleans(),
        weight=WEIGHT,
        numbers=st.dictionaries(
            st.integers(min_value=2019, max_value=2026), ID, max_size=3
        ),
    ).flatmap(_reworded)


def _reworded(item: ChecklistItem) -> SearchStrategy[ChecklistItem]:
    """
    *item*, or *item* with other wordings of its prompt.
    """
    prompt = normalised(item.prompt)
    wordings = st.lists(
        PROSE.filter(lambda wording: normalised(wording) != prompt),
        max_size=2,
        unique_by=normalised,
    )
    return st.one_of(
        st.just(item),
        wordings.map(lambda texts: attrs.evolve(item, wordings=tuple(texts))),
    )


@st.composite
def checklists(
    draw: st.DrawFn,
    *,
    min_items: int = 1,
    max_items: int = 8,
    max_features: int = 4,
    max_scales: int = 3,
) -> Checklist:
    """
    Checklists whose items each inform one of its features and are answered
    on one of its scales; every feature is informed by some item.

    Args:
        min_items: The fewest items; at least 1.
        max_items: The most items.
        max_features: The most features.
        max_scales: The most scales.
    """
    items = draw(
        st.lists(
            _ITEM,
            min_size=max(min_items, 1),
            max_size=max_items,
            unique_by=lambda item: item.id,
        )
    )
    features = draw(
        st.lists(
            FEATURE,
            min_size=1,
            max_size=min(max_features, len(items)),
            unique_by=lambda feature: feature.id,
        )
    )
    scales = draw(
        st.lists(
            _SCALE, min_size=1, max_size=max_scales, unique_by=lambda scale: scale.id
        )
    )
    # Each feature informed once, then the other items' features at random.
    informed = [feature.id for feature in features]
    for _ in range(len(items) - len(features)):
        informed.append(informed[draw(index_into(features))])
    informed = draw(st.permutations(informed))
    numbered: set[tuple[int, str]] = set()
    return Checklist(
        id=draw(ID),
        version=draw(st.integers(min_value=1, max_value=20)),
        title=draw(TEXT),
        features=features,
        scales=scales,
        items=[
            attrs.evolve(
                item,
                feature=feature,
                scale=scales[draw(index_into(scales))].id,
                numbers=_own_numbers(item, numbered),
            )
            for item, feature in zip(items, informed, strict=True)
        ],
        source=draw(st.none() | CITATION),
        notes=draw(SUMMARY),
    )


def _own_numbers(item: ChecklistItem, numbered: set[tuple[int, str]]) -> dict[int, str]:
    """
    *item*'s question numbers less those an earlier item has in the same
    year (noted in *numbered*), since a checklist refuses a repeat.
    """
    numbers = {}
    for year, number in item.numbers.items():
        if (year, number) not in numbered:
            numbered.add((year, number))
            numbers[year] = number
    return numbers


@st.composite
def levels(
    draw: st.DrawFn, checklist: Checklist, *, max_levels: int = 4
) -> tuple[Level, ...]:
    """
    Levels over *checklist*'s features, to any depth, each with a method or
    none: a valid hierarchy for it (none at all, sometimes).

    Args:
        checklist: The checklist whose features the levels group.
        max_levels: The most levels.
    """
    tops = [feature.id for feature in checklist.features]
    taken = set(tops)
    made: list[Level] = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_levels))):
        id = draw(ID.filter(lambda id: id not in taken))
        taken.add(id)
        chosen = draw(st.lists(st.sampled_from(tops), min_size=1, unique=True))
        tops = [top for top in tops if top not in chosen] + [id]
        made.append(
            Level(
                id=id,
                title=draw(TEXT),
                parts=chosen,
                method=draw(st.none() | st.sampled_from(LevelMethod)),
            )
        )
    return tuple(draw(st.permutations(made)))


def leveled(
    pair: tuple[Checklist, Assessment], *, max_levels: int = 4
) -> SearchStrategy[tuple[Checklist, Assessment]]:
    """
    *pair*, a checklist and an assessment of it, with levels drawn by
    `levels` added to the checklist (and so to the assessment's).
    """
    checklist, assessment = pair
    return levels(checklist, max_levels=max_levels).map(
        lambda drawn: _with_levels(checklist, assessment, drawn)
    )


def _with_levels(
    checklist: Checklist, assessment: Assessment, drawn: tuple[Level, ...]
) -> tuple[Checklist, Assessment]:
    checklist = attrs.evolve(checklist, levels=drawn)
    return checklist, attrs.evolve(assessment, checklist=checklist)


# Built once and shared, as building strategies while drawing is slow.
_SCALE = response_scales()
_ITEM = checklist_items()
CHECKLIST = checklists()
