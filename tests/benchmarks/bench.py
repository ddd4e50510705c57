"""
medengage beside pandas and bare PyYAML, on a seeded synthetic survey.

Run with ``python tests/benchmarks/bench.py`` (add ``--large`` for a million
respondents). Each figure times medengage and its baseline in this process,
on the same data, several times; checks that both computed the same numbers;
and prints medians, spreads and the ratio medengage / baseline. The results
are written to tests/benchmarks/results/ as well. README.md beside this file
says how to read them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import math
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import yaml

import medengage
from medengage import (
    Assessment,
    AssessmentBuilder,
    Checklist,
    ChecklistItem,
    EngagementFeature,
    Respondent,
    ResponseScale,
    ScalePoint,
)
from medengage.csv import read_csv, write_csv
from medengage.scoring import _pattern_arrays, _tally, merge, score_tally, tally


FEATURES = 6
ITEMS_PER_FEATURE = 5
MISSING = 0.03
GRADES = ("consultant", "specialty doctor", "resident doctor", "foundation doctor")
RESULTS = Path(__file__).parent / "results"


def synthetic_checklist() -> Checklist:
    """
    A 30-item checklist of 6 features on one 5-point scale.
    """
    scale = ResponseScale(
        id="agree5",
        title="Agreement",
        points=[ScalePoint(v, f"point {v}", favourable=v >= 4) for v in range(1, 6)],
    )
    features = [
        EngagementFeature(id=f"f{f}", title=f"Feature {f}") for f in range(FEATURES)
    ]
    items = [
        ChecklistItem(
            id=f"q{f}{i}", prompt=f"Question {f}.{i}", feature=f"f{f}", scale="agree5"
        )
        for f in range(FEATURES)
        for i in range(ITEMS_PER_FEATURE)
    ]
    return Checklist(
        id="synthetic",
        version=1,
        title="Synthetic",
        features=features,
        scales=[scale],
        items=items,
    )


SYNTHETIC = synthetic_checklist()


def synthetic_survey(respondents: int, seed: int = 2014) -> Assessment:
    """
    *respondents* doctors answering the synthetic checklist, with grade and
    trust attributes and about 3% of answers missing, made as an analyst
    holding `Respondent` objects would make it.
    """
    return Assessment(
        checklist=SYNTHETIC,
        trust="ZNW",
        date=dt.date(2024, 10, 31),
        respondents=[
            Respondent(id=id, attributes=attributes, answers=answers)
            for id, attributes, answers in synthetic_rows(respondents, seed)
        ],
    )


def built_survey(respondents: int, seed: int = 2014) -> Assessment:
    """
    The same survey as `synthetic_survey`, made a respondent at a time by an
    `AssessmentBuilder`, as a reader of a large file makes it.
    """
    builder = AssessmentBuilder(SYNTHETIC, trust="ZNW", date=dt.date(2024, 10, 31))
    for id, attributes, answers in synthetic_rows(respondents, seed):
        builder.add(id, answers, attributes)
    return builder.build()


def synthetic_rows(
    respondents: int, seed: int
) -> Iterator[tuple[str, dict[str, str], dict[str, int | None]]]:
    """
    Each synthetic respondent's id, attributes and answers, one at a time.
    """
    rnd = random.Random(seed)
    items = SYNTHETIC.item_ids
    for number in range(respondents):
        answers = {
            item: None
            if rnd.random() < MISSING
            else rnd.choice((1, 2, 3, 3, 4, 4, 4, 5, 5))
            for item in items
        }
        attributes = {
            "grade": rnd.choice(GRADES),
            "trust": rnd.choice(("RTF", "RM3", "RW1", "RRV")),
        }
        yield f"r{number:07d}", attributes, answers


def medengage_scores(assessment: Assessment) -> dict[str, float]:
    """
    The mean strategy's feature and overall scores, nothing withheld.
    """
    result = medengage.score(
        assessment, assessment.checklist, "mean", min_respondents=1
    )
    return _as_numbers(result)


def pandas_wide(assessment: Assessment) -> Any:
    """
    The answers as a wide DataFrame: a row a respondent, a column an item.
    """
    import pandas as pd

    return pd.DataFrame(
        [r.answers.row for r in assessment.respondents],
        columns=list(assessment.checklist.item_ids),
        dtype="float64",
    )


def pandas_scores(wide: Any, checklist: Checklist) -> dict[str, float]:
    """
    The mean strategy's scores, computed by pandas from a wide DataFrame.
    """
    scale = checklist.scales[0]
    u = (wide - scale.lowest) / (scale.highest - scale.lowest)
    scores = {}
    for feature in checklist.features:
        columns = [item.id for item in checklist.items_for(feature.id)]
        scores[feature.id] = float(u[columns].mean(axis=1).mean() * 100)
    scores["overall"] = sum(scores.values()) / len(checklist.features)
    return scores


def polars_wide(assessment: Assessment) -> Any:
    """
    The answers as a wide polars DataFrame: a row a respondent, a column an
    item.
    """
    import polars as pl

    return pl.DataFrame(
        {
            item: pl.Series(assessment.answers_to(item), dtype=pl.Float64)
            for item in assessment.checklist.item_ids
        }
    )


def polars_means(checklist: Checklist) -> list[Any]:
    """
    The mean strategy's feature scores as polars expressions, one a feature,
    named by its id.
    """
    import polars as pl

    scale = checklist.scales[0]
    span = scale.highest - scale.lowest
    return [
        (
            pl.mean_horizontal(
                [
                    (pl.col(item.id) - scale.lowest) / span
                    for item in checklist.items_for(feature.id)
                ]
            ).mean()
            * 100
        ).alias(feature.id)
        for feature in checklist.features
    ]


def polars_scores(wide: Any, checklist: Checklist) -> dict[str, float]:
    """
    The mean strategy's scores, computed by polars from a wide DataFrame
    (or a lazy scan of one).
    """
    row = wide.lazy().select(polars_means(checklist)).collect().row(0, named=True)
    scores = {feature: float(value) for feature, value in row.items()}
    scores["overall"] = sum(scores.values()) / len(checklist.features)
    return scores


def same(ours: dict[str, float], theirs: dict[str, float]) -> bool:
    """
    Whether both sides computed the same numbers (to 1e-9, since pandas
    sums floats where medengage sums exactly).
    """
    return ours.keys() == theirs.keys() and all(
        math.isclose(ours[k], theirs[k], rel_tol=1e-9, abs_tol=1e-9) for k in ours
    )


def _as_numbers(result: medengage.ScoredAssessment) -> dict[str, float]:
    numbers = {f: s.value for f, s in result.features.items()}
    numbers["overall"] = result.overall.value
    assert all(value is not None for value in numbers.values())
    return numbers  # type: ignore[return-value]


class Figure:
    """
    One figure: medengage's time and its baseline's, and their ratio.
    """

    def __init__(self, name: str, target: str, n: int, unit: str = "ms") -> None:
        self.name = name
        self.target = target
        self.n = n
        self.unit = unit
        self.ours: list[float] = []
        self.theirs: list[float] = []
        self.note = ""

    def ratio(self) -> float:
        return statistics.median(self.ours) / statistics.median(self.theirs)

    def line(self) -> str:
        def shown(measures: list[float]) -> str:
            scale = {"ms": 1e3, "us": 1e6}.get(self.unit, 1)
            spread = (max(measures) - min(measures)) * scale / 2
            median = statistics.median(measures) * scale
            return f"{median:9.1f} {self.unit:<2} ±{spread:6.1f}"

        return (
            f"{self.name:<3} N={self.n:>9,}  medengage {shown(self.ours)}  "
            f"baseline {shown(self.theirs)}  ratio {self.ratio():6.2f}  "
            f"(target {self.target}){'  ' + self.note if self.note else ''}"
        )


#: Five attributes of 3 to 8 values, for protecting breakdowns (B1); the
#: values are drawn unevenly, so that some groups and crossings are small.
ATTRIBUTES = {
    "grade": 3,
    "site": 4,
    "specialty": 5,
    "contract": 6,
    "years": 8,
}


def attributed_survey(assessment: Assessment, seed: int = 2014) -> Assessment:
    """
    *assessment*'s respondents, each given the five attributes of
    `ATTRIBUTES`, the k-th value of each about twice as likely as the
    k+1-th.
    """
    rnd = random.Random(seed)

    def value(name: str, count: int) -> str:
        return f"{name}-{rnd.choices(range(count), [2.0**-k for k in range(count)])[0]}"

    people = [
        Respondent(
            id=person.id,
            attributes={name: value(name, count) for name, count in ATTRIBUTES.items()},
            answers=person.answers,
        )
        for person in assessment.respondents
    ]
    return Assessment(assessment.checklist, assessment.trust, assessment.date, people)


def protection_figure(assessment: Assessment, runs: int) -> Figure:
    """
    B1: breakdowns by each of five attributes, each by its own call and so
    each planning its withholding over them all, against scoring the same
    groups with no protection.
    """
    checklist = assessment.checklist
    survey = attributed_survey(assessment)

    def protected() -> list[medengage.Breakdown]:
        return [medengage.breakdown(survey, checklist, name) for name in ATTRIBUTES]

    def unprotected() -> list[dict[str, medengage.ScoredAssessment]]:
        tables = []
        for name in ATTRIBUTES:
            members: dict[str, list[Respondent]] = {}
            for person in survey.respondents:
                members.setdefault(person.attributes[name], []).append(person)
            tables.append(
                {
                    value: medengage.score(
                        Assessment(checklist, survey.trust, survey.date, people),
                        checklist,
                        min_respondents=1,
                    )
                    for value, people in members.items()
                }
            )
        return tables

    def agree(ours: list[medengage.Breakdown], theirs: list[Any]) -> bool:
        return all(
            group.withheld
            or group.overall.withheld
            or _as_numbers(group) == _as_numbers(plain[value])
            for breakdown, plain in zip(ours, theirs, strict=True)
            for value, group in breakdown.groups.items()
        )

    return compare(
        Figure("B1", "<= 3", len(survey.respondents)),
        protected,
        unprotected,
        runs,
        check=agree,
    )


def timed(call: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times = []
    result = None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times, result


def compare(
    figure: Figure,
    ours: Callable[[], Any],
    theirs: Callable[[], Any],
    runs: int,
    check: Callable[[Any, Any], bool] = lambda a, b: same(a, b),
) -> Figure:
    figure.ours, mine = timed(ours, runs)
    figure.theirs, other = timed(theirs, runs)
    if not check(mine, other):
        raise AssertionError(f"{figure.name}: medengage and the baseline disagree")
    return figure


@contextlib.contextmanager
def without_numpy() -> Iterator[None]:
    """
    medengage counting and scoring tallies with the standard library alone,
    as where numpy is not installed (pandas, the baseline, still uses it).
    """
    saved = _tally.NUMPY_FROM, _pattern_arrays.NUMPY_FROM
    _tally.NUMPY_FROM = _pattern_arrays.NUMPY_FROM = sys.maxsize
    try:
        yield
    finally:
        _tally.NUMPY_FROM, _pattern_arrays.NUMPY_FROM = saved


def scoring_figures(assessment: Assessment, runs: int) -> list[Figure]:
    """
    S1, S2, S2s (S2 with medengage never using numpy), S2p and P1 at the
    size of *assessment*.
    """
    checklist = assessment.checklist
    n = len(assessment.respondents)
    wide = pandas_wide(assessment)
    s1 = compare(
        Figure("S1", "<= 1.0 at 100k", n),
        lambda: medengage_scores(assessment),
        lambda: pandas_scores(pandas_wide(assessment), checklist),
        runs,
    )
    s2 = compare(
        Figure("S2", "<= 1.0 with numpy", n),
        lambda: medengage_scores(assessment),
        lambda: pandas_scores(wide, checklist),
        runs,
    )
    with without_numpy():
        s2s = compare(
            Figure("S2s", "<= 4 without numpy", n),
            lambda: medengage_scores(assessment),
            lambda: pandas_scores(wide, checklist),
            runs,
        )
    size = math.ceil(n / 10)
    parts = [
        Assessment(
            checklist,
            assessment.trust,
            assessment.date,
            assessment.respondents[i : i + size],
        )
        for i in range(0, n, size)
    ]
    p1 = compare(
        Figure("P1", "<= 1.1, identical", n),
        lambda: _as_numbers(
            score_tally(
                merge(tally(part) for part in parts),
                checklist,
                "mean",
                min_respondents=1,
            )
        ),
        lambda: medengage_scores(assessment),
        runs,
        check=lambda a, b: a == b,
    )
    polars = polars_wide(assessment)
    s2p = compare(
        Figure("S2p", "<= 4 (polars)", n),
        lambda: medengage_scores(assessment),
        lambda: polars_scores(polars, checklist),
        runs,
    )
    return [s1, s2, s2s, s2p, p1]


#: The grade mix the weights of W1 bring respondents to.
GRADE_TARGETS = {
    "consultant": 0.4,
    "specialty doctor": 0.1,
    "resident doctor": 0.35,
    "foundation doctor": 0.15,
}


def weights_figure(assessment: Assessment, runs: int) -> Figure:
    """
    W1: scoring with respondent weights post-stratified by grade (the
    weights made once), against pandas' weighted means of the same
    respondents' feature scores from a wide DataFrame already built.
    """
    checklist = assessment.checklist
    weights = medengage.RespondentWeights.post_stratified(
        assessment, "grade", GRADE_TARGETS
    )
    wide = pandas_wide(assessment)
    w = [float(weights.weights[r.id]) for r in assessment.respondents]

    def ours() -> dict[str, float]:
        return _as_numbers(
            medengage.score(
                assessment, checklist, "mean", min_respondents=1, weights=weights
            )
        )

    def theirs() -> dict[str, float]:
        import pandas as pd

        scale = checklist.scales[0]
        u = (wide - scale.lowest) / (scale.highest - scale.lowest)
        each = pd.Series(w)
        scores = {}
        for feature in checklist.features:
            columns = [item.id for item in checklist.items_for(feature.id)]
            rows = u[columns].mean(axis=1)
            answered = rows.notna()
            scores[feature.id] = float(
                (rows[answered] * each[answered]).sum() / each[answered].sum() * 100
            )
        scores["overall"] = sum(scores.values()) / len(checklist.features)
        return scores

    return compare(
        Figure("W1", "<= 8", len(assessment.respondents)), ours, theirs, runs
    )


def csv_figures(assessment: Assessment, runs: int) -> list[Figure]:
    """
    S3 and S3p: a CSV file to scores with the standard library, against
    pandas and polars reading it and taking the same means; S3a and S3ap
    the same with the arrow extra (``read_csv(engine="arrow")``), every
    check made either way.
    """
    import pandas as pd
    import polars as pl

    # Imported before the timing, as the baselines are.
    import pyarrow.csv  # noqa: F401

    checklist = assessment.checklist
    folder = Path(tempfile.mkdtemp())
    path = folder / "survey.csv"
    write_csv(assessment, path)

    def ours(engine: Literal["python", "arrow"]) -> Callable[[], dict[str, float]]:
        def read_and_score() -> dict[str, float]:
            survey = read_csv(
                path,
                checklist,
                trust="ZNW",
                date=assessment.date,
                attributes=["grade", "trust"],
                engine=engine,
                max_bytes=path.stat().st_size,
            )
            return medengage_scores(survey)

        return read_and_score

    def with_pandas() -> dict[str, float]:
        frame = pd.read_csv(path)
        return pandas_scores(frame[list(checklist.item_ids)], checklist)

    def with_polars() -> dict[str, float]:
        return polars_scores(pl.read_csv(path), checklist)

    n = len(assessment.respondents)
    stdlib, arrow = ours("python"), ours("arrow")
    return [
        compare(Figure("S3", "<= 5", n), stdlib, with_pandas, runs),
        compare(Figure("S3p", "(polars)", n), stdlib, with_polars, runs),
        compare(Figure("S3a", "<= 1.0 with arrow", n), arrow, with_pandas, runs),
        compare(
            Figure("S3ap", "<= 1.5 with arrow (polars)", n), arrow, with_polars, runs
        ),
    ]


def document_figures(assessment: Assessment, runs: int) -> list[Figure]:
    """
    Y1 and Y2 (times) and Y3 (bytes) for an assessment document.
    """
    n = len(assessment.respondents)
    checklists = [assessment.checklist]
    text = medengage.dumps(assessment)
    plain = yaml.load(text, Loader=yaml.CSafeLoader)
    y1 = compare(
        Figure("Y1", "<= 0.9", n),
        lambda: medengage.loads(text, checklists=checklists),
        lambda: yaml.load(text, Loader=yaml.CSafeLoader),
        runs,
        check=lambda ours, theirs: ours == assessment and theirs == plain,
    )
    y2 = compare(
        Figure("Y2", "<= 1.0", n),
        lambda: medengage.dumps(assessment),
        lambda: yaml.dump(
            plain, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True
        ),
        runs,
        check=lambda ours, theirs: (
            ours == text and yaml.load(theirs, Loader=yaml.CSafeLoader) == plain
        ),
    )
    mapping = yaml.dump(
        [
            {
                "id": r.id,
                "attributes": dict(r.attributes),
                "answers": dict(r.answers),
            }
            for r in assessment.respondents
        ],
        Dumper=yaml.CSafeDumper,
        sort_keys=False,
    )
    y3 = Figure("Y3", "<= 0.6", n, unit="B")
    y3.ours, y3.theirs = [len(text.encode()) / n], [len(mapping.encode()) / n]
    y3.note = f"bytes per respondent: {y3.ours[0]:.0f} against {y3.theirs[0]:.0f}"
    return [y1, y2, y3]


def memory_figure(respondents: int) -> Figure:
    """
    M1: bytes per answer at the peak of making an assessment a respondent
    at a time, and (in the note) held once it is made.
    """
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    assessment = built_survey(respondents)
    held, peak = (size - before for size in tracemalloc.get_traced_memory())
    tracemalloc.stop()
    answers = respondents * len(assessment.checklist.items)
    figure = Figure("M1", "<= 8 bytes per answer, <= 4 held", respondents, unit="B")
    figure.ours, figure.theirs = [peak / answers], [8.0]
    figure.note = (
        f"{peak / answers:.1f} bytes per answer at the peak, {held / answers:.1f} held"
    )
    return figure


def scaling_figure(small: Assessment, large: Assessment, runs: int) -> Figure:
    """
    L1: time per respondent scoring the large survey against the small one.
    """
    figure = Figure("L1", "<= 1.2", len(large.respondents), unit="us")
    small_times, _ = timed(lambda: medengage_scores(small), runs)
    large_times, _ = timed(lambda: medengage_scores(large), max(1, runs // 2))
    figure.ours = [t / len(large.respondents) for t in large_times]
    figure.theirs = [t / len(small.respondents) for t in small_times]
    figure.note = f"per respondent, against N={len(small.respondents):,}"
    return figure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true", help="also run N = 1,000,000")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    options = parser.parse_args(argv)
    sizes = [*options.sizes, *([1_000_000] if options.large else [])]
    lines = [
        f"medengage {medengage.__version__}, Python {platform.python_version()}, "
        f"PyYAML {yaml.__version__} (libyaml {yaml.__with_libyaml__}), "
        f"{platform.machine()}, {platform.system()}, {_cores()} cores, "
        f"{dt.datetime.now().isoformat(timespec='seconds')}",
    ]
    print(lines[0], flush=True)
    # Documents and memory first, while the process holds little else: a
    # heap of millions of objects changes how often the garbage collector
    # runs, and so the baseline's times, as a user's fresh session would not.
    figures = document_figures(synthetic_survey(10_000), options.runs)
    figures.append(memory_figure(100_000))
    for figure in figures:
        print(figure.line(), flush=True)
    surveys = {}
    for n in sizes:
        surveys[n] = synthetic_survey(n)
        runs = options.runs if n <= 100_000 else 2
        made = scoring_figures(surveys[n], runs)
        made += csv_figures(surveys[n], runs)
        if n <= 100_000:
            made.append(protection_figure(surveys[n], runs))
            made.append(weights_figure(surveys[n], runs))
        for figure in made:
            print(figure.line(), flush=True)
        figures += made
    figures.append(
        scaling_figure(surveys[min(sizes)], surveys[max(sizes)], options.runs)
    )
    print(figures[-1].line(), flush=True)
    lines += [figure.line() for figure in figures]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (RESULTS / "latest.json").write_text(
        json.dumps(
            [
                {
                    "figure": f.name,
                    "n": f.n,
                    "target": f.target,
                    "ours": f.ours,
                    "baseline": f.theirs,
                    "ratio": f.ratio(),
                }
                for f in figures
            ],
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"written to {RESULTS / 'latest.txt'}")
    return 0


def _cores() -> int:
    import os

    return (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1
    )


if __name__ == "__main__":
    sys.exit(main())
