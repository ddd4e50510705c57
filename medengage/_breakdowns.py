"""
Breakdowns: an assessment scored group by group.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from medengage import _validation as v
from medengage._assessments import Assessment, Respondent
from medengage._checklists import Checklist
from medengage._display import Displayed, Table, breakdown_table
from medengage._frozen import FrozenMap, freeze_map
from medengage._scores import Score, ScoredAssessment
from medengage.errors import MedEngageError, Problem


#: The group of respondents who did not give the attribute broken down by.
NOT_STATED = "(not stated)"


@attrs.frozen
class Breakdown(Displayed):
    """
    An assessment scored as a whole and for each group of respondents that
    share a value of one attribute, such as grade.

    Where only one group's score of a feature (or overall) is withheld, the
    next smallest group's is withheld too, so that no withheld score can be
    worked out from the total and the other groups.

    Attributes:
        by: The respondent attribute the groups share, like ``grade``.
        total: The assessment scored as a whole.
        groups: Each group's scores, by the attribute's value, largest
            group first; respondents without the attribute form the group
            ``(not stated)``.
    """

    by: str = attrs.field(validator=v.identifier)
    total: ScoredAssessment = attrs.field(validator=v.instance_of(ScoredAssessment))
    groups: FrozenMap[str, ScoredAssessment] = attrs.field(
        converter=freeze_map, validator=v.values_of(ScoredAssessment)
    )

    def __attrs_post_init__(self) -> None:
        problems = []
        for name, group in self.groups.items():
            if group.strategy != self.total.strategy:
                problems.append(
                    Problem(
                        f"groups.{name}.strategy",
                        f"{group.strategy!r} differs from the total's "
                        f"{self.total.strategy!r}",
                    )
                )
        v.raise_problems(problems)

    def table(self) -> Table:
        """
        This breakdown as a table, as it shows in a terminal or a notebook.
        """
        return breakdown_table(self)


def breakdown(
    assessment: Assessment,
    checklist: Checklist,
    by: str,
    strategy: Any = "mean",
    **options: Any,
) -> Breakdown:
    """
    Score *assessment* as a whole and for each value of the respondent
    attribute *by*, with the same strategy and options, withholding small
    groups.

    Args:
        assessment: The answers to score.
        checklist: The checklist they were given on.
        by: The respondent attribute to group by, like ``grade``.
        strategy: The strategy, or its name.
        options: The strategy's options.

    Raises:
        MedEngageError: If no respondent has the attribute *by*, or as
            `medengage.score` does.
    """
    from medengage.scoring import score

    members: dict[str, list[Respondent]] = {}
    for respondent in assessment.respondents:
        members.setdefault(respondent.attributes.get(by, NOT_STATED), []).append(
            respondent
        )
    if set(members) <= {NOT_STATED}:
        raise MedEngageError(
            f"no respondent has the attribute {by!r}; attributes given: "
            f"{', '.join(sorted(_attribute_names(assessment.respondents))) or 'none'}"
        )
    total = score(assessment, checklist, strategy, **options)
    ordered = sorted(members.items(), key=lambda group: (-len(group[1]), group[0]))
    groups = {
        value: score(
            attrs.evolve(assessment, respondents=respondents),
            checklist,
            strategy,
            **options,
        )
        for value, respondents in ordered
    }
    return Breakdown(by=by, total=total, groups=FrozenMap(_protect(total, groups)))


def _protect(
    total: ScoredAssessment, groups: dict[str, ScoredAssessment]
) -> dict[str, ScoredAssessment]:
    """
    *groups*, with a second score withheld wherever only one group's score
    of a feature, or overall, is withheld.
    """
    for feature in (None, *total.features):
        scores = {name: _pick(group, feature) for name, group in groups.items()}
        withheld = [name for name, s in scores.items() if s.withheld]
        if len(withheld) != 1 or _pick(total, feature).withheld:
            continue
        shown = [name for name, s in scores.items() if s.value is not None]
        if not shown:
            continue
        smallest = min(shown, key=lambda name: (scores[name].respondents, name))
        groups[smallest] = _withhold(groups[smallest], feature)
    return groups


def _pick(scored: ScoredAssessment, feature: str | None) -> Score:
    return scored.overall if feature is None else scored.features[feature]


def _withhold(scored: ScoredAssessment, feature: str | None) -> ScoredAssessment:
    if feature is None:
        return attrs.evolve(scored, overall=scored.overall.withhold())
    features = dict(scored.features)
    features[feature] = features[feature].withhold()
    return attrs.evolve(scored, features=FrozenMap(features))


def _attribute_names(respondents: Iterable[Respondent]) -> set[str]:
    return {name for respondent in respondents for name in respondent.attributes}
