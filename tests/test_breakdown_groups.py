"""
Breakdowns with values merged before grouping, and with an interval per
group that a withheld group never shows.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import medengage
from medengage import (
    NOT_STATED,
    Assessment,
    Bootstrap,
    MedEngageError,
    breakdown,
    reliability,
)


FIRST_YEAR = medengage.catalogue().assessments[0]
CHECKLIST = FIRST_YEAR.checklist


def _relabelled(assessment: Assessment, old: str, new: str | None) -> Assessment:
    """
    *assessment* with the grade *old* given as *new* (None: no grade), by
    hand.
    """
    respondents = []
    for respondent in assessment.respondents:
        attributes = dict(respondent.attributes)
        if attributes.get("grade") == old:
            del attributes["grade"]
            if new is not None:
                attributes["grade"] = new
        respondents.append(attrs.evolve(respondent, attributes=attributes))
    return attrs.evolve(assessment, respondents=respondents)


# Some respondents who preferred not to give their grade.
PREFERRED_NOT = _relabelled(FIRST_YEAR, "specialty doctor", "Prefer not to say")


def test_a_merge_is_a_breakdown_of_the_merged_answers() -> None:
    """
    Merging a value into not stated gives the breakdown of the answers
    with that value left out by hand, withholding included, and says what
    was merged.
    """
    merge = {"grade": {"Prefer not to say": NOT_STATED}}
    found = breakdown(PREFERRED_NOT, CHECKLIST, "grade", merge=merge)
    by_hand = breakdown(
        _relabelled(FIRST_YEAR, "specialty doctor", None), CHECKLIST, "grade"
    )

    assert found.groups == by_hand.groups
    assert found.total == by_hand.total
    assert "Prefer not to say" not in found.groups
    assert found.groups[NOT_STATED].overall.respondents == 39
    assert dict(found.merged) == {"grade": {"Prefer not to say": NOT_STATED}}
    assert medengage.loads(medengage.dumps(found)) == found


def test_values_merge_into_another_value() -> None:
    found = breakdown(
        FIRST_YEAR,
        CHECKLIST,
        "grade",
        merge={"grade": {"foundation doctor": "specialty doctor"}},
    )

    assert list(found.groups) == [
        "consultant",
        "resident doctor",
        "specialty doctor",
        NOT_STATED,
    ]
    assert found.groups["specialty doctor"].overall.respondents == 47


def test_not_stated_merges_into_a_value() -> None:
    """
    Respondents without the attribute can be counted as a value.
    """
    found = breakdown(
        FIRST_YEAR, CHECKLIST, "grade", merge={"grade": {NOT_STATED: "consultant"}}
    )

    assert NOT_STATED not in found.groups
    assert found.groups["consultant"].overall.respondents == 113


@pytest.mark.parametrize(
    ("merge", "message"),
    [
        ({"grdae": {"consultant": "x"}}, "no respondent gives; attributes given: "),
        (
            {"grade": {"Consultant": "x"}},
            "names the value 'Consultant', which no respondent gives; values "
            "given: 'consultant', 'foundation doctor'",
        ),
        ({"grade": {"consultant": "line\nbreak"}}, r"merge\['grade'\]\['consultant'\]"),
        ({"grade": ["consultant"]}, "merge must map attribute names to mappings"),
        ({"grade": {"consultant": 3}}, "merge must map attribute names to mappings"),
        ("grade", "merge must map attribute names to mappings"),
    ],
)
def test_bad_merges_are_refused(merge: Any, message: str) -> None:
    with pytest.raises(MedEngageError, match=message):
        breakdown(FIRST_YEAR, CHECKLIST, "grade", merge=merge)


def test_merging_not_stated_when_everyone_states_is_refused() -> None:
    everyone = attrs.evolve(
        FIRST_YEAR,
        respondents=[r for r in FIRST_YEAR.respondents if "grade" in r.attributes],
    )
    with pytest.raises(MedEngageError, match="every respondent gives 'grade'"):
        breakdown(everyone, CHECKLIST, "grade", merge={"grade": {NOT_STATED: "x"}})


def test_each_shown_group_has_its_own_interval() -> None:
    """
    A group's intervals are those of its answers alone.
    """
    found = breakdown(FIRST_YEAR, CHECKLIST, "grade", intervals=True)
    consultants = attrs.evolve(
        FIRST_YEAR,
        respondents=[
            r
            for r in FIRST_YEAR.respondents
            if r.attributes.get("grade") == "consultant"
        ],
    )

    assert found.reliabilities["consultant"] == reliability(consultants, CHECKLIST)
    assert found.total_reliability == reliability(FIRST_YEAR, CHECKLIST)
    assert set(found.reliabilities) == set(found.groups)
    assert medengage.loads(medengage.dumps(found)) == found


def test_a_withheld_group_shows_no_interval() -> None:
    """
    The specialty doctors are withheld by the plan, not by the strategy:
    their answers alone would give intervals, and the breakdown shows none,
    nor any alpha.
    """
    specialty = attrs.evolve(
        FIRST_YEAR,
        respondents=[
            r
            for r in FIRST_YEAR.respondents
            if r.attributes.get("grade") == "specialty doctor"
        ],
    )
    alone = reliability(specialty, CHECKLIST)
    assert alone.overall.standard_error is not None

    found = breakdown(FIRST_YEAR, CHECKLIST, "grade", intervals=True)
    withheld = found.reliabilities["specialty doctor"]

    for entry in (
        withheld.overall,
        *(f.uncertainty for f in withheld.features.values()),
    ):
        assert entry.withheld
        assert entry.standard_error is None
        assert entry.low is None
    assert all(f.alpha is None for f in withheld.features.values())
    assert all(f.alpha_low is None for f in withheld.features.values())


def test_a_plugins_groups_have_bootstrapped_intervals() -> None:
    class Plugin:
        name = "plugin-mean"

        def score(self, assessment: Assessment, checklist: Any, **options: Any) -> Any:
            found = medengage.score(assessment, checklist, "mean", **options)
            return attrs.evolve(found, strategy=self.name)

    found = breakdown(
        FIRST_YEAR,
        CHECKLIST,
        "grade",
        Plugin(),
        intervals=True,
        bootstrap=Bootstrap(resamples=20),
    )

    assert found.reliabilities["consultant"].errors_by == "bootstrap"
    assert found.reliabilities["consultant"].overall.standard_error is not None
    assert found.reliabilities["foundation doctor"].overall.standard_error is None


def test_reliabilities_of_some_groups_only_are_refused() -> None:
    found = breakdown(FIRST_YEAR, CHECKLIST, "grade", intervals=True)
    with pytest.raises(medengage.ValidationError, match="every group, or none"):
        attrs.evolve(
            found, reliabilities={"consultant": found.reliabilities["consultant"]}
        )
    with pytest.raises(medengage.ValidationError, match="total's reliability"):
        attrs.evolve(found, total_reliability=None)


def test_crossed_breakdowns_merge_and_give_intervals() -> None:
    found = breakdown(
        FIRST_YEAR,
        CHECKLIST,
        ("grade", "specialty"),
        merge={"grade": {"foundation doctor": "specialty doctor"}},
        intervals=True,
    )

    assert set(found.reliabilities) == set(found.groups)
    assert all(grade != "foundation doctor" for grade, _ in found.groups)
