"""
Tallies: the sufficient statistics the built-in strategies score from.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import compress

import attrs

from medengage._assessments import Assessment
from medengage._checklists import Audience, Checklist
from medengage._frozen import FrozenMap
from medengage._scales import Value
from medengage.errors import MedEngageError


#: What a respondent gave for one feature: nothing, only answers on behalf
#: of the organisation, or some answers of their own.
NOTHING, ORGANISATION_ONLY, INDIVIDUAL = 0, 1, 2

#: A feature's answers from one respondent, in the order of the feature's
#: items, with what the respondent gave for each feature of the checklist.
Pattern = tuple[tuple[Value | None, ...], tuple[int, ...]]


@attrs.frozen
class Tally:
    """
    How many respondents gave each combination of answers, feature by
    feature: the sufficient statistics the built-in strategies score from.

    A tally keeps counts only, so the tallies of disjoint parts of an
    assessment add up, with `merge`, to exactly the tally of the whole:
    a strategy can run partition by partition and give the same result.

    Attributes:
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        trust: The ODS code of the trust assessed.
        date: When the assessment closed.
        respondents: How many respondents the tally counts.
        counts: For each feature id, how many respondents gave each pattern:
            their answers to the feature's items, in order (None where not
            answered), and what they gave for each feature of the checklist
            (0 nothing, 1 only answers on behalf of the organisation,
            2 answers of their own).
    """

    checklist: str
    checklist_version: int
    trust: str
    date: dt.date
    respondents: int
    counts: FrozenMap[str, FrozenMap[Pattern, int]]


def tally(assessment: Assessment) -> Tally:
    """
    The tally of *assessment*'s answers.
    """
    checklist = assessment.checklist
    target = checklist.answer_layout
    rows = [
        respondent.answers.realigned(target)[0].row
        for respondent in assessment.respondents
    ]
    answers: dict[str, list[tuple[Value | None, ...]]] = {}
    alone: dict[str, Counter[tuple[Value | None, ...]]] = {}
    given: list[list[int]] = []
    for feature in checklist.features:
        positions = feature_positions(checklist, feature.id)
        answers[feature.id] = list(map(_picker(positions), rows))
        alone[feature.id] = Counter(answers[feature.id])
        # Worked out once for each distinct combination, then looked up.
        individual = [
            item.audience is Audience.INDIVIDUAL
            for item in checklist.items_for(feature.id)
        ]
        what_was_given = {
            distinct: _given(individual, distinct) for distinct in alone[feature.id]
        }
        given.append(list(map(what_was_given.__getitem__, answers[feature.id])))
    states: list[tuple[int, ...]] = (
        list(zip(*given, strict=True)) if given else [()] * len(rows)
    )
    counts = {
        feature: FrozenMap(_patterns(answers[feature], alone[feature], states))
        for feature in answers
    }
    return Tally(
        checklist=checklist.id,
        checklist_version=checklist.version,
        trust=assessment.trust,
        date=assessment.date,
        respondents=len(rows),
        counts=FrozenMap(counts),
    )


def _patterns(
    answers: list[tuple[Value | None, ...]],
    alone: Counter[tuple[Value | None, ...]],
    states: list[tuple[int, ...]],
) -> dict[Pattern, int]:
    """
    How many respondents gave each pattern, from their answers to a feature,
    those answers counted alone, and what each gave for every feature.
    """
    if not states:
        return {}
    # Most respondents give alike for every feature; their patterns follow
    # from their answers counted alone, and only the others are paired up.
    usual = Counter(states).most_common(1)[0][0]
    alike = list(map(usual.__eq__, states))
    if all(alike):
        return {(given, usual): count for given, count in alone.items()}
    patterns: Counter[Pattern] = Counter(
        {
            (given, usual): count
            for given, count in Counter(compress(answers, alike)).items()
        }
    )
    others = list(map(operator.not_, alike))
    patterns.update(
        zip(compress(answers, others), compress(states, others), strict=True)
    )
    return dict(patterns)


def merge(tallies: Iterable[Tally]) -> Tally:
    """
    The tally of the parts that *tallies* count, taken together.

    Raises:
        MedEngageError: If there are no tallies, or they come from different
            checklists, trusts or dates.
    """
    tallies = list(tallies)
    if not tallies:
        raise MedEngageError("merge needs at least one tally")
    first = tallies[0]
    for other in tallies[1:]:
        for field in ("checklist", "checklist_version", "trust", "date"):
            if getattr(other, field) != getattr(first, field):
                raise MedEngageError(
                    f"cannot merge tallies of different assessments: {field} is "
                    f"{getattr(first, field)!r} in one and {getattr(other, field)!r} "
                    "in another"
                )
    counts: dict[str, Counter[Pattern]] = {
        feature: Counter() for feature in first.counts
    }
    for part in tallies:
        for feature, patterns in part.counts.items():
            counts.setdefault(feature, Counter()).update(patterns)
    return attrs.evolve(
        first,
        respondents=sum(part.respondents for part in tallies),
        counts=FrozenMap({f: FrozenMap(c) for f, c in counts.items()}),
    )


def feature_positions(checklist: Checklist, feature: str) -> tuple[int, ...]:
    """
    Where the items of *feature* stand among the checklist's items.
    """
    return tuple(
        position
        for position, item in enumerate(checklist.items)
        if item.feature == feature
    )


def _picker(
    positions: tuple[int, ...],
) -> Callable[[tuple[Value | None, ...]], tuple[Value | None, ...]]:
    """
    A function that takes the answers at *positions* out of a row, as a
    tuple.
    """
    if not positions:
        return lambda row: ()
    first, last = positions[0], positions[-1]
    if positions == tuple(range(first, last + 1)):
        return operator.itemgetter(slice(first, last + 1))
    if len(positions) == 1:
        return lambda row: (row[first],)
    return operator.itemgetter(*positions)


def _given(individual: list[bool], answers: tuple[Value | None, ...]) -> int:
    """
    What a respondent gave for a feature whose items are answered by each
    doctor (True) or on behalf of the organisation (False), as *individual*
    says.
    """
    state = NOTHING
    for answered_by_doctor, answer in zip(individual, answers, strict=True):
        if answer is not None:
            if answered_by_doctor:
                return INDIVIDUAL
            state = ORGANISATION_ONLY
    return state
