"""
Board tables: scores laid out for a board paper, as rows, as a DataFrame,
as CSV and as an Excel workbook, and the profile chart's intervals.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

import attrs
import matplotlib


matplotlib.use("Agg")

import openpyxl
import pytest
from hypothesis import given
from matplotlib.container import ErrorbarContainer

import medengage
from medengage import (
    BOARD_COLUMNS,
    Assessment,
    BoardTable,
    Breakdown,
    Checklist,
    ChecklistItem,
    EngagementFeature,
    Journey,
    MedEngageError,
    ResponseScale,
    ScalePoint,
    ScoredAssessment,
    ValidationError,
    board_table,
    testing,
    write_board,
)
from medengage.pandas import board_frame
from medengage.plot import WITHHELD, profile


CATALOGUE = medengage.catalogue()
CHECKLIST = CATALOGUE.checklist("medical-engagement-self-assessment", version=1)
FIRST, SECOND, LATEST = CATALOGUE.assessments_of("ZNW")
TITLES = {feature.id: feature.title for feature in CHECKLIST.features}


@pytest.fixture(scope="module")
def scored() -> ScoredAssessment:
    return medengage.score(LATEST, CHECKLIST)


@pytest.fixture(scope="module")
def by_grade() -> Breakdown:
    return medengage.breakdown(FIRST, CHECKLIST, "grade")


@pytest.fixture(scope="module")
def trip() -> Journey:
    return medengage.journey([FIRST, SECOND, LATEST])


# Scored assessments


def test_a_scored_assessment_with_its_reliability(scored: ScoredAssessment) -> None:
    """
    A row for the overall score, then one a feature in the checklist's
    order, titled, with the interval rounded to one place.
    """
    errors = medengage.reliability(LATEST, CHECKLIST)

    table = board_table(scored, reliability=errors)

    assert table.columns == (
        "kind",
        "feature",
        "title",
        "score",
        "low",
        "high",
        "band",
        "respondents",
    )
    assert table.column("kind") == ("overall",) + ("feature",) * len(TITLES)
    assert table.column("feature") == (None, *TITLES)
    assert table.column("title") == ("Overall", *TITLES.values())
    first = table.records()[0]
    assert first["score"] == round(scored.overall.value or 0, 1)
    assert first["low"] == round(errors.overall.low or 0, 1)
    assert first["high"] == round(errors.overall.high or 0, 1)
    assert first["band"] == scored.overall.band
    assert first["respondents"] == scored.overall.respondents
    assert board_table(scored, assessment=LATEST) == table


def test_columns_follow_the_documented_order(scored: ScoredAssessment) -> None:
    """
    Every kind of table has its columns in the order of BOARD_COLUMNS.
    """
    peers = [medengage.score(a, a.checklist) for a in CATALOGUE.assessments]
    tables = [
        board_table(scored),
        board_table(
            scored, assessment=LATEST, comparison=medengage.compare(scored, peers)
        ),
        board_table(medengage.breakdown(FIRST, CHECKLIST, "grade")),
        board_table(medengage.journey([FIRST, LATEST])),
        board_table(medengage.reliability(LATEST, CHECKLIST)),
    ]

    for table in tables:
        assert list(table.columns) == [c for c in BOARD_COLUMNS if c in table.columns]


def test_peer_standing(scored: ScoredAssessment) -> None:
    """
    With a comparison, each row has the peers' median, the gap to it and
    the percentile, rounded.
    """
    peers = [medengage.score(a, a.checklist) for a in CATALOGUE.assessments]
    comparison = medengage.compare(scored, peers)

    table = board_table(scored, comparison=comparison, decimals=2)

    assert table.columns[-4:] == ("peers", "peer_median", "gap", "percentile")
    first = table.records()[0]
    assert first["peers"] == comparison.overall.peers
    assert first["peer_median"] == round(comparison.overall.median or 0, 2)
    assert first["gap"] == round(comparison.overall.gap or 0, 2)


def test_decimals(scored: ScoredAssessment) -> None:
    """
    Numbers are rounded to *decimals* places; None keeps them as they are.
    """
    exact = board_table(scored, decimals=None)
    whole = board_table(scored, decimals=0)

    assert exact.column("score")[0] == scored.overall.value
    assert whole.column("score")[0] == round(scored.overall.value or 0)
    for bad in (-1, 1.5, True, "1"):
        with pytest.raises(MedEngageError, match="decimals must be a whole number"):
            board_table(scored, decimals=bad)  # type: ignore[arg-type]


def test_what_belongs_to_other_scores_is_refused(scored: ScoredAssessment) -> None:
    """
    A reliability, assessment, comparison or checklist of other scores is
    refused, not laid beside these.
    """
    other = medengage.reliability(FIRST, CHECKLIST)
    with pytest.raises(MedEngageError, match="reliability"):
        board_table(scored, reliability=other)
    with pytest.raises(MedEngageError, match="give the reliability"):
        board_table(scored, assessment=_on_date(FIRST, LATEST.date))
    with pytest.raises(MedEngageError, match="not both"):
        board_table(scored, reliability=other, assessment=LATEST)
    first = medengage.score(FIRST, CHECKLIST)
    peers = [medengage.score(a, a.checklist) for a in CATALOGUE.assessments]
    with pytest.raises(MedEngageError, match="comparison"):
        board_table(scored, comparison=medengage.compare(first, peers))
    with pytest.raises(MedEngageError, match="goes with a scored assessment"):
        board_table(medengage.journey([FIRST, LATEST]), reliability=other)
    with pytest.raises(MedEngageError, match="cannot lay out a str"):
        board_table("scores")  # type: ignore[arg-type]


def test_titles_need_the_checklist() -> None:
    """
    Scores of a checklist the catalogue lacks are titled from the
    checklist given; without it, or with another, they are refused.
    """
    result = _scored_of(["a", "b"])
    with pytest.raises(MedEngageError, match="give it as checklist="):
        board_table(result)
    with pytest.raises(MedEngageError, match="give the checklist the scores"):
        board_table(result, checklist=CHECKLIST)

    table = board_table(result, checklist=_checklist_for(result))

    assert table.column("title") == ("Overall", "Title of a", "Title of b")


# Breakdowns


def test_a_withheld_score_shows_withheld_never_a_number(by_grade: Breakdown) -> None:
    """
    A withheld group's every score reads ``withheld``, with no interval,
    band or number; the total has the interval.
    """
    table = board_table(by_grade, assessment=FIRST)

    assert table.columns[0] == "group"
    records = table.records()
    assert records[0]["group"] == "all respondents"
    assert records[0]["low"] is not None
    withheld = [r for r in records if r["group"] == "foundation doctor"]
    assert len(withheld) == 1 + len(TITLES)
    for record in withheld:
        assert record["score"] == "withheld"
        assert (record["low"], record["high"], record["band"]) == (None, None, None)
    written = io.StringIO()
    write_board(table, written)
    rows = list(csv.DictReader(io.StringIO(written.getvalue())))
    assert {r["score"] for r in rows if r["group"] == "foundation doctor"} == {
        "withheld"
    }


def test_each_group_shown_has_its_interval(by_grade: Breakdown) -> None:
    """
    Given the assessment, each group's shown scores get the interval of
    its own respondents' reliability; given only the total's reliability,
    the groups get none.
    """
    consultants = attrs.evolve(
        FIRST,
        respondents=[
            r for r in FIRST.respondents if r.attributes.get("grade") == "consultant"
        ],
    )
    theirs = medengage.reliability(consultants, CHECKLIST)

    records = board_table(by_grade, assessment=FIRST).records()

    rows = [r for r in records if r["group"] == "consultant"]
    assert [(r["low"], r["high"]) for r in rows] == [
        (round(u.low or 0, 1), round(u.high or 0, 1))
        for u in [theirs.overall, *(f.uncertainty for f in theirs.features.values())]
    ]
    alone = board_table(by_grade, reliability=medengage.reliability(FIRST, CHECKLIST))
    assert {
        (r["low"], r["high"])
        for r in alone.records()
        if r["group"] != "all respondents"
    } == {(None, None)}


@given(testing.breakdowns())
def test_withheld_stays_withheld_in_any_breakdown(result: Breakdown) -> None:
    """
    However a breakdown's scores fall, a withheld score shows ``withheld``
    and nothing else of it shows; every other score shows its value.
    """
    table = board_table(result, checklist=_checklist_for(result.total))

    groups = [result.total, *result.groups.values()]
    scores = [s for g in groups for s in (g.overall, *g.features.values())]
    assert len(table.rows) == len(scores)
    for record, score in zip(table.records(), scores, strict=True):
        if score.withheld:
            assert record["score"] == WITHHELD
            assert record["band"] is None
        elif score.value is None:
            assert record["score"] is None
        else:
            assert record["score"] == round(score.value, 1) + 0.0


# Journeys


def test_a_journey_board(trip: Journey) -> None:
    """
    One row a step and score, with the change since the step before and
    whether it is significant.
    """
    frame = board_frame(trip)

    assert list(frame.columns) == [
        "date",
        "kind",
        "feature",
        "title",
        "score",
        "low",
        "high",
        "band",
        "respondents",
        "change",
        "significant",
    ]
    assert len(frame) == 3 * (1 + len(TITLES))
    assert str(frame["date"].dtype) == "datetime64[s]"
    assert str(frame["respondents"].dtype) == "int64"
    first_year = frame[frame["date"] == "2022-10-31"]
    assert first_year["change"].isna().all()
    assert first_year["significant"].isna().all()
    stable = frame[(frame["feature"] == "stable-leadership")]
    assert list(stable["title"].unique()) == ["Stable leadership"]
    change = trip.features["stable-leadership"].changes[1]
    last = stable.iloc[-1]
    assert last["change"] == round(change.difference or 0, 1)
    assert last["significant"] == change.significant


@given(testing.journeys())
def test_any_journey_board(result: Journey) -> None:
    """
    A row for each score each step holds; a withheld one shows
    ``withheld``, with no interval or change.
    """
    table = board_table(result, checklist=_checklist_for(result), decimals=None)

    expected = sum(1 + len(step.features) for step in result.steps)
    assert len(table.rows) == expected
    for record in table.records():
        if record["score"] == WITHHELD:
            assert (record["low"], record["high"], record["change"]) == (
                None,
                None,
                None,
            )
            assert record["significant"] is None


def test_the_journey_summary_names_features_by_title(trip: Journey) -> None:
    """
    The summary names features by their titles, from the checklist given
    or the bundled one; another checklist is refused.
    """
    summary = trip.summary()

    assert "Fell significantly: Stable leadership (-11.6)." in summary
    assert "stable-leadership" not in summary
    assert trip.summary(CHECKLIST) == summary
    with pytest.raises(MedEngageError, match="give the checklist"):
        trip.summary(_checklist_for(_scored_of(["a"])))


# Reliability


def test_a_reliability_board() -> None:
    """
    Each score with its standard error (to one place more), interval,
    answers, share missing and alpha.
    """
    errors = medengage.reliability(LATEST, CHECKLIST)

    table = board_table(errors)

    assert table.columns == (
        "kind",
        "feature",
        "title",
        "score",
        "standard_error",
        "low",
        "high",
        "respondents",
        "answers",
        "missing",
        "alpha",
        "complete_cases",
    )
    strategy = table.records()[1]
    found = errors.features["quality-strategy"]
    assert strategy["title"] == "A long-term strategy built on quality"
    assert strategy["standard_error"] == round(found.uncertainty.standard_error or 0, 2)
    assert strategy["alpha"] == round(found.alpha or 0, 2)
    assert strategy["missing"] == round(found.missing, 3)
    assert strategy["complete_cases"] == found.complete_cases


def test_a_board_table_as_a_frame_and_as_text(scored: ScoredAssessment) -> None:
    """
    A table laid out already becomes a frame as it is; it shows as text
    in a terminal, withheld scores and empty cells as such.
    """
    table = board_table(medengage.breakdown(FIRST, CHECKLIST, "grade"))

    frame = board_frame(table)

    assert list(frame.columns) == list(table.columns)
    assert len(frame) == len(table.rows)
    with pytest.raises(MedEngageError, match="laid out already"):
        board_frame(table, decimals=2)
    text = table.table().text()
    assert text.startswith("Scores by grade: ZNW 2022-10-31, strategy 'mean'")
    assert "foundation doctor  overall" in text
    assert "withheld" in text
    assert "<em>withheld</em>" in table._repr_html_()


# Writing


def test_an_xlsx_round_trip(tmp_path: Path, trip: Journey) -> None:
    """
    A workbook holds each table on its own sheet, the column names in the
    first row and the same cells below: numbers, dates and booleans as
    such, empty cells empty.
    """
    tables = [board_table(trip), board_table(medengage.reliability(LATEST, CHECKLIST))]
    path = tmp_path / "board.xlsx"

    write_board(tables, path)

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Journey", "Reliability"]
    for table, sheet in zip(tables, workbook.worksheets, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == table.columns
        assert [tuple(_as_written(c) for c in row) for row in rows[1:]] == [
            tuple(row) for row in table.rows
        ]


def test_sheet_names(tmp_path: Path, by_grade: Breakdown) -> None:
    """
    Tables of one name get numbered sheets; names given are kept, and one
    Excel refuses is refused before anything is written.
    """
    table = board_table(by_grade)
    path = tmp_path / "board.xlsx"

    write_board([table, table], path)
    assert openpyxl.load_workbook(path).sheetnames == ["By grade", "By grade (2)"]
    write_board({"Grades 2022": table}, path)
    assert openpyxl.load_workbook(path).sheetnames == ["Grades 2022"]
    before = path.read_bytes()
    for name in ("a/b", "x" * 32, "", "'quoted'"):
        with pytest.raises(MedEngageError, match="sheet"):
            write_board({name: table}, path)
    with pytest.raises(MedEngageError, match="two sheets"):
        write_board({"A": table, "a": table}, path)
    assert path.read_bytes() == before


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """
    A group named like a formula is text in a workbook, never a formula
    Excel would run, and is written after an apostrophe in CSV.
    """
    hostile = '=HYPERLINK("http://example.invalid","click")'
    table = BoardTable(
        name="Scores",
        caption="A breakdown by a hostile attribute",
        columns=("group", "score"),
        rows=[(hostile, 50.0), ("#N/A", 40.0)],
    )
    path = tmp_path / "board.xlsx"

    write_board(table, path)

    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet["A2"].value == hostile
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].data_type == "s"
    written = io.StringIO()
    write_board(table, written)
    assert written.getvalue().splitlines()[1].startswith("\"'=HYPERLINK")


def test_csv_to_a_path_and_what_it_refuses(
    tmp_path: Path, scored: ScoredAssessment
) -> None:
    """
    CSV goes to a path ending in .csv; several tables, another suffix or
    something that is not a table are refused.
    """
    table = board_table(scored, assessment=LATEST)
    path = tmp_path / "board.csv"

    write_board(table, path)

    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert tuple(rows[0]) == table.columns
    assert rows[1][:3] == ["overall", "", "Overall"]
    with pytest.raises(MedEngageError, match="CSV holds one table"):
        write_board([table, table], path)
    with pytest.raises(MedEngageError, match=r"\.xlsx for a workbook"):
        write_board(table, tmp_path / "board.txt")
    with pytest.raises(MedEngageError, match="not a BoardTable"):
        write_board([scored], path)  # type: ignore[list-item]
    with pytest.raises(MedEngageError, match="at least one"):
        write_board([], path)


def test_a_board_table_checks_its_cells() -> None:
    """
    A table made by hand is checked: a cell for each column, of a kind a
    file can hold.
    """
    with pytest.raises(ValidationError) as error:
        BoardTable(
            name="Mine",
            caption="",
            columns=("a", "a", "not a name"),
            rows=[(1, 2), (object(), math.nan, "bell\x07")],  # type: ignore[list-item]
        )

    paths = [problem.path for problem in error.value.problems]
    assert paths == [
        "columns[2]",
        "columns",
        "rows[0]",
        "rows[1][0]",
        "rows[1][1]",
        "rows[1][2]",
    ]


def test_without_openpyxl_the_excel_extra_is_named(tmp_path: Path) -> None:
    """
    Without openpyxl, writing a workbook names the extra to install, and
    CSV still works.
    """
    script = textwrap.dedent(
        f"""
        import sys
        sys.modules["openpyxl"] = None
        import medengage
        from medengage import MissingExtraError
        scored = medengage.score(*[medengage.catalogue().assessments[0]] * 1,
                                 medengage.catalogue().assessments[0].checklist)
        table = medengage.board_table(scored)
        medengage.write_board(table, {str(tmp_path / "ok.csv")!r})
        try:
            medengage.write_board(table, {str(tmp_path / "no.xlsx")!r})
        except MissingExtraError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    assert "pip install 'medengage[excel]'" in result.stdout
    assert (tmp_path / "ok.csv").exists()
    assert not (tmp_path / "no.xlsx").exists()


# The profile chart's intervals


def test_a_profile_draws_intervals_and_leaves_withheld_absent(
    by_grade: Breakdown,
) -> None:
    """
    Given the total's reliability, an error bar spans each total score's
    interval; the withheld groups still have no bar, no interval, only
    their mark.
    """
    errors = medengage.reliability(FIRST, CHECKLIST)

    figure = profile(by_grade, checklist=CHECKLIST, reliability=errors)

    [axes] = figure.axes
    [intervals] = [c for c in axes.containers if isinstance(c, ErrorbarContainer)]
    _, _, (lines,) = intervals.lines
    spans = [(segment[0][0], segment[1][0]) for segment in lines.get_segments()]
    expected = [errors.overall] + [f.uncertainty for f in errors.features.values()]
    assert [x for span in spans for x in span] == pytest.approx(
        [x for u in expected for x in (u.low, u.high)]
    )
    withheld = [t for t in axes.texts if t.get_text() == WITHHELD]
    assert len(withheld) == 2 * (1 + len(TITLES))
    legend = axes.get_legend()
    assert legend is not None
    assert "95% confidence interval" in [t.get_text() for t in legend.get_texts()]


def test_a_profile_without_intervals_draws_none(scored: ScoredAssessment) -> None:
    """
    Without a reliability no error bar is drawn; one that does not match
    its result, or the wrong number of them, is refused.
    """
    figure = profile(scored)

    [axes] = figure.axes
    assert not [c for c in axes.containers if isinstance(c, ErrorbarContainer)]
    with pytest.raises(MedEngageError, match="one reliability a result"):
        profile(scored, reliability=[None, None])
    with pytest.raises(MedEngageError, match="reliability"):
        profile(scored, reliability=medengage.reliability(FIRST, CHECKLIST))
    with pytest.raises(MedEngageError, match="cannot draw intervals"):
        profile(scored, reliability=["no"])  # type: ignore[list-item]


def test_a_profile_draws_intervals_for_the_results_that_have_them(
    scored: ScoredAssessment,
) -> None:
    """
    With several results, only those given a reliability get error bars.
    """
    first = medengage.score(FIRST, CHECKLIST)

    figure = profile(
        first, scored, reliability=[None, medengage.reliability(LATEST, CHECKLIST)]
    )

    [axes] = figure.axes
    [intervals] = [c for c in axes.containers if isinstance(c, ErrorbarContainer)]
    _, _, (lines,) = intervals.lines
    assert len(lines.get_segments()) == 1 + len(TITLES)


# Helpers


def _on_date(assessment: Assessment, date: dt.date) -> Assessment:
    return attrs.evolve(assessment, date=date)


def _as_written(cell: object) -> object:
    """
    A cell as a board table holds it: a workbook gives dates as datetimes.
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    return cell


def _scored_of(features: Iterable[str]) -> ScoredAssessment:
    score = medengage.Score(50.0, 20, band="middle")
    return ScoredAssessment(
        strategy="mean",
        trust="RTF",
        checklist="pulse",
        checklist_version=3,
        date=dt.date(2024, 10, 31),
        overall=score,
        features=dict.fromkeys(features, score),
        banding=medengage.Banding("stages", ["low", "middle", "high"], [40.0, 60.0]),
        min_respondents=11,
    )


def _checklist_for(result: ScoredAssessment | Journey) -> Checklist:
    """
    A checklist of *result*'s id and version with its features, each
    titled ``Title of <id>``.
    """
    features = list(result.features)
    if isinstance(result, Journey):
        features = list(dict.fromkeys(f for s in result.steps for f in s.features))
    scale = ResponseScale(
        "yes-no", "Yes or no", [ScalePoint(0, "No"), ScalePoint(1, "Yes")]
    )
    return Checklist(
        id=result.checklist,
        version=result.checklist_version,
        title="A checklist",
        features=[EngagementFeature(f, f"Title of {f}") for f in features]
        or [EngagementFeature("only", "Only")],
        scales=[scale],
        items=[
            ChecklistItem(f"item-{n}", "A question?", f, "yes-no")
            for n, f in enumerate(features or ["only"])
        ],
    )
