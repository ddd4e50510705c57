"""
Disclosure control at every level: an attacker with every published
result cannot work out a withheld group's level score.
"""

from __future__ import annotations

import attrs
from _levels_example import survey, with_method

import medengage
from medengage import Assessment, LevelMethod, Respondent, Score


FULL = {"a1": 3, "a2": 2, "b1": 3, "c1": 2, "d1": 1}
LOW = {"a1": 1, "a2": 1, "b1": 1, "c1": 1, "d1": 1}


def _graded(method: LevelMethod | None) -> Assessment:
    checklist = with_method(method)
    consultants = [
        Respondent(id=f"c{n}", attributes={"grade": "consultant"}, answers=FULL)
        for n in range(20)
    ]
    residents = [
        Respondent(id=f"r{n}", attributes={"grade": "resident"}, answers=LOW)
        for n in range(3)
    ]
    return attrs.evolve(survey(checklist), respondents=consultants + residents)


def test_the_complementary_group_withholds_its_levels_too() -> None:
    for method in (None, *LevelMethod):
        assessment = _graded(method)
        result = medengage.breakdown(
            assessment, assessment.checklist, "grade", min_respondents=5
        )
        consultants, residents = result.groups["consultant"], result.groups["resident"]
        assert residents.withheld
        assert consultants.withheld
        for level in ("engagement", "culture"):
            total = result.total.levels[level]
            assert total.value is not None
            # Were the consultants' level shown, the total and theirs would
            # give the residents' (everyone answered everything, so any
            # level is a mean over respondents).
            assert consultants.levels[level].withheld
            assert residents.levels[level].withheld
        assert medengage.audit(assessment, [result]).safe


def test_the_audit_finds_a_level_given_away_by_another_result() -> None:
    assessment = _graded(LevelMethod.RESPONDENT_FIRST)
    checklist = assessment.checklist
    result = medengage.breakdown(assessment, checklist, "grade", min_respondents=5)
    part = attrs.evolve(assessment, respondents=assessment.respondents[:20])
    # A careless publisher shows the consultants' engagement alone, from a
    # separate run, with every other score of theirs withheld.
    scored = medengage.score(part, checklist, min_respondents=5)
    careless = attrs.evolve(
        scored,
        overall=scored.overall.withhold(),
        features={f: s.withhold() for f, s in scored.features.items()},
        levels={
            "engagement": scored.levels["engagement"],
            "culture": scored.levels["culture"].withhold(),
        },
    )

    found = medengage.audit(assessment, [result, (careless, part)])

    # The consultants' engagement is published outright, and the total's
    # less theirs is the residents'.
    assert [(d.score, d.groups) for d in found.disclosures] == [
        ("engagement", ("grade=consultant",)),
        ("engagement", ("grade=resident",)),
    ]


def test_a_level_made_from_features_is_read_from_them() -> None:
    # Shown with its features, a level made from its parts adds nothing an
    # attacker can use: the audit finds nothing in a breakdown.
    assessment = _graded(LevelMethod.MEAN_OF_PARTS)
    result = medengage.breakdown(
        assessment, assessment.checklist, "grade", "weighted", min_respondents=5
    )
    assert medengage.audit(assessment, [result]).safe
    assert isinstance(result.total.levels["culture"], Score)


def test_a_crossed_breakdown_withholds_levels_with_their_groups() -> None:
    assessment = _graded(LevelMethod.RESPONDENT_FIRST)
    sited = attrs.evolve(
        assessment,
        respondents=[
            attrs.evolve(r, attributes={**r.attributes, "site": f"s{n % 2}"})
            for n, r in enumerate(assessment.respondents)
        ],
    )
    crossed = medengage.breakdown(
        sited, sited.checklist, ("grade", "site"), min_respondents=5
    )
    for group in crossed.groups.values():
        if group.withheld:
            assert all(score.withheld for score in group.levels.values())
    assert medengage.audit(sited, [crossed]).safe
