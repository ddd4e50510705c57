"""
Disclosure control against differencing: the five ways withheld scores
were worked out from results published together, each now protected by
`medengage.breakdown` and caught by `medengage.audit` when results are made
the old way; and an attacker, written apart from the library, over random
surveys.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Sequence

import pytest
from _attacker import Attacker, Group, groups_of
from _old_disclosure import old_breakdown, old_score
from hypothesis import given, settings
from hypothesis import strategies as st

import medengage
from medengage import Audience, ChecklistItem, EngagementFeature, Respondent
from medengage._audit import Published


FIVE = medengage.ResponseScale(
    id="agree5",
    title="Agreement",
    points=[
        medengage.ScalePoint(value, str(value), favourable=value >= 4)
        for value in range(1, 6)
    ],
)
CHECKLIST = medengage.Checklist(
    id="engagement",
    version=1,
    title="Engagement",
    features=[
        EngagementFeature(id="voice", title="Voice"),
        EngagementFeature(id="learning", title="Learning"),
        EngagementFeature(id="board", title="Board"),
    ],
    scales=[FIVE],
    items=[
        ChecklistItem(id="v1", prompt="One.", feature="voice", scale="agree5"),
        ChecklistItem(id="v2", prompt="Two.", feature="voice", scale="agree5"),
        ChecklistItem(id="l1", prompt="Three.", feature="learning", scale="agree5"),
        ChecklistItem(
            id="l2",
            prompt="Four.",
            feature="learning",
            scale="agree5",
            audience=Audience.ORGANISATION,
        ),
        ChecklistItem(
            id="b1",
            prompt="Five.",
            feature="board",
            scale="agree5",
            audience=Audience.ORGANISATION,
        ),
    ],
)
DOCTORS_ITEMS = ("v1", "v2", "l1")
STRATEGIES = ("mean", "staff-survey", "percent-positive", "weighted")


def survey(
    groups: Sequence[tuple[dict[str, str], int, Sequence[str]]], seed: int = 1
) -> medengage.Assessment:
    """
    An assessment with *count* respondents for each group, each with those
    attributes, answering those items at random.
    """
    rng = random.Random(seed)
    respondents: list[Respondent] = []
    for attributes, count, items in groups:
        for _ in range(count):
            respondents.append(
                Respondent(
                    id=f"r{len(respondents) + 1}",
                    attributes=attributes,
                    answers={item: rng.randint(1, 5) for item in items},
                )
            )
    return medengage.Assessment(
        checklist=CHECKLIST,
        trust="ZNW",
        date=dt.date(2025, 1, 31),
        respondents=respondents,
    )


def attack(assessment: medengage.Assessment, results: Sequence[object]) -> list[str]:
    groups: list[Group] = []
    for result in results:
        groups += groups_of(result, assessment)  # type: ignore[arg-type]
    return Attacker(assessment, groups).findings()


def protected(
    assessment: medengage.Assessment, strategy: str, crossed: bool = True
) -> list[Published]:
    """
    The total, every single-attribute breakdown and every crossed pair,
    each by its own call.
    """
    names = sorted({n for r in assessment.respondents for n in r.attributes})
    results: list[Published] = [medengage.score(assessment, CHECKLIST, strategy)]
    results += [medengage.breakdown(assessment, CHECKLIST, n, strategy) for n in names]
    if crossed:
        results += [
            medengage.breakdown(assessment, CHECKLIST, pair, strategy)
            for pair in itertools.combinations(names, 2)
        ]
    return results


# Case 1: a group's own overall undoes the score withheld as a complement.
CASE_1 = survey(
    [
        ({"grade": "a"}, 5, DOCTORS_ITEMS),
        ({"grade": "b"}, 30, DOCTORS_ITEMS),
        # Group c answers nothing of learning: its score there has no value,
        # so the old complement for learning fell on b, whose overall stays.
        ({"grade": "c"}, 20, ("v1", "v2")),
        ({"grade": "d"}, 60, DOCTORS_ITEMS),
    ]
)


def test_case_1_the_old_way_is_caught() -> None:
    """
    Made the old way, b's overall and voice give away its learning score,
    withheld as the complement, and so a's.
    """
    old = old_breakdown(CASE_1, "grade")
    assert old.groups["b"].features["learning"].withheld
    assert not old.groups["b"].overall.withheld

    found = medengage.audit(CASE_1, [old])

    assert not found.safe
    assert {("learning", ("grade=a",)), ("learning", ("grade=b",))} <= {
        (d.score, d.groups) for d in found.disclosures
    }
    assert "learning of grade=a" in attack(CASE_1, [old])


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_case_1_is_protected(strategy: str) -> None:
    """
    A group withheld as a complement is withheld whole.
    """
    by_grade = medengage.breakdown(CASE_1, CHECKLIST, "grade", strategy)

    for name in ("a", "c"):
        assert by_grade.groups[name].overall.withheld
    assert medengage.audit(CASE_1, [by_grade]).safe
    assert attack(CASE_1, [by_grade]) == []


# Case 2: two small groups withheld together, with no complement.
CASE_2 = survey(
    [
        ({"grade": "a"}, 4, DOCTORS_ITEMS),
        ({"grade": "b"}, 5, DOCTORS_ITEMS),
        ({"grade": "c"}, 40, DOCTORS_ITEMS),
        ({"grade": "d"}, 25, DOCTORS_ITEMS),
    ]
)


def test_case_2_the_old_way_is_caught() -> None:
    """
    Made the old way, a and b together (9 doctors) are the total less the
    rest.
    """
    old = old_breakdown(CASE_2, "grade")

    found = medengage.audit(CASE_2, [old])

    assert any(
        set(d.groups) == {"grade=a", "grade=b"} and d.doctors == 9
        for d in found.disclosures
    )
    assert any(
        "grade=a + grade=b" in f or "grade=b + grade=a" in f
        for f in attack(CASE_2, [old])
    )


def test_case_2_is_protected() -> None:
    """
    A third group is withheld, the smallest that makes the union large
    enough: d (25), not c (40).
    """
    by_grade = medengage.breakdown(CASE_2, CHECKLIST, "grade")

    assert [n for n, g in by_grade.groups.items() if g.overall.withheld] == [
        "d",
        "b",
        "a",
    ]
    assert medengage.audit(CASE_2, [by_grade]).safe
    assert attack(CASE_2, [by_grade]) == []


# Case 3: breakdowns side by side, in the bundled 2022 survey.
BUNDLED = medengage.catalogue()
FIRST_YEAR = BUNDLED.assessments[0]


def test_case_3_the_old_way_is_caught() -> None:
    """
    Made the old way, grade withholds the nine foundation doctors and, as
    their complement, the board member, whom role publishes: the foundation
    doctors' every score follows.
    """
    by_grade = old_breakdown(FIRST_YEAR, "grade")
    by_role = old_breakdown(FIRST_YEAR, "role")
    assert by_grade.groups[medengage.NOT_STATED].overall.withheld
    assert not by_role.groups["board"].overall.withheld

    found = medengage.audit(FIRST_YEAR, [by_grade, by_role])

    leaked = {
        d.score for d in found.disclosures if d.groups == ("grade=foundation doctor",)
    }
    own = {
        f.id
        for f in FIRST_YEAR.checklist.features
        if any(
            i.audience is Audience.INDIVIDUAL
            for i in FIRST_YEAR.checklist.items_for(f.id)
        )
    }
    assert leaked == own | {"overall"}


def test_case_3_is_protected() -> None:
    """
    The plan sees that the board member's group is the same in both
    breakdowns, so never uses it as a complement: the specialty doctors
    are withheld instead, and the board member's answers, given for the
    organisation, stay published.
    """
    checklist = FIRST_YEAR.checklist
    by_grade = medengage.breakdown(FIRST_YEAR, checklist, "grade")
    by_role = medengage.breakdown(FIRST_YEAR, checklist, "role")

    assert {n for n, g in by_grade.groups.items() if g.overall.withheld} == {
        "foundation doctor",
        "specialty doctor",
    }
    assert not by_role.groups["board"].overall.withheld
    assert medengage.audit(FIRST_YEAR, [by_grade, by_role]).safe


# Case 4: the overall under staff-survey, from groups whose members answered
# the same features.
CASE_4 = survey(
    [
        ({"grade": "consultant"}, 30, DOCTORS_ITEMS),
        ({"grade": "resident"}, 20, DOCTORS_ITEMS),
        ({"grade": "specialty"}, 4, DOCTORS_ITEMS),
        ({"grade": "associate"}, 3, DOCTORS_ITEMS),
        # The locum answered voice only.
        ({"grade": "locum"}, 1, ("v1",)),
    ]
)


def test_case_4_the_old_way_is_caught() -> None:
    """
    Made the old way, the three small groups (8 doctors) are withheld with
    no complement; the overall, set against the features, then solves for
    the locum alone.
    """
    old = old_breakdown(CASE_4, "grade", "staff-survey")

    found = medengage.audit(CASE_4, [old])

    assert any(
        d.score == "overall" and d.groups == ("grade=locum",) for d in found.disclosures
    )
    assert "overall of grade=locum" in attack(CASE_4, [old])


def test_case_4_is_protected() -> None:
    """
    Now a fourth group is withheld with the three, and the total's overall
    is withheld too, as its respondents answered different numbers of
    features.
    """
    total = medengage.score(CASE_4, CHECKLIST, "staff-survey")
    by_grade = medengage.breakdown(CASE_4, CHECKLIST, "grade", "staff-survey")

    assert total.overall.withheld
    assert not total.features["voice"].withheld
    assert by_grade.groups["resident"].overall.withheld
    assert medengage.audit(CASE_4, [total, by_grade]).safe
    assert attack(CASE_4, [total, by_grade]) == []


# Case 5: sub-assessments, filtered and scored by hand.
CASE_5 = survey(
    [
        ({"grade": "foundation", "specialty": "surgery"}, 3, DOCTORS_ITEMS),
        ({"grade": "foundation", "specialty": "medicine"}, 11, DOCTORS_ITEMS),
        ({"grade": "consultant", "specialty": "surgery"}, 25, DOCTORS_ITEMS),
        ({"grade": "consultant", "specialty": "medicine"}, 30, DOCTORS_ITEMS),
        ({"grade": "resident", "specialty": "surgery"}, 14, DOCTORS_ITEMS),
        ({"grade": "resident", "specialty": "medicine"}, 20, DOCTORS_ITEMS),
    ]
)


def _part(specialty: str) -> medengage.Assessment:
    people = [r for r in CASE_5.respondents if r.attributes["specialty"] == specialty]
    return medengage.Assessment(
        checklist=CHECKLIST, trust="ZNW", date=CASE_5.date, respondents=people
    )


def test_case_5_the_old_way_is_caught() -> None:
    """
    The trust's breakdown by grade beside each specialty's, made by hand
    from filtered sub-assessments: the three foundation doctors in surgery
    are the trust's foundation doctors less medicine's.
    """
    results: list[Published] = [
        old_breakdown(CASE_5, "grade"),
        (old_breakdown(_part("surgery"), "grade"), _part("surgery")),
        (old_breakdown(_part("medicine"), "grade"), _part("medicine")),
    ]

    found = medengage.audit(CASE_5, results)

    assert any(d.groups == ("part 2: grade=foundation",) for d in found.disclosures)
    with pytest.raises(medengage.DisclosureError, match="part 2: grade=foundation"):
        found.check()


def test_case_5_is_protected_by_crossing() -> None:
    """
    A crossed breakdown does what the filtering did, planned with the
    breakdowns by each attribute: nothing can be worked out from them all.
    """
    crossed = medengage.breakdown(CASE_5, CHECKLIST, ("specialty", "grade"))
    assert crossed.groups[("surgery", "foundation")].overall.withheld
    results: list[Published] = [
        crossed,
        medengage.breakdown(CASE_5, CHECKLIST, "grade"),
        medengage.breakdown(CASE_5, CHECKLIST, "specialty"),
    ]

    assert medengage.audit(CASE_5, results).safe
    assert attack(CASE_5, results) == []


def test_the_audit_of_a_safe_publication_passes_check() -> None:
    """
    `check` raises only when something can be worked out.
    """
    found = medengage.audit(CASE_5, protected(CASE_5, "mean"))

    found.check()
    assert "nothing withheld can be worked out" in str(found)


def test_audit_refuses_a_result_of_another_part() -> None:
    """
    A result of a sub-assessment given as if of the whole is refused: the
    audit would otherwise reason about the wrong people.
    """
    part = medengage.score(_part("surgery"), CHECKLIST)

    with pytest.raises(medengage.MedEngageError, match="pair a result of part"):
        medengage.audit(CASE_5, [part])
    assert medengage.audit(CASE_5, [(part, _part("surgery"))]).groups == 1


def test_audit_refuses_what_it_cannot_read() -> None:
    with pytest.raises(medengage.MedEngageError, match="give ScoredAssessments"):
        medengage.audit(CASE_5, ["a table"])  # type: ignore[list-item]
    with pytest.raises(medengage.MedEngageError, match="nothing to audit"):
        medengage.audit(CASE_5, [])


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_the_bundled_surveys_pass_the_audit(strategy: str) -> None:
    """
    Every bundled survey, broken down by each attribute and each pair,
    publishes nothing that can be worked out.
    """
    for assessment in BUNDLED.assessments:
        names = sorted({n for r in assessment.respondents for n in r.attributes})
        results: list[Published] = [
            medengage.breakdown(assessment, assessment.checklist, n, strategy)
            for n in names
        ]
        results += [
            medengage.breakdown(assessment, assessment.checklist, pair, strategy)
            for pair in itertools.combinations(names, 2)
        ]
        assert medengage.audit(assessment, results).safe


# The attacker over random surveys.

ATTRIBUTES = {
    "grade": ("consultant", "resident", "foundation"),
    "site": ("north", "south"),
    "specialty": ("medicine", "surgery", "paediatrics"),
}


@st.composite
def random_surveys(draw: st.DrawFn) -> medengage.Assessment:
    """
    Surveys of 20 to 70 doctors with three attributes (any of them
    sometimes not stated), small groups, missing answers, and a few
    respondents answering for the organisation only.
    """
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    respondents = []
    weights = {
        name: [rng.random() + 0.05 for _ in values]
        for name, values in ATTRIBUTES.items()
    }
    for n in range(draw(st.integers(20, 70))):
        attributes = {}
        for name, values in ATTRIBUTES.items():
            if rng.random() < 0.9:
                attributes[name] = rng.choices(values, weights[name])[0]
        answers = {
            item: rng.randint(1, 5) for item in DOCTORS_ITEMS if rng.random() < 0.85
        }
        if not answers:
            answers = {"v1": rng.randint(1, 5)}
        respondents.append(
            Respondent(id=f"d{n}", attributes=attributes, answers=answers)
        )
    for n in range(draw(st.integers(0, 2))):
        respondents.append(
            Respondent(
                id=f"o{n}",
                attributes={"grade": "board"} if rng.random() < 0.5 else {},
                answers={"l2": rng.randint(1, 5), "b1": rng.randint(1, 5)},
            )
        )
    return medengage.Assessment(
        checklist=CHECKLIST,
        trust="ZNW",
        date=dt.date(2025, 1, 31),
        respondents=respondents,
    )


@settings(max_examples=12)
@given(assessment=random_surveys(), strategy=st.sampled_from(STRATEGIES))
def test_an_attacker_works_out_nothing(
    assessment: medengage.Assessment, strategy: str
) -> None:
    """
    Totals, every single-attribute breakdown and every crossed pair, each
    made by its own call and published together, determine no withheld
    score and no union of withheld scores resting on fewer than 11
    doctors, by the attacker's own algebra.
    """
    results = protected(assessment, strategy)

    assert attack(assessment, results) == []


@settings(max_examples=12)
@given(assessment=random_surveys(), strategy=st.sampled_from(STRATEGIES))
def test_the_audit_agrees_with_the_attacker_on_the_old_way(
    assessment: medengage.Assessment, strategy: str
) -> None:
    """
    On breakdowns made the old way, the audit finds a disclosure exactly
    when the attacker does.
    """
    names = sorted({n for r in assessment.respondents for n in r.attributes})
    results = [old_score(assessment, strategy)]
    results += [old_breakdown(assessment, n, strategy) for n in names]  # type: ignore[misc]

    assert medengage.audit(assessment, results).safe == (
        not attack(assessment, results)
    )


def test_the_plan_is_made_from_tallies_of_parts_alike() -> None:
    """
    Counts taken from tallies, each combination of attributes tallied in
    two parts and merged, as a distributed engine would, give the same
    counts, and so the same plan, as the assessment itself.
    """
    from medengage._atom_counts import AtomCounts
    from medengage._disclosure_plan import plan
    from medengage.scoring import merge, tally

    names = ["grade", "role", "specialty"]
    by_atom: dict[tuple[str | None, ...], list[Respondent]] = {}
    for r in FIRST_YEAR.respondents:
        by_atom.setdefault(tuple(map(r.attributes.get, names)), []).append(r)
    tallies = {}
    for values, people in by_atom.items():
        halves = [people[::2], people[1::2]]
        parts = [
            tally(
                medengage.Assessment(FIRST_YEAR.checklist, "ZNW", FIRST_YEAR.date, half)
            )
            for half in halves
            if half
        ]
        tallies[values] = merge(parts)

    counts = AtomCounts.from_tallies(FIRST_YEAR.checklist, names, tallies)

    assert counts == AtomCounts.of(FIRST_YEAR)
    assert plan(counts, 11) == plan(AtomCounts.of(FIRST_YEAR), 11)
