"""
Levels through the analysis layer: reliability (alpha, standard errors and
intervals of level scores), journeys and comparisons; and a checklist
without levels analysed exactly as before levels existed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from _analysis_digests import digests
from _levels_example import INSTRUMENT, survey, with_method
from _levels_example import peers as example_peers
from hypothesis import given
from hypothesis import strategies as st

import medengage
from medengage import (
    ChecklistMapping,
    Level,
    LevelMethod,
    LevelReliability,
    MedEngageError,
    NotComparableError,
    Reliability,
    ValidationError,
)


STRATEGIES = ("mean", "percent-positive", "staff-survey", "weighted")
METHODS = (None, LevelMethod.MEAN_OF_PARTS, LevelMethod.RESPONDENT_FIRST)
FOLDER = Path(__file__).parent / "documents"


def test_flat_checklists_are_analysed_as_before_levels() -> None:
    """
    Reliability, journeys and comparisons of the bundled surveys, under
    every built-in strategy, give exactly what medengage gave at 9e29d74
    (digests written by that code with tests/_analysis_digests.py).
    """
    before = json.loads((FOLDER / "main-analysis-digests.json").read_text())
    assert digests() == before


# Reliability, worked by hand (docs/reliability.md explains the formulas)


def _level(
    strategy: str, method: LevelMethod | None, level: str = "engagement"
) -> LevelReliability:
    checklist = with_method(method)
    found = medengage.reliability(
        survey(checklist), checklist, strategy, min_respondents=1
    )
    return found.levels[level]


def test_a_level_made_respondent_first_by_hand() -> None:
    # Engagement, respondent first, under mean: r1 scores 75 on motivation
    # and 100 on involvement (87.5), r2 100 and 100 (100), r3 0 on
    # motivation only (0); mean 62.5; deviations 25, 37.5, -62.5.
    u = _level("mean", LevelMethod.RESPONDENT_FIRST).uncertainty
    variance = 3 / 2 * (25**2 + 37.5**2 + 62.5**2) / 9
    assert u.value == 62.5
    assert u.standard_error == pytest.approx(math.sqrt(variance))
    # 62.5 ± 4.303 times 31.46 passes both ends of the range.
    assert (u.low, u.high) == (0.0, 100.0)


def test_a_level_made_from_its_parts_by_hand() -> None:
    # Motivation: 75, 100, 0 (mean 175/3); involvement: 100, 100. The
    # level's influence values are the mean of its parts'.
    u = _level("mean", LevelMethod.MEAN_OF_PARTS).uncertainty
    motivation = [(y - 175 / 3) / 3 for y in (75, 100, 0)]
    z = [m / 2 for m in motivation]
    assert u.value == pytest.approx((175 / 3 + 100) / 2)
    assert u.standard_error == pytest.approx(math.sqrt(3 / 2 * sum(x * x for x in z)))


def test_a_pooled_level_by_hand() -> None:
    # percent-positive pools engagement's items: (favourable, answers) of
    # (2, 3), (2, 2), (0, 1), so p = 4/6.
    u = _level("percent-positive", None).uncertainty
    z = [100 * (f - 4 / 6 * a) / 6 for f, a in ((2, 3), (2, 2), (0, 1))]
    assert u.value == pytest.approx(200 / 3)
    assert u.standard_error == pytest.approx(math.sqrt(3 / 2 * sum(x * x for x in z)))


def test_a_level_over_one_feature_is_as_uncertain_as_the_feature() -> None:
    checklist = attrs.evolve(
        INSTRUMENT, levels=[Level("only", "Only", parts=["motivation"])]
    )
    for strategy in STRATEGIES:
        for method in METHODS:
            if (strategy, method) == ("percent-positive", LevelMethod.RESPONDENT_FIRST):
                # The mean of respondents' own shares, not the pooled share.
                continue
            leveled = attrs.evolve(
                checklist, levels=[attrs.evolve(checklist.levels[0], method=method)]
            )
            found = medengage.reliability(
                survey(leveled), leveled, strategy, min_respondents=1
            )
            level = found.levels["only"].uncertainty
            feature = found.features["motivation"].uncertainty
            assert level.value == pytest.approx(feature.value)
            assert level.standard_error == pytest.approx(feature.standard_error)


def test_alpha_over_a_levels_items() -> None:
    answers = [
        {"a1": 3, "a2": 2, "b1": 3},
        {"a1": 2, "a2": 2, "b1": 1},
        {"a1": 1, "a2": 1, "b1": 2},
        {"a1": 3, "a2": 3, "b1": 3},
    ]
    assessment = attrs.evolve(
        survey(),
        respondents=[
            medengage.Respondent(id=f"r{i}", answers=a) for i, a in enumerate(answers)
        ],
    )
    found = medengage.reliability(assessment, INSTRUMENT, min_respondents=1)
    columns = [[a[item] for a in answers] for item in ("a1", "a2", "b1")]
    totals = [sum(row) for row in zip(*columns, strict=True)]

    def variance(xs: list[int]) -> float:
        mean = sum(xs) / len(xs)
        return sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)

    alpha = 3 / 2 * (1 - sum(map(variance, columns)) / variance(totals))
    engagement = found.levels["engagement"]
    assert engagement.alpha == pytest.approx(alpha)
    assert engagement.complete_cases == 4
    assert (engagement.answers, engagement.missing) == (12, 0.0)
    # Culture adds advocacy's item c1, which nobody answered.
    assert found.levels["culture"].alpha is None
    assert found.levels["culture"].complete_cases == 0


def test_withheld_levels_show_no_error_or_alpha() -> None:
    found = medengage.reliability(survey(), INSTRUMENT)
    for level in found.levels.values():
        assert level.uncertainty.withheld
        assert level.alpha is None
        assert level.uncertainty.standard_error is None


respondents = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            item: st.integers(min_value=1, max_value=3)
            for item in ("a1", "a2", "b1", "c1", "d1")
        },
    ).filter(bool),
    min_size=1,
    max_size=7,
)


def _assessment(
    checklist: medengage.Checklist, answers: list[dict[str, int]]
) -> medengage.Assessment:
    return medengage.Assessment(
        checklist=checklist,
        trust="RX1",
        date=dt.date(2025, 3, 31),
        respondents=[
            medengage.Respondent(id=f"r{i}", answers=a) for i, a in enumerate(answers)
        ],
    )


@given(
    respondents,
    st.sampled_from(STRATEGIES),
    st.sampled_from(METHODS),
    st.integers(min_value=1, max_value=3),
)
def test_level_uncertainties_agree_with_the_scores(
    answers: list[dict[str, int]],
    strategy: str,
    method: LevelMethod | None,
    min_respondents: int,
) -> None:
    checklist = with_method(method)
    assessment = _assessment(checklist, answers)
    options: dict[str, Any] = {"min_respondents": min_respondents}
    scored = medengage.score(assessment, checklist, strategy, **options)
    found = medengage.reliability(assessment, checklist, strategy, **options)
    assert list(found.levels) == [level.id for level in checklist.levels]
    for level, entry in found.levels.items():
        u, score = entry.uncertainty, scored.levels[level]
        assert (u.value, u.withheld) == (score.value, score.withheld)
        if u.standard_error is not None:
            assert u.value is not None
            assert u.low is not None
            assert u.high is not None
            assert u.standard_error >= 0
            assert scored.low <= u.low <= u.value <= u.high <= scored.high
    assert found.overall.value == scored.overall.value


def test_level_standard_errors_are_positive_where_respondents_differ() -> None:
    for strategy in STRATEGIES:
        for method in METHODS:
            for level in ("engagement", "culture"):
                error = _level(strategy, method, level).uncertainty.standard_error
                assert error is not None, (strategy, method, level)
                assert error > 0, (strategy, method, level)


def test_reliability_documents_carry_levels() -> None:
    found = medengage.reliability(survey(), INSTRUMENT, min_respondents=1)
    text = medengage.dumps(found)
    assert "\nlevels:\n  engagement:\n    level: engagement\n" in text
    assert medengage.loads(text, checklists=[INSTRUMENT]) == found


def test_old_reliability_documents_load_without_levels() -> None:
    old = medengage.load(FOLDER / "format1-reliability.yaml")
    assert isinstance(old, Reliability)
    assert old.levels == {}


def test_a_level_entry_must_match_its_key() -> None:
    found = medengage.reliability(survey(), INSTRUMENT, min_respondents=1)
    entries = dict(found.levels)
    entries["culture"] = entries["engagement"]
    with pytest.raises(ValidationError, match=r"levels\.culture\.level"):
        attrs.evolve(found, levels=entries)


# Journeys


def _later(assessment: medengage.Assessment) -> medengage.Assessment:
    return attrs.evolve(assessment, date=dt.date(2026, 3, 31))


@given(respondents, st.sampled_from(STRATEGIES), st.sampled_from(METHODS))
def test_a_journey_of_identical_assessments_shows_no_change_at_any_level(
    answers: list[dict[str, int]], strategy: str, method: LevelMethod | None
) -> None:
    checklist = with_method(method)
    assessment = _assessment(checklist, answers)
    found = medengage.journey(
        [assessment, _later(assessment)], strategy, min_respondents=1
    )
    assert list(found.levels) == [level.id for level in checklist.levels]
    for level, trend in found.levels.items():
        change = trend.across
        assert change is not None
        value = found.steps[0].levels[level].value
        assert change.difference == (None if value is None else 0.0)
        assert change.significant in (None, False)


def test_a_journey_follows_each_level_with_its_error() -> None:
    first = survey()
    answers = {"r4": {"a1": 3, "a2": 3, "b1": 3, "c1": 3, "d1": 3}}
    later = attrs.evolve(
        _later(first),
        respondents=[
            *first.respondents,
            *(medengage.Respondent(id=i, answers=a) for i, a in answers.items()),
        ],
    )
    found = medengage.journey([later, first], min_respondents=1)
    before = medengage.reliability(first, INSTRUMENT, min_respondents=1)
    after = medengage.reliability(later, INSTRUMENT, min_respondents=1)
    change = found.levels["engagement"].across
    assert change is not None
    old = before.levels["engagement"].uncertainty
    new = after.levels["engagement"].uncertainty
    assert old.value is not None
    assert new.value is not None
    assert old.standard_error is not None
    assert new.standard_error is not None
    assert change.difference == pytest.approx(new.value - old.value)
    assert change.standard_error == pytest.approx(
        math.hypot(old.standard_error, new.standard_error)
    )
    rows = {row[0]: row for row in found.table().rows}
    assert rows["engagement (level)"][-1] == f"{change.difference:+.1f}"
    assert medengage.loads(medengage.dumps(found), checklists=[INSTRUMENT]) == found


def _renamed() -> medengage.Checklist:
    """
    Version 2 of the instrument, its engagement level renamed.
    """
    levels = [
        attrs.evolve(INSTRUMENT.levels[0], id="commitment"),
        attrs.evolve(INSTRUMENT.levels[1], parts=["commitment", "advocacy"]),
    ]
    return attrs.evolve(INSTRUMENT, version=2, levels=levels)


def test_checklists_that_differ_in_levels_are_not_comparable_unless_mapped() -> None:
    v2 = _renamed()
    later = attrs.evolve(_later(survey()), checklist=v2)
    unmapped = ChecklistMapping.matching(INSTRUMENT, v2)
    assert unmapped.levels == {"culture": "culture"}
    bare = attrs.evolve(unmapped, levels={})
    with pytest.raises(NotComparableError, match="version 2 lacks: engagement "):
        medengage.journey([survey(), later], mappings=[bare], min_respondents=1)
    mapped = attrs.evolve(
        unmapped, levels={"engagement": "commitment", "culture": "culture"}
    )
    found = medengage.journey([survey(), later], mappings=[mapped], min_respondents=1)
    assert list(found.levels) == ["commitment", "culture"]
    assert found.levels["commitment"].across is not None
    assert found.levels["commitment"].across.difference == 0.0
    # A mapping that names levels leaves out those it does not name.
    found = medengage.journey([survey(), later], mappings=[unmapped], min_respondents=1)
    assert found.steps[0].levels.keys() == {"culture"}
    assert found.levels["commitment"].across is not None
    assert found.levels["commitment"].across.before is None


def test_a_mapping_naming_a_level_a_version_lacks_is_refused() -> None:
    v2 = _renamed()
    later = attrs.evolve(_later(survey()), checklist=v2)
    wrong = attrs.evolve(
        ChecklistMapping.matching(INSTRUMENT, v2), levels={"engagement": "nowhere"}
    )
    with pytest.raises(MedEngageError, match="names the target level 'nowhere'"):
        medengage.journey([survey(), later], mappings=[wrong], min_respondents=1)


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({"a": "b", "c": "b"}, "maps onto 'b' already"),
        ({"a": "not an id"}, "is not a valid level id"),
    ],
)
def test_invalid_level_mappings(levels: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        ChecklistMapping("a", 1, "a", 2, levels=levels)


def test_a_reliability_of_other_levels_is_refused_in_a_journey() -> None:
    scored = medengage.score(survey(), INSTRUMENT, min_respondents=1)
    found = medengage.reliability(survey(), INSTRUMENT, min_respondents=1)
    with pytest.raises(MedEngageError, match="other features or levels"):
        medengage.Journey.from_scored([(scored, attrs.evolve(found, levels={}))])


# Comparisons


def test_level_scores_are_compared_with_peers() -> None:
    base = survey()
    peers = example_peers()
    scored = medengage.score(base, INSTRUMENT, min_respondents=1)
    found = medengage.compare(scored, peers)
    assert list(found.levels) == ["engagement", "culture"]
    standing = found.levels["engagement"]
    values = sorted(p.levels["engagement"].value for p in peers)  # type: ignore[type-var]
    assert standing.peers == 3
    assert standing.median == values[1]
    assert standing.value == scored.levels["engagement"].value
    below = sum(v < standing.value for v in values)  # type: ignore[operator]
    equal = sum(v == standing.value for v in values)
    assert standing.percentile == pytest.approx(100 * (below + equal / 2) / 3)


def test_a_flat_comparison_has_no_levels() -> None:
    cat = medengage.catalogue()
    scored = [medengage.score(a, a.checklist) for a in cat.assessments]
    assert medengage.compare(scored[0], scored).levels == {}


# The MES-shaped example (docs/instruments.md)

MES_EXAMPLE = Path(__file__).parents[1] / "docs" / "examples" / "mes-shaped.yaml"


def test_the_mes_shaped_example_has_the_scales_structure() -> None:
    text = MES_EXAMPLE.read_text(encoding="utf-8")
    mes = medengage.loads(text, medengage.Checklist)
    assert medengage.dumps(mes) == text
    assert len(mes.items) == 30
    assert all(item.prompt.startswith("PLACEHOLDER") for item in mes.items)
    assert [len(mes.scale(item.scale).points) for item in mes.items] == [5] * 30
    assert len(mes.features) == 6
    meta = [level.id for level in mes.levels if level.id != "index"]
    assert len(meta) == 3
    assert all(len(mes.features_under(level)) == 2 for level in meta)
    assert mes.parts_of("index") == tuple(meta)
    assert mes.parts_of(None) == ("index",)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_the_mes_shaped_example_scores_in_bands(strategy: str) -> None:
    mes = medengage.load(MES_EXAMPLE, medengage.Checklist)
    assessment = medengage.Assessment(
        checklist=mes,
        trust="RX1",
        date=dt.date(2025, 3, 31),
        respondents=[
            medengage.Respondent(
                f"d{n}",
                answers={
                    item.id: min(5, 1 + (n + position) % 4 + position // 10)
                    for position, item in enumerate(mes.items)
                },
            )
            for n in range(12)
        ],
    )
    scored = medengage.score(assessment, mes, strategy)
    bands = medengage.Banding(
        "made-up", ["low", "middle", "high"], [scored.high * 0.4, scored.high * 0.7]
    )
    scored = medengage.score(assessment, mes, strategy, banding=bands)
    assert list(scored.levels) == [level.id for level in mes.levels]
    assert scored.overall.value == scored.levels["index"].value
    for score in scored.levels.values():
        assert score.value is not None
        assert score.band == bands.band(score.value)
    found = medengage.reliability(assessment, mes, strategy)
    for level in scored.levels:
        assert found.levels[level].uncertainty.value == scored.levels[level].value
        assert found.levels[level].alpha is not None
