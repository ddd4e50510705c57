"""
Levels: scales within scales, declared in a checklist.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from _levels_example import INSTRUMENT

import medengage
from medengage import (
    Checklist,
    Level,
    LevelMethod,
    Score,
    ScoredAssessment,
    ValidationError,
)


def test_accessors() -> None:
    assert INSTRUMENT.level("culture").parts == ("engagement", "advocacy")
    assert [f.id for f in INSTRUMENT.features_under("culture")] == [
        "motivation",
        "involvement",
        "advocacy",
    ]
    assert [i.id for i in INSTRUMENT.items_under("engagement")] == ["a1", "a2", "b1"]
    assert INSTRUMENT.parts_of(None) == ("culture", "voice")
    assert INSTRUMENT.parent_of("motivation") == "engagement"
    assert INSTRUMENT.parent_of("engagement") == "culture"
    assert INSTRUMENT.parent_of("voice") is None
    with pytest.raises(KeyError):
        INSTRUMENT.level("motivation")


def test_a_flat_checklist_has_every_feature_at_the_top() -> None:
    flat = attrs.evolve(INSTRUMENT, levels=())
    assert flat.parts_of(None) == ("motivation", "involvement", "advocacy", "voice")


def _levels(*levels: Level) -> Checklist:
    return attrs.evolve(INSTRUMENT, levels=levels)


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (
            [Level("x", "X", ["nowhere"])],
            "levels[0].parts[0]: no feature or level 'nowhere' in this checklist; "
            "known ids: motivation, involvement, advocacy, voice, x",
        ),
        (
            [Level("x", "X", ["y"]), Level("y", "Y", ["x"])],
            "levels[1].parts[0]: level 'x' would be part of itself (x in y in x)",
        ),
        (
            [Level("x", "X", ["x"])],
            "levels[0].parts[0]: level 'x' would be part of itself (x in x)",
        ),
        (
            [Level("x", "X", ["voice"]), Level("y", "Y", ["advocacy", "voice"])],
            "levels[1].parts[1]: 'voice' is part of level 'x' already "
            "(levels[0].parts[0])",
        ),
        (
            [Level("voice", "X", ["advocacy"])],
            "levels[0].id: 'voice' is the id of a feature",
        ),
        ([Level("x", "X", [])], "levels[0].parts: a level needs at least one part"),
        (
            [Level("x", "X", ["voice"]), Level("x", "X", ["advocacy"])],
            "levels[1].id: duplicate level id 'x': levels[0] has it already",
        ),
    ],
)
def test_bad_levels_are_refused_saying_where(
    levels: list[Level], expected: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _levels(*levels)
    assert expected in str(raised.value)


def test_levels_are_immutable() -> None:
    level = Level("x", "X", ["voice"])
    assert level.parts == ("voice",)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        level.parts = ()  # type: ignore[misc]


def test_a_checklist_with_levels_round_trips() -> None:
    deep = attrs.evolve(
        INSTRUMENT,
        levels=[
            attrs.evolve(level, method=LevelMethod.RESPONDENT_FIRST)
            for level in INSTRUMENT.levels
        ],
    )
    text = medengage.dumps(deep)
    assert "method: respondent-first" in text
    assert medengage.loads(text, Checklist) == deep


def test_a_level_in_a_document_is_checked_with_its_line() -> None:
    text = medengage.dumps(INSTRUMENT).replace("- advocacy", "- advocacyy")
    with pytest.raises(medengage.DocumentError) as raised:
        medengage.loads(text, Checklist)
    problem = raised.value.problems[0]
    assert problem.path == "levels[1].parts[1]"
    assert problem.line is not None


def test_a_flat_checklist_writes_no_levels() -> None:
    flat = attrs.evolve(INSTRUMENT, levels=())
    assert "levels" not in medengage.dumps(flat)


def _scored(**levels: Score) -> ScoredAssessment:
    score = Score(value=50.0, respondents=3)
    return ScoredAssessment(
        strategy="mean",
        trust="RX1",
        checklist=INSTRUMENT.id,
        checklist_version=INSTRUMENT.version,
        date=dt.date(2025, 3, 31),
        overall=score,
        features={f.id: score for f in INSTRUMENT.features},
        banding=medengage.JOURNEY_STAGES,
        min_respondents=1,
        levels=levels,
    )


def test_a_scored_assessment_with_levels_round_trips() -> None:
    scored = _scored(
        engagement=Score(value=40.0, respondents=3), culture=Score(None, 0)
    )
    assert medengage.loads(medengage.dumps(scored), ScoredAssessment) == scored
    scored.check_keys(INSTRUMENT)


def test_level_scores_stay_in_range() -> None:
    with pytest.raises(ValidationError, match=r"levels\.engagement\.value"):
        _scored(engagement=Score(value=140.0, respondents=3))


def test_check_keys_names_stray_and_missing_scores() -> None:
    scored = _scored(
        engagement=Score(value=40.0, respondents=3), made_up=Score(None, 0)
    )
    with pytest.raises(ValidationError) as raised:
        scored.check_keys(INSTRUMENT)
    message = str(raised.value)
    assert "'made_up'" in message
    assert "no score for 'culture'" in message
    stray = attrs.evolve(
        scored,
        levels={},
        features={**scored.features, "imagined": Score(None, 0)},
    )
    with pytest.raises(ValidationError, match="'imagined'"):
        stray.check_keys(attrs.evolve(INSTRUMENT, levels=()))


class _Inventive:
    """A careless plugin strategy: it scores a feature the checklist lacks."""

    name = "inventive"

    def score(
        self, assessment: medengage.Assessment, checklist: Checklist, **options: object
    ) -> ScoredAssessment:
        scored = medengage.score(assessment, checklist, "mean", min_respondents=1)
        return attrs.evolve(
            scored,
            strategy=self.name,
            features={**scored.features, "meta-scale": Score(None, 0)},
            levels={},
        )


def test_the_front_door_refuses_scores_the_checklist_does_not_have() -> None:
    from _levels_example import survey

    with pytest.raises(medengage.MedEngageError) as raised:
        medengage.score(survey(), INSTRUMENT, _Inventive())
    message = str(raised.value)
    assert "'inventive'" in message
    assert "'meta-scale'" in message
    assert "no score for 'engagement', 'culture'" in message


def test_tables_show_level_rows() -> None:
    from _levels_example import survey

    scored = medengage.score(survey(), INSTRUMENT, min_respondents=1)
    text = scored.table().text()
    assert "engagement (level)" in text
    assert "culture (level)" in text
    by = attrs.evolve(
        survey(),
        respondents=[
            attrs.evolve(r, attributes={"grade": "consultant"})
            for r in survey().respondents
        ],
    )
    table = medengage.breakdown(by, INSTRUMENT, "grade", min_respondents=1).table()
    assert [row[0] for row in table.rows][2:4] == [
        "engagement (level)",
        "culture (level)",
    ]


def test_tidy_scores_have_a_row_for_each_level() -> None:
    import csv
    import io

    from _levels_example import survey

    from medengage.csv import write_scores_csv

    scored = medengage.score(survey(), INSTRUMENT, min_respondents=1)
    out = io.StringIO()
    write_scores_csv(scored, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["feature"], r["level"]) for r in rows] == [
        ("", ""),
        ("", "engagement"),
        ("", "culture"),
        ("motivation", ""),
        ("involvement", ""),
        ("advocacy", ""),
        ("voice", ""),
    ]
    assert float(rows[1]["value"]) == scored.levels["engagement"].value
