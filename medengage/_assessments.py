"""
Uses of a checklist: who answered, and what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import attrs

from medengage import _validation as v
from medengage._checklists import Checklist
from medengage._columns import AnswerColumns
from medengage._respondent_table import Respondents
from medengage._respondents import NOT_STATED, Respondent
from medengage._scales import Value, format_value
from medengage._trusts import ods_code
from medengage.errors import Problem


__all__ = ["NOT_STATED", "Assessment", "Respondent", "Respondents"]


#: How many problems an assessment lists before it only counts the rest.
MAX_LISTED_PROBLEMS = 100


def _given_respondents(
    respondents: Iterable[Respondent],
) -> Respondents:
    # Respondents are checked and laid out as columns once the checklist
    # is known, after every field is set.
    return respondents  # type: ignore[return-value]


class _Field(NamedTuple):
    """
    What a validator is told of the field it checks.
    """

    name: str


@attrs.frozen
class Assessment:
    """
    One use of a checklist at one trust: who answered, and what.

    Every answer is a value on its item's scale, every item is one of the
    checklist's, and no two respondents share an id.

    Attributes:
        checklist: The checklist answered.
        trust: The ODS code of the trust assessed.
        date: When the assessment closed.
        respondents: Who answered, and what.
        title: A short name for the assessment, like ``Doctors' survey 2024``.
    """

    checklist: Checklist = attrs.field(validator=v.instance_of(Checklist))
    trust: str = attrs.field(validator=ods_code)
    date: dt.date = attrs.field(validator=v.date)
    respondents: Respondents = attrs.field(converter=_given_respondents)
    title: str = attrs.field(default="", validator=v.text)

    _columns: AnswerColumns = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        given: Sequence[Respondent] = self.respondents
        if isinstance(given, Respondents) and given.answers_checklist(self.checklist):
            table = given
        else:
            table = _table(self.checklist, given)
        object.__setattr__(self, "respondents", table)
        object.__setattr__(self, "_columns", table.columns)

    @classmethod
    def from_columns(
        cls,
        checklist: Checklist,
        *,
        trust: str,
        date: dt.date,
        ids: Sequence[str],
        answers: Mapping[str, Sequence[Value | None]],
        attributes: Mapping[str, Sequence[str | None]] | None = None,
        title: str = "",
    ) -> Assessment:
        """
        An assessment made from columns: each respondent's id, a column of
        answers for each item (None where not answered; an item left out
        was answered by nobody), and a column of values for each attribute
        (None where not given).

        Each column is checked as a whole, each distinct value once, and no
        `Respondent` is made: this is how a survey of hundreds of thousands
        of respondents is best made.

        Raises:
            medengage.ValidationError: Listing every problem, each at
                ``respondents[i].answers.<item>``,
                ``respondents[i].attributes.<name>`` or ``respondents[i].id``
                (or at the column, where a whole column is wrong).
        """
        from medengage._assessment_builder import AssessmentBuilder

        builder = AssessmentBuilder(checklist, trust=trust, date=date, title=title)
        builder.add_columns(ids, answers, attributes)
        return builder.build()

    @property
    def checklist_id(self) -> str:
        """
        The id of the checklist answered.
        """
        return self.checklist.id

    @property
    def checklist_version(self) -> int:
        """
        The version of the checklist answered.
        """
        return self.checklist.version

    def respondent(self, id: str) -> Respondent:
        """
        The respondent with *id*.

        Raises:
            KeyError: If no respondent has that id.
        """
        return self.respondents[self.respondents.index_of(id)]

    def answers_to(self, item: str) -> tuple[Value | None, ...]:
        """
        Each respondent's answer to the item with id *item*, as the value
        of its scale's point (``4`` for an answer given as ``4.0``), None
        where they gave none, in the order of `respondents`.

        Raises:
            KeyError: If the checklist has no such item.
        """
        return self._columns.column(self.checklist.position(item))


def _table(checklist: Checklist, given: Iterable[Respondent]) -> Respondents:
    """
    *given* respondents, checked as answers to *checklist*, as columns.

    Raises:
        medengage.ValidationError: Listing every problem.
    """
    respondents = v.to_tuple(given)
    v.instances_of(Respondent)(None, _Field("respondents"), respondents)
    target = checklist.answer_layout
    realigned = [respondent.answers.realigned(target) for respondent in respondents]
    ids_unique = len({respondent.id for respondent in respondents}) == len(respondents)
    items_known = not any(unknown for _, unknown in realigned)
    columns = None
    if ids_unique and items_known:
        columns = AnswerColumns.from_rows(
            checklist, [answers.row for answers, _ in realigned]
        )
    if columns is None:
        v.raise_problems(_problems(checklist, respondents))
        raise AssertionError("answers that make no columns have a problem")
    del realigned
    names = dict.fromkeys(
        name for respondent in respondents for name in respondent.attributes
    )
    return Respondents(
        checklist,
        [respondent.id for respondent in respondents],
        {
            name: [respondent.attributes.get(name) for respondent in respondents]
            for name in names
        },
        columns,
    )


def _problems(
    checklist: Checklist, respondents: tuple[Respondent, ...]
) -> list[Problem]:
    """
    Every problem with *respondents*' ids and answers, as answers to
    *checklist*.
    """
    target = checklist.answer_layout
    allowed = [checklist.scale_of(item)._by_value for item in checklist.items]
    problems: list[Problem] = []
    unlisted = 0
    seen: dict[str, int] = {}
    for index, respondent in enumerate(respondents):
        found = []
        if respondent.id in seen:
            found.append(
                Problem(
                    f"respondents[{index}].id",
                    f"duplicate respondent id {respondent.id!r}: "
                    f"respondents[{seen[respondent.id]}] has it already",
                )
            )
        seen.setdefault(respondent.id, index)
        answers, unknown = respondent.answers.realigned(target)
        for unknown_item in unknown:
            found.append(
                Problem(
                    f"respondents[{index}].answers.{unknown_item}",
                    f"no item {unknown_item!r} in checklist {checklist.id!r} "
                    f"version {checklist.version}",
                )
            )
        for position, value in enumerate(answers.row):
            if value is not None and value not in allowed[position]:
                answered = checklist.items[position]
                scale = checklist.scale(answered.scale)
                found.append(
                    Problem(
                        f"respondents[{index}].answers.{answered.id}",
                        f"{format_value(value)} is not on scale {scale.id!r}: "
                        f"answer one of {scale.describe_values()}",
                    )
                )
        room = MAX_LISTED_PROBLEMS - len(problems)
        problems.extend(found[:room])
        unlisted += len(found[room:])
    if unlisted:
        problems.append(
            Problem("respondents", f"{unlisted} more problems like those above")
        )
    return problems
