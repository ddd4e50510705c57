"""
Hypothesis strategies that build valid medengage objects, for your own
tests: a scoring plugin can be tried on any checklist and any assessment
that medengage accepts, not just the ones you thought of.

Hypothesis is not a dependency of medengage; install it with the extra::

    pip install medengage[testing]

Each strategy is small and builds on the ones before it, so that a test can
ask for a whole assessment, or only for awkward text. Text deliberately
includes what YAML tools misread (``NO``, ``010``, ``12:30``), leading and
trailing spaces, quotes, non-ASCII and, where text may span lines, every
line-break character YAML knows, so that a plugin that writes or reads
documents meets them early. Sizes are modest by default to keep tests fast.

::

    from hypothesis import given
    from medengage import testing

    @given(testing.checklists_with_assessments())
    def test_scores_stay_in_range(pair):
        checklist, assessment = pair
        ...
"""

from __future__ import annotations

from collections.abc import Mapping

from medengage import _testing_assessments
from medengage._testing_assessments import (
    assessments,
    checklists_with_assessments,
    column_mappings,
    respondent_weights,
    respondents,
)
from medengage._testing_case_studies import (
    case_studies,
    engagement_features,
    findings,
    later_events,
)
from medengage._testing_checklists import (
    checklist_items,
    checklists,
    leveled,
    levels,
    response_scales,
    scale_points,
)
from medengage._testing_comparisons import (
    case_study_matches,
    comparisons,
    scored_with_peers,
)
from medengage._testing_journeys import (
    checklist_mappings,
    journey_steps,
    journeys,
    step_scores,
)
from medengage._testing_scores import (
    bandings,
    breakdowns,
    reliabilities,
    scored_assessments,
    scores,
    uncertainties,
    weightings,
)
from medengage._testing_trusts import citations, held_types, trust_names, trusts
from medengage._testing_values import identifiers, multiline_texts, ods_codes, texts


#: Grouping attributes respondents get by default, with the values each
#: takes: few enough that breakdowns form groups.
ATTRIBUTES: Mapping[str, tuple[str, ...]] = _testing_assessments.ATTRIBUTES

__all__ = [
    "ATTRIBUTES",
    "assessments",
    "bandings",
    "breakdowns",
    "case_studies",
    "case_study_matches",
    "checklist_items",
    "checklist_mappings",
    "checklists",
    "checklists_with_assessments",
    "citations",
    "column_mappings",
    "comparisons",
    "engagement_features",
    "findings",
    "held_types",
    "identifiers",
    "journey_steps",
    "journeys",
    "later_events",
    "leveled",
    "levels",
    "multiline_texts",
    "ods_codes",
    "reliabilities",
    "respondent_weights",
    "respondents",
    "response_scales",
    "scale_points",
    "scored_assessments",
    "scored_with_peers",
    "scores",
    "step_scores",
    "texts",
    "trust_names",
    "trusts",
    "uncertainties",
    "weightings",
]
