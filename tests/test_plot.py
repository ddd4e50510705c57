"""
Charts of scores: what each chart draws, read back from its artists, and
the image it saves.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib


matplotlib.use("Agg")

import matplotlib.image
import numpy as np
import pytest
from _worked_example import ASSESSMENT, CHECKLIST
from hypothesis import given, settings
from matplotlib.axes import Axes
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

import medengage
from medengage import (
    Banding,
    Journey,
    JourneyStep,
    MedEngageError,
    NotComparableError,
    ScoredAssessment,
    StepScore,
    testing,
)
from medengage.plot import WITHHELD, journey, profile


# date2num is untyped: name what it takes and gives.
as_number: Callable[[dt.date], float] = date2num

BANDING = Banding("stages", ["low", "middle", "high"], [40.0, 60.0])


@pytest.fixture
def saved(tmp_path: Path) -> Callable[[Figure], tuple[int, int]]:
    """
    Save a figure as a PNG, check that it shows something, and give its
    size in pixels.
    """

    def save(figure: Figure) -> tuple[int, int]:
        path = tmp_path / f"chart-{len(list(tmp_path.iterdir()))}.png"
        figure.savefig(path, dpi=50)
        pixels = matplotlib.image.imread(path)
        assert pixels.ndim == 3
        # Not blank: the image holds ink of more than one shade.
        assert pixels[..., :3].std() > 0.05
        assert (pixels[..., :3] < 0.5).any()
        height, width = pixels.shape[:2]
        return width, height

    return save


def _axes(figure: Figure) -> Axes:
    [axes] = figure.axes
    return axes


def _marks(axes: Axes, text: str) -> list[Text]:
    return [t for t in axes.texts if t.get_text() == text]


def _bars(axes: Axes) -> list[BarContainer]:
    return [c for c in axes.containers if isinstance(c, BarContainer)]


def _numbers(data: Any) -> list[float]:
    """
    What a line holds, as floats (matplotlib types it loosely).
    """
    return [float(x) for x in np.asarray(data, dtype=float)]


def _points(axes: Axes) -> Line2D:
    """
    The line of a journey's scores: the one drawn with points.
    """
    [line] = [line for line in axes.get_lines() if line.get_marker() == "o"]
    return line


def _rows(axes: Axes) -> dict[str, float]:
    return {
        label.get_text(): float(y)
        for label, y in zip(axes.get_yticklabels(), axes.get_yticks(), strict=True)
    }


def test_a_profile_has_a_bar_a_feature_as_long_as_its_score(
    saved: Callable[[Figure], tuple[int, int]],
) -> None:
    """
    One result: a bar for the overall score and one a feature, reaching
    each score, with the features named and the bands marked.
    """
    scored = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)

    figure = profile(scored)

    axes = _axes(figure)
    rows = _rows(axes)
    assert list(rows) == ["Overall", "leadership", "learning"]
    [bars] = _bars(axes)
    drawn = {
        round(bar.get_y() + bar.get_height() / 2): bar.get_x() + bar.get_width()
        for bar in bars
    }
    expected = [scored.overall, *scored.features.values()]
    assert drawn == pytest.approx(
        {round(y): s.value for y, s in zip(rows.values(), expected, strict=True)}
    )
    assert axes.get_title() == "Feature profile: RTF, 2024-03-31"
    assert axes.get_xlabel() == "Score (mean)"
    dashed = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
    thresholds = [_numbers(line.get_xdata())[0] for line in dashed]
    assert thresholds == list(scored.banding.thresholds)
    assert {t.get_text().strip() for t in axes.texts} >= set(scored.banding.labels)
    assert not _marks(axes, WITHHELD)
    assert saved(figure) == (400, int(figure.get_figheight() * 50))


def test_features_are_named_by_title_given_the_checklist() -> None:
    """
    With the checklist, features are named by their titles.
    """
    scored = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)

    figure = profile(scored, checklist=CHECKLIST)

    assert list(_rows(_axes(figure))) == ["Overall", "Leadership", "Learning"]


def test_a_withheld_score_has_no_bar_and_is_marked(
    saved: Callable[[Figure], tuple[int, int]],
) -> None:
    """
    In a breakdown, a withheld score leaves its place empty, marked
    ``withheld`` in its group's colour; a score nobody gave is marked too.
    """
    by_grade = medengage.breakdown(ASSESSMENT, CHECKLIST, "grade", min_respondents=2)

    figure = profile(by_grade)

    axes = _axes(figure)
    rows = _rows(axes)
    total, consultant, resident = _bars(axes)
    # The one resident answered learning's items only: their group is
    # withheld, and so is the consultants' group, whole, as the total would
    # give the resident's away.
    assert len(total) == 3
    assert len(consultant) == 0
    assert len(resident) == 0
    marked = {
        (t.get_color(), round(t.get_position()[1], 3)) for t in _marks(axes, WITHHELD)
    }
    slots = {
        (f"C{number}", round(bar.get_y() + bar.get_height() / 2, 3))
        for number, bars in enumerate([total, consultant])
        for bar in bars
    }
    assert len(marked) == 5
    assert {colour for colour, _ in marked} == {"C1", "C2"}
    assert not marked & slots
    assert {round(y) for colour, y in marked if colour == "C1"} == {
        round(rows["Overall"]),
        round(rows["learning"]),
        round(rows["leadership"]),
    }
    assert {round(y) for colour, y in marked if colour == "C2"} == {
        round(rows["Overall"]),
        round(rows["learning"]),
    }
    [nobody] = _marks(axes, "no answers")
    assert round(nobody.get_position()[1]) == round(rows["leadership"])
    legend = axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "all respondents",
        "consultant",
        "resident",
    ]
    saved(figure)


def test_several_results_are_labelled_by_date_or_as_told() -> None:
    """
    Results of one trust are told apart by date, unless labels are given,
    one a result.
    """
    later = medengage.score(
        medengage.Assessment(
            ASSESSMENT.checklist,
            ASSESSMENT.trust,
            dt.date(2025, 3, 31),
            ASSESSMENT.respondents,
        ),
        CHECKLIST,
        min_respondents=1,
    )
    earlier = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)

    by_date = profile(earlier, later)
    told = profile(earlier, later, labels=["before", "after"])

    for figure, expected in [
        (by_date, ["2024-03-31", "2025-03-31"]),
        (told, ["before", "after"]),
    ]:
        legend = _axes(figure).get_legend()
        assert legend is not None
        assert [t.get_text() for t in legend.get_texts()] == expected
    assert _axes(by_date).get_title() == (
        "Feature profile: RTF, 2024-03-31 to 2025-03-31"
    )
    with pytest.raises(MedEngageError, match="1 labels for 2 results"):
        profile(earlier, later, labels=["only one"])


def test_results_of_different_ranges_do_not_share_a_chart() -> None:
    """
    Scores out of 10 and out of 100 are not drawn on one axis, and only
    results are drawn at all.
    """
    mean = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)
    staff = medengage.score(ASSESSMENT, CHECKLIST, "staff-survey", min_respondents=1)

    with pytest.raises(NotComparableError, match="from 0 to 100 and from 0 to 10"):
        profile(mean, staff)
    with pytest.raises(MedEngageError, match="at least one result"):
        profile()
    with pytest.raises(MedEngageError, match="cannot chart a Assessment"):
        profile(ASSESSMENT)  # type: ignore[arg-type]


def test_charts_are_not_kept_by_pyplot() -> None:
    """
    Charts are made without pyplot, which keeps every figure it makes until
    closed: one made in a loop is freed when dropped.
    """
    import matplotlib.pyplot as plt

    scored = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)
    profile(scored)
    journey(_journey(*STEPS))

    assert plt.get_fignums() == []


def test_a_profile_draws_on_the_axes_given() -> None:
    """
    Given axes, a chart draws there and gives back their figure.
    """
    figure = Figure()
    left, right = figure.subplots(1, 2)
    scored = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)

    assert profile(scored, ax=right) is figure
    assert len(_bars(right)) == 1
    assert not _bars(left)


@settings(max_examples=20)
@given(testing.scored_assessments())
def test_every_score_is_a_bar_or_a_mark(scored: ScoredAssessment) -> None:
    """
    Whatever the scores, each has a bar reaching its value if it has one,
    and a mark if not.
    """
    axes = _axes(profile(scored))

    scores = [scored.overall, *scored.features.values()]
    [bars] = _bars(axes)
    assert len(bars) == sum(s.value is not None for s in scores)
    assert len(_marks(axes, WITHHELD)) == sum(s.withheld for s in scores)
    ends = sorted(bar.get_x() + bar.get_width() for bar in bars)
    values = sorted(s.value for s in scores if s.value is not None)
    assert ends == pytest.approx(values, abs=1e-9 * (scored.high - scored.low))


def _journey(*steps: tuple[dt.date, StepScore]) -> Journey:
    return Journey(
        trust="RTF",
        trust_name="Northumbria Healthcare NHS Foundation Trust",
        strategy="mean",
        checklist="worked-example",
        checklist_version=1,
        banding=BANDING,
        min_respondents=11,
        steps=[
            JourneyStep(
                date=date,
                trust="RTF",
                trust_name=None,
                checklist="worked-example",
                checklist_version=1,
                overall=overall,
                features={"learning": overall},
            )
            for date, overall in steps
        ],
    )


STEPS = [
    (dt.date(2022, 10, 31), StepScore(50.0, 30, "middle", 2.0, 46.0, 54.0)),
    (dt.date(2023, 10, 31), StepScore(None, 8, withheld=True)),
    (dt.date(2024, 10, 31), StepScore(58.0, 40, "middle", 1.5, 55.0, 61.0)),
    (dt.date(2025, 10, 31), StepScore(61.0, 3, "high")),
]


def test_a_journey_shows_each_score_with_its_interval(
    saved: Callable[[Figure], tuple[int, int]],
) -> None:
    """
    A point at each date with a score, an error bar from the interval's low
    to its high where there is one, and a withheld score left out: the line
    broken and the date marked.
    """
    shown = _journey(*STEPS)

    figure = journey(shown)

    axes = _axes(figure)
    line = _points(axes)
    assert _numbers(line.get_xdata()) == [as_number(date) for date, _ in STEPS]
    values = _numbers(line.get_ydata())
    assert values[0::2] == [50.0, 58.0]
    assert math.isnan(values[1])
    assert values[3] == 61.0
    [intervals] = [c for c in axes.containers if isinstance(c, ErrorbarContainer)]
    _, _, (bars,) = intervals.lines
    spans = [(seg[0][0], seg[0][1], seg[1][1]) for seg in bars.get_segments()]
    assert spans == [
        (as_number(STEPS[0][0]), 46.0, 54.0),
        (as_number(STEPS[2][0]), 55.0, 61.0),
    ]
    [mark] = _marks(axes, WITHHELD)
    assert mark.get_position()[0] == as_number(STEPS[1][0])
    assert [t.get_text() for t in axes.get_xticklabels()] == [
        date.isoformat() for date, _ in STEPS
    ]
    dashed = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
    thresholds = [_numbers(line.get_ydata())[0] for line in dashed]
    assert thresholds == [40.0, 60.0]
    assert axes.get_title() == (
        "Northumbria Healthcare NHS Foundation Trust: Overall over time"
    )
    assert axes.get_ylabel() == "Score (mean, 0 to 100)"
    assert saved(figure) == (400, 225)


def test_a_journey_of_a_feature_is_named_by_its_title() -> None:
    """
    A feature's journey is titled with the feature, and a feature the
    journey does not compare is refused by name.
    """
    shown = _journey(*STEPS)

    figure = journey(shown, "learning", checklist=CHECKLIST)

    assert _axes(figure).get_title().endswith(": Learning over time")
    with pytest.raises(MedEngageError, match="compares no feature 'leadership'"):
        journey(shown, "leadership")


@settings(max_examples=20)
@given(testing.journeys())
def test_every_step_is_a_point_or_a_mark(shown: Journey) -> None:
    """
    Whatever the journey, each step has a point where its score has a
    value, and a mark where it has none.
    """
    axes = _axes(journey(shown))

    drawn = [not math.isnan(y) for y in _numbers(_points(axes).get_ydata())]
    assert drawn == [step.overall.value is not None for step in shown.steps]
    assert len(_marks(axes, WITHHELD)) == sum(s.overall.withheld for s in shown.steps)
