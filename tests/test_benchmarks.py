"""
The benchmark's correctness checks, at a small size: both sides of every
figure compute the same numbers, with medengage counting and scoring in
pure Python and, where numpy is importable, with numpy. (Its timings are
never asserted.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from medengage.scoring import _pattern_arrays, _tally


sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
bench = pytest.importorskip("bench")
pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def survey() -> object:
    return bench.synthetic_survey(300)


@pytest.fixture(autouse=True, params=["stdlib", "numpy"])
def counting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """
    Each figure twice: with numpy never used for tallies and their scores
    (as where it is not installed), and with numpy used at any size (the
    benchmark's small survey is under the sizes where it is used by
    default).
    """
    least = sys.maxsize if request.param == "stdlib" else 0
    monkeypatch.setattr(_tally, "NUMPY_FROM", least)
    monkeypatch.setattr(_pattern_arrays, "NUMPY_FROM", least)
    return str(request.param)


def test_each_path_is_the_one_taken(
    survey: object, counting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    The two runs of each figure really count one way and the other.
    """
    used: list[str] = []
    for module in (_tally, _pattern_arrays):
        real = module.numpy_if_worth

        def spy(size: int | None, least: int, _real: Any = real) -> Any:
            numpy = _real(size, least)
            if numpy is not None:
                used.append(numpy.__name__)
            return numpy

        monkeypatch.setattr(module, "numpy_if_worth", spy)

    bench.scoring_figures(survey, runs=1)

    assert bool(used) == (counting == "numpy")


def test_scoring_figures_agree(survey: object) -> None:
    """
    S1, S2 (with numpy and without) and P1: medengage and pandas, and
    scoring in parts and whole, give the same scores.
    """
    figures = bench.scoring_figures(survey, runs=1)

    assert [f.name for f in figures] == ["S1", "S2", "S2s", "S2p", "P1"]


def test_weights_figure_agrees(survey: object) -> None:
    """
    W1: weighted scores from medengage and from pandas agree.
    """
    assert bench.weights_figure(survey, runs=1).name == "W1"


def test_csv_figure_agrees(survey: object) -> None:
    """
    S3: reading the CSV with medengage and with pandas gives the same
    scores.
    """
    figures = bench.csv_figures(survey, runs=1)

    assert [f.name for f in figures] == ["S3", "S3p", "S3a", "S3ap"]


def test_protection_figure_agrees(survey: object) -> None:
    """
    B1: every group a protected breakdown publishes has the scores that
    scoring the group alone gives.
    """
    assert bench.protection_figure(survey, runs=1).name == "B1"


def test_document_figures_agree(survey: object) -> None:
    """
    Y1, Y2 and Y3: medengage and bare PyYAML read and write the same data,
    and the document is smaller than answers written as mappings.
    """
    figures = bench.document_figures(survey, runs=1)

    assert [f.name for f in figures] == ["Y1", "Y2", "Y3"]
    assert figures[2].ratio() < 1


def test_a_disagreement_stops_the_figure(survey: object) -> None:
    """
    A baseline that computes something else is caught before any ratio.
    """
    figure = bench.Figure("XX", "none", 1)

    with pytest.raises(AssertionError, match="disagree"):
        bench.compare(figure, lambda: {"a": 1.0}, lambda: {"a": 1.5}, runs=1)


def test_the_built_survey_is_the_synthetic_one(survey: object) -> None:
    """
    M1 makes, a respondent at a time, the survey the other figures score.
    """
    assert bench.built_survey(300) == survey


def test_the_memory_figure_measures(survey: object) -> None:
    """
    M1 reports a peak and what is held, per answer.
    """
    figure = bench.memory_figure(300)

    assert figure.name == "M1"
    assert figure.ours[0] > 0
    assert "held" in figure.note
