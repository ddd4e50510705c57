"""
Charts of levels: a profile gives each level a row of its own, and a
journey can follow a level; read back from the charts' artists.
"""

from __future__ import annotations

import datetime as dt

import attrs
import matplotlib


matplotlib.use("Agg")

import pytest
from _levels_example import INSTRUMENT, survey
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D

import medengage
from medengage.plot import journey, profile


def _rows(axes: Axes) -> dict[str, float]:
    return {
        label.get_text(): float(y)
        for label, y in zip(axes.get_yticklabels(), axes.get_yticks(), strict=True)
    }


def test_a_profile_gives_each_level_a_bold_row_above_the_features() -> None:
    scored = medengage.score(survey(), INSTRUMENT, min_respondents=1)
    [axes] = profile(scored, checklist=INSTRUMENT).axes
    rows = _rows(axes)
    assert list(rows) == [
        "Overall",
        "Engagement",
        "Culture",
        "Motivation",
        "Involvement",
        "Advocacy",
        "Voice",
    ]
    weights = {t.get_text(): t.get_fontweight() for t in axes.get_yticklabels()}
    assert weights["Engagement"] == weights["Culture"] == "bold"
    assert weights["Motivation"] != "bold"
    # A line between the last level and the first feature.
    assert any(
        list(line.get_ydata()) == [2.5, 2.5]  # type: ignore[arg-type]
        for line in axes.get_lines()
    )
    [bars] = [c for c in axes.containers if isinstance(c, BarContainer)]
    widths = {round(p.get_y() + p.get_height() / 2): p.get_width() for p in bars}
    for level in ("engagement", "culture"):
        value = scored.levels[level].value
        assert value is not None
        assert widths[round(rows[INSTRUMENT.level(level).title])] == pytest.approx(
            value
        )


def test_a_withheld_level_has_no_bar() -> None:
    scored = medengage.score(survey(), INSTRUMENT)
    [axes] = profile(scored).axes
    [bars] = [c for c in axes.containers if isinstance(c, BarContainer)]
    assert not bars.patches
    assert sum(t.get_text() == "withheld" for t in axes.texts) == 1 + 2 + 4


def test_a_flat_profile_has_no_level_rows_or_line() -> None:
    flat = attrs.evolve(INSTRUMENT, levels=())
    scored = medengage.score(
        attrs.evolve(survey(), checklist=flat), flat, min_respondents=1
    )
    [axes] = profile(scored).axes
    assert len(_rows(axes)) == 5
    # Only the thresholds' upright lines: none across.
    assert all(
        len(set(line.get_ydata())) == 2  # type: ignore[arg-type]
        for line in axes.get_lines()
    )


def test_a_journey_follows_a_level() -> None:
    first = survey()
    later = attrs.evolve(first, date=dt.date(2026, 3, 31))
    found = medengage.journey([first, later], min_respondents=1)
    [axes] = journey(found, "engagement", checklist=INSTRUMENT).axes
    [points] = [line for line in axes.get_lines() if line.get_marker() == "o"]
    assert isinstance(points, Line2D)
    values = [step.levels["engagement"].value for step in found.steps]
    assert list(points.get_ydata()) == values  # type: ignore[arg-type]
    assert axes.get_title().endswith("Engagement over time")


def test_a_journey_names_levels_when_refusing_an_unknown_id() -> None:
    first = survey()
    found = medengage.journey([first], min_respondents=1)
    with pytest.raises(medengage.MedEngageError, match="its levels: engagement"):
        journey(found, "nowhere")
