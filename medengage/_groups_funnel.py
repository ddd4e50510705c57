"""
Drawing expected ranges as a funnel chart, for `medengage.plot.funnel`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from medengage._groups_ranges import Expectation, ExpectedRange, ExpectedRanges, limits


if TYPE_CHECKING:
    from matplotlib.axes import Axes


#: The colour of each trust's point, by where it falls.
COLOURS = {
    Expectation.BETTER: "C2",
    Expectation.ABOUT_THE_SAME: "C0",
    Expectation.WORSE: "C3",
}
#: How many respondent counts each limit curve is drawn through.
CURVE_POINTS = 200


def draw_funnel(axes: Axes, ranges: ExpectedRanges, title: str | None) -> None:
    """
    Draw *ranges* on *axes*: the target, the 95% and 99.8% limit curves,
    a labelled point for each trust with a score, and a mark for each
    trust whose score is withheld.
    """
    from matplotlib.transforms import blended_transform_factory

    counts = [r.respondents for r in ranges.trusts if r.respondents > 0]
    low, high = (min(counts), max(counts)) if counts else (1, 2)
    reach = (max(1.0, low / 2), max(high * 1.5, low + 1.0))
    curve = _spread(*reach)
    axes.axhline(ranges.target, color="black", linewidth=1, label="target")
    for level, style in ((0.95, "--"), (0.998, ":")):
        bounds = [limits(ranges.target, ranges.sigma, n, level) for n in curve]
        label = f"{level:.1%} limits".replace(".0%", "%")
        axes.plot(curve, [b for _, b in bounds], style, color="gray", label=label)
        axes.plot(curve, [a for a, _ in bounds], style, color="gray")
    trusts = [r.trust for r in ranges.trusts]
    for expectation, colour in COLOURS.items():
        shown = [r for r in ranges.trusts if r.expectation is expectation]
        if shown:
            axes.plot(
                [r.respondents for r in shown],
                [_value(r) for r in shown],
                "o",
                color=colour,
                label=expectation.value,
            )
    below = blended_transform_factory(axes.transData, axes.transAxes)
    for r in ranges.trusts:
        name = r.trust if trusts.count(r.trust) == 1 else f"{r.trust} {r.date}"
        if r.value is not None:
            axes.annotate(
                name,
                (r.respondents, r.value),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize="small",
            )
        elif r.respondents > 0:
            axes.text(
                r.respondents,
                0.03,
                f"{name} {'withheld' if r.withheld else 'no answers'}",
                transform=below,
                rotation=90,
                fontsize="x-small",
                fontstyle="italic",
                color="dimgray",
            )
    axes.set_xscale("log")
    axes.set_xlim(*reach)
    axes.set_xlabel("Respondents")
    what = ranges.feature or "overall"
    axes.set_ylabel(f"Score ({ranges.strategy}, {what})")
    axes.set_title(
        title
        if title is not None
        else f"Expected ranges: {what}, classified at {ranges.level:.1%}".replace(
            ".0%", "%"
        )
    )
    axes.legend(loc="best", fontsize="small")


def _spread(low: float, high: float) -> list[float]:
    """
    *CURVE_POINTS* respondent counts from *low* to *high*, evenly spaced on
    a log scale.
    """
    step = (math.log(high) - math.log(low)) / (CURVE_POINTS - 1)
    return [math.exp(math.log(low) + step * index) for index in range(CURVE_POINTS)]


def _value(shown: ExpectedRange) -> float:
    assert shown.value is not None
    return shown.value
