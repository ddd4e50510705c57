"""
Charts of scores with matplotlib: `profile` draws the feature scores of one
or more results side by side; `journey` draws a score over a trust's
assessments with its 95% confidence intervals; `funnel` draws trusts'
scores against their expected ranges.

Each returns a `matplotlib.figure.Figure`, made without pyplot, so that it
shows in a notebook, saves with ``figure.savefig``, and needs no display.
A withheld score is never drawn as a value: its place is left empty and
marked ``withheld``.

Needs matplotlib, which medengage does not install by default:
``pip install 'medengage[plot]'``. Without it, each function raises
`medengage.MissingExtraError`.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from medengage._bands import Banding
from medengage._board_checks import checked_reliability
from medengage._breakdowns import Breakdown
from medengage._checklists import Checklist
from medengage._extras import require
from medengage._groups_funnel import draw_funnel
from medengage._groups_ranges import ExpectedRanges
from medengage._journeys import Journey, StepScore
from medengage._reliability import Reliability, Uncertainty
from medengage._scores import Score, ScoredAssessment
from medengage.errors import MedEngageError, NotComparableError


if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


__all__ = ["WITHHELD", "funnel", "journey", "profile"]

#: The mark left where a withheld score would be.
WITHHELD = "withheld"
#: The mark left where nobody answered.
NO_ANSWERS = "no answers"
#: The mark left where a result has no score for a feature at all.
NOT_SCORED = "not scored"
#: How wide feature names may run before they wrap, in characters.
LABEL_WIDTH = 34
#: The colour of the intervals' error bars.
INTERVAL_COLOUR = "black"


def profile(
    *results: ScoredAssessment | Breakdown,
    labels: Iterable[str] | None = None,
    checklist: Checklist | None = None,
    reliability: Reliability | Iterable[Reliability | None] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """
    A bar chart of the overall score and each feature's score, one bar a
    result, with the banding's thresholds marked, and each score's 95%
    confidence interval as an error bar where it is known.

    A checklist's levels (scales within scales) have rows of their own,
    between the overall score and the features, their names in bold and a
    line under the last of them.

    A breakdown gives a bar for its total (``all respondents``) and one for
    each group. A withheld score has no bar and no interval, only the mark
    ``withheld``; a score nobody answered is marked ``no answers``.

    Args:
        results: The results to show, all made by strategies with the same
            range.
        labels: The legend's name for each result, a breakdown counting
            as its total and each of its groups; by default a result's date
            (with its trust, where results are of several trusts), and a
            group's value.
        checklist: The checklist the features and levels come from, to
            name them by title rather than by id.
        reliability: The reliability of the result (from
            `medengage.reliability`, of the same assessment, strategy and
            options), for its intervals; or one reliability a result, in
            the order of *results*, None for a result without one. A
            breakdown's reliability is that of its total.
        title: The chart's title.
        ax: Axes to draw on; by default a new figure's.

    Raises:
        MedEngageError: If there are no results, *labels* does not give
            one label a result, *reliability* does not give one a result,
            or a reliability is of other scores than its result's.
        NotComparableError: If the results' strategies have different
            ranges.
    """
    require("matplotlib", "plot", "medengage.plot")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    series = _series(results, labels)
    intervals = _intervals(results, reliability)
    first = series[0][1]
    for _, scored in series[1:]:
        if (scored.low, scored.high) != (first.low, first.high):
            raise NotComparableError(
                f"scores from {first.low:g} to {first.high:g} and from "
                f"{scored.low:g} to {scored.high:g} cannot share a chart: "
                "show results of strategies with one range"
            )
    features = list(dict.fromkeys(f for _, s in series for f in s.features))
    levels = list(dict.fromkeys(lv for _, s in series for lv in s.levels))
    rows: list[str | None] = [None, *levels, *features]
    slot = 0.8 / len(series)
    figure, axes = _canvas(ax, (8.0, 1.6 + len(rows) * max(0.4, 0.17 * len(series))))
    legend: list[Artist] = []
    for number, (label, scored) in enumerate(series):
        colour = f"C{number % 10}"
        legend.append(Patch(color=colour, label=label))
        # Each row holds a slot a result, the first at the top.
        slots = [row - 0.4 + slot * (number + 0.5) for row in range(len(rows))]
        known = intervals.get(id(scored))
        ends = {} if known is None else _draw_intervals(axes, known, rows, slots, slot)
        _draw_bars(axes, scored, rows, slots, slot * 0.9, colour, ends)
    if intervals:
        legend.append(
            Line2D([], [], color=INTERVAL_COLOUR, label="95% confidence interval")
        )
    _mark_bands(axes, _common_banding(s for _, s in series), first.low, vertical=True)
    axes.set_xlim(first.low, first.high + (first.high - first.low) * 0.05)
    axes.set_yticks(range(len(rows)), [_feature_name(f, checklist) for f in rows])
    if levels:
        for tick in axes.get_yticklabels()[1 : 1 + len(levels)]:
            tick.set_fontweight("bold")
        axes.axhline(len(levels) + 0.5, color="black", linewidth=0.6)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlabel(f"Score ({_strategies(s for _, s in series)})")
    axes.set_title(title if title is not None else _profile_title(series), pad=16)
    if len(legend) > 1:
        axes.legend(handles=legend, loc="best", fontsize="small")
    return figure


def journey(
    journey: Journey,
    feature: str | None = None,
    *,
    checklist: Checklist | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """
    A score over a journey's assessments: the overall score, or the score
    of *feature* (a feature or a level), at each date, with its 95%
    confidence interval as an error bar and a shaded band, and the
    banding's thresholds marked.

    A withheld score is left out, with the line broken there, and its date
    marked ``withheld``; a date where the feature was not compared is
    marked ``not scored``.

    Args:
        journey: The journey to show.
        feature: The id of the feature or level to show; the overall score
            if None.
        checklist: The checklist the feature or level comes from, to name
            it by title rather than by id.
        title: The chart's title.
        ax: Axes to draw on; by default a new figure's.

    Raises:
        MedEngageError: If the journey compares no feature or level
            *feature*.
    """
    require("matplotlib", "plot", "medengage.plot")
    from matplotlib.dates import date2num
    from matplotlib.transforms import blended_transform_factory

    # date2num is untyped: name what it takes and gives.
    as_number: Callable[[dt.date], float] = date2num
    if feature is not None and feature not in (*journey.features, *journey.levels):
        raise MedEngageError(
            f"the journey compares no feature {feature!r}; it compares "
            f"{', '.join(journey.features) or 'none'}"
            + (f"; its levels: {', '.join(journey.levels)}" if journey.levels else "")
        )
    figure, axes = _canvas(ax, (8.0, 4.5))
    dates = [as_number(date) for date in journey.dates]
    scores = [
        step.overall
        if feature is None
        else step.features.get(feature, step.levels.get(feature))
        for step in journey.steps
    ]
    values = [_number(None if s is None else s.value) for s in scores]
    lows = [_number(None if s is None else s.low) for s in scores]
    highs = [_number(None if s is None else s.high) for s in scores]
    axes.plot(dates, values, "o-", color="C0", label="score")
    intervals = [
        (date, value, low, high)
        for date, value, low, high in zip(dates, values, lows, highs, strict=True)
        if not math.isnan(low)
    ]
    if intervals:
        axes.fill_between(dates, lows, highs, color="C0", alpha=0.15, linewidth=0)
        axes.errorbar(
            [date for date, *_ in intervals],
            [value for _, value, *_ in intervals],
            yerr=[
                [value - low for _, value, low, _ in intervals],
                [high - value for _, value, _, high in intervals],
            ],
            fmt="none",
            ecolor="C0",
            capsize=4,
            label="95% confidence interval",
        )
    below = blended_transform_factory(axes.transData, axes.transAxes)
    for date, score in zip(dates, scores, strict=True):
        if score is not None and score.value is not None:
            axes.annotate(
                f"{score.value:.1f}",
                (date, score.value),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize="small",
            )
        else:
            axes.text(
                date,
                0.05,
                _absence(score),
                transform=below,
                ha="center",
                fontsize="small",
                fontstyle="italic",
                color="dimgray",
            )
    axes.set_ylim(*_shown_range(journey, [*lows, *highs, *values]))
    _mark_bands(axes, journey.banding, journey.low, vertical=False)
    margin = max(30.0, (dates[-1] - dates[0]) * 0.1)
    axes.set_xlim(dates[0] - margin, dates[-1] + margin)
    axes.set_xticks(dates, [date.isoformat() for date in journey.dates])
    axes.set_xlabel("Assessment closed")
    axes.set_ylabel(f"Score ({journey.strategy}, {journey.low:g} to {journey.high:g})")
    axes.set_title(
        title
        if title is not None
        else f"{journey.trust_name or journey.trust}: "
        f"{_feature_name(feature, checklist)} over time"
    )
    axes.legend(loc="upper left", fontsize="small")
    return figure


def funnel(
    ranges: ExpectedRanges, *, title: str | None = None, ax: Axes | None = None
) -> Figure:
    """
    A funnel chart of expected ranges: each trust's score against its
    respondents (on a log scale), coloured by where it falls and labelled
    with its ODS code, with the target and the 95% and 99.8% limits drawn
    as curves that widen as respondents fall.

    A withheld score has no point, only the mark ``withheld`` at its
    respondents, along the foot of the chart.

    Args:
        ranges: The expected ranges to show, from
            `medengage.expected_ranges`.
        title: The chart's title.
        ax: Axes to draw on; by default a new figure's.

    Raises:
        MedEngageError: If *ranges* is not an `ExpectedRanges`.
    """
    require("matplotlib", "plot", "medengage.plot")
    if not isinstance(ranges, ExpectedRanges):
        raise MedEngageError(
            f"cannot draw a funnel of a {type(ranges).__name__}: give the "
            "ExpectedRanges that medengage.expected_ranges returns"
        )
    figure, axes = _canvas(ax, (8.0, 5.0))
    draw_funnel(axes, ranges, title)
    return figure


def _draw_bars(
    axes: Axes,
    scored: ScoredAssessment,
    rows: list[str | None],
    slots: list[float],
    height: float,
    colour: str,
    ends: Mapping[float, float],
) -> None:
    """
    A bar for each score of *scored* that has a value, in its row's slot,
    labelled with the value (beyond its interval's end, where *ends* gives
    one by slot); a mark in the slot of each score without one.
    """
    shown: list[tuple[float, float]] = []
    for feature, y in zip(rows, slots, strict=True):
        score = (
            scored.overall
            if feature is None
            # Level and feature ids never clash within a checklist.
            else scored.features.get(feature, scored.levels.get(feature))
        )
        if score is not None and score.value is not None:
            shown.append((y, score.value))
            continue
        axes.text(
            scored.low + (scored.high - scored.low) * 0.01,
            y,
            _absence(score),
            color=colour,
            fontsize="small",
            fontstyle="italic",
            va="center",
        )
    bars = axes.barh(
        [y for y, _ in shown],
        [value - scored.low for _, value in shown],
        height=height,
        left=scored.low,
        color=colour,
    )
    for bar, (y, value) in zip(bars, shown, strict=True):
        axes.annotate(
            f"{value:.1f}",
            (ends.get(y, bar.get_x() + bar.get_width()), y),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize="x-small",
        )


def _draw_intervals(
    axes: Axes,
    known: Reliability,
    rows: list[str | None],
    slots: list[float],
    slot: float,
) -> dict[float, float]:
    """
    An error bar across each score whose interval *known* gives (none for
    a withheld score, which has none), in its row's slot; and the upper end
    of each interval drawn, by slot.
    """
    drawn = []
    for feature, y in zip(rows, slots, strict=True):
        if feature is None:
            uncertainty: Uncertainty | None = known.overall
        else:
            found = known.features.get(feature)
            uncertainty = None if found is None else found.uncertainty
        if (
            uncertainty is None
            or uncertainty.value is None
            or uncertainty.low is None
            or uncertainty.high is None
        ):
            continue
        drawn.append((y, uncertainty.value, uncertainty.low, uncertainty.high))
    if not drawn:
        return {}
    axes.errorbar(
        [value for _, value, _, _ in drawn],
        [y for y, *_ in drawn],
        xerr=[
            [value - low for _, value, low, _ in drawn],
            [high - value for _, value, _, high in drawn],
        ],
        fmt="none",
        ecolor=INTERVAL_COLOUR,
        elinewidth=1,
        capsize=max(1.0, 4 * slot),
        label="95% confidence interval",
    )
    return {y: high for y, _, _, high in drawn}


def _intervals(
    results: Sequence[ScoredAssessment | Breakdown],
    reliability: Reliability | Iterable[Reliability | None] | None,
) -> dict[int, Reliability]:
    """
    The reliability of each result given one, checked, by the id of the
    scored assessment it is of: a breakdown's total.
    """
    if reliability is None:
        return {}
    given = [reliability] if isinstance(reliability, Reliability) else list(reliability)
    if len(given) != len(results):
        raise MedEngageError(
            f"{len(given)} reliabilities for {len(results)} results: give one "
            "reliability a result, None for a result without one"
        )
    known = {}
    for result, its_reliability in zip(results, given, strict=True):
        if its_reliability is None:
            continue
        if not isinstance(its_reliability, Reliability):
            raise MedEngageError(
                f"cannot draw intervals from a {type(its_reliability).__name__}: "
                "give a Reliability, from medengage.reliability"
            )
        scored = result.total if isinstance(result, Breakdown) else result
        checked_reliability(scored, its_reliability)
        known[id(scored)] = its_reliability
    return known


def _canvas(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """
    The figure and axes to draw on: *ax*'s, or a new figure of *size*
    inches.
    """
    from matplotlib.figure import Figure

    if ax is None:
        figure = Figure(figsize=size, layout="constrained")
        return figure, figure.add_subplot()
    root = ax.figure
    return (root if isinstance(root, Figure) else root.figure), ax


def _series(
    results: Sequence[ScoredAssessment | Breakdown], labels: Iterable[str] | None
) -> list[tuple[str, ScoredAssessment]]:
    if not results:
        raise MedEngageError("profile needs at least one result to show")
    for result in results:
        if not isinstance(result, (ScoredAssessment, Breakdown)):
            raise MedEngageError(
                f"cannot chart a {type(result).__name__}: give ScoredAssessments "
                "or Breakdowns"
            )
    trusts = {
        r.trust if isinstance(r, ScoredAssessment) else r.total.trust for r in results
    }
    series: list[tuple[str, ScoredAssessment]] = []
    for result in results:
        if isinstance(result, Breakdown):
            series.append(("all respondents", result.total))
            series += [(str(group), scored) for group, scored in result.groups.items()]
        else:
            date = result.date.isoformat()
            series.append(
                (date if len(trusts) == 1 else f"{result.trust} {date}", result)
            )
    if labels is not None:
        given = list(labels)
        if len(given) != len(series):
            raise MedEngageError(
                f"{len(given)} labels for {len(series)} results: give one label "
                "a result, counting a breakdown's total and each of its groups"
            )
        series = [
            (label, scored) for label, (_, scored) in zip(given, series, strict=True)
        ]
    return series


def _absence(score: Score | StepScore | None) -> str:
    if score is None:
        return NOT_SCORED
    return WITHHELD if score.withheld else NO_ANSWERS


def _common_banding(results: Iterable[ScoredAssessment]) -> Banding | None:
    bandings = {scored.banding for scored in results}
    return bandings.pop() if len(bandings) == 1 else None


def _mark_bands(
    axes: Axes, banding: Banding | None, low: float, *, vertical: bool
) -> None:
    """
    A dashed line at each threshold of *banding*, and each band's label:
    above the axes where the band starts, for bands across them; at the
    right, inside the axes, at the top of what shows of the band, for
    bands up them (so set the limits first).
    """
    if banding is None:
        return
    from matplotlib.transforms import blended_transform_factory

    starts = [low, *banding.thresholds]
    if vertical:
        along = blended_transform_factory(axes.transData, axes.transAxes)
        for threshold in banding.thresholds:
            axes.axvline(threshold, color="gray", linestyle="--", linewidth=0.8)
        for start, label in zip(starts, banding.labels, strict=True):
            axes.text(
                start,
                1.0,
                f" {label}",
                transform=along,
                va="bottom",
                fontsize="x-small",
                color="dimgray",
            )
        return
    up = blended_transform_factory(axes.transAxes, axes.transData)
    for threshold in banding.thresholds:
        axes.axhline(threshold, color="gray", linestyle="--", linewidth=0.8)
    bottom, top = axes.get_ylim()
    ends = [*banding.thresholds, math.inf]
    for start, end, label in zip(starts, ends, banding.labels, strict=True):
        if min(end, top) > max(start, bottom):
            axes.text(
                0.995,
                min(end, top),
                label,
                transform=up,
                ha="right",
                va="top",
                fontsize="x-small",
                color="dimgray",
            )


def _shown_range(journey: Journey, numbers: list[float]) -> tuple[float, float]:
    """
    The scores to show: those drawn, with room around them, within the
    strategy's range.
    """
    drawn = [n for n in numbers if not math.isnan(n)]
    span = journey.high - journey.low
    if not drawn:
        return journey.low, journey.high
    return (
        max(journey.low, min(drawn) - span * 0.1),
        min(journey.high, max(drawn) + span * 0.1),
    )


def _feature_name(feature: str | None, checklist: Checklist | None) -> str:
    if feature is None:
        return "Overall"
    titles: dict[str, str] = {}
    if checklist is not None:
        titles.update((feature.id, feature.title) for feature in checklist.features)
        titles.update((level.id, level.title) for level in checklist.levels)
    return textwrap.fill(titles.get(feature, feature), LABEL_WIDTH)


def _strategies(results: Iterable[ScoredAssessment]) -> str:
    return ", ".join(dict.fromkeys(scored.strategy for scored in results))


def _profile_title(series: list[tuple[str, ScoredAssessment]]) -> str:
    trusts = ", ".join(dict.fromkeys(scored.trust for _, scored in series))
    dates = list(dict.fromkeys(scored.date for _, scored in series))
    when = dates[0].isoformat() if len(dates) == 1 else _years(dates)
    return f"Feature profile: {trusts}, {when}"


def _years(dates: list[dt.date]) -> str:
    return f"{min(dates).isoformat()} to {max(dates).isoformat()}"


def _number(value: float | None) -> float:
    return math.nan if value is None else value
