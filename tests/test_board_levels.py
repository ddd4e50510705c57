"""
Levels in board tables, frames and files, and in a journey's summary and
bands: a row for each level, titled, between the overall score and the
features, with what a feature's row has.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import attrs
import openpyxl
import pytest
from _levels_example import INSTRUMENT, survey, with_grades
from _levels_example import peers as example_peers

import medengage
from medengage import BoardTable, Journey, Respondent, board_table, write_board
from medengage.pandas import board_frame


LEVEL_ROWS = [
    ("overall", None, "Overall"),
    ("level", "engagement", "Engagement"),
    ("level", "culture", "Culture"),
    ("feature", "motivation", "Motivation"),
    ("feature", "involvement", "Involvement"),
    ("feature", "advocacy", "Advocacy"),
    ("feature", "voice", "Voice"),
]


def _identities(table: BoardTable) -> list[tuple[object, object, object]]:
    return list(
        zip(
            table.column("kind"),
            table.column("feature"),
            table.column("title"),
            strict=True,
        )
    )


def _row(table: BoardTable, id: str | None, **where: object) -> Mapping[str, object]:
    (found,) = [
        row
        for row in table.records()
        if row["feature"] == id and all(row[k] == v for k, v in where.items())
    ]
    return found


def _later() -> medengage.Assessment:
    """
    The example assessment a year on, with a fourth respondent agreeing
    with everything.
    """
    first = survey()
    return attrs.evolve(
        first,
        date=dt.date(2026, 3, 31),
        respondents=[
            *first.respondents,
            Respondent(id="r4", answers={"a1": 3, "a2": 3, "b1": 3, "c1": 3, "d1": 3}),
        ],
    )


@pytest.fixture(scope="module")
def trip() -> Journey:
    return medengage.journey([survey(), _later()], min_respondents=1)


def test_a_scored_assessment_has_a_row_for_each_level() -> None:
    """
    Levels sit between the overall score and the features, titled, with
    their intervals from the reliability, as the profile chart orders them.
    """
    assessment = survey()
    scored = medengage.score(assessment, INSTRUMENT, min_respondents=1)
    table = board_table(scored, checklist=INSTRUMENT, assessment=assessment)
    assert _identities(table) == LEVEL_ROWS
    its_reliability = medengage.reliability(assessment, INSTRUMENT, min_respondents=1)
    for level, found in its_reliability.levels.items():
        row = _row(table, level)
        shown = found.uncertainty
        assert shown.value is not None
        assert shown.low is not None
        assert shown.high is not None
        assert row["score"] == round(shown.value, 1)
        assert (row["low"], row["high"]) == (round(shown.low, 1), round(shown.high, 1))
        assert row["band"] == scored.levels[level].band
        assert row["respondents"] == scored.levels[level].respondents


def test_a_level_has_its_peer_standing() -> None:
    base = survey()
    peers = example_peers()
    scored = medengage.score(base, INSTRUMENT, min_respondents=1)
    comparison = medengage.compare(scored, peers)
    table = board_table(scored, checklist=INSTRUMENT, comparison=comparison)
    for level, standing in comparison.levels.items():
        row = _row(table, level)
        assert row["kind"] == "level"
        assert row["peers"] == standing.peers
        assert standing.median is not None
        assert row["peer_median"] == round(standing.median, 1)


def test_a_comparison_of_other_level_scores_is_refused() -> None:
    base = survey()
    scored = medengage.score(base, INSTRUMENT, min_respondents=1)
    comparison = medengage.compare(scored, [scored])
    moved = attrs.evolve(
        comparison,
        levels={
            **comparison.levels,
            "culture": attrs.evolve(comparison.levels["culture"], value=1.0),
        },
    )
    with pytest.raises(medengage.MedEngageError, match="level 'culture'"):
        board_table(scored, checklist=INSTRUMENT, comparison=moved)


def test_a_reliability_of_other_level_scores_is_refused() -> None:
    assessment = survey()
    scored = medengage.score(assessment, INSTRUMENT, min_respondents=1)
    found = medengage.reliability(assessment, INSTRUMENT, min_respondents=1)
    culture = found.levels["culture"]
    moved = attrs.evolve(
        found,
        levels={
            **found.levels,
            "culture": attrs.evolve(
                culture,
                uncertainty=attrs.evolve(
                    culture.uncertainty, value=1.0, low=0.0, high=2.0
                ),
            ),
        },
    )
    with pytest.raises(medengage.MedEngageError, match="level 'culture'"):
        board_table(scored, checklist=INSTRUMENT, reliability=moved)


def test_a_breakdown_has_level_rows_for_each_group() -> None:
    assessment = with_grades(survey(), ["consultant", "consultant", "sas"])
    result = medengage.breakdown(assessment, INSTRUMENT, "grade", min_respondents=1)
    table = board_table(result, checklist=INSTRUMENT, assessment=assessment)
    for group in ("all respondents", "consultant", "sas"):
        rows = [
            (row["kind"], row["feature"], row["title"])
            for row in table.records()
            if row["group"] == group
        ]
        assert rows == LEVEL_ROWS
    consultants = result.groups["consultant"]
    row = _row(table, "engagement", group="consultant")
    value = consultants.levels["engagement"].value
    assert value is not None
    assert row["score"] == round(value, 1)
    assert row["low"] is not None


def test_a_reliability_board_has_a_row_for_each_level() -> None:
    found = medengage.reliability(survey(), INSTRUMENT, min_respondents=1)
    table = board_table(found, checklist=INSTRUMENT)
    assert _identities(table) == LEVEL_ROWS
    for level, its in found.levels.items():
        row = _row(table, level)
        assert row["answers"] == its.answers
        assert row["complete_cases"] == its.complete_cases
        assert row["missing"] == round(its.missing, 3)
        assert row["alpha"] == (None if its.alpha is None else round(its.alpha, 2))


def test_a_journey_board_has_each_level_with_its_change(trip: Journey) -> None:
    table = board_table(trip, checklist=INSTRUMENT)
    assert _identities(table) == LEVEL_ROWS * 2
    for level, trend in trip.levels.items():
        first = _row(table, level, date=dt.date(2025, 3, 31))
        assert (first["change"], first["significant"]) == (None, None)
        later = _row(table, level, date=dt.date(2026, 3, 31))
        (change,) = trend.changes
        assert change.difference is not None
        assert later["change"] == round(change.difference, 1)
        assert later["significant"] == change.significant
        assert later["low"] is not None


def test_levels_are_written_to_csv_and_xlsx(tmp_path: Path, trip: Journey) -> None:
    table = board_table(trip, checklist=INSTRUMENT)
    buffer = io.StringIO()
    write_board(table, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [(r["kind"], r["title"]) for r in rows][:3] == [
        ("overall", "Overall"),
        ("level", "Engagement"),
        ("level", "Culture"),
    ]
    path = tmp_path / "board.xlsx"
    write_board(table, path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    written = list(sheet.iter_rows(values_only=True))
    kinds = [row[written[0].index("kind")] for row in written[1:]]
    assert kinds == [kind for kind, _, _ in LEVEL_ROWS] * 2


def test_a_board_frame_has_the_level_rows(trip: Journey) -> None:
    frame = board_frame(trip, checklist=INSTRUMENT)
    assert list(frame["kind"])[:3] == ["overall", "level", "level"]
    assert list(frame["title"])[1:3] == ["Engagement", "Culture"]


# The journey's summary and bands


def test_the_journey_summary_covers_levels(trip: Journey) -> None:
    """
    Levels are grouped by what they did, as features are, before the
    features, and named by their titles.
    """
    lines = trip.summary(INSTRUMENT).splitlines()
    level_lines = [line for line in lines if line.startswith("Levels")]
    assert len(level_lines) >= 3
    assert lines.index(level_lines[0]) == 3
    named = " ".join(level_lines)
    for level in INSTRUMENT.levels:
        assert level.title in named
        assert f"{level.id}" not in named
    for line in lines[3 + len(level_lines) :]:
        assert "Engagement" not in line
        assert "Culture" not in line


def test_a_flat_journey_summary_has_no_level_lines() -> None:
    cat = medengage.catalogue()
    found = medengage.journey(cat.assessments_of("ZNW"))
    assert not [
        line for line in found.summary().splitlines() if line.startswith("Levels")
    ]


def test_bands_of_a_level(trip: Journey) -> None:
    for level in trip.levels:
        bands = trip.bands(level)
        assert list(bands) == list(trip.dates)
        assert list(bands.values()) == [step.levels[level].band for step in trip.steps]
    with pytest.raises(KeyError):
        trip.bands("no-such-level")
