"""
Pattern numbers: how a tally numbers what a respondent gave for a feature,
so that counting, merging and sending tallies deal in whole numbers, and
patterns are decoded once, when scored.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from typing import TypeVar

import attrs

from medengage._checklists import Checklist
from medengage._columns import combinations_of, item_values, positions_by_feature
from medengage._frozen import FrozenMap
from medengage._scales import Value


#: A feature's answers from one respondent, in the order of the feature's
#: items, with what the respondent gave for each feature of the checklist.
Pattern = tuple[tuple[Value | None, ...], tuple[int, ...]]

#: What a respondent can give for one feature: nothing, only answers on
#: behalf of the organisation, or answers of their own.
GIVEN_STATES = 3

#: The most combinations of answers to one feature's items laid out in a
#: table made once: to decode them, or to sum their credits.
TABLED = 1 << 16

V = TypeVar("V")


@attrs.frozen
class PatternNumbering:
    """
    How the patterns of a checklist's features are numbered.

    A pattern's number is ``answers * 3**features + given``. ``answers``
    numbers the answers to the feature's items, each item one digit whose
    base is the number of its values plus one (0 for no answer, ``k`` for
    the ``k``-th value), the first item most significant. ``given`` numbers
    what the respondent gave for each of the checklist's features, one
    digit in base 3 each (0 nothing, 1 only answers on behalf of the
    organisation, 2 answers of their own), the first feature most
    significant.

    Attributes:
        features: How many features the checklist has.
        values: For each feature id, in the checklist's order, the values
            the digits of its items stand for: None, then the scale's
            values, lowest first.
    """

    features: int
    values: FrozenMap[str, tuple[tuple[Value | None, ...], ...]]

    @classmethod
    def of(cls, checklist: Checklist) -> PatternNumbering:
        """
        The numbering of *checklist*'s patterns.
        """
        values = item_values(checklist)
        return cls(
            features=len(checklist.features),
            values=FrozenMap(
                {
                    feature: tuple(values[p] for p in where)
                    for feature, where in positions_by_feature(checklist).items()
                }
            ),
        )

    @property
    def given_base(self) -> int:
        """
        What a pattern's answers number is multiplied by: ``3**features``.
        """
        return int(GIVEN_STATES**self.features)

    def given_number(self, given: tuple[int, ...]) -> int:
        """
        The number of *given*, what a respondent gave for each feature.
        """
        number = 0
        for state in given:
            number = number * GIVEN_STATES + state
        return number

    def given(self, number: int) -> tuple[int, ...]:
        """
        What a respondent gave for each feature, from its *number*.
        """
        return _given(number, self.features)

    def decoder(self, feature: str) -> Callable[[int], Pattern]:
        """
        What turns the number of a pattern of *feature* into the pattern.
        """
        answers = _answers_decoder(self.values[feature])
        base = self.given_base
        features = self.features

        def pattern(number: int) -> Pattern:
            answered, given = divmod(number, base)
            return answers(answered), _given(given, features)

        return pattern

    def decoded(self, feature: str, numbered: Mapping[int, V]) -> FrozenMap[Pattern, V]:
        """
        *numbered*, keyed by the numbers of patterns of *feature*, keyed by
        the patterns.
        """
        pattern = self.decoder(feature)
        return FrozenMap(
            dict(zip(map(pattern, numbered), numbered.values(), strict=True))
        )


@functools.lru_cache(maxsize=4096)
def _given(number: int, features: int) -> tuple[int, ...]:
    states = []
    for _ in range(features):
        number, state = divmod(number, GIVEN_STATES)
        states.append(state)
    return tuple(reversed(states))


def _answers_decoder(
    values: tuple[tuple[Value | None, ...], ...],
) -> Callable[[int], tuple[Value | None, ...]]:
    if math.prod(map(len, values)) <= TABLED:
        return combinations_of(values).__getitem__
    bases = [len(of) for of in values]

    def answers(number: int) -> tuple[Value | None, ...]:
        digits = []
        for base in reversed(bases):
            number, digit = divmod(number, base)
            digits.append(digit)
        return tuple(map(tuple.__getitem__, values, reversed(digits)))

    return answers
