"""
The funnel chart of expected ranges: what it draws, read back from its
artists, and the image it saves.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib


matplotlib.use("Agg")

import matplotlib.image
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from test_groups import result

import medengage
from medengage import ExpectedRanges, MedEngageError, expected_ranges
from medengage.plot import funnel


RANGES = expected_ranges(
    [
        result("AAA", 66, 100),
        result("BBB", 44, 16),
        result("CCC", 64, 400),
        result("DDD", None, 8, withheld=True),
    ],
    target=60,
    sigma=20,
)


def _axes(figure: Figure) -> Axes:
    [axes] = figure.axes
    return axes


def _numbers(data: object) -> list[float]:
    """
    A line's data as floats: matplotlib types it loosely.
    """
    found: list[float] = np.asarray(data, dtype=float).tolist()
    return found


def _lines(axes: Axes, label: str) -> list[Line2D]:
    return [line for line in axes.get_lines() if line.get_label() == label]


def test_each_trust_is_a_point_coloured_by_where_it_falls() -> None:
    axes = _axes(funnel(RANGES))

    for label, points in [
        ("better than expected", [(400, 64)]),
        ("about the same", [(100, 66)]),
        ("worse than expected", [(16, 44)]),
    ]:
        [line] = _lines(axes, label)
        xs, ys = _numbers(line.get_xdata()), _numbers(line.get_ydata())
        assert list(zip(xs, ys, strict=True)) == points
    labels = {t.get_text(): t.xy for t in axes.texts if hasattr(t, "xy")}
    assert labels == {"AAA": (100, 66.0), "BBB": (16, 44.0), "CCC": (400, 64.0)}
    # The withheld trust has no point, only a mark.
    assert [t.get_text() for t in axes.texts if not hasattr(t, "xy")] == [
        "DDD withheld"
    ]


def test_the_limits_are_curves_that_widen_as_respondents_fall() -> None:
    axes = _axes(funnel(RANGES))

    [target] = _lines(axes, "target")
    assert _numbers(target.get_ydata()) == [60, 60]
    for label, z in [("95% limits", 1.959964), ("99.8% limits", 3.090232)]:
        [upper] = _lines(axes, label)
        n = np.asarray(_numbers(upper.get_xdata()))
        top = np.asarray(_numbers(upper.get_ydata()))
        assert np.allclose(top, 60 + z * 20 / np.sqrt(n))
        # Falling respondents, from right to left, widen the funnel.
        assert (np.diff(n) > 0).all()
        assert (np.diff(top) < 0).all()
    # The curves reach past the smallest and largest trusts.
    low, high = axes.get_xlim()
    assert low <= 8
    assert high >= 400
    assert axes.get_xscale() == "log"


def test_titles_and_labels() -> None:
    axes = _axes(funnel(RANGES))
    assert axes.get_title() == "Expected ranges: overall, classified at 99.8%"
    assert axes.get_ylabel() == "Score (mean, overall)"
    assert axes.get_xlabel() == "Respondents"
    assert _axes(funnel(RANGES, title="Engagement")).get_title() == "Engagement"


def test_a_funnel_draws_on_the_axes_given() -> None:
    figure = Figure()
    axes = figure.add_subplot()
    assert funnel(RANGES, ax=axes) is figure
    assert axes.get_lines()


def test_the_image_shows_something(tmp_path: Path) -> None:
    path = tmp_path / "funnel.png"
    funnel(RANGES).savefig(path, dpi=50)
    pixels = matplotlib.image.imread(path)
    assert pixels[..., :3].std() > 0.05
    assert (pixels[..., :3] < 0.5).any()


def test_ranges_with_no_respondents_still_draw() -> None:
    nobody = expected_ranges([result("AAA", None, 0)], target=60, sigma=20)
    axes = _axes(funnel(nobody))
    assert not axes.texts
    drawn = [y for line in axes.get_lines() for y in _numbers(line.get_ydata())]
    assert all(math.isfinite(y) for y in drawn)


def test_only_expected_ranges_are_drawn() -> None:
    with pytest.raises(MedEngageError, match="cannot draw a funnel of a Comparison"):
        funnel(medengage.compare(result("AAA", 1, 20), []))  # type: ignore[arg-type]
    assert isinstance(RANGES, ExpectedRanges)
