"""
An assessment's answer rows, as reliability reads them: how many answers
each item has, each respondent's exact feature scores and favourable
counts, and Cronbach's alpha over a feature's or level's items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._scales import Value
from medengage.scoring._feature_tables import item_table


#: The fewest respondents who answered every item of a feature that
#: Cronbach's alpha is computed from.
MIN_COMPLETE_CASES = 3


class AnswerRows:
    """
    An assessment's answers, row by row, with what each answer counts for.
    """

    def __init__(
        self, checklist: Checklist, rows: Sequence[tuple[Value | None, ...]]
    ) -> None:
        self.checklist = checklist
        self.rows = rows
        self.items_of = {
            feature.id: checklist.items_for(feature.id)
            for feature in checklist.features
        }
        self.tables = {
            item.id: item_table(checklist, item.id) for item in checklist.items
        }
        self.positions = {
            item.id: checklist.position(item.id) for item in checklist.items
        }
        self.audiences = {
            audience: sum(1 for row in rows if self._any_answer(row, audience))
            for audience in Audience
        }
        #: Each respondent's weight, in order, for weighted scores.
        self.weights: list[Fraction] | None = None

    def _any_answer(self, row: tuple[Value | None, ...], audience: Audience) -> bool:
        return any(
            row[self.positions[item.id]] is not None
            for item in self.checklist.items
            if item.audience is audience
        )

    def answered(self, items: Iterable[ChecklistItem]) -> tuple[int, float]:
        """
        How many answers *items* were given, and the share missing of those
        they could have been given.
        """
        answers = could = 0
        for item in items:
            position = self.positions[item.id]
            answers += sum(1 for row in self.rows if row[position] is not None)
            could += self.audiences[item.audience]
        return answers, float(1 - Fraction(answers, could)) if could else 0.0

    def feature_scores(
        self, feature: str, *, high: Fraction, weighted: bool
    ) -> dict[int, Fraction]:
        """
        Each respondent's score on *feature*, exact, for each respondent who
        answered it: *high* times their mean credit, weighted if *weighted*.
        """
        items = [
            (self.positions[item.id], self.tables[item.id])
            for item in self.items_of[feature]
        ]
        # Worked out once for each distinct combination of answers.
        known: dict[tuple[Value | None, ...], Fraction | None] = {}
        scores = {}
        for index, row in enumerate(self.rows):
            answers = tuple(row[position] for position, _ in items)
            if answers not in known:
                total = weights = Fraction(0)
                for answer, (_, table) in zip(answers, items, strict=True):
                    if answer is not None:
                        weight = table.weight if weighted else Fraction(1)
                        total += weight * table.credit[answer]
                        weights += weight
                known[answers] = high * total / weights if weights else None
            found = known[answers]
            if found is not None:
                scores[index] = found
        return scores

    def favourable(self, items: Iterable[ChecklistItem]) -> dict[int, tuple[int, int]]:
        """
        For each respondent who answered any of *items*, how many of their
        answers to them are favourable, and how many answers they gave.
        """
        columns = [(self.positions[item.id], self.tables[item.id]) for item in items]
        counts = {}
        for index, row in enumerate(self.rows):
            favourable = answers = 0
            for position, table in columns:
                answer = row[position]
                if answer is not None:
                    answers += 1
                    favourable += answer in table.favourable
            if answers:
                counts[index] = (favourable, answers)
        return counts

    def alpha_items(self, feature: str) -> list[ChecklistItem]:
        """
        The items of *feature* its alpha rests on: those doctors answer for
        themselves, or all of them if it has none.
        """
        return [
            item
            for item in self.items_of[feature]
            if item.audience is Audience.INDIVIDUAL
        ] or list(self.items_of[feature])

    def alpha(self, feature: str) -> tuple[Fraction | None, int]:
        """
        Cronbach's alpha for *feature*, exact, or None; and how many
        respondents answered every item it rests on.
        """
        return self.alpha_over(self.items_of[feature])

    def alpha_over(
        self, candidates: Sequence[ChecklistItem]
    ) -> tuple[Fraction | None, int]:
        """
        Cronbach's alpha over *candidates*, exact, or None: over those that
        doctors answer for themselves, or all of them if none are; and how
        many respondents answered every item it rests on.
        """
        items = [
            item for item in candidates if item.audience is Audience.INDIVIDUAL
        ] or list(candidates)
        answered = [
            [
                answer
                for item in items
                if (answer := row[self.positions[item.id]]) is not None
            ]
            for row in self.rows
        ]
        complete = [
            answers for answers in answered if items and len(answers) == len(items)
        ]
        if len(items) < 2 or len(complete) < MIN_COMPLETE_CASES:
            return None, len(complete)
        columns = []
        for position, item in enumerate(items):
            scale = self.checklist.scale(item.scale)
            ends = _exact(scale.lowest) + _exact(scale.highest)
            column = [_exact(answers[position]) for answers in complete]
            columns.append([ends - x for x in column] if item.reverse else column)
        totals = [sum(answers) for answers in zip(*columns, strict=True)]
        total_variance = _sample_variance(totals)
        if not total_variance:
            return None, len(complete)
        k = len(items)
        item_variance = sum((_sample_variance(c) for c in columns), Fraction(0))
        return Fraction(k, k - 1) * (1 - item_variance / total_variance), len(complete)


def _exact(value: Value) -> Fraction | int:
    """
    *value* exactly: an int as it is (the quickest to sum), a float as a
    fraction.
    """
    return value if isinstance(value, int) else Fraction(value)


def _sample_variance(values: Sequence[Fraction | int]) -> Fraction:
    count = len(values)
    total = sum(values)
    squares = sum(x * x for x in values)
    return (count * squares - total * total) / Fraction(count * (count - 1))
