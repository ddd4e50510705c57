"""
Given states: what each respondent gave for each feature (nothing, only
answers on behalf of the organisation, or answers of their own), worked
out a whole column at a time, and what most of them gave.
"""

from __future__ import annotations

from collections import Counter
from itertools import compress
from typing import Any

from medengage._checklists import Audience, Checklist
from medengage._columns import AnswerColumns


#: What a respondent gave for one feature: nothing, only answers on behalf
#: of the organisation, or some answers of their own.
NOTHING, ORGANISATION_ONLY, INDIVIDUAL = 0, 1, 2


def given_states(
    checklist: Checklist, columns: AnswerColumns, positions: tuple[int, ...]
) -> bytes:
    """
    What each respondent gave for the feature whose items are at
    *positions*, a byte each: `NOTHING`, `ORGANISATION_ONLY` or `INDIVIDUAL`.
    """
    individual = columns.answered(
        p for p in positions if checklist.items[p].audience is Audience.INDIVIDUAL
    )
    organisation = columns.answered(
        p for p in positions if checklist.items[p].audience is Audience.ORGANISATION
    )
    # 2 where any individual item was answered, 1 where an organisation's
    # item was, and 3 (both) counts as 2.
    either = int.from_bytes(
        individual.translate(_ANY_AS[INDIVIDUAL]), "little"
    ) | int.from_bytes(organisation.translate(_ANY_AS[ORGANISATION_ONLY]), "little")
    return either.to_bytes(columns.respondents, "little").translate(_BOTH_AS_INDIVIDUAL)


def audience_state(checklist: Checklist, positions: tuple[int, ...]) -> int | None:
    """
    What a respondent gives for the feature whose items are at *positions*
    by answering any of them, where all are answered for one audience:
    `INDIVIDUAL` or `ORGANISATION_ONLY`; None where they are not.
    """
    audiences = {checklist.items[p].audience for p in positions}
    if audiences == {Audience.INDIVIDUAL}:
        return INDIVIDUAL
    if audiences == {Audience.ORGANISATION}:
        return ORGANISATION_ONLY
    return None


def given_of_numbers(numbers: Any, state: int) -> bytes:
    """
    What each respondent gave for a feature whose items are all answered
    for one audience, from the numbers of their answers (a numpy array, 0
    for none): *state* where they answered any, `NOTHING` where none.
    """
    given: bytes = ((numbers != 0).view("uint8") * state).tobytes()
    return given


def usual_states(
    given: list[bytes], respondents: int
) -> tuple[tuple[int, ...], dict[int, tuple[int, ...]]]:
    """
    What most respondents gave for every feature, from what each gave for
    each (*given*), and what each of the others gave.
    """
    # Each feature's most common state is, but for odd surveys, what most
    # respondents gave for them all; where fewer than half gave that, the
    # most common combination is found by counting.
    usual = tuple(
        max((NOTHING, ORGANISATION_ONLY, INDIVIDUAL), key=column.count)
        for column in given
    )
    others = _differing(given, usual)
    if 2 * len(others) > respondents:
        usual = Counter(zip(*given, strict=True)).most_common(1)[0][0]
        others = _differing(given, usual)
    return usual, {
        respondent: tuple(column[respondent] for column in given)
        for respondent in others
    }


def _differing(given: list[bytes], usual: tuple[int, ...]) -> list[int]:
    """
    The respondents who gave otherwise than *usual* for some feature.
    """
    differ = 0
    for column, state in zip(given, usual, strict=True):
        differ |= int.from_bytes(column, "little") ^ int.from_bytes(
            bytes([state]) * len(column), "little"
        )
    if not differ:
        return []
    respondents = len(given[0])
    return list(compress(range(respondents), differ.to_bytes(respondents, "little")))


#: Byte tables: any answer code as the given state, 0 as `NOTHING`.
_ANY_AS = {
    state: bytes([NOTHING]) + bytes([state]) * 255
    for state in (ORGANISATION_ONLY, INDIVIDUAL)
}
_BOTH_AS_INDIVIDUAL = bytes(
    [NOTHING, ORGANISATION_ONLY, INDIVIDUAL, INDIVIDUAL]
) + bytes(252)
