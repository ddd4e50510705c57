"""
The disclosure audit: whether results meant to be published together let
anyone work out what they withhold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeAlias

from medengage._assessments import Assessment
from medengage._audit_findings import DisclosureAudit
from medengage._audit_model import OVERALL_FROM, AuditModel, Cell
from medengage._breakdowns import NOT_STATED, Breakdown, CrossedBreakdown
from medengage._scores import ScoredAssessment
from medengage.errors import MedEngageError


#: A result to audit: of the whole assessment, or, paired with the part of
#: it that was scored, of a sub-assessment.
Published: TypeAlias = (
    "ScoredAssessment | Breakdown | CrossedBreakdown "
    "| tuple[ScoredAssessment | Breakdown | CrossedBreakdown, Assessment]"
)


def audit(
    assessment: Assessment,
    published: Iterable[Published],
    *,
    min_respondents: int | None = None,
) -> DisclosureAudit:
    """
    Check that results of *assessment* meant to be published together do
    not let anyone work out what they withhold.

    Every published score is a sum over respondents divided by a count
    everyone can see, so a reader can subtract one group from another, or
    a group's features from its overall. The audit finds, by exact
    arithmetic over rational numbers, every withheld score that the
    published ones determine, and every union of disjoint withheld groups
    resting on fewer than *min_respondents* doctors whose sum they
    determine.

    Args:
        assessment: The assessment every result comes from.
        published: The results: scored assessments and breakdowns of the
            whole assessment, or pairs of a result and the sub-assessment
            (some of *assessment*'s respondents) it was made from.
        min_respondents: The threshold; by default, each result's own.

    Raises:
        MedEngageError: If a result does not come from *assessment*.
    """
    published = list(published)
    cells = list(_cells(assessment, published))
    if not cells:
        raise MedEngageError("nothing to audit: give the results to be published")
    model = AuditModel(assessment, cells, min_respondents)
    return DisclosureAudit(
        disclosures=tuple(model.disclosures()),
        results=len(published),
        groups=len({c.members for c in cells}),
    )


def _cells(assessment: Assessment, published: Iterable[Published]) -> Iterator[Cell]:
    position = {r.id: n for n, r in enumerate(assessment.respondents)}
    everyone = (1 << len(position)) - 1
    for number, item in enumerate(published, 1):
        result, part = item if isinstance(item, tuple) else (item, None)
        covered = everyone
        prefix = ""
        if part is not None:
            if not isinstance(part, Assessment):
                raise MedEngageError(
                    f"result {number}: pair a result with the Assessment it "
                    f"scored, not {type(part).__name__}"
                )
            covered = 0
            for respondent in part.respondents:
                if respondent.id not in position:
                    raise MedEngageError(
                        f"result {number}: respondent {respondent.id!r} is not "
                        "in the assessment audited"
                    )
                covered |= 1 << position[respondent.id]
            prefix = f"part {number}: "
        if isinstance(result, ScoredAssessment):
            yield _checked(assessment, Cell(f"{prefix}all", covered, result, result))
        elif isinstance(result, (Breakdown, CrossedBreakdown)):
            by = (result.by,) if isinstance(result, Breakdown) else result.by
            yield _checked(
                assessment, Cell(f"{prefix}all", covered, result.total, result)
            )
            for key, scored in result.groups.items():
                values = (key,) if isinstance(result, Breakdown) else key
                members = covered & _having(assessment, by, values)  # type: ignore[arg-type]
                label = ", ".join(f"{n}={v}" for n, v in zip(by, values, strict=True))
                yield _checked(
                    assessment, Cell(f"{prefix}{label}", members, scored, result)
                )
        else:
            raise MedEngageError(
                f"result {number} is a {type(result).__name__}: give "
                "ScoredAssessments and Breakdowns, alone or paired with the "
                "sub-assessment they scored"
            )


def _having(
    assessment: Assessment, by: tuple[str, ...], values: tuple[str, ...]
) -> int:
    members = 0
    for n, respondent in enumerate(assessment.respondents):
        if all(
            respondent.attributes.get(name, NOT_STATED) == value
            for name, value in zip(by, values, strict=True)
        ):
            members |= 1 << n
    return members


def _checked(assessment: Assessment, cell: Cell) -> Cell:
    scored = cell.scored
    if (scored.trust, scored.date, scored.checklist) != (
        assessment.trust,
        assessment.date,
        assessment.checklist.id,
    ):
        raise MedEngageError(
            f"{cell.label}: the result is of {scored.trust} {scored.date} on "
            f"{scored.checklist!r}, not of the assessment audited"
        )
    answering = sum(
        1
        for n, respondent in enumerate(assessment.respondents)
        if cell.members >> n & 1 and len(respondent.answers)
    )
    if scored.strategy in OVERALL_FROM and scored.overall.respondents != answering:
        raise MedEngageError(
            f"{cell.label}: the result rests on {scored.overall.respondents} "
            f"respondents, but {answering} of the assessment's are in that group: "
            "pair a result of part of the assessment with the sub-assessment it "
            "scored"
        )
    return cell
