"""
Strategies for trusts, their names and types over time, and citations.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from medengage._citations import Citation
from medengage._groups import HeldType, TrustType
from medengage._testing_values import CODE, DAY, TEXT
from medengage._trusts import Succession, Trust, TrustName


@st.composite
def citations(draw: st.DrawFn) -> Citation:
    """
    Published sources, with or without a URL, authors, a day of
    publication and pages.
    """
    year = draw(st.integers(min_value=1800, max_value=2100))
    day = st.dates(min_value=dt.date(year, 1, 1), max_value=dt.date(year, 12, 31))
    return Citation(
        title=draw(TEXT),
        publisher=draw(TEXT),
        year=year,
        url=draw(st.none() | st.just("https://www.kingsfund.org.uk/") | TEXT),
        authors=draw(st.lists(TEXT, max_size=3).map(tuple)),
        date=draw(st.none() | day),
        pages=draw(st.none() | st.sampled_from(["12", "4-6", "xi"]) | TEXT),
    )


@st.composite
def trust_names(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 4, closed: bool = False
) -> tuple[TrustName, ...]:
    """
    A trust's names over time, oldest first, each held until some day
    before the next begins.

    Args:
        min_size: The fewest names.
        max_size: The most names.
        closed: Whether the last name has a last day too, as a closed
            trust's does.
    """
    count = draw(st.integers(min_value=min_size, max_value=max_size))
    days = sorted(
        draw(st.lists(DAY, min_size=2 * count, max_size=2 * count, unique=True))
    )
    names = []
    for index in range(count):
        last = index == count - 1
        since = days[2 * index] if draw(st.booleans()) else None
        until = days[2 * index + 1] if not last or closed else None
        source = draw(st.none() | CITATION)
        names.append(TrustName(draw(TEXT), since=since, until=until, source=source))
    return tuple(names)


@st.composite
def held_types(draw: st.DrawFn, *, max_size: int = 3) -> tuple[HeldType, ...]:
    """
    A trust's types over time, oldest first, each held until some day
    before the next begins; sometimes none.

    Args:
        max_size: The most types.
    """
    count = draw(st.integers(min_value=0, max_value=max_size))
    days = sorted(
        draw(st.lists(DAY, min_size=2 * count, max_size=2 * count, unique=True))
    )
    types = []
    for index in range(count):
        last = index == count - 1
        since = days[2 * index] if index or draw(st.booleans()) else None
        until = days[2 * index + 1] if not last or draw(st.booleans()) else None
        types.append(
            HeldType(
                draw(st.sampled_from(TrustType)),
                since=since,
                until=until,
                source=draw(st.none() | CITATION),
            )
        )
    return tuple(types)


@st.composite
def trusts(draw: st.DrawFn, *, max_names: int = 4) -> Trust:
    """
    NHS trusts, some renamed over time, some closed with a successor, some
    with their types over time.

    Args:
        max_names: The most names a trust has held.
    """
    code = draw(CODE)
    closed = draw(st.booleans())
    names = draw(trust_names(max_size=max_names, closed=closed))
    types = draw(held_types())
    if not closed:
        return Trust(code, names, types=types)
    last = names[-1].until
    assert last is not None
    others = st.lists(CODE.filter(lambda other: other != code), max_size=3, unique=True)
    codes = draw(others)
    if not codes:
        successor = draw(st.none() | CODE.filter(lambda other: other != code))
        return Trust(code, names, successor=successor, closed=last, types=types)
    # Parts pass on or before the day after the trust closed, oldest first.
    days = st.dates(max_value=last + dt.timedelta(days=1))
    dates = sorted(draw(st.lists(days, min_size=len(codes), max_size=len(codes))))
    successions = [
        Succession(
            trust,
            draw(st.none() | st.just(day)) if len(codes) == 1 else day,
            draw(st.just("") | TEXT),
            draw(st.none() | CITATION),
        )
        for trust, day in zip(codes, dates, strict=True)
    ]
    successor = draw(st.none() | st.sampled_from(codes))
    return Trust(
        code,
        names,
        successor=successor,
        closed=last,
        successors=successions,
        types=types,
    )


# Built once and shared, as building strategies while drawing is slow.
CITATION = citations()
