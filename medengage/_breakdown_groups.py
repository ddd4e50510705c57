"""
What a breakdown's groups are made of: attribute values merged before
grouping, and each group's intervals, withheld where its scores are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from medengage._assessments import NOT_STATED, Assessment, Respondent
from medengage._frozen import FrozenMap
from medengage._reliability import Reliability, Uncertainty, reliability
from medengage._scores import ScoredAssessment
from medengage.errors import MedEngageError, ValidationError


#: How attribute values are merged: for each attribute, each value given
#: and the value it counts as (`NOT_STATED` for none).
Merges = FrozenMap[str, FrozenMap[str, str]]


def checked_merges(merge: object, assessment: Assessment) -> Merges:
    """
    *merge* checked against the attributes and values *assessment*'s
    respondents give.

    Raises:
        MedEngageError: If *merge* is not a mapping of attribute names to
            mappings of values to values, or names an attribute or a value
            no respondent gives, or a value an attribute cannot take.
    """
    if merge is None:
        return FrozenMap()
    if not isinstance(merge, Mapping) or not all(
        isinstance(name, str)
        and isinstance(values, Mapping)
        and all(isinstance(x, str) and isinstance(y, str) for x, y in values.items())
        for name, values in merge.items()
    ):
        raise MedEngageError(
            f"merge must map attribute names to mappings of values to values, "
            f"like {{'grade': {{'Prefer not to say': NOT_STATED}}}}, not {merge!r}"
        )
    given: dict[str, set[str]] = {}
    for respondent in assessment.respondents:
        for name, value in respondent.attributes.items():
            given.setdefault(name, set()).add(value)
    for name, values in merge.items():
        if name not in given:
            raise MedEngageError(
                f"merge names the attribute {name!r}, which no respondent gives; "
                f"attributes given: {', '.join(sorted(given)) or 'none'}"
            )
        unstated = any(name not in r.attributes for r in assessment.respondents)
        for value, target in values.items():
            if value == NOT_STATED and not unstated:
                raise MedEngageError(
                    f"merge[{name!r}] names {NOT_STATED!r}, but every respondent "
                    f"gives {name!r}"
                )
            if value != NOT_STATED and value not in given[name]:
                raise MedEngageError(
                    f"merge[{name!r}] names the value {value!r}, which no respondent "
                    f"gives; values given: {', '.join(map(repr, sorted(given[name])))}"
                )
            if target != NOT_STATED:
                try:
                    Respondent("check", attributes={name: target})
                except ValidationError as error:
                    raise MedEngageError(
                        f"merge[{name!r}][{value!r}]: {error.problems[0].message}"
                    ) from None
    return FrozenMap({name: FrozenMap(values) for name, values in merge.items()})


def merged(assessment: Assessment, merges: Merges) -> Assessment:
    """
    *assessment* with its respondents' attribute values merged as
    *merges* says.
    """
    if not merges:
        return assessment
    return attrs.evolve(
        assessment,
        respondents=[_merged(r, merges) for r in assessment.respondents],
    )


def _merged(respondent: Respondent, merges: Merges) -> Respondent:
    attributes = dict(respondent.attributes)
    for name, values in merges.items():
        value = attributes.get(name, NOT_STATED)
        target = values.get(value, value)
        if target == NOT_STATED:
            attributes.pop(name, None)
        else:
            attributes[name] = target
    if attributes == respondent.attributes:
        return respondent
    return attrs.evolve(respondent, attributes=attributes)


def group_reliability(
    group: Assessment,
    shown: ScoredAssessment,
    strategy: Any,
    bootstrap: Any,
    options: Mapping[str, Any],
) -> Reliability:
    """
    The reliability of *group*'s scores, with every score *shown* withholds
    withheld, its alpha too: a withheld group shows no interval.
    """
    found = reliability(
        group, group.checklist, strategy, bootstrap=bootstrap, **options
    )
    features = {}
    for feature, entry in found.features.items():
        if shown.features[feature].withheld:
            entry = attrs.evolve(
                entry,
                alpha=None,
                alpha_low=None,
                alpha_high=None,
                uncertainty=_withheld(entry.uncertainty),
            )
        features[feature] = entry
    overall = found.overall
    if shown.overall.withheld:
        overall = _withheld(overall)
    return attrs.evolve(found, features=features, overall=overall)


def _withheld(uncertainty: Uncertainty) -> Uncertainty:
    return Uncertainty(None, None, None, None, uncertainty.respondents, withheld=True)
